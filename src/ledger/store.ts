/** A stored document and the version a compare-and-swap write must name. */
export interface VersionedDocument {
  content: string;
  /** Opaque: the blob sha on GitHub, a content hash locally. */
  version: string;
}

export type WriteResult = { ok: true; version: string } | { ok: false; reason: 'conflict' };

/**
 * Where the ledger lives. Every write is a compare-and-swap: it names the version it read
 * (null to create), and loses with `conflict` when someone wrote in between.
 */
export interface LedgerStore {
  /** Human-readable location, for logs ("github:acme/web@cyrus-state", "dir:/tmp/ledger"). */
  readonly description: string;
  read(path: string): Promise<VersionedDocument | null>;
  write(path: string, content: string, expectedVersion: string | null, message: string): Promise<WriteResult>;
  /** Paths of the documents directly under a folder ("issues", "spend"). */
  list(folder: string): Promise<string[]>;
  /**
   * The document as this process last read or wrote it, without asking the store; it may be stale.
   * A compare-and-swap may start from it (a stale one loses with `conflict` and is read again).
   */
  known?(path: string): VersionedDocument | undefined;
}
