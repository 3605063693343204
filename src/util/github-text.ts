/**
 * Untrusted text (a task prompt, an agent's summary, a model's review) made safe to post on
 * GitHub (a security rule): it closes no issue on merge (`Fixes #1`), pings nobody (`@team`), and loads
 * no picture (an image is a beacon that tells its owner who read the page, and when).
 */
const CLOSING =
  /\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(?=\s*:?\s+(?:[\w.-]+\/[\w.-]+)?#\d|\s*:?\s+https?:\/\/\S+\/(?:issues|pull)\/\d)/gi;

export function neutralizeForGitHub(text: string): string {
  return (
    text
      // A zero-width space inside the keyword: GitHub no longer reads it as one.
      .replace(CLOSING, (word) => `${word.slice(0, 1)}\u200b${word.slice(1)}`)
      .replace(/(^|[^\w`])@(?=[A-Za-z0-9][\w-]*)/g, '$1@\u200b')
      .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, (_m, alt: string) => `[image${alt ? `: ${alt}` : ''}]`)
      .replace(/<img\b[^>]*>/gi, '[image]')
      // Our own markers are HTML comments: outside text must not open or close one.
      .replace(/<!--|-->/g, '')
  );
}
