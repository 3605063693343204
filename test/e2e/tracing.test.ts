import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labeledIssue } from '../fixtures/webhooks.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import { OWNER, REPO, startWorld, type World } from './world.js';

/** A real MCP stdio server that notes, in its working directory, that it was started. */
const MCP_SERVER = fileURLToPath(new URL('../claude/fixtures/marker-mcp-server.mjs', import.meta.url));

let world: World;
beforeAll(async () => {
  world = await startWorld();
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(() => world?.close());

describe.skipIf(NO_SANDBOX)('codegen.features through dist/index.js, end to end', () => {
  it('enableTracing keeps each attempt’s trace in the ledger and the job summary; useMcpServers gives the local run the base branch’s servers', async () => {
    const linear = world.linear;
    if (!linear) throw new Error('unreachable');
    mkdirSync(path.join(world.workspace, '.github'), { recursive: true });
    writeFileSync(
      path.join(world.workspace, '.github', 'cyrus.yml'),
      'codegen:\n  features:\n    enableTracing: true\n    useMcpServers: true\n',
    );
    // The base branch declares one usable server and one the sandbox cannot run.
    world.github.state.putFile(
      OWNER,
      REPO,
      'main',
      '.mcp.json',
      JSON.stringify({
        mcpServers: {
          trusted: { command: process.execPath, args: [MCP_SERVER, 'mcp-started.log', 'trusted'] },
          boxed: { command: 'docker', args: ['run', 'x'] },
        },
      }),
    );
    const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as { issue: { html_url: string } };
    const team = linear.world.addTeam('ENG');
    const issue = linear.world.addIssue({
      team,
      title: 'Greeting',
      description: 'Add a greeting API and document it.',
      githubUrl: payload.issue.html_url,
    });

    const run = await world.action({ eventName: 'issues', payload, inputs: { strategy: 'hybrid-smart' } });
    expect(run.code, `${run.stdout.slice(-6000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    expect(run.outputs.status).toBe('success');

    // The ledger: each attempt carries its executor's trace.
    const record = await world.ledger().readIssue(issue.identifier);
    const api = record?.tasks.api?.attempts.at(-1);
    const docs = record?.tasks.docs?.attempts.at(-1);
    expect(api?.executor).toBe('codegen');
    expect(api?.trace).toMatchObject({
      source: 'codegen-logs',
      tools: { ripgrep_search: 1 },
      toolCalls: 1,
      turns: 1,
      url: expect.stringMatching(/^https:\/\/codegen\.com\/agent\/trace\/\d+$/),
    });
    expect(docs?.executor).toBe('claude-code');
    expect(docs?.trace).toMatchObject({
      source: 'claude-stream',
      tools: { Write: 1 },
      toolCalls: 1,
      turns: 2,
    });
    expect(docs?.trace?.costUsd).toBeGreaterThan(0);
    // Codegen's logs were read once, for its one run.
    expect(world.codegen.stats.byRoute.logs).toBe(1);

    // The job summary's Traces table has both rows.
    const traces = run.summary.slice(run.summary.indexOf('### Traces'));
    expect(traces).toMatch(/^### Traces\n/);
    expect(traces).toMatch(
      /\| \*\*api\*\* #1 \| codegen \| ripgrep\\_search ×1 \| 1 \| 1 \| .* \| \[run\]\(https:\/\/codegen\.com\/agent\/trace\/\d+\) \|/,
    );
    expect(traces).toMatch(
      /\| \*\*docs\*\* #1 \| claude-code \| Write ×1 \| 1 \| 2 \| .* \| \$\d+\.\d\d \| — \|/,
    );

    // MCP: the base branch's usable server ran inside the agent's sandbox (its marker is in the
    // pushed tree); the one the sandbox cannot run was refused by name; Codegen was told nothing.
    expect(run.stdout).toMatch(
      /MCP server "boxed" of \.mcp\.json on main \([0-9a-f]{7}\) is not given to Claude Code/,
    );
    expect(run.stdout).toContain('MCP servers from .mcp.json on main');
    expect(run.stdout).toContain("Codegen's API has no MCP setting");
    const gitDir = world.github.state.repo(OWNER, REPO)?.gitDir ?? '';
    const marker = execFileSync('git', ['--git-dir', gitDir, 'show', 'cyrus/eng-1-docs:mcp-started.log'], {
      encoding: 'utf8',
    });
    expect(marker.trim()).toBe('trusted started');
  }, 240_000);
});
