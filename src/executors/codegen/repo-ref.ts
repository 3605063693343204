import { z } from 'zod';
import type { ExecutorMemo } from '../../domain/index.js';

/** Codegen's id of a repository, as resolved from the org's repositories and kept in the ledger. */
export const CodegenRepoRef = z.object({ id: z.number().int().positive(), fullName: z.string().min(3) });
export type CodegenRepoRef = z.infer<typeof CodegenRepoRef>;

/** The repo id an earlier attempt left in the ledger, when the memo holds a valid one. */
export function rememberedRepo(memo: ExecutorMemo | undefined): CodegenRepoRef | undefined {
  const parsed = CodegenRepoRef.safeParse(memo?.codegenRepo);
  return parsed.success ? parsed.data : undefined;
}

export function repoMemo(repo: CodegenRepoRef | undefined): ExecutorMemo | undefined {
  return repo ? { codegenRepo: repo } : undefined;
}
