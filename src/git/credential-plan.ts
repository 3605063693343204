import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigEntry } from './config-files.js';
import type { Git } from './runner.js';

/*
 * Where a persisted git credential hides in a config file (an extraheader, a helper, a token in a
 * URL or in a section name), what to do about each, and a scan for any copy left under `.git`.
 */

interface ParsedKey {
  section: string;
  subsection: string | null;
  name: string;
}

export function parseKey(key: string): ParsedKey {
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
export function urlCredentials(text: string): UrlCredentials | null {
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

export function redactKey(key: string): string {
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

export interface Plan {
  removals: Removal[];
  keep: ConfigEntry[];
  secrets: string[];
  sources: string[];
}

export function planFile(file: string, entries: readonly ConfigEntry[], plan: Plan): void {
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

export async function applyRemoval(git: Git, removal: Removal, cwd: string): Promise<void> {
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
