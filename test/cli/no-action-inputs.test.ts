import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI_SOURCES = fileURLToPath(new URL('../../src/cli/', import.meta.url));

/** `cyrus plan` and `cyrus run` start the typed job; none of the CLI speaks the runner protocol. */
describe('src/cli builds no action inputs', () => {
  const files = readdirSync(CLI_SOURCES, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'));

  it.each(files)('%s has no INPUT_ literal and does not import the action', (file) => {
    const text = readFileSync(path.join(CLI_SOURCES, file), 'utf8');
    expect(text).not.toMatch(/INPUT_/);
    expect(text).not.toMatch(/from '\.\.\/action\//);
  });
});
