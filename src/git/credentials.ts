import { relative } from 'node:path';
import { inspect } from 'node:util';
import { UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { type ConfigEntry, readConfigFile, repositoryConfigFiles } from './config-files.js';
import {
  applyRemoval,
  filesContaining,
  type Plan,
  parseKey,
  planFile,
  redactKey,
  urlCredentials,
} from './credential-plan.js';
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
