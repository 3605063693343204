import { STRATEGIES, type Strategy } from '../config/index.js';
import { type CommandInput, stringOption, UsageError } from './command.js';

/** A `--timeout`-style option in seconds, as milliseconds. */
export function secondsOption(input: CommandInput, name: string, fallbackSeconds: number): number {
  const text = stringOption(input, name);
  if (text === undefined) return fallbackSeconds * 1000;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(`--${name} must be a number of seconds above 0 (at most 3600), found "${text}"`);
  }
  return Math.round(seconds * 1000);
}

/** A whole-number option within bounds (`--org-id`, `--timeout-minutes`). */
export function integerOption(
  input: CommandInput,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const text = stringOption(input, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `a positive whole number` : `a whole number from ${min} to ${max}`;
    throw new UsageError(`--${name} must be ${range}, found "${text}"`);
  }
  return n;
}

/** `--strategy`: one of the five strategies. */
export function strategyOption(input: CommandInput): Strategy | undefined {
  const text = stringOption(input, 'strategy');
  if (text === undefined) return undefined;
  if ((STRATEGIES as readonly string[]).includes(text)) return text as Strategy;
  throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')}, found "${text}"`);
}
