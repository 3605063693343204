import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runChromium } from './chromium.js';

export interface Box {
  selector: string;
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Boxes of the elements matching `selectors` in each SVG, as headless Chromium lays them out (getBBox). */
export async function svgBoxes(svgs: readonly string[], selectors: readonly string[]): Promise<Box[][]> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'svg-boxes-')), 'boxes.html');
  writeFileSync(
    file,
    `<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:sans-serif}</style></head><body>
${svgs.map((svg) => `<div class="holder">${svg}</div>`).join('\n')}
<pre id="boxes"></pre>
<script>
const selectors = ${JSON.stringify(selectors)};
const all = [...document.querySelectorAll('.holder > svg')].map((svg) =>
  selectors.flatMap((selector) => [...svg.querySelectorAll(selector)].map((el) => {
    const b = el.getBBox();
    return { selector, text: el.textContent, x: b.x, y: b.y, width: b.width, height: b.height };
  })),
);
document.getElementById('boxes').textContent = JSON.stringify(all);
</script></body></html>`,
  );
  const dom = await runChromium(['--dump-dom', pathToFileURL(file).href]);
  const json = /<pre id="boxes">([^<]*)<\/pre>/.exec(dom)?.[1];
  if (!json) throw new Error(`the measuring page did not run:\n${dom.slice(0, 1000)}`);
  return JSON.parse(
    json
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  ) as Box[][];
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
