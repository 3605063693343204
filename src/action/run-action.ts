import { failedJob, type JobDependencies, type JobResult, runJob } from '../modes/index.js';
import { type JobReport, renderJobSummary } from '../report/index.js';
import { type Clock, systemClock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { ActionIO } from './io.js';
import { actionJobSettings, readStartup } from './job-settings.js';
import { type ActionOutputs, writeOutputs } from './outputs.js';
import { runUrl } from './runner-env.js';

export interface ActionDependencies {
  handlers?: JobDependencies['handlers'];
  clock?: Clock;
}

/**
 * One run of the action: inputs and runner variables become the job's settings, the job runs,
 * and its result becomes outputs, the summary and the step's status. Every path ends with all
 * outputs set and a summary written; failures reach setFailed as a sentence to act on.
 */
export async function runAction(
  io: ActionIO,
  env: NodeJS.ProcessEnv,
  deps: ActionDependencies = {},
): Promise<{ outputs: ActionOutputs; report: JobReport }> {
  // What a report can say when the job cannot even start.
  const early: JobReport = {
    status: 'failure',
    trigger: { event: env.GITHUB_EVENT_NAME ?? '(none)', decision: 'not decided' },
    decisions: [],
  };
  let result: JobResult;
  try {
    const startup = readStartup(io, env);
    early.runUrl = runUrl(startup.runner);
    const settings = await actionJobSettings(startup);
    result = await runJob(settings, {
      clock: deps.clock ?? systemClock,
      logger: io.logger,
      ...(deps.handlers ? { handlers: deps.handlers } : {}),
    });
  } catch (error) {
    result = failedJob(error, early, io.logger);
  }
  const { report } = result;
  if (result.failure) io.setFailed(result.failure);
  const outputs: ActionOutputs = { ...result.outputs, summary: renderJobSummary(report) };
  writeOutputs(outputs, io.setOutput);
  try {
    await io.writeSummary(outputs.summary);
  } catch (error) {
    io.logger.warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
  return { outputs, report };
}
