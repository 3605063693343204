import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname } from 'node:path';
import type { GitHubState } from './state.js';

/**
 * Git smart HTTP at `/{owner}/{repo}.git/...` for repositories backed by a bare git directory,
 * through `git http-backend` (CGI). Auth is what actions/checkout sends:
 * `Authorization: basic base64(x-access-token:<token>)`; pushing needs write permission.
 */
export async function serveGit(args: {
  state: GitHubState;
  req: IncomingMessage;
  res: ServerResponse;
  target: URL;
  body: Buffer;
}): Promise<void> {
  const { state, req, res, target, body } = args;
  const match = /^\/([^/]+)\/([^/]+)\.git(\/.*)$/.exec(target.pathname);
  const repo = match
    ? state.repo(decodeURIComponent(match[1] ?? ''), decodeURIComponent(match[2] ?? ''))
    : undefined;
  if (!match || !repo?.gitDir) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Repository not found.\n');
    return;
  }
  const login = basicLogin(state, req.headers.authorization);
  if (!login) {
    res
      .writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"', 'content-type': 'text/plain' })
      .end('Invalid username or token.\n');
    return;
  }
  const pushing =
    target.searchParams.get('service') === 'git-receive-pack' ||
    target.pathname.endsWith('/git-receive-pack');
  const permission = state.permissionOf(repo.owner, repo.name, login);
  if (pushing && !(permission === 'write' || permission === 'maintain' || permission === 'admin')) {
    res
      .writeHead(403, { 'content-type': 'text/plain' })
      .end(`Permission to ${repo.owner}/${repo.name}.git denied to ${login}.\n`);
    return;
  }
  const output = await runBackend(repo.gitDir, match[3] ?? '/', target, req, login, body);
  // CGI output: header lines, a blank line, then the body.
  const crlf = output.indexOf('\r\n\r\n');
  const lf = output.indexOf('\n\n');
  const [headerEnd, separator] =
    crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : [Math.max(lf, 0), lf >= 0 ? 2 : 0];
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of output.subarray(0, headerEnd).toString('latin1').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  res.writeHead(status, headers);
  res.end(output.subarray(headerEnd + separator));
}

function basicLogin(state: GitHubState, header: string | undefined): string | undefined {
  const match = /^basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const password = decoded.slice(decoded.indexOf(':') + 1);
  return state.tokens.get(password);
}

function runBackend(
  gitDir: string,
  pathInfo: string,
  target: URL,
  req: IncomingMessage,
  login: string,
  body: Buffer,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '',
        GIT_PROJECT_ROOT: dirname(gitDir),
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: `/${basename(gitDir)}${pathInfo}`,
        REQUEST_METHOD: req.method ?? 'GET',
        QUERY_STRING: target.search.replace(/^\?/, ''),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        CONTENT_LENGTH: String(body.length),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        // REMOTE_USER enables receive-pack (push), as an authenticated GitHub user would have.
        REMOTE_USER: login,
        REMOTE_ADDR: '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 || out.length > 0) resolve(Buffer.concat(out));
      else reject(new Error(`git http-backend exited ${code}: ${Buffer.concat(err).toString()}`));
    });
    // git may finish (and close its stdin) before reading the whole body, e.g. once negotiation
    // is done; its exit status, handled above, is what tells the result.
    child.stdin.on('error', () => undefined);
    child.stdin.end(body);
  });
}
