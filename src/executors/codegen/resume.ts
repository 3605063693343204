import {
  type AgentRun,
  type CodegenClient,
  CodegenRequestError,
  normaliseStatus,
} from '../../codegen/index.js';
import type { ExecutionContext } from '../../domain/index.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { buildFollowUpPrompt } from './prompt.js';

/**
 * Resume is documented for paused runs only: a PAUSED run gets the follow-up; any other (a finished
 * run whose PR failed CI) answers undefined, and the caller starts a new run told to push to the
 * same branch. A refused resume falls through to that new run too, once: it never loops.
 */
export async function resumeIfPaused(
  client: CodegenClient,
  logger: Logger,
  runId: number,
  context: ExecutionContext,
  signal: AbortSignal,
): Promise<AgentRun | undefined> {
  const previous = await client.getRun(runId, { signal });
  const status = normaliseStatus(previous.status);
  if (status.phase !== 'paused') {
    logger.info(
      `task ${context.task.id}: Codegen run ${runId} is ${status.raw} (resume is for paused runs only); starting a new run that pushes to ${context.branch}`,
    );
    return undefined;
  }
  const prompt = buildFollowUpPrompt(context.followUp?.instructions ?? '', context);
  try {
    return await client.resumeRun({ agent_run_id: runId, prompt }, { signal });
  } catch (error) {
    if (!(error instanceof CodegenRequestError)) throw error;
    logger.warning(
      `task ${context.task.id}: Codegen refused to resume run ${runId} (${errorMessage(error)}); starting a new run that pushes to ${context.branch}`,
    );
    return undefined;
  }
}
