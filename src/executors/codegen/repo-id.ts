import { type CodegenClient, CodegenError } from '../../codegen/index.js';
import type { CodegenRepoRef } from './repo-ref.js';

const PAGE = 100;
const MAX_PAGES = 10;

/** The org has repositories, but not this one: runs would work in another repository. */
export class CodegenRepositoryMissingError extends CodegenError {
  override readonly name = 'CodegenRepositoryMissingError';
  constructor(orgId: number, fullName: string, known: readonly string[]) {
    const listed =
      known.length > 0
        ? `it has ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}`
        : 'it has none';
    super(
      `Codegen org ${orgId} does not have the repository ${fullName} (${listed}); a run without it would work in the org's default repository. ` +
        'Connect it on codegen.com (Repositories), or set codegen.repoId (`cyrus codegen setup` picks it).',
      'no_repositories',
      404,
    );
  }
}

/**
 * Codegen's id of `fullName` (owner/repo): without `repo_id` a run works in the org's default
 * repository, which need not be this one. Read once per job from the org's repositories, unless
 * an earlier job stored it in the ledger.
 */
export class CodegenRepoIdResolver {
  private found: Promise<number> | undefined;

  constructor(
    private readonly client: CodegenClient,
    readonly fullName: string,
  ) {}

  /** The id, from `stored` (the ledger's) when it is this repository's, else from the org's list. */
  resolve(signal?: AbortSignal, stored?: CodegenRepoRef): Promise<number> {
    if (!this.found && stored && stored.fullName.toLowerCase() === this.fullName.toLowerCase()) {
      this.found = Promise.resolve(stored.id);
    }
    this.found ??= this.lookUp(signal);
    // A failed look-up is not remembered: the next task asks again.
    this.found.catch(() => {
      this.found = undefined;
    });
    return this.found;
  }

  /** Forgets the id (Codegen refused it, e.g. the repository was reconnected) and lists again. */
  refresh(signal?: AbortSignal): Promise<number> {
    this.found = undefined;
    return this.resolve(signal);
  }

  private async lookUp(signal?: AbortSignal): Promise<number> {
    const wanted = this.fullName.toLowerCase();
    const seen: string[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.client.listRepositories({ skip: page * PAGE, limit: PAGE, signal });
      const match = result.items.find((r) => r.full_name.toLowerCase() === wanted);
      if (match) return match.id;
      seen.push(...result.items.map((r) => r.full_name));
      if (result.items.length < PAGE || seen.length >= result.total) break;
    }
    throw new CodegenRepositoryMissingError(this.client.orgId, this.fullName, seen);
  }
}
