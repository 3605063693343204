import { describe, expect, it } from 'vitest';
import { type InputName, readInputs } from '../../src/action/inputs.js';

function read(values: Partial<Record<InputName, string>>) {
  const masked: string[] = [];
  const inputs = readInputs(
    (name) => values[name] ?? '',
    (s) => masked.push(s),
  );
  return { inputs, masked };
}

describe('readInputs', () => {
  it('applies defaults and parses types', () => {
    const { inputs } = read({
      'max-parallel': '3',
      'max-cost-per-day': '12.5',
      wait: 'false',
      'allowed-bots': 'a[bot], b[bot]',
    });
    expect(inputs).toMatchObject({
      mode: 'auto',
      'dry-run': false,
      'linear-api-url': 'https://api.linear.app/graphql',
      'codegen-api-url': 'https://api.codegen.com',
      'max-parallel': 3,
      'max-cost-per-day': 12.5,
      wait: false,
      'allowed-bots': ['a[bot]', 'b[bot]'],
    });
  });

  it('masks every secret input the moment it is read, even when other inputs are invalid', () => {
    const values = {
      'github-token': 'ghs_x',
      'linear-api-key': 'lin_api_y',
      'codegen-api-token': 'cg_z',
      'anthropic-api-key': 'sk-ant-w',
      mode: 'bogus',
    };
    const masked: string[] = [];
    expect(() =>
      readInputs(
        (n) => values[n as keyof typeof values] ?? '',
        (s) => masked.push(s),
      ),
    ).toThrow();
    expect(masked.sort()).toEqual(['cg_z', 'ghs_x', 'lin_api_y', 'sk-ant-w']);
  });

  it('reports every bad input with its name, what was expected and what was found', () => {
    expect(() =>
      read({ mode: 'go', 'max-parallel': 'many', strategy: 'fast', 'max-cost-per-task': '-1', wait: 'yes' }),
    ).toThrow(/input "mode": expected one of auto, run.*\n.*input "strategy": expected one of local-only/s);
    try {
      read({ 'max-parallel': 'many', 'codegen-api-url': 'ftp://x', 'codegen-org-id': '0' });
    } catch (error) {
      const text = String(error);
      expect(text).toContain('input "max-parallel": expected a positive whole number, found "many"');
      expect(text).toContain('input "codegen-api-url": expected an http(s) URL');
      expect(text).toContain('input "codegen-org-id": expected a number above zero');
    }
  });

  it('never prints a secret input value in an error', () => {
    let message = '';
    try {
      read({ 'linear-api-key': '   ', 'github-token': 'ghs_secret', mode: 'x' });
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('input "mode"');
    expect(message).not.toContain('ghs_secret');
  });
});
