import type { ExecutorDescriptor, ExecutorLocation } from './executor.js';

/**
 * The executors this job can use. Adding an executor is implementing TaskExecutor and
 * registering a descriptor here; nothing else in the orchestrator changes.
 */
export class ExecutorRegistry {
  private readonly byName = new Map<string, ExecutorDescriptor>();

  register(descriptor: ExecutorDescriptor): this {
    if (this.byName.has(descriptor.name)) {
      throw new Error(`an executor named "${descriptor.name}" is already registered`);
    }
    this.byName.set(descriptor.name, descriptor);
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

  byLocation(location: ExecutorLocation): ExecutorDescriptor[] {
    return [...this.byName.values()].filter((d) => d.location === location);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
