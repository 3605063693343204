/**
 * Which npm package holds the native `claude` binary for this machine. The wrapper package
 * `@anthropic-ai/claude-code` only copies that binary into place from a postinstall script, which
 * npm 11 skips unless allowed; the platform package holds the binary itself, so we install that.
 */
export interface ClaudePlatform {
  /** e.g. "linux-x64-musl"; also the tool-cache arch folder. */
  key: string;
  /** e.g. "@anthropic-ai/claude-code-linux-x64-musl". */
  packageName: string;
  /** The binary's file name inside the platform package. */
  binaryName: string;
}

const SUPPORTED = new Set([
  'darwin-arm64',
  'darwin-x64',
  'linux-x64',
  'linux-arm64',
  'linux-x64-musl',
  'linux-arm64-musl',
  'win32-x64',
  'win32-arm64',
]);

/** musl libc (Alpine): Node's diagnostic report names a glibc runtime only on glibc systems. */
function detectMusl(): boolean {
  if (process.platform !== 'linux') return false;
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report !== undefined && report.header?.glibcVersionRuntime === undefined;
}

export function claudePlatform(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
  musl: boolean = platform === 'linux' && detectMusl(),
): ClaudePlatform {
  const key = `${platform}-${arch}${platform === 'linux' && musl ? '-musl' : ''}`;
  if (!SUPPORTED.has(key)) {
    throw new Error(
      `Claude Code publishes no native binary for ${key} (supported: ${[...SUPPORTED].join(', ')}); ` +
        'install `claude` yourself and pass its path as the `claude-path` input.',
    );
  }
  return {
    key,
    packageName: `@anthropic-ai/claude-code-${key}`,
    binaryName: platform === 'win32' ? 'claude.exe' : 'claude',
  };
}
