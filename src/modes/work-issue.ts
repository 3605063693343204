import type { IssueRef } from '../domain/index.js';
import type { GitHubGateway } from '../github/index.js';
import type { IssueContext } from '../linear/gateway.js';
import type { LinearGateway } from '../linear/index.js';
import { UserError } from '../util/errors.js';
import type { RequestedIssue } from '../util/issue-identity.js';
import type { Logger } from '../util/logger.js';

/** The issue a run works on: its ledger identity, its text and, when there is one, its Linear twin. */
export interface WorkIssue {
  ref: IssueRef;
  /** Untrusted: sanitised by the planner before it reaches a prompt. */
  body: string;
  linear?: IssueContext;
  /** Why reports go to GitHub only, when they do. */
  githubOnlyReason?: string;
}

/**
 * Maps what the event or input named to the issue to work on: a GitHub issue to its Linear twin
 * (attachment, then linkback comment), or a Linear identifier to its issue. A GitHub issue without
 * a twin still runs, reporting on GitHub only, and says so.
 */
export async function resolveWorkIssue(
  target: RequestedIssue,
  github: GitHubGateway,
  linear: LinearGateway | undefined,
  logger: Logger,
): Promise<WorkIssue> {
  if (target.kind === 'linear') {
    if (!linear) {
      throw new UserError(
        `${target.identifier} is a Linear issue, but no \`linear-api-key\` was given; add it, or name the GitHub issue number instead.`,
      );
    }
    const resolved = await linear.resolveIssue({ identifier: target.identifier });
    if (!resolved.found)
      throw new UserError(`Linear issue ${target.identifier} was not found: ${resolved.reason}`);
    return fromLinear(resolved.context);
  }
  const issue =
    target.title !== undefined && target.url !== undefined
      ? { number: target.number, title: target.title, body: target.body ?? '', url: target.url }
      : await github.getIssue(target.number);
  if (!issue)
    throw new UserError(
      `GitHub issue #${target.number} was not found in ${github.repository.owner}/${github.repository.repo}.`,
    );
  const ref: IssueRef = {
    identifier: `#${issue.number}`,
    title: issue.title,
    url: issue.url,
    githubIssueNumber: issue.number,
  };
  if (!linear) {
    return {
      ref,
      body: issue.body,
      githubOnlyReason: 'no `linear-api-key` was given, so progress is reported on the GitHub issue',
    };
  }
  const resolved = await linear.resolveIssue({
    githubIssue: {
      url: issue.url,
      listComments: async () =>
        (await github.listIssueComments(issue.number)).map((c) => ({
          user: c.author ? { login: c.author } : null,
          body: c.body,
        })),
    },
  });
  if (!resolved.found) {
    logger.info(`Linear: ${resolved.reason}`);
    return { ref, body: issue.body, githubOnlyReason: resolved.reason };
  }
  logger.info(
    `Linear: GitHub issue #${issue.number} is ${resolved.context.identifier} (found via ${resolved.via})`,
  );
  const work = fromLinear(resolved.context);
  return {
    ...work,
    ref: { ...work.ref, githubIssueNumber: issue.number },
    body: resolved.context.description || issue.body,
  };
}

function fromLinear(context: IssueContext): WorkIssue {
  return {
    ref: { identifier: context.identifier, title: context.title, url: context.url },
    body: context.description ?? '',
    linear: context,
  };
}
