import { isLinearIdentifier } from '../util/issue-identity.js';
import type { Logger } from '../util/logger.js';
import { isLinearError } from './errors.js';
import type { IssueLookup, LinearGateway, ResolvedIssue } from './types.js';

const DEFAULT_LINKBACK_BOTS = ['linear[bot]', 'linear-code[bot]'] as const;

const LINEAR_ISSUE_URL = /https:\/\/linear\.app\/[\w.-]+\/issue\/([A-Za-z0-9]+-\d+)/;
const SUMMARY = /<summary>([\s\S]*?)<\/summary>/gi;

/** The Linear identifier a linkback comment names inside `<summary>`, if any. */
export function linkbackIdentifier(body: string): string | undefined {
  for (const match of body.matchAll(SUMMARY)) {
    const url = LINEAR_ISSUE_URL.exec(match[1] ?? '');
    if (url?.[1]) return url[1].toUpperCase();
  }
  return undefined;
}

/** `ENG-123` from a Linear issue URL; anything else is passed to Linear as given. */
export function normaliseIdentifier(value: string): string {
  const trimmed = value.trim();
  const fromUrl = LINEAR_ISSUE_URL.exec(trimmed)?.[1];
  if (fromUrl) return fromUrl.toUpperCase();
  return isLinearIdentifier(trimmed) ? trimmed.toUpperCase() : trimmed;
}

/**
 * Finds the Linear issue behind a target. An identifier must exist (a typo is the user's to fix,
 * so it throws). A GitHub issue maps through the sync's attachment on its URL, then through a
 * linkback comment from Linear's bot; with neither, the run goes on on GitHub alone, and the
 * reason says so.
 */
export async function resolveLinearIssue(
  gateway: Pick<LinearGateway, 'findIssuesForUrl' | 'getIssueContext'>,
  target: IssueLookup,
  options: { linkbackBots?: readonly string[]; logger?: Logger } = {},
): Promise<ResolvedIssue> {
  if ('identifier' in target) {
    const context = await gateway.getIssueContext(normaliseIdentifier(target.identifier));
    return { found: true, context, via: 'identifier' };
  }
  const { url, listComments } = target.githubIssue;
  const twins = await gateway.findIssuesForUrl(url);
  const [first, ...others] = twins;
  if (first) {
    if (others.length > 0) {
      options.logger?.warning(
        `${url} is attached to ${twins.length} Linear issues (${twins.map((t) => t.identifier).join(', ')}); using ${first.identifier}`,
      );
    }
    return { found: true, context: first, via: 'attachment' };
  }

  const bots = new Set((options.linkbackBots ?? DEFAULT_LINKBACK_BOTS).map((b) => b.toLowerCase()));
  const comments = await listComments();
  // Only Linear's bot speaks for the link: any other commenter could name any issue.
  const identifier = comments
    .filter((c) => c.user && bots.has(c.user.login.toLowerCase()))
    .map((c) => linkbackIdentifier(c.body ?? ''))
    .find((id) => id !== undefined);
  if (identifier) {
    try {
      const context = await gateway.getIssueContext(identifier);
      return { found: true, context, via: 'linkback' };
    } catch (error) {
      if (!isLinearError(error) || error.kind !== 'not_found') throw error;
      return noTwin(
        `${url} names Linear issue ${identifier} in a linkback comment, but the \`linear-api-key\` cannot see it`,
        options.logger,
      );
    }
  }
  return noTwin(
    `${url} has no Linear twin (no Linear attachment with its URL and no linkback comment from ${[...bots].join(' or ')})`,
    options.logger,
  );
}

function noTwin(why: string, logger: Logger | undefined): ResolvedIssue {
  const reason = `${why}; the run continues and reports on GitHub only.`;
  logger?.info(reason);
  return { found: false, context: null, reason };
}
