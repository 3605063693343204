/** Where the agent reads its prompt from, as the command template says. */
export type PromptInput = 'argument' | 'file' | 'stdin';

export interface AgentInvocation {
  program: string;
  args: string[];
  /** The prompt, when it goes on stdin; null otherwise (stdin is then closed at once). */
  stdin: string | null;
}

const PLACEHOLDERS = /\{(prompt|promptFile)\}/g;

/** How the template passes the prompt: `{prompt}` in an argument, `{promptFile}`, else stdin. */
export function promptInput(command: readonly string[]): PromptInput {
  if (command.some((arg) => arg.includes('{prompt}'))) return 'argument';
  if (command.some((arg) => arg.includes('{promptFile}'))) return 'file';
  return 'stdin';
}

/**
 * The argv for one run (pure). Placeholders are replaced in one pass, so placeholder-like text in
 * the prompt itself stays as written, and no shell ever reads the prompt.
 */
export function agentInvocation(
  command: readonly string[],
  prompt: string,
  promptFile: string,
): AgentInvocation {
  const [program, ...rest] = command;
  if (program === undefined) throw new Error('the command template is empty: name the program to run');
  const args = rest.map((arg) =>
    arg.replace(PLACEHOLDERS, (_match, name: string) => (name === 'prompt' ? prompt : promptFile)),
  );
  return { program, args, stdin: promptInput(command) === 'stdin' ? prompt : null };
}
