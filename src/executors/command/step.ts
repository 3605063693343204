import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FailureKind } from '../../domain/index.js';
import type { Logger } from '../../util/logger.js';
import {
  type AgentOutcome,
  type AgentRun,
  type AgentStep,
  buildFreshFollowUpPrompt,
  buildTaskPrompt,
} from '../worktree/index.js';
import { CONFIG_PATH, type CommandExecutorConfig } from './config.js';
import { commandRunCost } from './cost.js';
import { commandEnvironment } from './environment.js';
import { agentInvocation, promptInput } from './invocation.js';
import { type AgentProcessResult, runAgentProcess } from './run.js';

/** Where the prompt file appears inside the sandbox (bound read-only out of the action's private dir). */
export const PROMPT_FILE_IN_SANDBOX = '/run/cyrus-sandbox/prompt.md';
/** Output lines reported as progress, at most, and how long each may be. */
export const MAX_PROGRESS_LINES = 100;
const MAX_LINE_CHARS = 300;
/** Linux refuses a single argument over 128 KiB (MAX_ARG_STRLEN); a prompt that long goes in a file. */
const MAX_ARGUMENT_BYTES = 120_000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colours and control characters are what it strips.
const CONTROL = /\u001b\[[0-9;?]*[ -/]*[@-~]|[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Runs a command-line coding agent in the agent directory: a fresh run each time (no session to resume). */
export class CommandAgentStep implements AgentStep {
  readonly label: string;
  readonly readOnlyMounts = [];

  constructor(
    private readonly config: CommandExecutorConfig,
    private readonly sourceEnv: NodeJS.ProcessEnv,
    private readonly logger?: Logger,
  ) {
    this.label = config.label;
  }

  async run(run: AgentRun): Promise<AgentOutcome> {
    const { context } = run;
    const prompt = context.followUp
      ? buildFreshFollowUpPrompt(run.prompt, context.followUp.instructions, context)
      : buildTaskPrompt(run.prompt, context);
    let wrap = run.wrap;
    const input = promptInput(this.config.command);
    if (input === 'argument' && Buffer.byteLength(prompt) > MAX_ARGUMENT_BYTES) {
      return {
        success: false,
        sessionId: null,
        cost: { usd: 0, estimated: true, basis: `${this.label} did not start` },
        ending: 'not started',
        failure: {
          kind: 'internal',
          message: `the prompt (${Buffer.byteLength(prompt)} bytes) is too long for one argument; pass it as a file with {promptFile} in ${CONFIG_PATH}.command`,
        },
      };
    }
    if (input === 'file') {
      const file = join(run.privateDir, 'prompt.md');
      await writeFile(file, prompt, { mode: 0o644 });
      wrap = run.wrapWith([{ source: file, dest: PROMPT_FILE_IN_SANDBOX }]);
    }
    const invocation = agentInvocation(this.config.command, prompt, PROMPT_FILE_IN_SANDBOX);
    const env = commandEnvironment(this.sourceEnv, this.config.env, run.secrets, run.home, this.logger);
    const sessionId = `command-${randomUUID()}`;
    run.onSession(sessionId);
    const at = () => new Date(run.clock.now()).toISOString();
    let reported = 0;
    const lines: string[] = [];
    const onLine = (raw: string) => {
      const line = raw.replace(CONTROL, '').trim();
      if (line === '') return;
      lines.push(line);
      if (lines.length > 20) lines.shift();
      reported += 1;
      if (reported > MAX_PROGRESS_LINES + 1) return;
      const text =
        reported > MAX_PROGRESS_LINES ? '(further output is not reported)' : line.slice(0, MAX_LINE_CHARS);
      run.emit({ type: 'message', at: at(), taskId: context.task.id, text });
    };
    this.logger?.info(
      `${this.label}: running ${invocation.program} (prompt on ${promptInput(this.config.command)})`,
    );
    const ran = await runAgentProcess({
      launch: wrap(invocation.program, invocation.args),
      cwd: run.cwd,
      env,
      stdin: invocation.stdin,
      timeoutAt: run.clock.now() + this.config.timeoutMinutes * 60_000,
      deadline: context.deadline,
      clock: run.clock,
      signal: run.signal,
      onLine,
    });
    const cost = commandRunCost(this.config, ran.elapsedMs);
    const failure = this.failureOf(ran, invocation.program, context.deadline);
    const summary = lines.join('\n').slice(-2000);
    return {
      success: failure === undefined,
      sessionId,
      cost,
      ending: `exit code ${ran.exitCode}`,
      ...(summary ? { summary } : {}),
      ...(failure ? { failure } : {}),
    };
  }

  private failureOf(
    ran: AgentProcessResult,
    program: string,
    deadline: number,
  ): { kind: FailureKind; message: string } | undefined {
    const { label } = this;
    const tail = ran.outputTail.replace(CONTROL, '').trim().slice(-1000);
    const said = tail ? `; its last output: ${tail}` : '; it printed nothing';
    if (ran.stoppedFor === 'timeout') {
      return {
        kind: 'deadline',
        message: `${label} ran past its timeout (${CONFIG_PATH}.timeoutMinutes = ${this.config.timeoutMinutes}) and was killed with its process group`,
      };
    }
    if (ran.stoppedFor === 'deadline') {
      return {
        kind: 'deadline',
        message: `the run's deadline (${new Date(deadline).toISOString()}) stopped ${label}; its process group was killed`,
      };
    }
    if (ran.stoppedFor === 'cancelled') {
      return { kind: 'cancelled', message: `${label} was stopped; its process group was killed` };
    }
    if (ran.startError) {
      return { kind: 'agent_error', message: `${label} could not be started (${ran.startError})` };
    }
    if (ran.exitCode === 0) return undefined;
    if (ran.exitCode === 127) {
      return {
        kind: 'agent_error',
        message: `${label}: ${program} was not found in the sandbox (exit 127); install it where the sandbox sees it (a system directory on PATH, e.g. /usr/local/bin) or name it by its full path in ${CONFIG_PATH}.command${said}`,
      };
    }
    const how = ran.exitSignal ? `was killed by ${ran.exitSignal}` : `exited with code ${ran.exitCode}`;
    return { kind: 'agent_error', message: `${label} ${how}${said}` };
  }
}
