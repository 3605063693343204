// What `npm run build` wrote: every file under the output folder with its size, what it is, and
// the total. Pure: the list of files and their sizes in, the lines out.

const ROLES = [
  [/^index\.js$/, 'the action (action.yml runs it)'],
  [/^\d+\.index\.js$/, 'a chunk of the action, loaded only when needed'],
  [/^cli\/index\.js$/, 'the cyrus command (package bin)'],
  [/^cli\/\d+\.index\.js$/, 'a chunk of the cyrus command'],
  [/(^|\/)package\.json$/, 'marks the folder as ES modules'],
  [/^licenses\.txt$/, 'licenses of the bundled dependencies'],
];

const bytes = (n) => `${n.toLocaleString('en-US')} bytes`;

/** @param {string} root @param {{ file: string, size: number }[]} files @param {number} ms */
export function buildReport(root, files, ms) {
  const sorted = [...files].sort((a, b) => a.file.localeCompare(b.file));
  const width = Math.max(...sorted.map((f) => `${root}/${f.file}`.length));
  const sizeWidth = Math.max(...sorted.map((f) => bytes(f.size).length));
  const lines = sorted.map(({ file, size }) => {
    const role = ROLES.find(([pattern]) => pattern.test(file))?.[1] ?? '';
    return `  ${`${root}/${file}`.padEnd(width)}  ${bytes(size).padStart(sizeWidth)}  ${role}`.trimEnd();
  });
  const total = sorted.reduce((sum, f) => sum + f.size, 0);
  return [
    `Built ${root}/ in ${(ms / 1000).toFixed(1)} s:`,
    ...lines,
    `  ${sorted.length} files, ${bytes(total)} in all (commit ${root}/: CI fails on a stale one)`,
  ];
}
