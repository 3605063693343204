import { z } from 'zod';

/**
 * Page sizes are small on purpose: Linear caps one query at 10,000 complexity points and a
 * connection multiplies what it holds by its page size (test/linear/complexity.test.ts measures them).
 *
 * The GraphQL documents the gateway sends and the zod shapes of their answers. Each related object
 * the SDK would load lazily (state, team, labels, parent, children, comments) is one more request,
 * so a run's whole view of an issue comes from one selection.
 */

/** The first line of every tracking comment (the report renderer writes it). */
export const TRACKING_MARKER = '<!-- cyrus:tracking -->';

const ISSUE_CONTEXT_FRAGMENT = `
fragment CyrusIssueContext on Issue {
  id
  identifier
  title
  description
  url
  state { id name type }
  team {
    id
    key
    name
    states(first: 50) { nodes { id name type position } }
  }
  labels(first: 25) { nodes { id name } }
  parent { id identifier title url }
  children(first: 50) { nodes { id identifier title url state { id name type } } }
  comments(first: 20, filter: { user: { isMe: { eq: true } } }) { nodes { id body } }
}`;

export const ISSUE_CONTEXT_QUERY = `
query CyrusIssueContext($id: String!) {
  issue(id: $id) { ...CyrusIssueContext }
}
${ISSUE_CONTEXT_FRAGMENT}`;

export const ISSUES_FOR_URL_QUERY = `
query CyrusIssuesForUrl($url: String!) {
  attachmentsForURL(url: $url, first: 3) {
    nodes { id url issue { ...CyrusIssueContext } }
  }
}
${ISSUE_CONTEXT_FRAGMENT}`;

export const VIEWER_QUERY = `
query CyrusViewer {
  viewer { id name displayName email app organization { id name urlKey } }
}`;

export const WorkflowStateRef = z.object({ id: z.string(), name: z.string(), type: z.string() });
export type WorkflowStateRef = z.infer<typeof WorkflowStateRef>;

export const LinearIssueRef = z.object({
  id: z.string(),
  identifier: z.string(),
  title: z.string(),
  url: z.string(),
});
export type LinearIssueRef = z.infer<typeof LinearIssueRef>;

const nodes = <T extends z.ZodType>(node: T) => z.object({ nodes: z.array(node) });

/** The issue as the query returns it. */
export const IssueContextData = z.object({
  id: z.string(),
  identifier: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  url: z.string(),
  state: WorkflowStateRef,
  team: z.object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    states: nodes(WorkflowStateRef.extend({ position: z.number() })),
  }),
  labels: nodes(z.object({ id: z.string(), name: z.string() })),
  // Nullable parts may come back null next to a GraphQL error (partial data); the rest still serves.
  parent: LinearIssueRef.nullable(),
  children: nodes(LinearIssueRef.extend({ state: WorkflowStateRef })),
  comments: nodes(z.object({ id: z.string(), body: z.string() })),
});
export type IssueContextData = z.infer<typeof IssueContextData>;

export const IssueContextResponse = z.object({ issue: IssueContextData });

export const IssuesForUrlResponse = z.object({
  attachmentsForURL: nodes(z.object({ id: z.string(), url: z.string(), issue: IssueContextData })),
});

export const ViewerResponse = z.object({
  viewer: z.object({
    id: z.string(),
    name: z.string(),
    displayName: z.string(),
    email: z.string(),
    /** True for an OAuth app installed with `actor=app`: an agent that can open sessions. */
    app: z.boolean(),
    organization: z.object({ id: z.string(), name: z.string(), urlKey: z.string() }),
  }),
});
export type LinearViewer = z.infer<typeof ViewerResponse>['viewer'];
