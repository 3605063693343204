/**
 * A child's proxy variables in both cases. Programs disagree on which they read: libcurl (so git)
 * takes only lower-case `http_proxy` (upper case is ignored there, a CGI safeguard), Claude Code
 * documents the upper-case names, and the toolkit reads either. Whichever case the runner set,
 * the child gets both, so every program honours the same proxy.
 */
export function withProxyVariablesInBothCases(env: Record<string, string>): Record<string, string> {
  const out = { ...env };
  for (const lower of ['http_proxy', 'https_proxy', 'no_proxy']) {
    const upper = lower.toUpperCase();
    const value = env[lower] ?? env[upper];
    if (value === undefined) continue;
    out[lower] ??= value;
    out[upper] ??= value;
  }
  return out;
}
