import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';

/**
 * A small validator for the OpenAPI 3.0 subset GitHub's spec uses ($ref, type, nullable, enum,
 * required, properties, additionalProperties, items, allOf/anyOf/oneOf, a few formats), so the
 * stand-in's responses can be checked against `@octokit/openapi` without another dependency.
 */
const Spec = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.object({
    schemas: z.record(z.string(), z.unknown()),
    responses: z.record(z.string(), z.unknown()),
  }),
});
type Spec = z.infer<typeof Spec>;

interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
}

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: Schema }>;
}

let cached: Spec | undefined;
export function githubSpec(): Spec {
  if (!cached) {
    const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
    cached = Spec.parse(JSON.parse(readFileSync(file, 'utf8')));
  }
  return cached;
}

/** The JSON schema GitHub documents for `method path` answering `status`. */
export function responseSchema(method: string, template: string, status: number): Schema {
  const spec = githubSpec();
  const operation = spec.paths[template]?.[method.toLowerCase()] as
    | { responses?: Record<string, ResponseObject> }
    | undefined;
  if (!operation) throw new Error(`no operation ${method} ${template} in the spec`);
  let response = operation.responses?.[String(status)];
  if (response?.$ref)
    response = spec.components.responses[response.$ref.split('/').pop() ?? ''] as ResponseObject;
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`the spec documents no JSON body for ${method} ${template} ${status}`);
  return schema;
}

function resolve(schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 20; hops += 1) {
    const name = current.$ref.split('/').pop() ?? '';
    current = githubSpec().components.schemas[name] as Schema;
    if (!current) throw new Error(`dangling $ref ${name}`);
  }
  return current;
}

/** Every mismatch between `value` and `schema`, as "path: problem" lines; empty when it conforms. */
export function validate(value: unknown, schema: Schema, path = '$'): string[] {
  const s = resolve(schema);
  if (value === null) return s.nullable || s.type === 'null' ? [] : [`${path}: null but not nullable`];
  const errors: string[] = [];
  if (s.allOf) for (const part of s.allOf) errors.push(...validate(value, part, path));
  for (const alternatives of [s.anyOf, s.oneOf]) {
    if (!alternatives) continue;
    const results = alternatives.map((alt) => validate(value, alt, path));
    // oneOf is checked as anyOf: GitHub's spec has overlapping alternatives (e.g. simple-user / empty-object).
    if (!results.some((r) => r.length === 0)) {
      const best = results.reduce((a, b) => (b.length < a.length ? b : a));
      errors.push(
        `${path}: matches none of ${alternatives.length} alternatives; closest: ${best.slice(0, 3).join('; ')}`,
      );
    }
  }
  if (s.enum && !s.enum.includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  switch (s.type) {
    case 'string':
      if (typeof value !== 'string') errors.push(`${path}: expected string, got ${typeof value}`);
      else errors.push(...checkFormat(value, s.format, path));
      break;
    case 'integer':
      if (!Number.isInteger(value)) errors.push(`${path}: expected integer, got ${JSON.stringify(value)}`);
      break;
    case 'number':
      if (typeof value !== 'number') errors.push(`${path}: expected number, got ${typeof value}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${path}: expected boolean, got ${typeof value}`);
      break;
    case 'array':
      if (!Array.isArray(value)) errors.push(`${path}: expected array`);
      else if (s.items) {
        const items = s.items;
        value.forEach((item, i) => {
          errors.push(...validate(item, items, `${path}[${i}]`));
        });
      }
      break;
    case 'object':
      errors.push(...validateObject(value, s, path));
      break;
    default:
      if (s.properties || s.required) errors.push(...validateObject(value, s, path));
  }
  return errors;
}

function validateObject(value: unknown, s: Schema, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${path}: expected object`];
  const record = value as Record<string, unknown>;
  const errors: string[] = [];
  for (const key of s.required ?? [])
    if (!(key in record)) errors.push(`${path}.${key}: required but missing`);
  for (const [key, v] of Object.entries(record)) {
    const property = s.properties?.[key];
    if (property) errors.push(...validate(v, property, `${path}.${key}`));
    else if (s.additionalProperties === false) errors.push(`${path}.${key}: not allowed`);
    else if (typeof s.additionalProperties === 'object')
      errors.push(...validate(v, s.additionalProperties, `${path}.${key}`));
  }
  return errors;
}

function checkFormat(value: string, format: string | undefined, path: string): string[] {
  if (
    format === 'date-time' &&
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    return [`${path}: ${value} is not a date-time`];
  }
  if (format === 'uri' && !URL.canParse(value)) return [`${path}: ${value} is not a uri`];
  return [];
}

/** A named schema of the spec's components (for error answers an operation does not document). */
export function componentSchema(name: string): Schema {
  const schema = githubSpec().components.schemas[name] as Schema | undefined;
  if (!schema) throw new Error(`no schema ${name} in the spec`);
  return schema;
}
