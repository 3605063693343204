import { isDeepStrictEqual } from 'node:util';
import { parseDocument, stringify } from 'yaml';

const KEY_LINE = /^(\s*)([A-Za-z0-9_-]+):(?:\s|$)/;
const COMMENTED_KEY = /^(\s*)#\s?([A-Za-z0-9_-]+):(.*)$/;

/**
 * Puts a new plain key where the file shows its commented example (`# strategy: hybrid-smart  # why`
 * under `codegen:` becomes `strategy: cost-optimized  # why`), instead of at the end of its block.
 * `expected` is the file as the YAML library would write it with the key set anywhere; the edited text
 * is used only when it means exactly the same, so a layout this does not understand falls back to it.
 */
export function placeAtCommentedExample(
  before: string,
  path: readonly string[],
  value: unknown,
  expected: string,
  typed?: string,
): string {
  if (value !== null && typeof value === 'object') return expected;
  const key = path.at(-1);
  if (key === undefined) return expected;
  const parent = path.slice(0, -1);
  const lines = before.split('\n');
  const stack: { indent: number; key: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const commented = COMMENTED_KEY.exec(line);
    if (commented) {
      const [, indent = '', name, rest = ''] = commented;
      const chain = stack.filter((entry) => entry.indent < indent.length).map((entry) => entry.key);
      if (name !== key || !isDeepStrictEqual(chain, parent)) continue;
      const trailing = /\s+(#.*)$/.exec(rest)?.[1];
      // `100.0` as typed stays `100.0`.
      const asTyped = typeof value === 'number' && typed !== undefined && Number(typed) === value;
      const rendered = asTyped ? typed.trim() : stringify(value).trimEnd();
      lines[i] = `${indent}${key}: ${rendered}${trailing ? ` ${trailing}` : ''}`;
      const text = lines.join('\n');
      return sameMeaning(text, expected) ? text : expected;
    }
    const keyed = KEY_LINE.exec(line);
    if (keyed) {
      const indent = (keyed[1] ?? '').length;
      while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
      stack.push({ indent, key: keyed[2] ?? '' });
    }
  }
  return expected;
}

function sameMeaning(a: string, b: string): boolean {
  const [da, db] = [parseDocument(a), parseDocument(b)];
  return da.errors.length === 0 && isDeepStrictEqual(da.toJS(), db.toJS());
}
