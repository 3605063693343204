/**
 * Markdown building blocks. Untrusted text (task titles from the model, issue titles, failure
 * messages) reaches markdown only through `escapeMarkdown` or `codeBlock`; URLs only through `safeUrl`.
 */

/** Control and format characters: newlines we flatten; bidi overrides and zero-widths could disguise text. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** Characters that start markdown syntax, HTML, entities, math or tables. */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]<>()#|!~&$]/g;

/** Escapes text for a table cell or an inline position: no markup, no HTML, no mentions, one line. */
export function escapeMarkdown(text: string): string {
  return escapeInline(oneLine(text));
}

function escapeInline(text: string): string {
  return (
    text
      .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
      // `@name` pings people on GitHub; a zero-width space after `@` keeps the text and drops the ping.
      .replace(/@(?=[\w-])/g, '@\u200b')
  );
}

/**
 * Like escapeMarkdown, but a `quoted` part stays a code span (the action's own messages name
 * inputs that way): its text is literal inside the span, so only the backticks pair up.
 */
export function escapeWithCode(text: string): string {
  return oneLine(text)
    .split(/(`[^`]+`)/)
    .map((part) => (/^`[^`]+`$/.test(part) ? part : escapeInline(part)))
    .join('');
}

/** Whitespace runs (newlines included) become one space; invisible characters go. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(INVISIBLE, '').trim();
}

/** Shortens to `max` characters (code points), ending in `…` when cut. */
export function truncate(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function codeBlock(content: string, language = ''): string {
  const longestRun = Math.max(0, ...Array.from(content.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${content.replace(/\n+$/, '')}\n${fence}`;
}

/**
 * An http(s) URL fit for a markdown link destination, or undefined. Other schemes (`javascript:`,
 * `data:`) are refused; characters that would end the link or a table cell are percent-encoded.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[()|[\]`<>"' ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `[text](url)` with escaped text, or the escaped text alone when the URL is not safe. */
export function link(text: string, url: string | undefined): string {
  const href = safeUrl(url);
  return href ? `[${escapeMarkdown(text)}](${href})` : escapeMarkdown(text);
}
