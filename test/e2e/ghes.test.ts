import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labeledIssue } from '../fixtures/webhooks.js';
import { NO_SANDBOX } from '../helpers/sandbox-gate.js';
import { CLAUDE_INSTALL_TIMEOUT_MS } from '../standins/anthropic/index.js';
import type { LinearStandIn } from '../standins/linear/index.js';
import { type ProxyStandIn, startProxyStandIn } from '../standins/proxy/index.js';
import { ONE_CLOUD_TASK, OWNER, REPO, startWorld, type World } from './world.js';

let world: World;
let linear: LinearStandIn;
let proxy: ProxyStandIn;
beforeAll(async () => {
  // GitHub as an Enterprise Server behind a path: the API at /api/v3 (GraphQL at /api/graphql),
  // the web and git at /ghes. Nothing answers at the root, so a github.com-style URL is a 404.
  world = await startWorld({ github: { apiPrefix: '/api/v3', serverPrefix: '/ghes' } });
  if (!world.linear) throw new Error('these tests need the Linear stand-in');
  linear = world.linear;
  world.plan = ONE_CLOUD_TASK;
  proxy = await startProxyStandIn();
}, CLAUDE_INSTALL_TIMEOUT_MS);
afterAll(async () => {
  await proxy?.close();
  await world?.close();
});

function labelled(number: number, team: string) {
  const payload = labeledIssue('cyrus', 'linear[bot]', 'Bot') as {
    issue: { html_url: string; number: number };
  };
  payload.issue.number = number;
  payload.issue.html_url = `${world.github.serverUrl}/${OWNER}/${REPO}/issues/${number}`;
  const issue = linear.world.addIssue({
    team: linear.world.addTeam(team),
    title: 'Greeting',
    githubUrl: payload.issue.html_url,
  });
  return { payload, issue };
}

/** Every http(s) link in `text`. */
function links(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s)"'<>\]]+/g)].map((m) => m[0]);
}

const hostOf = (url: string) => new URL(url).host;

// Local agents and validation run only in the sandbox: skipped with the install command without it.
describe.skipIf(NO_SANDBOX)('GitHub Enterprise Server and a proxy, through dist/index.js', () => {
  it('links PRs, check runs and the job summary to GITHUB_SERVER_URL, and calls GITHUB_API_URL', async () => {
    const { payload, issue } = labelled(31, 'GHE');
    const run = await world.action({ eventName: 'issues', payload, inputs: { strategy: 'cloud-only' } });
    expect(run.code, run.stdout.slice(-4000)).toBe(0);
    expect(run.outputs.status).toBe('success');
    const server = world.github.serverUrl;

    const prs = JSON.parse(run.outputs['pull-requests'] ?? '[]') as string[];
    expect(prs).toHaveLength(1);
    expect(prs[0]).toMatch(new RegExp(`^${server}/${OWNER}/${REPO}/pull/\\d+$`));

    const pr = world.github.state.pullRequests(OWNER, REPO).at(-1);
    const own = world.github.state
      .checkRuns(OWNER, REPO, pr?.head.sha ?? '')
      .filter((r) => r.name === 'Cyrus validation');
    expect(own.map((r) => r.detailsUrl)).toEqual([`${server}/${OWNER}/${REPO}/actions/runs/1001`]);

    expect(run.summary).toContain(`${server}/${OWNER}/${REPO}/actions/runs/1001`);
    expect(run.summary).toContain(prs[0]);
    const summaryLinks = links(run.summary).filter((l) => hostOf(l) === hostOf(server));
    expect(summaryLinks.length).toBeGreaterThan(0);
    for (const link of summaryLinks) expect(link.startsWith(`${server}/`), link).toBe(true);
    expect(links(run.summary).filter((l) => hostOf(l).endsWith('github.com'))).toEqual([]);
    const comment = linear.world.commentsOn(issue.id)[0]?.body ?? '';
    expect(comment).toContain(prs[0]);

    // Every call went under the prefixes: nothing asked for a github.com-style path at the root.
    expect(world.github.stats.outsidePrefixes).toEqual([]);
  }, 240_000);

  it('sends GitHub, Linear, Codegen and the model’s (Claude Code’s) traffic through HTTP_PROXY', async () => {
    const { payload } = labelled(32, 'PRX');
    const run = await world.action({
      eventName: 'issues',
      payload,
      inputs: { strategy: 'cloud-only' },
      env: { HTTP_PROXY: proxy.url },
    });
    expect(run.code, run.stdout.slice(-4000)).toBe(0);
    expect(run.outputs.status).toBe('success');
    const counts = proxy.counts();
    expect(counts[hostOf(world.github.url)]).toBeGreaterThan(0);
    expect(proxy.log.some((l) => l.includes('/api/v3/repos/acme/widgets'))).toBe(true);
    // (A cloud-only run pushes nothing itself: git through the proxy is test/http's.)
    expect(counts[hostOf(linear.url)]).toBeGreaterThan(0);
    expect(counts[hostOf(world.codegen.url)]).toBeGreaterThan(0);
    const model = `POST http://${hostOf(world.anthropic.url)}/v1/messages`;
    expect(proxy.log.some((l) => l.startsWith(model))).toBe(true);
  }, 240_000);
});
