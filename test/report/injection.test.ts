import { describe, expect, it } from 'vitest';
import type { IssueRecord } from '../../src/ledger/records.js';
import {
  escapeMarkdown,
  ganttText,
  type JobReport,
  mermaidLabel,
  renderGitHubIssueComment,
  renderJobSummary,
  renderTrackingComment,
  renderValidationCheck,
} from '../../src/report/index.js';
import { hybridRecord, hybridReport, NOW, RUN_URL } from './fixtures.js';

/** Titles an attacker (or a confused model) could put in an issue or a plan. */
const EVIL = [
  '"]; click task_0 call alert(1); x["',
  '<script>alert(1)</script><img src=x onerror=alert(2)>',
  'line one\nclassDef evil fill:#f00\n%%{init: {"securityLevel": "loose"}}%%\nclick task_1 href "javascript:alert(1)"',
  'fence ``` break ```mermaid',
  '| cell | break |',
  '[click me](javascript:alert(1)) ![x](https://evil.test/x.png)',
  '@everyone please look, and @acme/admins',
  'section evil :done, 1, 2 # comment; title owned',
  'entity #35; &amp; &#x200B; $x^2$ ~~strike~~ **bold** _em_',
  '\u202Eevil bidi\u200B zero width\u0000',
  'end',
];

const evilRecord = (): IssueRecord => {
  const tasks: IssueRecord['tasks'] = {};
  const planTasks = hybridRecord.plan?.tasks ?? [];
  const plan = {
    summary: `Plan ${EVIL[1]} ${EVIL[2]}`,
    tasks: planTasks.map((t, i) => ({ ...t, title: EVIL[i % EVIL.length] ?? 'x' })),
  };
  for (const [id, task] of Object.entries(hybridRecord.tasks)) {
    const i = plan.tasks.findIndex((t) => t.id === id);
    tasks[id] = {
      ...task,
      title: EVIL[i] ?? 'x',
      note: EVIL[(i + 4) % EVIL.length],
      executorReason: EVIL[(i + 5) % EVIL.length],
      attempts: task.attempts.map((a) => ({
        ...a,
        executor: a.executor === 'codegen' ? (EVIL[7] ?? 'x') : a.executor,
        failure: a.failure ? { ...a.failure, message: EVIL[(i + 2) % EVIL.length] ?? 'x' } : undefined,
      })),
    };
  }
  // A ledger task the plan does not name, with an id no plan would accept.
  tasks['"];click'] = {
    id: '"];click',
    title: EVIL[0] ?? 'x',
    state: 'running',
    attempts: [
      {
        number: 1,
        executor: EVIL[2] ?? 'x',
        dispatchKey: 'k',
        sessionId: null,
        status: 'running',
        startedAt: '2025-03-14T10:30:00.000Z',
      },
    ],
    updatedAt: NOW,
  };
  tasks.t3 = {
    ...(tasks.t3 as IssueRecord['tasks'][string]),
    pullRequest: { number: 9, url: 'javascript:alert(1)//https://x', headBranch: 'b' },
  };
  return { ...hybridRecord, issue: { ...hybridRecord.issue, title: EVIL[6] ?? 'x' }, plan, tasks };
};

const evilReport = (): JobReport => ({
  ...hybridReport,
  trigger: { ...hybridReport.trigger, decision: EVIL[5] ?? 'x' },
  issue: { identifier: 'ENG-123', title: EVIL[1], url: 'javascript:alert(1)' },
  decisions: EVIL,
  work: { record: evilRecord(), now: NOW },
});

function mermaidBlocks(markdown: string): string[] {
  return Array.from(markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm), (m) => m[1] ?? '');
}

const STATES = 'pending|running|pr_open|succeeded|failed|held|deferred';
const FLOWCHART_LINE = new RegExp(
  [
    '^flowchart TD$',
    '^  task_\\d+\\["[^"]*"\\]$',
    '^  task_\\d+ --> task_\\d+$',
    `^  classDef (${STATES}) [a-z:#0-9,\\- ]+$`,
    `^  class task_\\d+(,task_\\d+)* (${STATES})$`,
  ].join('|'),
);
const GANTT_LINE =
  /^---$|^config:$|^ {2}gantt:$|^ {4}leftPadding: \d+$|^gantt$|^ {2}dateFormat x$|^ {2}axisFormat %[HMSmdY:% -]+$|^ {2}tickInterval \d+(second|minute|hour|day|week)$|^ {2}todayMarker off$|^ {2}section [\p{L}\p{N} ._\-()/…]+$|^ {4}Attempt \d+[\p{L}\p{N} ._\-()/…]* :(done|crit|active), \d+, \d+$/u;

/** `<` outside our own few tags must be backslash-escaped, so no HTML reaches the page. */
function rawTags(markdown: string): string[] {
  const allowed = /^<(\/?details|\/?summary|!-- cyrus:tracking --|br\/)>/;
  const found: string[] = [];
  for (const match of markdown.matchAll(/<[^\n]{0,30}/g)) {
    const at = match.index ?? 0;
    if (markdown[at - 1] === '\\') continue;
    if (!allowed.test(match[0])) found.push(match[0]);
  }
  return found;
}

describe('untrusted titles in the job summary', () => {
  const text = renderJobSummary(evilReport());
  const blocks = mermaidBlocks(text);

  it('keeps both diagrams to the statements we write', () => {
    expect(blocks).toHaveLength(2);
    const [flowchart = '', gantt = ''] = blocks;
    for (const line of flowchart.split('\n')) expect(line).toMatch(FLOWCHART_LINE);
    for (const line of gantt.split('\n')) expect(line).toMatch(GANTT_LINE);
    // 5 tasks: 4 planned + 1 unplanned ledger task; one node each.
    expect(flowchart.match(/^ {2}task_\d+\[/gm)).toHaveLength(5);
  });

  it('leaves no markup in flowchart labels beyond our line break and entity codes', () => {
    const [flowchart = ''] = blocks;
    for (const [, label = ''] of flowchart.matchAll(/\["([^"]*)"\]/g)) {
      const bare = label.replace(/<br\/>/g, '').replace(/#\d+;/g, '');
      expect(bare).not.toMatch(/[<>"`;{}%#&[\]|\\\n]/);
    }
    expect(flowchart).toContain('#60;script#62;alert(1)#60;/script#62;');
  });

  it('never lets a line of text start a mermaid statement', () => {
    const all = blocks.join('\n');
    expect(all).not.toMatch(/^\s*click\b/m);
    expect(all).not.toMatch(/^\s*%%/m);
    expect(all).not.toMatch(/^\s*classDef evil/m);
  });

  it('keeps markdown inert: no HTML, no unsafe links, no mentions, tables intact, fences closed', () => {
    expect(rawTags(text)).toEqual([]);
    expect(text).not.toMatch(/\]\((?!https?:)/);
    expect(text).not.toMatch(/@(everyone|acme)/);
    const rows = text.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(2 + 5);
    for (const row of rows) expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(8);
    const fences = text.split('\n').filter((l) => /^`{3,}/.test(l));
    expect(fences.length % 2).toBe(0);
    expect(text).not.toContain('\u202E');
    // The only zero-width space is the one that defuses a mention.
    expect(text.replace(/@\u200B/g, '')).not.toContain('\u200B');
    expect(text.includes(String.fromCharCode(0))).toBe(false);
  });
});

describe('untrusted titles in comments and check runs', () => {
  const input = { work: { record: evilRecord() }, now: NOW, runUrl: RUN_URL };

  it.each([
    ['Linear', renderTrackingComment(input)],
    ['GitHub', renderGitHubIssueComment(input)],
  ])('%s tracking comment stays inert', (_name, text) => {
    expect(rawTags(text)).toEqual([]);
    expect(text).not.toMatch(/\]\((?!https?:)/);
    expect(text).not.toMatch(/@(everyone|acme)/);
    // Every task stays one checklist item: no title opens a new line or a new item.
    expect(text.match(/^- \[[ x]\] /gm)).toHaveLength(5);
    expect(text.split('\n').filter((l) => l.startsWith('<!--'))).toEqual(['<!-- cyrus:tracking -->']);
  });

  it('check run output stays inert, the evidence fence unbroken', () => {
    const check = renderValidationCheck({
      outcome: 'failed',
      issue: 'ENG-123',
      task: { id: 't1', title: EVIL[2] ?? 'x' },
      headSha: 'abc"><script>',
      reasons: EVIL,
      evidence: [
        {
          source: EVIL[1] ?? 'x',
          excerpt: 'log ```\n</details><script>x</script>\n```',
          url: 'javascript:x',
        },
      ],
    });
    expect(check.output.title).not.toMatch(/\n/);
    expect(rawTags(check.output.summary)).toEqual([]);
    expect(check.output.summary).not.toContain('Commit');
    const text = check.output.text ?? '';
    expect(text).toMatch(/^````text$/m);
    // The excerpt's own ``` line sits inside a longer fence, which only our closing line ends.
    expect(text.split('\n').filter((l) => /^`{4,}/.test(l))).toEqual(['````text', '````']);
  });
});

describe('escaping helpers', () => {
  it('mermaidLabel encodes everything outside a small safe set', () => {
    expect(mermaidLabel('a "b" <c>')).toBe('a #34;b#34; #60;c#62;');
    expect(mermaidLabel('x\n  y')).toBe('x y');
    expect(mermaidLabel('Größe ok')).toBe('Größe ok');
  });

  it('ganttText keeps only words', () => {
    expect(ganttText('section a: b # c; d')).toBe('section a b c d');
  });

  it('escapeMarkdown flattens, escapes and defuses mentions', () => {
    expect(escapeMarkdown('a\nb')).toBe('a b');
    expect(escapeMarkdown('<b>|</b>')).toBe('\\<b\\>\\|\\</b\\>');
    expect(escapeMarkdown('@octocat')).toBe('@\u200boctocat');
    expect(escapeMarkdown('a@b.test')).toBe('a@\u200bb.test');
  });
});
