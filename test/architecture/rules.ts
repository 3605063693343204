import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * The structure rules the source tree is held to, as pure checks over a set of files
 * (path relative to the repository, with `/`, to its text), so each can be shown to fail on a
 * small synthetic tree as well as run over the real `src/`.
 */
export type SourceFiles = ReadonlyMap<string, string>;

/** Every `.ts` file under `dir` (relative to `root`), read. */
export function readSources(root: string, dir = 'src'): SourceFiles {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.set(path, readFileSync(join(root, path), 'utf8'));
    }
  };
  walk(dir);
  return files;
}

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** Files over `max` lines, largest first. */
export function oversizedFiles(files: SourceFiles, max: number): { path: string; lines: number }[] {
  return [...files]
    .map(([path, text]) => ({ path, lines: lineCount(text) }))
    .filter((f) => f.lines > max)
    .sort((a, b) => b.lines - a.lines);
}

/** Every line where `needle` appears (e.g. `SPEC §`), as `path:line`. */
export function occurrences(files: SourceFiles, needle: string): string[] {
  const found: string[] = [];
  for (const [path, text] of files) {
    text.split('\n').forEach((line, index) => {
      if (line.includes(needle)) found.push(`${path}:${index + 1}`);
    });
  }
  return found;
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`, type-only ones included:
// a type import still ties one module's design to another's.
const SPECIFIERS = [
  /\b(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** The files of the set that `path` imports with a relative specifier (`./x.js` → `x.ts`). */
export function importsOf(path: string, text: string, files: SourceFiles): string[] {
  const code = stripComments(text);
  const out = new Set<string>();
  for (const pattern of SPECIFIERS) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[1] ?? '';
      if (!specifier.startsWith('.')) continue;
      const target = posix.normalize(posix.join(posix.dirname(path), specifier)).replace(/\.js$/, '.ts');
      if (files.has(target)) out.add(target);
      else if (files.has(`${target}/index.ts`)) out.add(`${target}/index.ts`);
    }
  }
  return [...out];
}

/** A file's module: its folder under `src/` (`src/orchestrator/strategies/x.ts` → `orchestrator`). */
export function moduleOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? (parts[1] ?? '.') : '.';
}

/**
 * Import cycles in the graph whose nodes are `nodeOf(file)` (a file's module, or the file
 * itself), found from its strongly connected components: each component's nodes (`a, b`, sorted)
 * and one shortest cycle through the first (`a -> b -> a`).
 */
export function importCycles(
  files: SourceFiles,
  nodeOf: (path: string) => string = moduleOf,
): { modules: string; cycle: string }[] {
  const graph = new Map<string, Set<string>>();
  for (const [path, text] of files) {
    const from = nodeOf(path);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const target of importsOf(path, text, files)) {
      const to = nodeOf(target);
      if (to !== from) edges.add(to);
    }
  }
  return stronglyConnected(graph)
    .filter((component) => component.length > 1)
    .map((component) => ({
      modules: component.join(', '),
      cycle: shortestCycle(graph, component).join(' -> '),
    }));
}

function stronglyConnected(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  // Tarjan's algorithm, recursive: the module graph has a few dozen nodes.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      for (;;) {
        const member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
        if (member === node) break;
      }
      components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

/** The shortest cycle from the component's first module back to itself (breadth first). */
function shortestCycle(
  graph: ReadonlyMap<string, ReadonlySet<string>>,
  component: readonly string[],
): string[] {
  const start = component[0] as string;
  const inside = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const to of [...(graph.get(node) ?? [])].sort()) {
      if (!inside.has(to)) continue;
      if (to === start) {
        const between: string[] = [];
        for (let at = node; at !== start; at = previous.get(at) as string) between.unshift(at);
        return [start, ...between, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [...component, start];
}

/**
 * The text without its comments (strings and regular expressions kept), so a rule about code
 * does not fire on prose. Template literals are taken as one string; a comment inside `${}` is
 * rare enough to ignore. A `/` starts a regular expression where an operand is expected.
 */
export function stripComments(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quote) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 1;
      } else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
      out += '\n';
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const comment = text.slice(i, end < 0 ? text.length : end + 2);
      out += comment.replace(/[^\n]/g, ' ');
      i += comment.length - 1;
      continue;
    }
    if (c === '/' && REGEX_MAY_FOLLOW.test(out.trimEnd().slice(-1) || '(')) {
      const length = regexLength(text, i);
      out += text.slice(i, i + length);
      i += length - 1;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    out += c;
  }
  return out;
}

/** Characters after which a `/` starts a regular expression rather than a division. */
const REGEX_MAY_FOLLOW = /[(,=:[!&|?{};+\-*%<>~^]/;

/** Length of the regular expression literal at `start` (its flags included), within its line. */
function regexLength(text: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\n') return i - start;
    if (c === '\\') i += 1;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let end = i + 1;
      while (/[a-z]/i.test(text[end] ?? '')) end += 1;
      return end - start;
    }
  }
  return text.length - start;
}

/** Executor names and locations that code outside the executors' own folders must not spell. */
export const EXECUTOR_WORDS: readonly { label: string; pattern: RegExp }[] = [
  ...['codegen', 'claude-code', 'command', 'local', 'cloud'].map((name) => ({
    label: `'${name}'`,
    pattern: new RegExp(`(['"\`])${name}\\1`),
  })),
  { label: 'Codegen', pattern: /\bCodegen\b/ },
  { label: 'Claude Code', pattern: /\bClaude Code\b/ },
];

/** Where code in `files` names an executor, outside comments: `path:line: word`. */
export function executorNames(files: SourceFiles): string[] {
  const found: string[] = [];
  for (const [path, text] of files) {
    stripComments(text)
      .split('\n')
      .forEach((line, index) => {
        for (const word of EXECUTOR_WORDS) {
          if (word.pattern.test(line)) found.push(`${path}:${index + 1}: ${word.label}`);
        }
      });
  }
  return found;
}
