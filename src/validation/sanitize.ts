import { randomBytes } from 'node:crypto';

/**
 * Untrusted text (issue, PR and comment bodies) made safe to put in a prompt: what a reader of the
 * rendered page cannot see is removed, so no instruction can hide there. Visible text, code
 * included, is kept as written.
 */

/** Wraps untrusted text in a delimiter it cannot close: a random tag, any look-alike in the text defused. */
export function delimitAsData(label: string, text: string): { open: string; close: string; block: string } {
  const tag = `${label}-${randomBytes(6).toString('hex')}`;
  const defused = text.replace(new RegExp(`<(/?)(${label})`, 'gi'), '&lt;$1$2');
  return { open: `<${tag}>`, close: `</${tag}>`, block: `<${tag}>\n${defused}\n</${tag}>` };
}

/**
 * Invisible characters: format characters (zero-width, bidi controls, soft hyphen, Unicode tag
 * characters used for ASCII smuggling), controls other than tab and newline, fillers that render
 * blank, and the variation selectors that can carry hidden bytes.
 */
const INVISIBLE =
  /[\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0]|\u034F|\u17B4|\u17B5|[\u180B-\u180F]|[\u{E0100}-\u{E01EF}]/gu;
const stripInvisible = (text: string) =>
  text.replace(INVISIBLE, (char) => (char === '\n' || char === '\t' ? char : ''));

/**
 * Only the invisible characters out, everything visible kept: for code and diffs, which GitHub
 * shows raw (an HTML comment in a diff is visible there), where hidden text can only be invisible.
 */
export function stripInvisibleCharacters(text: string): string {
  return stripInvisible(text.replace(/\r\n?/g, '\n'));
}

/** Elements whose whole content is never shown, or is collapsed out of sight. */
const HIDDEN_BLOCKS = [
  'details',
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'svg',
  'math',
];

/** An opening tag that hides its element: `hidden`, `aria-hidden`, or a style that hides. */
const HIDING_ATTRIBUTE =
  /\shidden(\s|=|\/?>|$)|aria-hidden\s*=\s*["']?true|display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9])|(?:^|[\s;"'])(?:width|height)\s*:\s*0(?:px)?\s*[;"']/i;

export function sanitizeUntrustedText(text: string): string {
  let out = text.replace(/\r\n?/g, '\n');
  out = stripInvisible(decodeInvisibleEntities(out));
  // HTML comments, and an unclosed one to the end of the text.
  out = out.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  // Markdown's comment idiom: a link definition that renders nothing, `[//]: # (hidden)`.
  out = out.replace(/^[ \t]*\[[^\]\n]*\]:[ \t]*(?:#|<>)[^\n]*$/gm, '');
  for (const tag of HIDDEN_BLOCKS) out = removeElements(out, tag, () => true);
  out = removeHiddenElements(out);
  // Images: the alt text is never read by a person, the picture cannot be read by the planner.
  out = out.replace(/<img\b[^>]*>/gi, '[image]');
  out = out.replace(/!\[[^\]\n]*\]\(([^)\n]*)\)/g, '[image]');
  return out
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** `&#8203;`, `&#x200B;` and friends would become invisible characters once rendered. */
function decodeInvisibleEntities(text: string): string {
  return text.replace(/&#(x[0-9a-f]+|\d+);/gi, (entity, code: string) => {
    const point = code[0] === 'x' || code[0] === 'X' ? Number.parseInt(code.slice(1), 16) : Number(code);
    if (!Number.isFinite(point) || point > 0x10ffff) return '';
    const char = String.fromCodePoint(point);
    return stripInvisible(char) === '' && char !== '\n' && char !== '\t' ? '' : entity;
  });
}

/** Removes `<tag ...>…</tag>` (and an unclosed one to the end) for opening tags `shouldRemove` accepts. */
function removeElements(text: string, tag: string, shouldRemove: (openingTag: string) => boolean): string {
  const open = new RegExp(`<${tag}\\b[^>]*>`, 'gi');
  let out = text;
  for (let guard = 0; guard < 1000; guard++) {
    open.lastIndex = 0;
    let match: RegExpExecArray | null = open.exec(out);
    while (match && !shouldRemove(match[0])) match = open.exec(out);
    if (!match) break;
    const start = match.index;
    const end = closingIndex(out, tag, start + match[0].length);
    out = out.slice(0, start) + out.slice(end);
  }
  return out;
}

/** Index just past the `</tag>` that closes an element opened before `from`, counting nesting. */
function closingIndex(text: string, tag: string, from: number): number {
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  tags.lastIndex = from;
  let depth = 1;
  for (let match = tags.exec(text); match; match = tags.exec(text)) {
    const selfClosing = match[0].endsWith('/>');
    if (match[1] === '/') depth--;
    else if (!selfClosing) depth++;
    if (depth === 0) return match.index + match[0].length;
  }
  return text.length;
}

function removeHiddenElements(text: string): string {
  let out = text;
  const tagNames = new Set(
    [...out.matchAll(/<([a-z][a-z0-9-]*)\b[^>]*>/gi)].map((m) => (m[1] ?? '').toLowerCase()),
  );
  for (const tag of tagNames) {
    out = removeElements(out, tag, (opening) => HIDING_ATTRIBUTE.test(opening));
  }
  // A void or self-closing element that hides itself has no content to remove; drop the tag.
  return out.replace(/<[a-z][a-z0-9-]*\b[^>]*>/gi, (opening) =>
    HIDING_ATTRIBUTE.test(opening) ? '' : opening,
  );
}
