import { describe, expect, it, vi } from 'vitest';
import { isLinearError, linkbackIdentifier, normaliseIdentifier } from '../../src/linear/index.js';
import { GITHUB_ISSUE_URL, useLinearStandIn } from './helpers.js';

const linkback = (url: string, text: string) =>
  `<details>\n<summary><a href="${url}">${text}</a></summary>\n<p>Synced from Linear</p>\n</details>`;

describe('mapping a GitHub issue to its Linear issue', () => {
  const t = useLinearStandIn();

  it('finds the twin through the sync attachment on the issue URL, in one request', async () => {
    const listComments = vi.fn(async () => []);
    const resolved = await t.gateway.resolveIssue({ githubIssue: { url: GITHUB_ISSUE_URL, listComments } });
    expect(resolved.found).toBe(true);
    if (!resolved.found) return;
    expect(resolved.via).toBe('attachment');
    expect(resolved.context.identifier).toBe('ENG-1');
    expect(resolved.context.team.states.map((s) => s.name)).toContain('In Review');
    expect(listComments).not.toHaveBeenCalled();
    expect(t.standIn.stats.requests).toBe(1);
  });

  it('falls back to the linkback comment of Linear’s bot, ignoring others', async () => {
    const other = t.standIn.world.addIssue({ team: t.team, title: 'Fix the thing' });
    const url = 'https://github.com/acme/widgets/issues/99';
    const listComments = async () => [
      // Anyone can write a <summary>: only Linear's bot speaks for the link.
      { user: { login: 'mallory' }, body: linkback('https://linear.app/acme/issue/ENG-1/x', 'ENG-1') },
      { user: null, body: null },
      {
        user: { login: 'linear[bot]' },
        body: linkback(t.standIn.world.issueUrl(other), 'ENG-2 Fix the thing'),
      },
    ];
    const resolved = await t.gateway.resolveIssue({ githubIssue: { url, listComments } });
    expect(resolved).toMatchObject({ found: true, via: 'linkback', context: { identifier: 'ENG-2' } });
    expect(t.standIn.stats.requests).toBe(2);
  });

  it('accepts linear-code[bot] linkbacks too', async () => {
    const url = 'https://github.com/acme/widgets/issues/7';
    const listComments = async () => [
      {
        user: { login: 'linear-code[bot]' },
        body: linkback('https://linear.app/acme/issue/ENG-1/add-login', 'ENG-1'),
      },
    ];
    const resolved = await t.gateway.resolveIssue({ githubIssue: { url, listComments } });
    expect(resolved).toMatchObject({ found: true, via: 'linkback', context: { identifier: 'ENG-1' } });
  });

  it('returns no twin with a reason, and says the run reports on GitHub only', async () => {
    const url = 'https://github.com/acme/widgets/issues/404';
    const resolved = await t.gateway.resolveIssue({
      githubIssue: { url, listComments: async () => [{ user: { login: 'alice' }, body: 'please do this' }] },
    });
    expect(resolved.found).toBe(false);
    expect(resolved.context).toBeNull();
    if (resolved.found) return;
    expect(resolved.reason).toContain(url);
    expect(resolved.reason).toContain('reports on GitHub only');
    expect(t.logger.text()).toContain('reports on GitHub only');
  });

  it('treats a linkback to an issue the key cannot see as no twin', async () => {
    const url = 'https://github.com/acme/widgets/issues/5';
    const listComments = async () => [
      {
        user: { login: 'linear[bot]' },
        body: linkback('https://linear.app/other/issue/OPS-9/secret', 'OPS-9'),
      },
    ];
    const resolved = await t.gateway.resolveIssue({ githubIssue: { url, listComments } });
    expect(resolved.found).toBe(false);
    if (!resolved.found) expect(resolved.reason).toContain('OPS-9');
  });

  it('takes an identifier given directly, in any case or as a Linear URL', async () => {
    const byId = await t.gateway.resolveIssue({ identifier: 'eng-1' });
    expect(byId).toMatchObject({ found: true, via: 'identifier', context: { identifier: 'ENG-1' } });
    const byUrl = await t.newGateway().resolveIssue({ identifier: t.standIn.world.issueUrl(t.issue) });
    expect(byUrl).toMatchObject({ found: true, context: { id: t.issue.id } });
  });

  it('fails an unknown identifier with a message that says what to check', async () => {
    const error = await t.gateway.resolveIssue({ identifier: 'ENG-999' }).catch((e: unknown) => e);
    expect(isLinearError(error) && error.kind).toBe('not_found');
    expect(String((error as Error).message)).toMatch(/ENG-999.*linear-api-key/s);
  });
});

describe('linkback parsing', () => {
  it('reads the identifier inside <summary> only', () => {
    expect(linkbackIdentifier(linkback('https://linear.app/acme/issue/ENG-42/title', 'ENG-42'))).toBe(
      'ENG-42',
    );
    expect(linkbackIdentifier('see https://linear.app/acme/issue/ENG-42/title')).toBeUndefined();
    expect(linkbackIdentifier('<summary>nothing here</summary>')).toBeUndefined();
  });

  it('normalises a Linear URL to its identifier', () => {
    expect(normaliseIdentifier('https://linear.app/acme/issue/eng-7/some-title')).toBe('ENG-7');
    expect(normaliseIdentifier(' ENG-7 ')).toBe('ENG-7');
  });
});
