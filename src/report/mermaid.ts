/**
 * Escaping for mermaid diagrams. Labels come from model output and issue text, so nothing in them
 * may end a label, start a statement (`click`, `classDef`, `%%{init}%%`), or reach the rendered
 * HTML as markup.
 */

/** Characters left as they are in a quoted label; everything else becomes an entity code. */
const LABEL_SAFE = /^[\p{L}\p{N} ,.\-_/?!+=()']$/u;

/**
 * Text for a quoted flowchart label (`id["…"]`). Characters outside a small safe set become
 * mermaid entity codes (`#34;`), which mermaid turns into HTML entities: shown, never parsed.
 * Whitespace and invisible characters collapse to single spaces, so a label stays on its line.
 */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const char of text.replace(/[\s\p{Cc}\p{Cf}]+/gu, ' ').trim()) {
    out += LABEL_SAFE.test(char) ? char : `#${char.codePointAt(0)};`;
  }
  return out;
}

/**
 * Text for gantt sections and bars, where no quoting or entity codes exist: only letters, digits,
 * spaces and `._-()/` survive (no `:` that ends a bar name, no `#`/`%` comments, no `;`).
 */
export function ganttText(text: string): string {
  return text
    .replace(/[^\p{L}\p{N} ._\-()/]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A node id made only of `[A-Za-z0-9_]` and never a mermaid keyword (`end`, `graph`…): `task_<n>`. */
export function mermaidNodeId(index: number): string {
  return `task_${index}`;
}
