/** Escapes text for a markdown table cell or inline position. Untrusted text passes through here. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#|!]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
