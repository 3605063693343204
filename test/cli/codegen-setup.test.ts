import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/index.js';
import { type CodegenStandIn, startCodegenStandIn } from '../standins/codegen/index.js';
import { CLI_BUILD_TIMEOUT_MS, cliBundle, hasScript, runCli, tempDir } from './helpers/cli.js';
import { runInPty } from './helpers/pty.js';

const TOKEN = 'cg_test_token';

/** Every file under dir, for the check that the token was written nowhere. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => statSync(f).isFile());
}

function expectTokenNowhere(dir: string, token = TOKEN): void {
  for (const file of filesUnder(dir)) expect(readFileSync(file, 'utf8'), file).not.toContain(token);
}

describe('cyrus codegen setup', () => {
  let codegen: CodegenStandIn;
  let ids: Record<string, number>;

  beforeAll(async () => {
    cliBundle();
    codegen = await startCodegenStandIn({ repos: ['acme/api', 'acme/widgets'] });
    ids = Object.fromEntries(codegen.state.repos.map((r) => [r.full_name, r.id]));
  }, CLI_BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await codegen?.close();
  });

  const env = (extra: Record<string, string> = {}) => ({
    CODEGEN_API_URL: codegen.url,
    GITHUB_REPOSITORY: 'acme/widgets',
    ...extra,
  });

  it('non-interactive from the environment: checks the token, picks this repository, writes the block, not the token', async () => {
    const dir = tempDir('cyrus-setup-');
    mkdirSync(path.join(dir, '.github'));
    writeFileSync(path.join(dir, '.github', 'cyrus.yml'), '# ours\ntrigger:\n  label: ai # not cyrus\n');
    const run = await runCli(['codegen', 'setup'], { cwd: dir, env: env({ CODEGEN_API_TOKEN: TOKEN }) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✅ Token: accepted for @cyrus-dev (it is not written to any file)');
    expect(run.stdout).toContain('✅ Organization: Org 42 (42)');
    expect(run.stdout).toContain(`✅ Repository: acme/widgets (Codegen repository ${ids['acme/widgets']})`);
    expect(run.stdout).toContain('gh secret set CODEGEN_API_TOKEN --repo acme/widgets');
    expect(run.stdout).toContain('codegen-api-token: ${{ secrets.CODEGEN_API_TOKEN }}');
    const text = readFileSync(path.join(dir, '.github', 'cyrus.yml'), 'utf8');
    expect(text).toBe(
      `# ours\ntrigger:\n  label: ai # not cyrus\ncodegen:\n  enabled: true\n  orgId: 42\n  repoId: ${ids['acme/widgets']}\n`,
    );
    expect(parseConfigText(text, 'cyrus.yml').codegen).toEqual({
      enabled: true,
      orgId: 42,
      repoId: ids['acme/widgets'],
    });
    expectTokenNowhere(dir);
  });

  it('by flags, with --json: another repository and a strategy', async () => {
    const dir = tempDir('cyrus-setup-');
    const run = await runCli(
      [
        'codegen',
        'setup',
        '--token',
        TOKEN,
        '--org-id',
        '42',
        '--codegen-repo',
        'acme/api',
        '--strategy',
        'hybrid-smart',
        '--json',
      ],
      { cwd: dir, env: env() },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('--token lands in shell history');
    expect(JSON.parse(run.stdout)).toEqual({
      user: 'cyrus-dev',
      organization: { id: 42, name: 'Org 42' },
      repository: { id: ids['acme/api'], fullName: 'acme/api' },
      file: '.github/cyrus.yml',
      created: true,
      tokenWritten: false,
      secretCommand: 'gh secret set CODEGEN_API_TOKEN --repo acme/widgets',
    });
    expect(readFileSync(path.join(dir, '.github', 'cyrus.yml'), 'utf8')).toContain('strategy: hybrid-smart');
    expectTokenNowhere(dir);
  });

  it('a token Codegen refuses: exit 1, the reason, nothing written', async () => {
    const dir = tempDir('cyrus-setup-');
    const run = await runCli(['codegen', 'setup'], { cwd: dir, env: env({ CODEGEN_API_TOKEN: 'cg_wrong' }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Codegen rejected the credentials (HTTP 403');
    expect(filesUnder(dir)).toEqual([]);
  });

  it('an org the token cannot see, or a repository Codegen does not have: exit 1, the choices named', async () => {
    const dir = tempDir('cyrus-setup-');
    const org = await runCli(['codegen', 'setup', '--org-id', '7'], {
      cwd: dir,
      env: env({ CODEGEN_API_TOKEN: TOKEN }),
    });
    expect(org.code).toBe(1);
    expect(org.stderr).toContain('The token cannot see Codegen org 7; it sees: Org 42 (42).');
    const repo = await runCli(['codegen', 'setup'], {
      cwd: dir,
      env: env({ CODEGEN_API_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/site' }),
    });
    expect(repo.code).toBe(1);
    expect(repo.stderr).toContain('acme/site is not connected to Codegen org 42');
    expect(repo.stderr).toContain('--codegen-repo');
    expect(filesUnder(dir)).toEqual([]);
  });

  it.runIf(hasScript())(
    'interactive in a terminal: asks for the token without echo, lists the repositories, takes the choice',
    async () => {
      const dir = tempDir('cyrus-setup-');
      const secret = 'cg_test_token';
      const run = await runInPty(['codegen', 'setup'], {
        cwd: dir,
        env: env(),
        steps: [
          { expect: /Codegen API token \(not shown\): /, send: secret },
          { expect: /Choose 1-2 \[2\]: /, send: '1' },
        ],
      });
      expect(run.transcript).toContain('Repositories of Org 42:');
      expect(run.transcript).toContain(`1) acme/api (${ids['acme/api']})`);
      expect(run.transcript).toContain(`2) acme/widgets (${ids['acme/widgets']})`);
      expect(run.transcript).toContain(`✅ Repository: acme/api (Codegen repository ${ids['acme/api']})`);
      expect(run.transcript).not.toContain(secret);
      expect(run.code).toBe(0);
      expect(readFileSync(path.join(dir, '.github', 'cyrus.yml'), 'utf8')).toContain(
        `repoId: ${ids['acme/api']}`,
      );
      expectTokenNowhere(dir, secret);
    },
  );

  it.runIf(hasScript())('interactive, Enter takes the default: this repository', async () => {
    const dir = tempDir('cyrus-setup-');
    const run = await runInPty(['codegen', 'setup'], {
      cwd: dir,
      env: env({ CODEGEN_API_TOKEN: TOKEN }),
      steps: [{ expect: /Choose 1-2 \[2\]: /, send: '' }],
    });
    expect(run.code).toBe(0);
    expect(run.transcript).toContain('✅ Repository: acme/widgets');
  });
});
