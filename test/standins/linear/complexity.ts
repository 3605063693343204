import { type DocumentNode, type FieldNode, Kind, type SelectionSetNode, type ValueNode } from 'graphql';

/** Linear's documented cap on one query's complexity. */
export const MAX_QUERY_COMPLEXITY = 10_000;
const DEFAULT_PAGE = 50;

function intArgument(field: FieldNode, name: string, variables: Record<string, unknown>): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const value: ValueNode = arg.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

/** A connection: its selection reads `nodes` or `edges` (Linear's paginated lists). */
function isConnection(field: FieldNode): boolean {
  return (field.selectionSet?.selections ?? []).some(
    (s) => s.kind === Kind.FIELD && (s.name.value === 'nodes' || s.name.value === 'edges'),
  );
}

function selectionCost(
  set: SelectionSetNode | undefined,
  fragments: Map<string, SelectionSetNode>,
  variables: Record<string, unknown>,
): number {
  let total = 0;
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      total += selectionCost(fragments.get(selection.name.value), fragments, variables);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      total += selectionCost(selection.selectionSet, fragments, variables);
    } else if (!selection.selectionSet) {
      total += 1; // a property: 0.1 point (counted in tenths, so sums stay exact)
    } else if (isConnection(selection)) {
      // A connection multiplies what it holds by its page size (`first`/`last`, default 50).
      const page =
        intArgument(selection, 'first', variables) ??
        intArgument(selection, 'last', variables) ??
        DEFAULT_PAGE;
      total += page * selectionCost(selection.selectionSet, fragments, variables);
    } else if (selection.name.value === 'nodes' || selection.name.value === 'edges') {
      total += 10 + selectionCost(selection.selectionSet, fragments, variables); // one object per page entry
    } else {
      total += 10 + selectionCost(selection.selectionSet, fragments, variables); // an object: 1 point
    }
  }
  return total;
}

/**
 * A query's complexity the way Linear documents it: each property 0.1 point, each object 1 point,
 * a connection's contents multiplied by its page size (default 50), the sum rounded up.
 */
export function linearComplexity(document: DocumentNode, variables: Record<string, unknown> = {}): number {
  const fragments = new Map<string, SelectionSetNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def.selectionSet);
  let total = 0;
  for (const def of document.definitions)
    if (def.kind === Kind.OPERATION_DEFINITION)
      total += selectionCost(def.selectionSet, fragments, variables);
  return Math.ceil(total / 10);
}
