import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'content-type';
import { describe, expect, it } from 'vitest';

interface LockPackage {
  version?: string;
  dev?: boolean;
  engines?: { node?: string };
}

/** The lowest Node major an engines range lets in ("^20.19.0 || >=22.12.0" → 20). */
function lowestMajor(range: string): number {
  const majors = range.split('||').map((alternative) => {
    const first = /(\d+)/.exec(alternative.replace(/^\s*[\^~>=<\s]*/, ''))?.[1];
    return alternative.trim().startsWith('<') ? 0 : Number(first ?? 0);
  });
  return Math.min(...majors);
}

/**
 * Packages bundled into dist/ that declare a newer Node than the README's `>=20.19`, each checked
 * here to run on Node 20 anyway. npm prints EBADENGINE for them on Node 20 (a warning, nothing more).
 */
const CHECKED_ON_NODE_20: Record<string, string> = {
  // @octokit/request parses response headers with it: plain string code, no Node API at all.
  'content-type': 'imports nothing; parses media types with string operations only',
};

describe('Node 20 and the engines of what dist/ bundles', () => {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, LockPackage>;
  };
  const production = Object.entries(lock.packages).filter(
    ([key, meta]) => key.startsWith('node_modules/') && !meta.dev,
  );

  it('every production dependency that asks for Node > 20 is one checked to work on Node 20', () => {
    const newer = production
      .filter(([, meta]) => meta.engines?.node !== undefined && lowestMajor(meta.engines.node) > 20)
      .map(([key]) => key.replace(/^.*node_modules\//, ''));
    expect(newer.sort()).toEqual(Object.keys(CHECKED_ON_NODE_20).sort());
  });

  it('content-type (engines >=22) imports no module and parses on this Node', () => {
    const dist = path.join('node_modules', 'content-type', 'dist', 'index.js');
    const code = readFileSync(dist, 'utf8');
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/\brequire\(/);
    expect(parse('application/json; charset=utf-8')).toMatchObject({
      type: 'application/json',
      parameters: { charset: 'utf-8' },
    });
  });
});
