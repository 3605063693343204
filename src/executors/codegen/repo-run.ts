import { type AgentRun, CodegenError } from '../../codegen/index.js';
import type { Logger } from '../../util/logger.js';
import type { CodegenRepoIdResolver } from './repo-id.js';
import type { CodegenRepoRef } from './repo-ref.js';

export interface RepositoryChoice {
  /** codegen.repoId from the config: used as it is. */
  configured: number | undefined;
  resolver: CodegenRepoIdResolver | undefined;
  /** The id an earlier job stored in the ledger. */
  stored: CodegenRepoRef | undefined;
  logger: Logger;
  signal: AbortSignal;
  /** Told the resolved id the run is sent with, for the ledger. */
  onRepo: (repo: CodegenRepoRef) => void;
}

/**
 * Creates a run in this repository: without repo_id a run works in the org's default repository,
 * which need not be this one. A stored id Codegen refuses (404/422: the repository was
 * reconnected under another id) is looked up again once.
 */
export async function createRunInRepository(
  create: (repoId: number | undefined) => Promise<AgentRun>,
  choice: RepositoryChoice,
): Promise<AgentRun> {
  const { configured, resolver, stored, signal } = choice;
  const repoId = configured ?? (await resolver?.resolve(signal, stored));
  if (configured !== undefined || !resolver || repoId === undefined) return create(repoId);
  choice.onRepo({ id: repoId, fullName: resolver.fullName });
  try {
    return await create(repoId);
  } catch (error) {
    const refused = error instanceof CodegenError && (error.status === 404 || error.status === 422);
    if (!refused || stored?.id !== repoId) throw error;
    choice.logger.warning(
      `Codegen refused repo_id ${repoId} stored in the ledger for ${resolver.fullName} (HTTP ${error.status}); looking it up again`,
    );
    const fresh = await resolver.refresh(signal);
    choice.onRepo({ id: fresh, fullName: resolver.fullName });
    return create(fresh);
  }
}
