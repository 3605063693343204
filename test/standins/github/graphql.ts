import { schema as published } from '@octokit/graphql-schema';
import {
  buildClientSchema,
  execute,
  type GraphQLError,
  type GraphQLSchema,
  type IntrospectionQuery,
  parse,
  validate,
} from 'graphql';
import {
  type MergeMethod,
  mergePullRequest,
  mergeStateStatus,
  mergeWorld,
  reviewDecision,
  settleMerges,
} from './merge-state.js';
import { nodeId } from './payloads.js';
import { canWrite, type Reply } from './router.js';
import { type GitHubState, isoNow, type PullRequest, type RepoRecord, type TokenIdentity } from './state.js';

/**
 * `POST /graphql`: every document is parsed and validated against GitHub's published schema
 * (`@octokit/graphql-schema`) before anything runs, so a query or mutation the real API would
 * refuse is refused here too. What it serves: a repository's merge settings and merge queue, pull
 * requests' merge state, and the auto-merge, merge-queue and merge mutations.
 */
let cached: GraphQLSchema | undefined;
export function githubGraphqlSchema(): GraphQLSchema {
  if (!cached) {
    const json = published.json as unknown as { data?: IntrospectionQuery } & IntrospectionQuery;
    cached = buildClientSchema(json.data ?? json);
  }
  return cached;
}

/** Documents the stand-in refused as invalid against the schema (a test asserts this stays empty). */
export const invalidDocuments: { query: string; errors: string[] }[] = [];

export function serveGraphql(state: GitHubState, body: unknown, identity: TokenIdentity): Reply {
  const request = body as { query?: unknown; variables?: unknown } | undefined;
  if (typeof request?.query !== 'string')
    return { status: 400, body: { message: 'Problems parsing JSON', documentation_url: DOCS } };
  let document: ReturnType<typeof parse>;
  try {
    document = parse(request.query);
  } catch (error) {
    return { status: 200, body: { errors: [{ message: String((error as Error).message) }] } };
  }
  const errors = validate(githubGraphqlSchema(), document);
  if (errors.length > 0) {
    invalidDocuments.push({ query: request.query, errors: errors.map((e) => e.message) });
    return { status: 200, body: { errors: errors.map((e) => ({ message: e.message, type: 'INVALID' })) } };
  }
  for (const repo of state.repos.values()) settleMerges(state, repo);
  const result = execute({
    schema: githubGraphqlSchema(),
    document,
    rootValue: root(state, identity),
    variableValues: (request.variables ?? {}) as Record<string, unknown>,
  }) as { data?: unknown; errors?: readonly GraphQLError[] };
  const out: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length)
    out.errors = result.errors.map((e) => ({
      type: (e.originalError as { type?: string } | undefined)?.type ?? 'UNPROCESSABLE',
      path: e.path,
      locations: e.locations,
      message: e.message,
    }));
  return { status: 200, body: out };
}

const DOCS = 'https://docs.github.com/graphql';

class GitHubGraphqlError extends Error {
  constructor(
    message: string,
    readonly type: string = 'UNPROCESSABLE',
  ) {
    super(message);
  }
}

function findPull(state: GitHubState, id: string): { repo: RepoRecord; pr: PullRequest } {
  for (const repo of state.repos.values()) {
    const pr = repo.pulls.find((p) => nodeId('PullRequest', p.id) === id);
    if (pr) return { repo, pr };
  }
  throw new GitHubGraphqlError(`Could not resolve to a node with the global id of '${id}'`, 'NOT_FOUND');
}

function pullView(state: GitHubState, repo: RepoRecord, pr: PullRequest) {
  const head = pr.state === 'open' ? (repo.store.branch(pr.head.ref) ?? pr.head.sha) : pr.head.sha;
  const auto = mergeWorld(repo).autoMerge.get(pr.number);
  return {
    __typename: 'PullRequest',
    id: nodeId('PullRequest', pr.id),
    number: pr.number,
    url: pr.html_url,
    title: pr.title,
    isDraft: pr.draft,
    merged: pr.merged,
    state: pr.merged ? 'MERGED' : pr.state === 'open' ? 'OPEN' : 'CLOSED',
    headRefName: pr.head.ref,
    headRefOid: head,
    baseRefName: pr.base.ref,
    mergeStateStatus: () => mergeStateStatus(state, repo, pr, { observe: true }),
    reviewDecision: () => reviewDecision(repo, pr),
    autoMergeRequest: auto ? { enabledAt: auto.enabledAt, mergeMethod: auto.method } : null,
    isInMergeQueue: mergeWorld(repo).queued.has(pr.number),
  };
}

function writable(state: GitHubState, repo: RepoRecord, identity: TokenIdentity): void {
  if (!canWrite(state.permissionOf(repo.owner, repo.name, identity.login)))
    throw new GitHubGraphqlError('Resource not accessible by integration', 'FORBIDDEN');
}

function allowed(repo: RepoRecord, method: MergeMethod): boolean {
  const s = mergeWorld(repo).settings;
  return method === 'MERGE' ? s.allowMergeCommit : method === 'SQUASH' ? s.allowSquash : s.allowRebase;
}

interface MutationInput {
  input: { pullRequestId: string; expectedHeadOid?: string; mergeMethod?: MergeMethod };
}

function checkedPull(state: GitHubState, identity: TokenIdentity, input: MutationInput['input']) {
  const { repo, pr } = findPull(state, input.pullRequestId);
  writable(state, repo, identity);
  const view = pullView(state, repo, pr);
  if (pr.state !== 'open') throw new GitHubGraphqlError('Pull request is closed');
  if (input.expectedHeadOid && input.expectedHeadOid !== view.headRefOid)
    throw new GitHubGraphqlError(`Head sha didn't match expected head sha ${input.expectedHeadOid}`);
  return { repo, pr, view };
}

function root(state: GitHubState, identity: TokenIdentity) {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = state.repo(owner, name);
      if (!repo)
        throw new GitHubGraphqlError(
          `Could not resolve to a Repository with the name '${owner}/${name}'.`,
          'NOT_FOUND',
        );
      const world = mergeWorld(repo);
      return {
        __typename: 'Repository',
        id: nodeId('Repository', repo.id),
        nameWithOwner: `${repo.owner}/${repo.name}`,
        autoMergeAllowed: world.settings.allowAutoMerge,
        squashMergeAllowed: world.settings.allowSquash,
        mergeCommitAllowed: world.settings.allowMergeCommit,
        rebaseMergeAllowed: world.settings.allowRebase,
        mergeQueue: ({ branch }: { branch?: string }) => {
          const name = branch ?? repo.defaultBranch;
          return world.queues.has(name)
            ? { __typename: 'MergeQueue', id: nodeId('MergeQueue', `${repo.id}:${name}`) }
            : null;
        },
        pullRequest: ({ number }: { number: number }) => {
          const pr = repo.pulls.find((p) => p.number === number);
          if (!pr)
            throw new GitHubGraphqlError(
              `Could not resolve to a PullRequest with the number of ${number}.`,
              'NOT_FOUND',
            );
          return pullView(state, repo, pr);
        },
      };
    },
    enablePullRequestAutoMerge: ({ input }: MutationInput) => {
      const { repo, pr, view } = checkedPull(state, identity, input);
      const method = input.mergeMethod ?? 'MERGE';
      if (!mergeWorld(repo).settings.allowAutoMerge)
        throw new GitHubGraphqlError('Pull request Auto merge is not allowed for this repository');
      if (!allowed(repo, method))
        throw new GitHubGraphqlError(
          `Merge method ${method.toLowerCase()} merging is not allowed on this repository`,
        );
      if (pr.draft) throw new GitHubGraphqlError('Pull request is in draft state');
      const status = mergeStateStatus(state, repo, pr, { observe: true });
      // GitHub refuses auto-merge on a PR that could merge right now.
      if (status === 'CLEAN') throw new GitHubGraphqlError('Pull request is in clean status');
      if (status === 'DIRTY') throw new GitHubGraphqlError('Pull request is not mergeable: merge conflict');
      mergeWorld(repo).autoMerge.set(pr.number, { method, enabledBy: identity.login, enabledAt: isoNow() });
      return {
        clientMutationId: null,
        pullRequest: { ...view, autoMergeRequest: { enabledAt: isoNow(), mergeMethod: method } },
      };
    },
    enqueuePullRequest: ({ input }: MutationInput) => {
      const { repo, pr } = checkedPull(state, identity, input);
      const world = mergeWorld(repo);
      if (!world.queues.has(pr.base.ref))
        throw new GitHubGraphqlError(`The base branch ${pr.base.ref} does not have a merge queue`);
      const status = mergeStateStatus(state, repo, pr, { observe: true });
      if (
        status === 'DRAFT' ||
        status === 'DIRTY' ||
        (reviewDecision(repo, pr) !== null && reviewDecision(repo, pr) !== 'APPROVED')
      )
        throw new GitHubGraphqlError('Pull request is not mergeable');
      world.queued.set(pr.number, { enqueuedAt: isoNow(), by: identity.login });
      return {
        clientMutationId: null,
        mergeQueueEntry: {
          __typename: 'MergeQueueEntry',
          id: nodeId('MergeQueueEntry', pr.id),
          position: world.queued.size,
        },
      };
    },
    mergePullRequest: ({ input }: MutationInput) => {
      const { repo, pr } = checkedPull(state, identity, input);
      const method = input.mergeMethod ?? 'MERGE';
      if (!allowed(repo, method))
        throw new GitHubGraphqlError(
          `Merge method ${method.toLowerCase()} merging is not allowed on this repository`,
        );
      if (mergeWorld(repo).queues.has(pr.base.ref))
        throw new GitHubGraphqlError('Changes must be made through the merge queue');
      const status = mergeStateStatus(state, repo, pr, { observe: true });
      // Branch protection holds for this token: only a clean (or merely unstable) PR merges.
      if (!['CLEAN', 'UNSTABLE'].includes(status))
        throw new GitHubGraphqlError(`Pull request is not mergeable (${status.toLowerCase()})`);
      const merged = mergePullRequest(state, repo, pr, method, identity.login);
      if (!merged.ok) throw new GitHubGraphqlError(merged.message);
      return { clientMutationId: null, pullRequest: pullView(state, repo, pr) };
    },
  };
}
