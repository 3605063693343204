import { z } from 'zod';
import { Plan } from '../domain/index.js';

/**
 * The JSON Schema handed to `claude --json-schema`: the Plan contract with every field required
 * and no extra keys (so the model always states dependencies and files), and the size cap. The CLI
 * validates the model's `StructuredOutput` call against it and makes the model retry on a mismatch.
 */
export function planJsonSchema(maxSubtasks: number): Record<string, unknown> {
  const schema: Record<string, unknown> = { ...z.toJSONSchema(Plan, { io: 'output' }) };
  delete schema.$schema;
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  const tasks = properties?.tasks;
  if (tasks) tasks.maxItems = maxSubtasks;
  return schema;
}
