import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runChromium } from './chromium.js';

/** The real mermaid (the `mermaid` package's browser bundle) and its own markdown renderer, marked. */
const MERMAID_BUNDLE = path.resolve('node_modules/mermaid/dist/mermaid.min.js');
const MARKED_BUNDLE = path.resolve('node_modules/marked/lib/marked.umd.js');

/** Where the screenshots go, to be looked at after a run. */
export const PICTURES_DIR = path.join(os.tmpdir(), 'cyrus-pictures');

/** What the page measured of one rendered diagram. */
export interface MermaidResult {
  ok: boolean;
  error?: string;
  /** The gantt's axis labels, left to right. */
  ticks: string[];
  /** Right edge of the widest gantt section title, and left edge of the first bar (SVG units). */
  titlesRight: number;
  barsLeft: number;
  /** Flowchart nodes drawn. */
  nodes: number;
}

export interface RenderedPage {
  diagrams: MermaidResult[];
  /** The text of every inline code element, and the page's visible text. */
  codes: string[];
  text: string;
  file: string;
}

/**
 * A markdown document (a job summary) as GitHub shows it: marked turns it into HTML, and every
 * ```mermaid block goes through mermaid.parse and mermaid.render, in headless Chromium. The page
 * measures what it drew (getBBox) and reports it.
 */
export async function renderMarkdownPage(markdown: string): Promise<RenderedPage> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mermaid-page-'));
  const file = path.join(dir, 'page.html');
  const source = JSON.stringify(markdown).replace(/</g, '\\u003c');
  writeFileSync(
    file,
    `<!doctype html><html><head><meta charset="utf-8">
<style>body{font-family:sans-serif;background:#fff;margin:16px;max-width:960px} table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:2px 6px}</style>
<script src="${pathToFileURL(MARKED_BUNDLE).href}"></script>
<script src="${pathToFileURL(MERMAID_BUNDLE).href}"></script></head><body>
<div id="doc"></div><pre id="results" style="display:none"></pre>
<script>
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
(async () => {
  const doc = document.getElementById('doc');
  doc.innerHTML = marked.parse(${source});
  const diagrams = [];
  let i = 0;
  for (const block of [...doc.querySelectorAll('pre > code.language-mermaid')]) {
    const result = { ok: false, ticks: [], titlesRight: 0, barsLeft: 0, nodes: 0 };
    try {
      await mermaid.parse(block.textContent);
      const { svg } = await mermaid.render('diagram' + i++, block.textContent);
      const holder = document.createElement('div');
      holder.innerHTML = svg;
      block.parentElement.replaceWith(holder);
      const root = holder.querySelector('svg');
      result.ok = true;
      result.ticks = [...root.querySelectorAll('.tick text')].map((t) => t.textContent);
      const titles = [...root.querySelectorAll('text.sectionTitle')].map((t) => t.getBBox());
      result.titlesRight = Math.max(0, ...titles.map((b) => b.x + b.width));
      const bars = [...root.querySelectorAll('rect.task')].map((r) => r.getBBox());
      result.barsLeft = bars.length ? Math.min(...bars.map((b) => b.x)) : 0;
      result.nodes = root.querySelectorAll('g.node').length;
    } catch (error) {
      result.error = String((error && error.message) || error);
    }
    diagrams.push(result);
  }
  const codes = [...doc.querySelectorAll('code')].map((c) => c.textContent);
  document.getElementById('results').textContent = JSON.stringify({ diagrams, codes, text: doc.innerText });
})();
</script></body></html>`,
  );
  const dom = await runChromium(['--virtual-time-budget=20000', '--dump-dom', pathToFileURL(file).href]);
  const json = /<pre id="results"[^>]*>([^<]*)<\/pre>/.exec(dom)?.[1];
  if (!json) throw new Error(`the page did not finish rendering:\n${dom.slice(0, 2000)}`);
  const decoded = json
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return { ...(JSON.parse(decoded) as Omit<RenderedPage, 'file'>), file };
}

/** A screenshot of the rendered page, kept in PICTURES_DIR under `name`.png; returns its path. */
export async function screenshotPage(file: string, name: string, size = '1000,1600'): Promise<string> {
  mkdirSync(PICTURES_DIR, { recursive: true });
  const png = path.join(PICTURES_DIR, `${name}.png`);
  await runChromium([
    '--virtual-time-budget=20000',
    `--screenshot=${png}`,
    `--window-size=${size}`,
    pathToFileURL(file).href,
  ]);
  return png;
}
