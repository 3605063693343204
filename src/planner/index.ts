import { type ClaudeRunResult, runClaude } from '../claude/index.js';
import type { Plan } from '../domain/index.js';
import type { Clock } from '../util/clock.js';
import { UserError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { checkAnswer } from './answer.js';
import { readRepositoryGuidance } from './guidance.js';
import { type AddedEdge, orderOverlappingTasks } from './ordering.js';
import {
  buildPlannerPrompt,
  buildRepairPrompt,
  type IssueText,
  PLANNER_DENIED_TOOLS,
  PLANNER_SYSTEM_PROMPT,
  PLANNER_TOOLS,
} from './prompt.js';
import { planJsonSchema } from './schema.js';

export { checkAnswer } from './answer.js';
export { type AddedEdge, orderOverlappingTasks } from './ordering.js';
export { buildPlannerPrompt, PLANNER_TOOLS } from './prompt.js';
export { planJsonSchema } from './schema.js';

export interface PlanIssueInput {
  issue: IssueText;
  /** The checked-out repository; the planner reads it and nothing else. */
  repoDir: string;
  maxSubtasks: number;
  claude: {
    binary: string;
    env: Record<string, string>;
    model?: string;
    maxTurns?: number;
    maxBudgetUsd?: number;
  };
  /** Epoch ms; both rounds together stay within it. */
  deadline: number;
  logger: Logger;
  clock?: Clock;
  signal?: AbortSignal;
}

/** Planning failed: the run stopped early, or the plan was still invalid after the repair round. */
export class PlannerError extends UserError {
  constructor(
    message: string,
    details: readonly string[],
    /** The model's last answer, when there was one. */
    readonly answer?: unknown,
    readonly run?: ClaudeRunResult,
  ) {
    super(message, details);
  }
}

const MAX_LOGGED_ANSWER_CHARS = 20_000;

/**
 * Asks Claude Code, read-only, for the plan (tasks, dependencies, sizes, kinds); checks it (schema, ids, cycles, size) and
 * gives the model one repair round with the errors; then orders tasks whose files overlap.
 */
export async function planIssue(input: PlanIssueInput): Promise<Plan> {
  const { issue, maxSubtasks, logger } = input;
  const guidance = await readRepositoryGuidance(input.repoDir);
  if (guidance) logger.info(`planner: using the repository's ${guidance.file}`);
  const firstPrompt = buildPlannerPrompt(issue, maxSubtasks, guidance);
  const common = {
    binary: input.claude.binary,
    env: input.claude.env,
    cwd: input.repoDir,
    tools: PLANNER_TOOLS,
    disallowedTools: PLANNER_DENIED_TOOLS,
    jsonSchema: planJsonSchema(maxSubtasks),
    appendSystemPrompt: PLANNER_SYSTEM_PROMPT,
    model: input.claude.model,
    maxTurns: input.claude.maxTurns,
    maxBudgetUsd: input.claude.maxBudgetUsd,
    deadline: input.deadline,
    clock: input.clock,
    signal: input.signal,
    logger,
  };

  const first = await runRound(input, 1, () => runClaude({ ...common, prompt: firstPrompt }));
  const firstCheck = checkAnswer(first.structuredOutput, first.resultText, maxSubtasks);
  if (firstCheck.ok) return finish(firstCheck.plan, input);

  logger.warning(
    `planner: the plan for ${issue.identifier} was rejected; asking for a repair:\n  - ${firstCheck.errors.join('\n  - ')}`,
  );
  const repairPrompt = buildRepairPrompt(firstCheck.errors, maxSubtasks);
  let second = first.sessionId
    ? await runRound(input, 2, () =>
        runClaude({ ...common, prompt: repairPrompt, resumeSessionId: first.sessionId ?? undefined }),
      )
    : undefined;
  if (!second || (!second.success && second.turns === 0 && second.failureKind === 'agent_error')) {
    // The session could not be resumed (none, or not found): start afresh, carrying the errors.
    logger.info('planner: repairing in a fresh session');
    second = await runRound(input, 2, () =>
      runClaude({ ...common, prompt: `${firstPrompt}\n\n${repairPrompt}` }),
    );
  }
  const secondCheck = checkAnswer(second.structuredOutput, second.resultText, maxSubtasks);
  if (secondCheck.ok) return finish(secondCheck.plan, input);

  logger.error(`planner: the model's answer after the repair round:\n${printable(secondCheck.answer)}`);
  throw new PlannerError(
    `Planning ${issue.identifier} failed: the plan was still invalid after one repair round. ` +
      "The model's answer is in the log; simplify or clarify the issue, or raise `max-subtasks` if it needs more tasks.",
    secondCheck.errors,
    secondCheck.answer,
    second,
  );
}

async function runRound(
  input: PlanIssueInput,
  round: number,
  run: () => Promise<ClaudeRunResult>,
): Promise<ClaudeRunResult> {
  const result = await run();
  input.logger.info(
    `planner: round ${round} for ${input.issue.identifier}: ${result.stoppedBy} ` +
      `(session ${result.sessionId ?? 'none'}, $${result.costUsd.toFixed(4)})`,
  );
  if (!result.success && !(round === 2 && result.turns === 0 && result.failureKind === 'agent_error')) {
    throw new PlannerError(
      `Planning ${input.issue.identifier} failed: ${result.stoppedBy}.`,
      [
        result.failureKind === 'max_turns'
          ? 'raise planner.maxTurns in the config file, or narrow the issue'
          : '',
        result.failureKind === 'deadline' ? 'raise `wait-timeout-minutes`, or narrow the issue' : '',
        result.failureKind === 'max_budget'
          ? 'raise the budget (`max-cost-per-task`), or narrow the issue'
          : '',
        result.failureKind === 'auth'
          ? 'check the `anthropic-api-key` / `claude-code-oauth-token` input'
          : '',
      ].filter((line) => line !== ''),
      result.structuredOutput ?? result.resultText,
      result,
    );
  }
  return result;
}

function finish(plan: Plan, input: PlanIssueInput): Plan {
  const { plan: ordered, added } = orderOverlappingTasks(plan);
  for (const edge of added) input.logger.info(describeEdge(edge));
  input.logger.info(
    `planner: ${input.issue.identifier} → ${ordered.tasks.length} task(s): ${ordered.tasks.map((t) => t.id).join(', ')}`,
  );
  return ordered;
}

function describeEdge(edge: AddedEdge): string {
  return `planner: ${edge.task} now waits for ${edge.dependsOn}: both touch ${edge.files.join(', ')}`;
}

function printable(answer: unknown): string {
  const text = typeof answer === 'string' ? answer : JSON.stringify(answer, null, 2);
  return (text ?? String(answer)).slice(0, MAX_LOGGED_ANSWER_CHARS);
}
