import { type AgentRun, CodegenRequestError } from '../../codegen/index.js';
import type { ExecutionContext } from '../../domain/index.js';
import type { CodegenExecutorOptions } from './options.js';
import { buildCodegenPrompt, buildFixRunPrompt, runMetadata } from './prompt.js';
import type { CodegenRepoRef } from './repo-ref.js';
import { rememberedRepo } from './repo-ref.js';
import { createRunInRepository } from './repo-run.js';
import type { FailureVerdict } from './result.js';
import { resumeIfPaused } from './resume.js';

/** Why the run must not be sent at all (wrong repository, breaker open, over budget), or undefined. */
export function preflight(
  options: CodegenExecutorOptions,
  context: ExecutionContext,
): FailureVerdict | undefined {
  const { gateway, client, settings } = options;
  const repo = gateway.repository;
  if (
    repo.owner.toLowerCase() !== context.repository.owner.toLowerCase() ||
    repo.repo.toLowerCase() !== context.repository.repo.toLowerCase()
  ) {
    const message = `the GitHub gateway is for ${repo.owner}/${repo.repo}, but the task is in ${context.repository.owner}/${context.repository.repo}`;
    return { status: 'failed', failure: { kind: 'internal', message } };
  }
  if (!client.isAvailable()) {
    const message = `Codegen is unavailable (circuit open after repeated failures: ${client.breaker.lastFailure}); run the task locally`;
    return { status: 'failed', failure: { kind: 'cloud_unavailable', message } };
  }
  if (context.maxCostUsd !== undefined && settings.pricing.perRunUsd > context.maxCostUsd) {
    const message = `a Codegen run is estimated at $${settings.pricing.perRunUsd.toFixed(2)}, above this task's budget of $${context.maxCostUsd.toFixed(2)}`;
    return { status: 'failed', failure: { kind: 'max_budget', message } };
  }
  return undefined;
}

/**
 * Sends the task: a follow-up resumes a paused run, else a new run (told to push to the same
 * branch); either way in this repository, whose Codegen id comes from config, the ledger's memo
 * or the org's list. `onRepo` learns the id the run was sent with, for the ledger.
 */
export async function dispatchRun(
  options: CodegenExecutorOptions,
  goal: string,
  context: ExecutionContext,
  signal: AbortSignal,
  onRepo: (repo: CodegenRepoRef) => void,
): Promise<AgentRun> {
  const { client, settings, logger } = options;
  let prompt = buildCodegenPrompt(goal, context);
  if (context.followUp) {
    const runId = parseRunId(context.followUp.sessionId);
    const resumed = await resumeIfPaused(client, logger, runId, context, signal);
    if (resumed) return resumed;
    prompt = buildFixRunPrompt(goal, context.followUp.instructions, context);
  }
  // Without repo_id a run works in the org's default repository, which need not be this one.
  return createRunInRepository(
    (repo_id) =>
      client.createRun(
        {
          prompt,
          metadata: runMetadata(context),
          agent_type: settings.agentType,
          model: settings.model,
          repo_id,
        },
        { signal, dedupe: { key: 'ledgerKey', value: context.ledgerKey } },
      ),
    {
      configured: settings.repoId,
      resolver: options.repoIds,
      stored: rememberedRepo(context.remembered),
      logger,
      signal,
      onRepo,
    },
  );
}

export function parseRunId(sessionId: string): number {
  const id = Number(sessionId);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new CodegenRequestError(`session "${sessionId}" (not a Codegen run id)`, 400);
  }
  return id;
}
