import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobSha, type GitRun, gitRunner } from './git.js';

export interface CommitRecord {
  sha: string;
  treeSha: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
}

export interface TreeEntry {
  name: string;
  path: string;
  type: 'file' | 'dir';
  sha: string;
  size: number;
}

export type CreateBranchResult = 'created' | 'exists' | 'unknown-object';

/**
 * Where a repository's branches, commits and files live: in memory, or in a real bare git
 * repository. Every method is synchronous so callers can check-then-write atomically.
 */
export interface RepoStore {
  branch(name: string): string | undefined;
  branches(): string[];
  commit(sha: string): CommitRecord | undefined;
  createBranch(name: string, sha: string): CreateBranchResult;
  /** Moves a branch unconditionally (a force push). */
  setBranch(name: string, sha: string): void;
  deleteBranch(name: string): boolean;
  file(commitSha: string, path: string): { content: Buffer; sha: string } | undefined;
  /** Entries of a directory ('' is the root), or undefined when `dir` is not a directory. */
  list(commitSha: string, dir: string): TreeEntry[] | undefined;
  /** A commit with `parent`'s tree (work on a branch without caring what it is). */
  emptyCommit(parent: string, message: string): string;
  /** Commits one file change (null deletes) on top of the branch and moves the branch. */
  writeFile(
    branch: string,
    path: string,
    content: Buffer | null,
    message: string,
    author: Author,
  ): CommitRecord;
  /** The PR-style diff (three dots: from the merge base of `base` and `head` to `head`), as git prints it. */
  diff(base: string, head: string): string;
  /**
   * A three-way merge of `theirs` into `ours`: a merge commit (parents ours, theirs), or with
   * `squash` one commit on `ours` with the merged tree; the paths both sides changed differently
   * when they conflict. Moves no branch.
   */
  merge(ours: string, theirs: string, message: string, options?: { squash?: boolean }): MergeResult;
  /** Whether `ancestor` is `of` or one of its ancestors. */
  isAncestor(ancestor: string, of: string): boolean;
}

export type MergeResult = { sha: string } | { conflicts: string[] };

export interface Author {
  name: string;
  email: string;
}

const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

interface MemoryCommit {
  record: CommitRecord;
  tree: Map<string, Buffer>;
}

export class MemoryStore implements RepoStore {
  private readonly refs = new Map<string, string>();
  private readonly commits = new Map<string, MemoryCommit>();
  private counter = 0;

  constructor(
    defaultBranch: string,
    private readonly seed: string,
  ) {
    const root = this.addCommit([], new Map(), 'Initial commit', {
      name: 'stand-in',
      email: 'stand-in@example.com',
    });
    this.refs.set(defaultBranch, root.sha);
  }

  /** A commit that exists only by name (for branches added with an explicit, unknown sha). */
  adoptSha(sha: string): void {
    if (!this.commits.has(sha)) {
      const record = {
        sha,
        treeSha: sha1(`tree:${sha}`),
        parents: [],
        message: 'external commit',
        author: { name: 'stand-in', email: 'stand-in@example.com', date: isoNow() },
      };
      this.commits.set(sha, { record, tree: new Map() });
    }
  }

  branch(name: string): string | undefined {
    return this.refs.get(name);
  }
  branches(): string[] {
    return [...this.refs.keys()];
  }
  commit(sha: string): CommitRecord | undefined {
    return this.commits.get(sha)?.record;
  }
  createBranch(name: string, sha: string): CreateBranchResult {
    if (this.refs.has(name)) return 'exists';
    if (!this.commits.has(sha)) return 'unknown-object';
    this.refs.set(name, sha);
    return 'created';
  }
  setBranch(name: string, sha: string): void {
    this.adoptSha(sha);
    this.refs.set(name, sha);
  }
  deleteBranch(name: string): boolean {
    return this.refs.delete(name);
  }
  file(commitSha: string, path: string): { content: Buffer; sha: string } | undefined {
    const content = this.commits.get(commitSha)?.tree.get(path);
    return content ? { content, sha: blobSha(content) } : undefined;
  }
  list(commitSha: string, dir: string): TreeEntry[] | undefined {
    const tree = this.commits.get(commitSha)?.tree;
    if (!tree) return undefined;
    const prefix = dir === '' ? '' : `${dir}/`;
    const entries = new Map<string, TreeEntry>();
    for (const [path, content] of tree) {
      if (!path.startsWith(prefix)) continue;
      const [name = '', ...rest] = path.slice(prefix.length).split('/');
      const entryPath = `${prefix}${name}`;
      if (rest.length === 0)
        entries.set(name, {
          name,
          path: entryPath,
          type: 'file',
          sha: blobSha(content),
          size: content.length,
        });
      else if (!entries.has(name))
        entries.set(name, {
          name,
          path: entryPath,
          type: 'dir',
          sha: sha1(`tree:${commitSha}:${entryPath}`),
          size: 0,
        });
    }
    if (entries.size === 0 && dir !== '') return undefined;
    // Byte order, as git sorts tree entries.
    return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  emptyCommit(parent: string, message: string): string {
    const tree = this.commits.get(parent)?.tree ?? new Map<string, Buffer>();
    return this.addCommit([parent], new Map(tree), message, {
      name: 'stand-in',
      email: 'stand-in@example.com',
    }).sha;
  }
  writeFile(
    branch: string,
    path: string,
    content: Buffer | null,
    message: string,
    author: Author,
  ): CommitRecord {
    const parent = this.refs.get(branch);
    if (!parent) throw new Error(`no branch ${branch}`);
    const tree = new Map(this.commits.get(parent)?.tree);
    if (content) tree.set(path, content);
    else tree.delete(path);
    const record = this.addCommit([parent], tree, message, author);
    this.refs.set(branch, record.sha);
    return record;
  }

  diff(base: string, head: string): string {
    const from = this.commits.get(this.mergeBase(base, head) ?? base)?.tree ?? new Map<string, Buffer>();
    const to = this.commits.get(head)?.tree ?? new Map<string, Buffer>();
    const paths = [...new Set([...from.keys(), ...to.keys()])].sort();
    return paths
      .filter(
        (path) =>
          !(from.get(path) ?? Buffer.alloc(0)).equals(to.get(path) ?? Buffer.alloc(0)) ||
          from.has(path) !== to.has(path),
      )
      .map((path) => fileDiff(path, from.get(path), to.get(path)))
      .join('');
  }

  merge(ours: string, theirs: string, message: string, options: { squash?: boolean } = {}): MergeResult {
    const tree = (sha: string | undefined) => this.commits.get(sha ?? '')?.tree ?? new Map<string, Buffer>();
    const base = tree(this.mergeBase(ours, theirs));
    const a = tree(ours);
    const b = tree(theirs);
    const merged = new Map(a);
    const conflicts: string[] = [];
    const same = (x: Buffer | undefined, y: Buffer | undefined) =>
      x === undefined ? y === undefined : y !== undefined && x.equals(y);
    for (const path of new Set([...base.keys(), ...a.keys(), ...b.keys()])) {
      const [o, x, y] = [base.get(path), a.get(path), b.get(path)];
      if (same(x, y) || same(o, y)) continue;
      if (same(o, x)) {
        if (y === undefined) merged.delete(path);
        else merged.set(path, y);
      } else conflicts.push(path);
    }
    if (conflicts.length > 0) return { conflicts: conflicts.sort() };
    const parents = options.squash ? [ours] : [ours, theirs];
    return {
      sha: this.addCommit(parents, merged, message, { name: 'GitHub', email: 'noreply@github.com' }).sha,
    };
  }

  isAncestor(ancestor: string, of: string): boolean {
    const seen = new Set<string>();
    const walk = [of];
    while (walk.length > 0) {
      const sha = walk.pop() ?? '';
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      walk.push(...(this.commits.get(sha)?.record.parents ?? []));
    }
    return false;
  }

  private mergeBase(a: string, b: string): string | undefined {
    const ancestors = new Set<string>();
    const walk = [a];
    while (walk.length > 0) {
      const sha = walk.pop() ?? '';
      if (ancestors.has(sha)) continue;
      ancestors.add(sha);
      walk.push(...(this.commits.get(sha)?.record.parents ?? []));
    }
    const queue = [b];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const sha = queue.shift() ?? '';
      if (ancestors.has(sha)) return sha;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.commits.get(sha)?.record.parents ?? []));
    }
    return undefined;
  }

  private addCommit(
    parents: string[],
    tree: Map<string, Buffer>,
    message: string,
    author: Author,
  ): CommitRecord {
    this.counter += 1;
    const treeSha = sha1(
      `tree:${[...tree]
        .map(([p, c]) => `${p}:${blobSha(c)}`)
        .sort()
        .join('\n')}`,
    );
    const sha = sha1(`commit:${this.seed}:${this.counter}:${treeSha}:${parents.join(',')}`);
    const record = { sha, treeSha, parents, message, author: { ...author, date: isoNow() } };
    this.commits.set(sha, { record, tree });
    return record;
  }
}

const ZERO = '0'.repeat(40);

/** A real bare repository: what `git push` writes there is what the API reports, and back. */
export class GitStore implements RepoStore {
  private readonly git: GitRun;

  constructor(readonly gitDir: string) {
    this.git = gitRunner(gitDir);
  }

  branch(name: string): string | undefined {
    return this.git.maybe(['rev-parse', '--verify', '-q', `refs/heads/${name}^{commit}`]);
  }
  branches(): string[] {
    const out = this.git(['for-each-ref', '--format=%(refname:lstrip=2)', 'refs/heads/']);
    return out === '' ? [] : out.split('\n');
  }
  commit(sha: string): CommitRecord | undefined {
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return undefined;
    const out = this.git.maybe([
      'log',
      '-1',
      '--format=%H%n%T%n%P%n%an%n%ae%n%aI%n%B',
      `${sha}^{commit}`,
      '--',
    ]);
    if (out === undefined) return undefined;
    const [full = '', tree = '', parents = '', name = '', email = '', date = '', ...message] =
      out.split('\n');
    const when = new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      sha: full,
      treeSha: tree,
      parents: parents ? parents.split(' ') : [],
      message: message.join('\n').trim(),
      author: { name, email, date: when },
    };
  }
  createBranch(name: string, sha: string): CreateBranchResult {
    if (this.branch(name)) return 'exists';
    if (!this.commit(sha)) return 'unknown-object';
    return this.git.maybe(['update-ref', `refs/heads/${name}`, sha, ZERO]) === undefined
      ? 'exists'
      : 'created';
  }
  setBranch(name: string, sha: string): void {
    this.git(['update-ref', `refs/heads/${name}`, sha]);
  }
  deleteBranch(name: string): boolean {
    return this.git.maybe(['update-ref', '-d', `refs/heads/${name}`]) !== undefined;
  }
  file(commitSha: string, path: string): { content: Buffer; sha: string } | undefined {
    const spec = `${commitSha}:${path}`;
    if (this.git.maybe(['cat-file', '-t', spec]) !== 'blob') return undefined;
    const content = this.git.buffer(['cat-file', 'blob', spec]);
    return { content, sha: blobSha(content) };
  }
  list(commitSha: string, dir: string): TreeEntry[] | undefined {
    const spec = dir === '' ? `${commitSha}^{tree}` : `${commitSha}:${dir}`;
    if (this.git.maybe(['cat-file', '-t', spec]) !== 'tree') return undefined;
    const out = this.git(['ls-tree', '-l', spec]);
    if (out === '') return [];
    return out.split('\n').map((line) => {
      const [meta = '', name = ''] = line.split('\t');
      const [, type, sha = '', size] = meta.split(/\s+/);
      const path = dir === '' ? name : `${dir}/${name}`;
      return {
        name,
        path,
        type: type === 'tree' ? 'dir' : 'file',
        sha,
        size: size === '-' ? 0 : Number(size),
      };
    });
  }
  emptyCommit(parent: string, message: string): string {
    const env = {
      GIT_AUTHOR_NAME: 'stand-in',
      GIT_AUTHOR_EMAIL: 'stand-in@example.com',
      GIT_COMMITTER_NAME: 'stand-in',
      GIT_COMMITTER_EMAIL: 'stand-in@example.com',
    };
    return this.git(['commit-tree', `${parent}^{tree}`, '-p', parent, '-F', '-'], { input: message, env });
  }
  diff(base: string, head: string): string {
    return this.git.maybe(['diff', '--no-color', '--no-ext-diff', `${base}...${head}`]) ?? '';
  }
  merge(ours: string, theirs: string, message: string, options: { squash?: boolean } = {}): MergeResult {
    // `merge-tree --write-tree` (git 2.38+) merges without a work tree; exit 1 means conflicts.
    let out: string;
    try {
      out = this.git(['merge-tree', '--write-tree', '--name-only', '--no-messages', ours, theirs]);
    } catch (error) {
      const stdout = String((error as { stdout?: Buffer }).stdout ?? '');
      const [, ...paths] = stdout.trim().split('\n');
      return { conflicts: paths.filter(Boolean).sort() };
    }
    const tree = out.split('\n')[0] ?? '';
    const env = {
      GIT_AUTHOR_NAME: 'GitHub',
      GIT_AUTHOR_EMAIL: 'noreply@github.com',
      GIT_COMMITTER_NAME: 'GitHub',
      GIT_COMMITTER_EMAIL: 'noreply@github.com',
    };
    const parents = options.squash ? ['-p', ours] : ['-p', ours, '-p', theirs];
    return { sha: this.git(['commit-tree', tree, ...parents, '-F', '-'], { input: message, env }) };
  }
  isAncestor(ancestor: string, of: string): boolean {
    return this.git.maybe(['merge-base', '--is-ancestor', ancestor, of]) !== undefined;
  }
  writeFile(
    branch: string,
    path: string,
    content: Buffer | null,
    message: string,
    author: Author,
  ): CommitRecord {
    const parent = this.branch(branch);
    if (!parent) throw new Error(`no branch ${branch}`);
    // A private index file keeps the bare repository free of a working tree.
    const scratch = mkdtempSync(join(tmpdir(), 'gh-standin-index-'));
    try {
      const env = { GIT_INDEX_FILE: join(scratch, 'index') };
      this.git(['read-tree', parent], { env });
      if (content) {
        const blob = this.git(['hash-object', '-w', '--stdin'], { input: content });
        this.git(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
      } else {
        this.git(['update-index', '--force-remove', '--', path], { env });
      }
      const tree = this.git(['write-tree'], { env });
      const identity = {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
      };
      const sha = this.git(['commit-tree', tree, '-p', parent, '-F', '-'], { input: message, env: identity });
      this.git(['update-ref', `refs/heads/${branch}`, sha, parent]);
      const record = this.commit(sha);
      if (!record) throw new Error(`commit ${sha} vanished`);
      return record;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

/** One file's part of a unified diff, whole-file hunks (enough for a reviewer to read). */
function fileDiff(path: string, before: Buffer | undefined, after: Buffer | undefined): string {
  const lines = (b: Buffer | undefined) => {
    if (!b || b.length === 0) return [];
    const text = b.toString('utf8');
    return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  };
  const old = lines(before);
  const now = lines(after);
  const header = [`diff --git a/${path} b/${path}`];
  if (!before) header.push('new file mode 100644');
  if (!after) header.push('deleted file mode 100644');
  header.push(`--- ${before ? `a/${path}` : '/dev/null'}`, `+++ ${after ? `b/${path}` : '/dev/null'}`);
  const range = (n: number) => (n === 0 ? '0,0' : `1,${n}`);
  header.push(`@@ -${range(old.length)} +${range(now.length)} @@`);
  return `${[...header, ...old.map((l) => `-${l}`), ...now.map((l) => `+${l}`)].join('\n')}\n`;
}
