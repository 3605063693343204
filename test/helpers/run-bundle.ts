import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Parsed from the GITHUB_OUTPUT file, as the runner reads it. */
  outputs: Record<string, string>;
  summary: string;
}

export interface BundleOptions {
  eventName?: string;
  payload?: unknown;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** Files to create in the workspace before the run (path → content). */
  workspaceFiles?: Record<string, string>;
  timeoutMs?: number;
  /** Each complete stdout line as the action prints it (the demo shows its progress from these). */
  onLine?: (line: string) => void;
}

const BUNDLE = path.resolve('dist/index.js');

/**
 * Runs the built action the way the runner does: `node dist/index.js` with INPUT_* variables,
 * the event file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and nothing else from this process.
 */
export async function runBundle(options: BundleOptions = {}): Promise<BundleRun> {
  return startBundle(options).done;
}

/** Like runBundle, but hands over the process, so a test can kill it mid-run. */
export function startBundle(options: BundleOptions = {}): { child: ChildProcess; done: Promise<BundleRun> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bundle-run-'));
  const workspace = path.join(dir, 'workspace');
  const files = {
    output: path.join(dir, 'output'),
    summary: path.join(dir, 'summary'),
    event: path.join(dir, 'event.json'),
  };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  for (const [file, content] of Object.entries({ '.keep': '', ...options.workspaceFiles })) {
    const target = path.join(workspace, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    RUNNER_TEMP: path.join(dir, 'temp'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_RUN_ID: '1001',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    ...options.env,
  };
  if (options.eventName) {
    env.GITHUB_EVENT_NAME = options.eventName;
    writeFileSync(files.event, JSON.stringify(options.payload ?? {}));
    env.GITHUB_EVENT_PATH = files.event;
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const child = spawn(process.execPath, [BUNDLE], { env, cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (!options.onLine) return;
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onLine(line);
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  const done = new Promise<number | null>((resolve) => child.on('close', resolve)).then((code) => {
    clearTimeout(timeout);
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(readFileSync(files.output, 'utf8')),
      summary: readFileSync(files.summary, 'utf8'),
    };
  });
  return { child, done };
}

/** The runner's GITHUB_OUTPUT format: `name<<DELIMITER\nvalue\nDELIMITER\n` (or `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      while (i + 1 < lines.length && lines[i + 1] !== delimiter) value.push(lines[++i] ?? '');
      i++;
      outputs[name] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}
