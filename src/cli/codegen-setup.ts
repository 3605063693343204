import { CodegenClient, type Organization, type Repository } from '../codegen/index.js';
import { STRATEGIES } from '../config/index.js';
import type { RepositoryRef } from '../domain/index.js';
import { listAllRepositories } from '../executors/codegen/probe.js';
import { UserError } from '../util/errors.js';
import { withTimeout } from '../util/timeout.js';
import {
  booleanOption,
  type CommandContext,
  type CommandInput,
  type CommandSpec,
  EXIT,
  printJson,
  stringOption,
  UsageError,
} from './command.js';
import { applyValidated } from './config.js';
import type { ConfigChange } from './config-file.js';
import { readCliEnvironment, resolveRepository } from './env.js';
import { integerOption, secondsOption, strategyOption } from './options.js';

export const codegenSetupCommand: CommandSpec = {
  path: ['codegen', 'setup'],
  summary: 'connect Codegen: check the token, pick the org and repository, write the codegen block',
  description:
    'Takes the Codegen API token (CODEGEN_API_TOKEN, --token, or asked for on a terminal without echo), ' +
    'checks it against the API (users/me), lists the organizations and repositories it can see and picks ' +
    'one of each (--org-id / CODEGEN_ORG_ID and --codegen-repo, else asked on a terminal, else the only one or ' +
    'the one matching this GitHub repository). It then writes codegen.enabled, codegen.orgId and ' +
    'codegen.repoId to the config file, validated like `cyrus config set`. The token is never written to ' +
    'any file: the command prints how to store it as a repository secret.',
  options: {
    token: {
      type: 'string',
      value: 'TOKEN',
      description: 'the API token (prefer CODEGEN_API_TOKEN: flags end up in shell history)',
    },
    'org-id': {
      type: 'string',
      value: 'ID',
      description: 'the Codegen organization (default: CODEGEN_ORG_ID, else ask or the only one)',
    },
    'codegen-repo': {
      type: 'string',
      value: 'NAME|ID',
      description: 'the Codegen repository, by full name or id (default: this repository)',
    },
    repo: {
      type: 'string',
      value: 'OWNER/NAME',
      description: 'this GitHub repository (default: GITHUB_REPOSITORY, else the origin remote)',
    },
    strategy: { type: 'string', value: STRATEGIES.join('|'), description: 'also set codegen.strategy' },
    'no-input': { type: 'boolean', description: 'never prompt, even on a terminal' },
    timeout: { type: 'string', value: 'SECONDS', description: 'deadline of each API call (default 30)' },
  },
  positionals: { min: 0, max: 0 },
  examples: [
    'cyrus codegen setup',
    'CODEGEN_API_TOKEN=... cyrus codegen setup --org-id 42 --codegen-repo acme/widgets --no-input',
  ],
  run: runSetup,
};

async function runSetup(ctx: CommandContext, input: CommandInput): Promise<number> {
  const timeoutMs = secondsOption(input, 'timeout', 30);
  const interactive = ctx.io.interactive && !booleanOption(input, 'no-input') && !ctx.json;
  const strategy = strategyOption(input);
  const orgFlag = integerOption(input, 'org-id', 1, Number.MAX_SAFE_INTEGER);
  const env = readCliEnvironment(ctx.env);
  const github = (await resolveRepository(stringOption(input, 'repo'), ctx.env, ctx.cwd))?.repository;
  const tokenFlag = stringOption(input, 'token');
  if (tokenFlag !== undefined)
    ctx.io.err('warning: --token lands in shell history; prefer CODEGEN_API_TOKEN.');

  const token = tokenFlag ?? env.codegenApiToken ?? (interactive ? await askToken(ctx) : undefined);
  if (!token) {
    throw new UsageError(
      'no Codegen token: set CODEGEN_API_TOKEN or pass --token (on a terminal, it is asked for)',
    );
  }
  const call = <T>(what: string, work: (signal: AbortSignal) => Promise<T>) =>
    withTimeout(`Codegen (${what})`, timeoutMs, work);
  const client = (orgId: number) =>
    new CodegenClient({
      token,
      orgId,
      baseUrl: env.codegenApiUrl,
      timeoutMs,
      retry: { maxAttempts: 2, baseMs: 500, maxMs: 2_000 },
      logger: ctx.logger,
    });

  // users/me and organizations name no org; the client's org id is not used for them.
  const account = client(orgFlag ?? env.codegenOrgId ?? 1);
  const user = await call('users/me', (signal) => account.getCurrentUser({ signal }));
  const orgs = await call('organizations', (signal) => listAllOrganizations(account, signal));
  const org = await pickOrganization(ctx, orgs, orgFlag ?? env.codegenOrgId, interactive);
  const repos = await call('repositories', (signal) => listAllRepositories(client(org.id), signal));
  const repo = await pickRepository(
    ctx,
    repos,
    org,
    stringOption(input, 'codegen-repo'),
    github,
    interactive,
  );

  const changes: ConfigChange[] = [
    { path: ['codegen', 'enabled'], value: true },
    { path: ['codegen', 'orgId'], value: org.id },
    { path: ['codegen', 'repoId'], value: repo.id },
    ...(strategy ? [{ path: ['codegen', 'strategy'], value: strategy }] : []),
  ];
  const written = await applyValidated(ctx, changes);
  if (!written.ok) {
    ctx.io.err(`Refused: ${written.target.file} was left as it was; it would not validate:`);
    for (const p of written.error.problems) ctx.io.err(`  - ${p.path ? `${p.path}: ` : ''}${p.message}`);
    return EXIT.failure;
  }
  const secretRepo = github ? ` --repo ${github.owner}/${github.repo}` : '';
  const secretCommand = `gh secret set CODEGEN_API_TOKEN${secretRepo}`;
  if (ctx.json) {
    printJson(ctx, {
      user: user.github_username,
      organization: { id: org.id, name: org.name },
      repository: { id: repo.id, fullName: repo.full_name },
      file: written.target.file,
      created: written.created,
      tokenWritten: false,
      secretCommand,
    });
    return EXIT.ok;
  }
  const out = (line: string) => ctx.io.out(line);
  out(`✅ Token: accepted for @${user.github_username} (it is not written to any file)`);
  out(`✅ Organization: ${org.name} (${org.id})`);
  out(`✅ Repository: ${repo.full_name} (Codegen repository ${repo.id})`);
  out(
    `Wrote ${changes.map((c) => c.path.join('.')).join(', ')} to ${written.target.file}${written.created ? ' (created)' : ''}.`,
  );
  out('');
  out('Store the token as a repository secret (gh asks for the value):');
  out(`  ${secretCommand}`);
  out('and pass it to the action in the workflow:');
  out('  codegen-api-token: ${{ secrets.CODEGEN_API_TOKEN }}');
  out('Then check everything with `cyrus status`.');
  return EXIT.ok;
}

async function askToken(ctx: CommandContext): Promise<string | undefined> {
  ctx.io.out('Create an API token at codegen.com → Settings → API tokens.');
  const answer = await ctx.io.prompt('Codegen API token (not shown): ', { secret: true });
  return answer || undefined;
}

async function listAllOrganizations(client: CodegenClient, signal: AbortSignal): Promise<Organization[]> {
  const all: Organization[] = [];
  for (let page = 0; page < 10; page++) {
    const result = await client.listOrganizations({ skip: page * 100, limit: 100, signal });
    all.push(...result.items);
    if (result.items.length < 100 || all.length >= result.total) break;
  }
  return all;
}

async function pickOrganization(
  ctx: CommandContext,
  orgs: Organization[],
  wanted: number | undefined,
  interactive: boolean,
): Promise<Organization> {
  const list = orgs.map((o) => `${o.name} (${o.id})`);
  if (orgs.length === 0)
    throw new UserError('The token sees no Codegen organization; check it at codegen.com.');
  if (wanted !== undefined) {
    const found = orgs.find((o) => o.id === wanted);
    if (!found)
      throw new UserError(`The token cannot see Codegen org ${wanted}; it sees: ${list.join(', ')}.`);
    return found;
  }
  if (orgs.length === 1 && orgs[0]) return orgs[0];
  if (!interactive) {
    throw new UsageError(`the token sees several organizations; pass --org-id (one of: ${list.join(', ')})`);
  }
  const index = await choose(ctx, 'Organizations this token can see:', list, 0);
  return orgs[index] ?? (orgs[0] as Organization);
}

async function pickRepository(
  ctx: CommandContext,
  repos: Repository[],
  org: Organization,
  wanted: string | undefined,
  github: RepositoryRef | undefined,
  interactive: boolean,
): Promise<Repository> {
  const list = repos.map((r) => `${r.full_name} (${r.id})`);
  if (repos.length === 0) {
    throw new UserError(
      `Codegen org ${org.id} has no repositories connected; connect this one at codegen.com → Repositories, then run this again.`,
    );
  }
  if (wanted !== undefined) {
    const found = repos.find(
      (r) => String(r.id) === wanted || r.full_name.toLowerCase() === wanted.toLowerCase(),
    );
    if (!found)
      throw new UserError(`Codegen org ${org.id} has no repository "${wanted}"; it has: ${list.join(', ')}.`);
    return found;
  }
  const name = github ? `${github.owner}/${github.repo}`.toLowerCase() : undefined;
  const match = repos.findIndex((r) => r.full_name.toLowerCase() === name);
  if (interactive) {
    const index = await choose(ctx, `Repositories of ${org.name}:`, list, Math.max(0, match));
    return repos[index] ?? (repos[0] as Repository);
  }
  if (match >= 0) return repos[match] as Repository;
  if (github) {
    throw new UserError(
      `${github.owner}/${github.repo} is not connected to Codegen org ${org.id} (connected: ${list.join(', ')}); ` +
        'connect it at codegen.com → Repositories, or pass --codegen-repo.',
    );
  }
  if (repos.length === 1) return repos[0] as Repository;
  throw new UsageError(
    `org ${org.id} has several repositories; pass --codegen-repo (one of: ${list.join(', ')})`,
  );
}

/** A numbered list and a prompt; Enter takes the default. */
async function choose(
  ctx: CommandContext,
  title: string,
  items: string[],
  defaultIndex: number,
): Promise<number> {
  ctx.io.out(title);
  for (const [i, item] of items.entries()) ctx.io.out(`  ${i + 1}) ${item}`);
  for (let tries = 0; tries < 3; tries++) {
    const answer = await ctx.io.prompt(`Choose 1-${items.length} [${defaultIndex + 1}]: `);
    if (answer === '') return defaultIndex;
    const n = Number(answer);
    if (Number.isInteger(n) && n >= 1 && n <= items.length) return n - 1;
    ctx.io.out(`"${answer}" is not a number from 1 to ${items.length}.`);
  }
  throw new UsageError('no valid choice after 3 tries');
}
