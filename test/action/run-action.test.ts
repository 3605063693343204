import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputName } from '../../src/action/inputs.js';
import type { ActionIO } from '../../src/action/io.js';
import { runAction } from '../../src/action/run-action.js';
import type { ModeOutcome } from '../../src/modes/index.js';
import { MemoryLogger } from '../../src/util/logger.js';

function memoryIO(inputs: Partial<Record<InputName, string>>) {
  const outputs: Record<string, string> = {};
  const failures: string[] = [];
  const io: ActionIO = {
    getInput: (name) => inputs[name] ?? '',
    setSecret: () => undefined,
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    writeSummary: async () => undefined,
    setFailed: (message) => {
      failures.push(message);
    },
    logger: new MemoryLogger(),
  };
  return { io, outputs, failures };
}

const env = {
  GITHUB_EVENT_NAME: 'workflow_dispatch',
  GITHUB_REPOSITORY: 'acme/widgets',
  GITHUB_WORKSPACE: mkdtempSync(path.join(os.tmpdir(), 'ws-')),
};

describe('runAction: how a mode outcome becomes the step result', () => {
  it.each([
    ['success', 0],
    ['partial', 0],
    ['pending', 0],
    ['failure', 1],
  ] as const)('status %s fails the step %i time(s)', async (status, failed) => {
    const { io, outputs, failures } = memoryIO({ 'github-token': 'ghs_x', mode: 'run', issue: 'ENG-1' });
    const outcome: ModeOutcome = {
      status,
      decisions: ['api: failed after 3 attempts'],
      pullRequests: ['https://github.com/acme/widgets/pull/1'],
    };
    const result = await runAction(io, env, { handlers: { run: async () => outcome } });
    expect(outputs.status).toBe(status);
    expect(outputs['pull-requests']).toBe('["https://github.com/acme/widgets/pull/1"]');
    expect(result.report.decisions).toContain('api: failed after 3 attempts');
    expect(failures).toHaveLength(failed);
    if (failed)
      expect(failures[0]).toBe('codegen-action finished with status failure: api: failed after 3 attempts');
  });
});
