/** Size limits of the places reports go. */
export const LIMITS = {
  /** Check run `output.summary` and `output.text` (GitHub: 65535 characters). */
  checkRunField: 65_535,
  /** `GITHUB_STEP_SUMMARY` takes at most 1 MiB per step. */
  jobSummary: 1_024 * 1_024,
  /** Linear and GitHub comments; GitHub caps bodies at 65536 characters. */
  comment: 65_536,
} as const;

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Cuts text to at most `maxBytes` UTF-8 bytes, notice included, on a code point boundary.
 * Bytes bound characters and UTF-16 units alike, so the result fits however the limit is counted.
 */
export function truncateToBytes(text: string, maxBytes: number, notice = '\n\n… (truncated)'): string {
  if (utf8Length(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Length(notice);
  if (budget <= 0) return '';
  const points = Array.from(text);
  // Binary search on the number of code points that fit.
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (utf8Length(points.slice(0, mid).join('')) <= budget) low = mid;
    else high = mid - 1;
  }
  return `${points.slice(0, low).join('')}${notice}`;
}
