import { createHash } from 'node:crypto';

/**
 * A UUID (v4 layout) derived from a seed. Linear accepts a client-chosen `id` on create; deriving
 * it from the issue (and task) makes a create that may already have landed recognisable after a
 * timeout or a killed job, so the tracking comment and sub-issues are never made twice.
 */
function derivedUuid(seed: string): string {
  const bytes = createHash('sha256').update(seed).digest().subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x40, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function trackingCommentId(issueId: string): string {
  return derivedUuid(`cyrus:tracking-comment:${issueId}`);
}

export function subIssueId(issueId: string, key: string): string {
  return derivedUuid(`cyrus:sub-issue:${issueId}:${key}`);
}
