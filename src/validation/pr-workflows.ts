import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

/** A workflow of the repository that runs on `pull_request`: the CI a subtask PR should get. */
export interface PullRequestWorkflow {
  /** File name under .github/workflows (what the dispatch API takes as the workflow id). */
  file: string;
  /** Its `name:`, else the file name (what GitHub shows). */
  name: string;
  /** Declares `workflow_dispatch`, so it can be started on the PR branch with the Actions token. */
  dispatchable: boolean;
}

function triggersOf(on: unknown): Set<string> {
  if (typeof on === 'string') return new Set([on]);
  if (Array.isArray(on)) return new Set(on.filter((t): t is string => typeof t === 'string'));
  if (typeof on === 'object' && on !== null) return new Set(Object.keys(on));
  return new Set();
}

/** Whether a workflow file is this action's own (it uses codegen-action): never CI to wait for. */
function isOwnWorkflow(text: string): boolean {
  return /uses:\s*['"]?[\w.-]+\/codegen-action@/.test(text);
}

/**
 * The checkout's workflows that run on `pull_request`, except `ownFile` (GITHUB_WORKFLOW_REF's
 * file) and any that run this action. No `.github/workflows` directory means no PR workflows.
 */
export async function readPullRequestWorkflows(
  workspace: string,
  ownFile?: string,
  logger?: Logger,
): Promise<PullRequestWorkflow[]> {
  const dir = join(workspace, '.github', 'workflows');
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      logger?.warning(`could not list ${dir} (${errorMessage(error)}); assuming no pull_request workflows`);
    }
    return [];
  }
  return pullRequestWorkflowsOf(files, (file) => readFile(join(dir, file), 'utf8'), ownFile, logger);
}

/**
 * The `pull_request` workflows among `files` (names under .github/workflows), each read by
 * `read`. A file that cannot be read or does not parse is skipped: GitHub would not run it either.
 */
export async function pullRequestWorkflowsOf(
  files: readonly string[],
  read: (file: string) => Promise<string | null>,
  ownFile?: string,
  logger?: Logger,
): Promise<PullRequestWorkflow[]> {
  const found: PullRequestWorkflow[] = [];
  for (const file of files.filter((f) => /\.ya?ml$/.test(f)).sort()) {
    if (ownFile && basename(ownFile) === file) continue;
    let text: string | null;
    let doc: unknown;
    try {
      text = await read(file);
      if (text === null) continue;
      doc = parse(text);
    } catch (error) {
      const reason = errorMessage(error).split('\n')[0];
      logger?.warning(`skipped workflow ${file}: ${reason} (GitHub would not run it either)`);
      continue;
    }
    if (typeof doc !== 'object' || doc === null || isOwnWorkflow(text)) continue;
    const fields = doc as Record<string, unknown>;
    const triggers = triggersOf(fields.on);
    if (!triggers.has('pull_request')) continue;
    found.push({
      file,
      name: typeof fields.name === 'string' && fields.name.trim() ? fields.name.trim() : file,
      dispatchable: triggers.has('workflow_dispatch'),
    });
  }
  return found;
}

/** The workflow file of GITHUB_WORKFLOW_REF (`owner/repo/.github/workflows/cyrus.yml@refs/heads/main`). */
export function ownWorkflowFile(workflowRef: string | undefined): string | undefined {
  const path = workflowRef?.split('@')[0];
  return path && /\.ya?ml$/.test(path) ? basename(path) : undefined;
}
