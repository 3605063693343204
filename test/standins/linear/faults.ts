/** Ways the stand-in misbehaves on request, the way the real Linear (or the path to it) does. */
export type LinearFault =
  /** `RATELIMITED` in a GraphQL error with HTTP 400 (or `status`), budget headers at zero, and a reset time. */
  | { kind: 'ratelimited'; resetInMs?: number; retryAfterSeconds?: number; status?: number }
  /** A bare HTTP status (a proxy's 502); with `afterExecute` the operation ran first. */
  | { kind: 'status'; status: number; body?: string; afterExecute?: boolean }
  /** No answer at all; with `afterExecute` the operation ran first. */
  | { kind: 'hang'; afterExecute?: boolean }
  /** HTTP 200, the field at `path` nulled, and a GraphQL error naming it: partial data. */
  | { kind: 'partial'; path: string[]; message?: string }
  /** The root field `field` fails while the rest of the document runs (as Linear refuses an input). */
  | { kind: 'fieldError'; field: string; message?: string };

export interface FaultRule {
  fault: LinearFault;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** Only requests of this operation type / with this root field. */
  operation?: 'query' | 'mutation';
  field?: string;
}

export interface RequestShape {
  operation: 'query' | 'mutation' | 'subscription';
  rootFields: string[];
}

export class LinearFaults {
  private rules: (FaultRule & { left: number })[] = [];

  inject(rule: FaultRule): this {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
    return this;
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if a rule matches (and uses one of its hits). */
  take(shape: RequestShape): LinearFault | undefined {
    const rule = this.rules.find((r) => {
      const field = r.field ?? (r.fault.kind === 'fieldError' ? r.fault.field : undefined);
      return (
        r.left > 0 &&
        (r.operation === undefined || r.operation === shape.operation) &&
        (field === undefined || shape.rootFields.includes(field))
      );
    });
    if (!rule) return undefined;
    rule.left -= 1;
    return rule.fault;
  }
}
