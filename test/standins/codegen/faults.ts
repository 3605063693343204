export type RouteName =
  | 'me'
  | 'organizations'
  | 'repos'
  | 'create'
  | 'getRun'
  | 'listRuns'
  | 'resume'
  | 'logs';

/** `4xx`: a refusal with FastAPI's `detail` body (status from `status`, default 422). */
export type FaultKind = '5xx' | '4xx' | 'reset' | 'hang' | 'malformed' | '402' | '404-create';

export interface FaultRule {
  kind: FaultKind;
  /** How many matching requests get it; Infinity for all. Default 1. */
  times?: number;
  /** Which route; default `create` for 402 / 404-create, any route otherwise. */
  route?: RouteName | 'any';
  /** For 5xx: the status (default 503); for 4xx (default 422). */
  status?: number;
  /** For 5xx: a Retry-After header in seconds. */
  retryAfterSeconds?: number;
  /**
   * Serve the fault after the request took effect (a create that made the run, then the
   * connection dropped): the ambiguous failure a client must not answer by creating twice.
   */
  afterEffect?: boolean;
}

interface ActiveRule extends FaultRule {
  left: number;
}

/** Fault knobs: rules consumed by matching requests, first rule first. */
export class CodegenFaults {
  private rules: ActiveRule[] = [];
  /** Faults served so far, by kind. */
  readonly served: Record<FaultKind, number> = {
    '5xx': 0,
    '4xx': 0,
    reset: 0,
    hang: 0,
    malformed: 0,
    '402': 0,
    '404-create': 0,
  };

  inject(rule: FaultRule): this {
    const route = rule.route ?? (rule.kind === '402' || rule.kind === '404-create' ? 'create' : 'any');
    this.rules.push({ ...rule, route, left: rule.times ?? 1 });
    return this;
  }

  clear(): void {
    this.rules = [];
  }

  take(route: RouteName): FaultRule | undefined {
    const rule = this.rules.find((r) => r.left > 0 && (r.route === 'any' || r.route === route));
    if (!rule) return undefined;
    rule.left -= 1;
    this.served[rule.kind] += 1;
    return rule;
  }
}
