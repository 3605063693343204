export function buildReport(root: string, files: { file: string; size: number }[], ms: number): string[];
