import { join } from 'node:path';
import {
  type ClaudeCredentials,
  type ClaudeRunResult,
  runClaude,
  SANDBOX_MCP_CONFIG,
  type StreamMessage,
  StreamTrace,
  toolUses,
} from '../../claude/index.js';
import { SANDBOX_BIN_DIR } from '../../sandbox/index.js';
import type { Logger } from '../../util/logger.js';
import {
  type AgentOutcome,
  type AgentRun,
  type AgentStep,
  buildFollowUpPrompt,
  buildFreshFollowUpPrompt,
  buildTaskPrompt,
} from '../worktree/index.js';
import { agentEnvironment, sandboxedAgentEnvironment } from './environment.js';
import { DEFAULT_LOCAL_TOOLS, toolFlags } from './tools.js';

export interface ClaudeSettings {
  /** The `claude` executable (resolveClaudeBinary). */
  binary: string;
  /** The only secret the agent gets. */
  credentials: ClaudeCredentials;
  model?: string;
  /** Configured allowed tools; the model is offered exactly these (by base name). */
  allowedTools?: readonly string[];
  maxTurns?: number;
  /** Where the agent's environment is built from (allow-listed); process.env by default. */
  sourceEnv?: NodeJS.ProcessEnv;
  /** `features.enableTracing`: the stream's tool calls, turns, time and cost go on the result. */
  tracing?: boolean;
  /** The base branch's MCP servers file (`features.useMcpServers`), mounted read-only for the CLI. */
  mcpConfig?: string;
}

const CLAUDE_IN_SANDBOX = join(SANDBOX_BIN_DIR, 'claude');

/** Claude Code edits the files: `claude -p` in the agent directory, resumed for a follow-up. */
export class ClaudeAgentStep implements AgentStep {
  readonly label = 'Claude Code';
  readonly readOnlyMounts: readonly { source: string; dest: string }[];

  constructor(
    private readonly settings: ClaudeSettings,
    private readonly logger?: Logger,
  ) {
    this.readOnlyMounts = [
      { source: settings.binary, dest: CLAUDE_IN_SANDBOX },
      ...(settings.mcpConfig ? [{ source: settings.mcpConfig, dest: SANDBOX_MCP_CONFIG }] : []),
    ];
  }

  async run(run: AgentRun): Promise<AgentOutcome> {
    const env = sandboxedAgentEnvironment(
      agentEnvironment(
        this.settings.sourceEnv ?? process.env,
        this.settings.credentials,
        run.secrets,
        this.logger,
      ),
      run.home,
    );
    const at = () => new Date(run.clock.now()).toISOString();
    const taskId = run.context.task.id;
    const trace = this.settings.tracing ? new StreamTrace() : undefined;
    const onMessage = (message: StreamMessage) => {
      trace?.observe(message);
      const id =
        'session_id' in message && typeof message.session_id === 'string' ? message.session_id : null;
      if (id) run.onSession(id);
      if (message.type === 'assistant') {
        for (const tool of toolUses(message)) run.emit({ type: 'tool', at: at(), taskId, name: tool.name });
      }
    };
    const claude = await this.runClaude(run, env, onMessage);
    const outcome: AgentOutcome = {
      success: claude.success,
      sessionId: claude.sessionId,
      cost: { usd: claude.costUsd, estimated: false, basis: 'reported by Claude Code (total_cost_usd)' },
      turns: claude.turns,
      ending: claude.stoppedBy,
      ...(claude.resultText ? { summary: claude.resultText } : {}),
      ...(trace ? { trace: trace.summary(claude.durationMs) } : {}),
    };
    if (!claude.success) {
      outcome.failure = {
        kind: claude.failureKind ?? 'agent_error',
        message: `Claude Code did not finish the task: ${claude.stoppedBy}`,
      };
    }
    return outcome;
  }

  private async runClaude(
    run: AgentRun,
    env: Record<string, string>,
    onMessage: (message: StreamMessage) => void,
  ): Promise<ClaudeRunResult> {
    const { settings } = this;
    const { context } = run;
    const flags = toolFlags(settings.allowedTools ?? DEFAULT_LOCAL_TOOLS);
    const common = {
      binary: CLAUDE_IN_SANDBOX,
      wrap: run.wrap,
      untrustedContent: true,
      cwd: run.cwd,
      env,
      deadline: context.deadline,
      clock: run.clock,
      signal: run.signal,
      onMessage,
      tools: flags.tools,
      allowedTools: flags.allowedTools,
      ...(settings.model ? { model: settings.model } : {}),
      ...(settings.mcpConfig ? { mcpConfig: SANDBOX_MCP_CONFIG } : {}),
      ...(settings.maxTurns ? { maxTurns: settings.maxTurns } : {}),
      ...(context.maxCostUsd ? { maxBudgetUsd: context.maxCostUsd } : {}),
      ...(this.logger ? { logger: this.logger } : {}),
    };
    const followUp = context.followUp;
    if (!followUp) return runClaude({ ...common, prompt: buildTaskPrompt(run.prompt, context) });
    const resumed = await runClaude({
      ...common,
      prompt: buildFollowUpPrompt(followUp.instructions, context),
      resumeSessionId: followUp.sessionId,
    });
    // The session lives on the runner that made it; elsewhere the CLI cannot resume it.
    const notResumable = !resumed.success && resumed.turns === 0 && resumed.failureKind === 'agent_error';
    if (!notResumable) return resumed;
    this.logger?.info(
      `session ${followUp.sessionId} cannot be resumed here (${resumed.stoppedBy}); starting a new one on the same branch`,
    );
    return runClaude({
      ...common,
      prompt: buildFreshFollowUpPrompt(run.prompt, followUp.instructions, context),
    });
  }
}
