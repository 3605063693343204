import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CODEGEN_OPENAPI_PATH } from '../fixtures/contracts.js';

/** Codegen's official OpenAPI spec: the verbatim copy in test/fixtures/contracts. */
export const SPEC_PATH = CODEGEN_OPENAPI_PATH;

const Ref = z.object({ $ref: z.string() });
const Operation = z.looseObject({
  requestBody: z.looseObject({ content: z.record(z.string(), z.object({ schema: Ref })) }).optional(),
  responses: z.record(
    z.string(),
    z.looseObject({ content: z.record(z.string(), z.looseObject({ schema: z.unknown() })).optional() }),
  ),
});
type Operation = z.infer<typeof Operation>;
const Spec = z.looseObject({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});

const spec = Spec.parse(JSON.parse(readFileSync(SPEC_PATH, 'utf8')));
// fromJSONSchema resolves local refs under $defs; the spec keeps them under components/schemas.
const defs = JSON.parse(
  JSON.stringify(spec.components.schemas).replaceAll('#/components/schemas/', '#/$defs/'),
) as Record<string, unknown>;
const cache = new Map<string, z.ZodType>();

/** A component schema of the spec as a zod schema (extra fields allowed, required ones required). */
export function specSchema(name: string): z.ZodType {
  let schema = cache.get(name);
  if (!schema) {
    if (!(name in defs)) throw new Error(`the spec has no schema ${name}`);
    schema = z.fromJSONSchema({ $defs: defs, $ref: `#/$defs/${name}` } as Parameters<
      typeof z.fromJSONSchema
    >[0]);
    cache.set(name, schema);
  }
  return schema;
}

function templateRegex(template: string): RegExp {
  return new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
}

/** The spec's operation for a concrete method and path (query string ignored). */
export function findOperation(
  method: string,
  urlPath: string,
): { template: string; operation: Operation } | undefined {
  const pathname = urlPath.split('?')[0] ?? urlPath;
  // Literal segments beat parameters (`agent/run/resume` is not `agent/run/{id}`).
  const templates = Object.keys(spec.paths).sort(
    (a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0),
  );
  for (const template of templates) {
    const op = spec.paths[template]?.[method.toLowerCase()];
    if (op && templateRegex(template).test(pathname)) return { template, operation: Operation.parse(op) };
  }
  return undefined;
}

/** The schema name the spec declares for this response, or undefined when the status is not declared. */
export function responseSchemaName(method: string, urlPath: string, status: number): string | undefined {
  const found = findOperation(method, urlPath);
  const schema = found?.operation.responses[String(status)]?.content?.['application/json']?.schema;
  const ref = Ref.safeParse(schema);
  return ref.success ? ref.data.$ref.split('/').pop() : undefined;
}

export function requestSchemaName(method: string, urlPath: string): string | undefined {
  const ref = findOperation(method, urlPath)?.operation.requestBody?.content['application/json']?.schema.$ref;
  return ref?.split('/').pop();
}
