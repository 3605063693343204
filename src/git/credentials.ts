import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inspect } from 'node:util';
import { UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { type ConfigEntry, readConfigFile, repositoryConfigFiles } from './config-files.js';
import { repositoryLock } from './lock.js';
import { Git } from './runner.js';

/** Material only the action's own fetch and push may see; module-private so nothing else can read it. */
interface AuthMaterial {
  entries: readonly ConfigEntry[];
  secrets: readonly string[];
}
const material = new WeakMap<GitAuth, AuthMaterial>();

/**
 * Git credentials taken out of a checkout (or made from the job's token), opaque to everyone
 * but the action's own `fetch`/`push`: it prints as "[GitAuth: n entries]" and has no getter
 * for its values. Agents and validation commands never get it.
 */
export class GitAuth {
  /** Where each credential came from, for logs: config key and file, values redacted. */
  readonly sources: readonly string[];

  private constructor(
    entries: readonly ConfigEntry[],
    secrets: readonly string[],
    sources: readonly string[],
  ) {
    material.set(this, { entries, secrets });
    this.sources = sources;
  }

  /** Credentials as git config entries (e.g. an extraheader) and the secret strings inside them. */
  static fromConfigEntries(
    entries: readonly ConfigEntry[],
    secrets: readonly string[],
    sources: readonly string[],
  ): GitAuth {
    return new GitAuth([...entries], [...secrets], [...sources]);
  }

  static none(): GitAuth {
    return new GitAuth([], [], []);
  }

  /**
   * The job's token in the form actions/checkout persists it, scoped to the server, for a
   * checkout made with `persist-credentials: false`.
   */
  static fromToken(token: string, serverUrl = 'https://github.com'): GitAuth {
    const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
    const key = `http.${new URL(serverUrl).origin}/.extraheader`;
    return new GitAuth(
      [{ key, value: `AUTHORIZATION: basic ${basic}` }],
      [token, basic],
      [`${key} (from the job's token)`],
    );
  }

  /** Both sets of credentials (the later wins where git takes one value). */
  merge(other: GitAuth): GitAuth {
    const mine = materialOf(this);
    const theirs = materialOf(other);
    const seen = new Set<string>();
    const entries = [...mine.entries, ...theirs.entries].filter((e) => {
      const id = `${e.key}\n${e.value}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    return new GitAuth(
      entries,
      [...new Set([...mine.secrets, ...theirs.secrets])],
      [...this.sources, ...other.sources],
    );
  }

  get isEmpty(): boolean {
    return materialOf(this).entries.length === 0;
  }

  /**
   * The secret strings inside (tokens, their base64 forms): for masking logs and for checking
   * that no agent environment or file carries one. Never put these anywhere else.
   */
  secretValues(): readonly string[] {
    return materialOf(this).secrets;
  }

  toString(): string {
    return `[GitAuth: ${materialOf(this).entries.length} entries]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function materialOf(auth: GitAuth): AuthMaterial {
  const found = material.get(auth);
  if (!found) throw new Error('not a GitAuth');
  return found;
}

/**
 * Environment that hands the credentials to ONE git process of the action as command-line-scope
 * config (`GIT_CONFIG_COUNT/KEY/VALUE`): not in argv (which any user can read), not in any file.
 * Only the action's fetch and push (remote.ts) call this.
 */
export function gitAuthEnv(auth: GitAuth): Record<string, string> {
  const { entries } = materialOf(auth);
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(entries.length) };
  entries.forEach((entry, i) => {
    env[`GIT_CONFIG_KEY_${i}`] = entry.key;
    env[`GIT_CONFIG_VALUE_${i}`] = entry.value;
  });
  return env;
}

interface ParsedKey {
  section: string;
  subsection: string | null;
  name: string;
}

function parseKey(key: string): ParsedKey {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first === -1) return { section: key.toLowerCase(), subsection: null, name: '' };
  return {
    section: key.slice(0, first).toLowerCase(),
    subsection: first === last ? null : key.slice(first + 1, last),
    name: key.slice(last + 1).toLowerCase(),
  };
}

interface UrlCredentials {
  username: string;
  password: string;
  stripped: string;
  origin: string;
}

/** Credentials embedded in an http(s) URL (`https://user:token@host/...`), if any. */
function urlCredentials(text: string): UrlCredentials | null {
  const match = /^(https?):\/\/([^/@\s]+)@([^/\s]+)(.*)$/i.exec(text.trim());
  if (!match) return null;
  const [, scheme = '', userinfo = '', host = '', rest = ''] = match;
  const colon = userinfo.indexOf(':');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return {
    username: decode(colon === -1 ? userinfo : userinfo.slice(0, colon)),
    password: decode(colon === -1 ? '' : userinfo.slice(colon + 1)),
    stripped: `${scheme}://${host}${rest}`,
    origin: `${scheme.toLowerCase()}://${host}/`,
  };
}

function redactKey(key: string): string {
  return key.replace(/:\/\/[^/@\s]+@/g, '://***@');
}

function headerSecrets(value: string): string[] {
  const secrets = [value];
  const match = /authorization:\s*(\w+)\s+(\S+)/i.exec(value);
  if (match?.[2]) {
    const scheme = match[1]?.toLowerCase();
    const credential = match[2];
    secrets.push(credential);
    if (scheme === 'basic') {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      secrets.push(decoded);
      const colon = decoded.indexOf(':');
      if (colon !== -1) secrets.push(decoded.slice(colon + 1));
    }
  }
  return secrets;
}

function basicHeader(creds: UrlCredentials): string {
  return `AUTHORIZATION: basic ${Buffer.from(`${creds.username}:${creds.password}`, 'utf8').toString('base64')}`;
}

function urlSecrets(creds: UrlCredentials): string[] {
  const secrets = [`${creds.username}:${creds.password}`];
  if (creds.password) secrets.push(creds.password, encodeURIComponent(creds.password));
  else secrets.push(creds.username);
  return secrets;
}

/** What to do with one credential-bearing config entry. */
type Removal =
  | { kind: 'unset'; file: string; key: string }
  | { kind: 'remove-section'; file: string; section: string }
  | { kind: 'replace'; file: string; key: string; from: string; to: string };

interface Plan {
  removals: Removal[];
  keep: ConfigEntry[];
  secrets: string[];
  sources: string[];
}

function planFile(file: string, entries: readonly ConfigEntry[], plan: Plan): void {
  const source = (key: string) => `${redactKey(key)} in ${file}`;
  const removedSections = new Set<string>();
  for (const entry of entries) {
    const { section, subsection, name } = parseKey(entry.key);
    const subsectionCreds = subsection === null ? null : urlCredentials(subsection);
    if (subsectionCreds && (section === 'url' || section === 'http' || section === 'credential')) {
      // The secret is in the section name itself (`[url "https://x:TOKEN@host/"]`): the whole section goes.
      const sectionName = `${entry.key.slice(0, entry.key.indexOf('.'))}.${subsection}`;
      if (!removedSections.has(sectionName)) {
        removedSections.add(sectionName);
        plan.removals.push({ kind: 'remove-section', file, section: sectionName });
        plan.secrets.push(...urlSecrets(subsectionCreds));
      }
      plan.keep.push(entry);
      plan.sources.push(source(entry.key));
      continue;
    }
    if ((section === 'http' && name === 'extraheader') || section === 'credential') {
      plan.removals.push({ kind: 'unset', file, key: entry.key });
      plan.keep.push(entry);
      plan.sources.push(source(entry.key));
      if (section === 'http') plan.secrets.push(...headerSecrets(entry.value));
      else if (entry.value.startsWith('!')) plan.secrets.push(entry.value);
      continue;
    }
    const valueCreds = urlCredentials(entry.value);
    if (valueCreds) {
      // A remote URL with a token in it: keep the URL, move the token to a header for our own push.
      plan.removals.push({
        kind: 'replace',
        file,
        key: entry.key,
        from: entry.value,
        to: valueCreds.stripped,
      });
      plan.keep.push({ key: `http.${valueCreds.origin}.extraheader`, value: basicHeader(valueCreds) });
      plan.secrets.push(...urlSecrets(valueCreds));
      plan.sources.push(source(entry.key));
    }
  }
}

async function applyRemoval(git: Git, removal: Removal, cwd: string): Promise<void> {
  const base = ['config', '--file', removal.file];
  switch (removal.kind) {
    case 'unset':
      // Exit 5: already gone (an earlier removal in the same section took it).
      await git.run([...base, '--unset-all', removal.key], { cwd, okExitCodes: [0, 5] });
      return;
    case 'remove-section':
      await git.run([...base, '--remove-section', removal.section], { cwd, okExitCodes: [0, 128] });
      return;
    case 'replace':
      await git.run([...base, '--fixed-value', '--replace-all', removal.key, removal.to, removal.from], {
        cwd,
      });
      return;
  }
}

const SCAN_SKIP = new Set(['objects', 'lfs']);
const SCAN_MAX_BYTES = 8 * 1024 * 1024;

/** Files under `dir` (git's object store aside) whose content holds one of `secrets`. */
export function filesContaining(
  dir: string,
  secrets: readonly string[],
  extraFiles: readonly string[] = [],
): string[] {
  const needles = [...new Set(secrets.filter((s) => s.length >= 8))];
  if (needles.length === 0) return [];
  const hits: string[] = [];
  const check = (file: string) => {
    try {
      const stat = statSync(file);
      if (!stat.isFile() || stat.size > SCAN_MAX_BYTES) return;
      const text = readFileSync(file, 'latin1');
      if (needles.some((n) => text.includes(n) || text.includes(Buffer.from(n, 'utf8').toString('latin1')))) {
        hits.push(file);
      }
    } catch {
      // vanished or unreadable: nothing to leak from it either
    }
  };
  const walk = (current: string, depth: number) => {
    if (depth > 12) return;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (depth === 0 && SCAN_SKIP.has(entry.name)) continue;
        walk(path, depth + 1);
      } else if (entry.isFile()) {
        check(path);
      }
    }
  };
  if (existsSync(dir)) walk(dir, 0);
  for (const file of extraFiles) check(file);
  return hits;
}

/** What this process took out of each repository (by common dir), so every later call still gets it. */
const extractedByRepo = new Map<string, GitAuth>();

export interface ExtractOptions {
  git?: Git;
  logger?: Logger;
  timeoutMs?: number;
}

/**
 * Takes every persisted git credential out of the repository at `repoDir` before any agent runs
 * (a security rule): `http.*.extraheader` (how actions/checkout persists the token), `credential.*`
 * helpers, tokens embedded in remote URLs or `url.*.insteadOf` sections, in the shared config, in
 * worktree configs and in files they include (actions/checkout v6 writes an included file under
 * RUNNER_TEMP). Returns them as a GitAuth for the action's own fetch and push only. Idempotent:
 * a later call on the same repository returns what earlier calls took out.
 * Fails closed: if a secret it found is still readable anywhere under `.git`, it throws.
 */
export async function extractPersistedCredentials(
  repoDir: string,
  options: ExtractOptions = {},
): Promise<GitAuth> {
  const git = options.git ?? new Git();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const commonDir = await git.text(['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: repoDir,
    timeoutMs,
  });
  return repositoryLock.run(commonDir, async () => {
    const files = await repositoryConfigFiles(git, commonDir, timeoutMs);
    const plan: Plan = { removals: [], keep: [], secrets: [], sources: [] };
    for (const file of files) planFile(file, await readConfigFile(git, file, commonDir, timeoutMs), plan);
    for (const removal of plan.removals) await applyRemoval(git, removal, commonDir);

    const leaks = filesContaining(commonDir, plan.secrets, files);
    if (leaks.length > 0) {
      const names = leaks.map((f) => (f.startsWith(commonDir) ? relative(commonDir, f) : f));
      throw new UserError(
        'A git credential is still readable in the repository after the action removed it from the git config, so no agent can run here safely.',
        [
          ...names.map((n) => `found in ${n}`),
          'check out with actions/checkout and do not put tokens in remote URLs; the action pushes with its own credentials',
        ],
      );
    }
    if (plan.sources.length > 0) {
      options.logger?.info(
        `Removed ${plan.sources.length} persisted git credential(s) from the checkout; only the action's own fetch and push use them`,
      );
      for (const s of plan.sources) options.logger?.debug(`git credential removed: ${s}`);
    }
    // Later calls (each executor makes one) get what earlier ones took out, plus anything new.
    const earlier = extractedByRepo.get(commonDir) ?? GitAuth.none();
    const auth =
      plan.sources.length === 0
        ? earlier
        : earlier.merge(GitAuth.fromConfigEntries(plan.keep, [...new Set(plan.secrets)], plan.sources));
    extractedByRepo.set(commonDir, auth);
    return auth;
  });
}

/** Credentials in the user's global or system git config: not ours to edit, but worth a warning. */
export async function globalCredentialWarnings(git: Git, cwd: string): Promise<string[]> {
  const warnings: string[] = [];
  for (const scope of ['--global', '--system']) {
    const { stdout } = await git.run(['config', scope, '--null', '--list'], {
      cwd,
      okExitCodes: [0, 1, 128],
    });
    for (const record of stdout.split('\0')) {
      const key = record.split('\n', 1)[0] ?? '';
      const value = record.slice(key.length + 1);
      const { section, name, subsection } = parseKey(key);
      if (
        (section === 'http' && name === 'extraheader') ||
        urlCredentials(value) ||
        (subsection && urlCredentials(subsection))
      ) {
        warnings.push(
          `${scope.slice(2)} git config holds a credential (${redactKey(key)}); agents on this runner can read it`,
        );
      }
    }
  }
  return warnings;
}
