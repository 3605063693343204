import type { ExecutorDescriptor, ExecutorIdentity } from './executor.js';

/** An executor this job knows of but cannot use, with the reason (shown in choices and status). */
export interface UnavailableExecutor {
  identity: ExecutorIdentity;
  reason: string;
}

/**
 * The executors this job can use, in the order their modules are listed, and the ones it cannot
 * use with the reason. Adding an executor is a module that returns a descriptor; nothing else in
 * the orchestrator changes.
 */
export class ExecutorRegistry {
  private readonly byName = new Map<string, ExecutorDescriptor>();
  private readonly missing = new Map<string, UnavailableExecutor>();

  register(descriptor: ExecutorDescriptor): this {
    if (this.byName.has(descriptor.name)) {
      throw new Error(`an executor named "${descriptor.name}" is already registered`);
    }
    this.byName.set(descriptor.name, descriptor);
    this.missing.delete(descriptor.name);
    return this;
  }

  /** Records why an executor cannot run in this job; a later register() of the same name wins. */
  registerUnavailable(identity: ExecutorIdentity, reason: string): this {
    if (!this.byName.has(identity.name)) this.missing.set(identity.name, { identity, reason });
    return this;
  }

  get(name: string): ExecutorDescriptor | undefined {
    return this.byName.get(name);
  }

  /** Like get, but a missing executor is a programming or configuration error. */
  require(name: string): ExecutorDescriptor {
    const found = this.byName.get(name);
    if (!found) {
      const known = [...this.byName.keys()].join(', ') || 'none';
      throw new Error(`no executor named "${name}" is registered (registered: ${known})`);
    }
    return found;
  }

  /** Every registered executor, in registration order. */
  descriptors(): ExecutorDescriptor[] {
    return [...this.byName.values()];
  }

  /** The executors known but unusable in this job, with why. */
  unavailable(): UnavailableExecutor[] {
    return [...this.missing.values()];
  }

  /** What an executor is, registered or not: for reports and stats over old attempts. */
  identity(name: string): ExecutorIdentity | undefined {
    return this.byName.get(name) ?? this.missing.get(name)?.identity;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
