import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { findBrowser } from './browser.js';

const tempDir = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

/** The browser findBrowser found; tests call browserOrSkip first, so a missing one is a skip there. */
export function chromiumPath(): string {
  const verdict = findBrowser();
  if (verdict.kind !== 'found') throw new Error(verdict.kind === 'skip' ? verdict.notice : verdict.message);
  return verdict.path;
}

/** Flags for a headless run that touches no network and no real profile. */
function flags(): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
    '--force-device-scale-factor=1',
    `--user-data-dir=${tempDir('chromium-profile-')}`,
  ];
}

export function runChromium(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      chromiumPath(),
      [...flags(), ...args],
      { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`chromium failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

/** The page's DOM after its scripts ran. */
export function dumpDom(file: string): Promise<string> {
  return runChromium(['--dump-dom', pathToFileURL(file).href]);
}

/** Renders the page and counts the pixels of each colour (±6 per channel). */
export async function screenshotColours(file: string, colours: string[]): Promise<Record<string, number>> {
  const png = path.join(tempDir('chromium-shot-'), 'page.png');
  await runChromium([`--screenshot=${png}`, '--window-size=900,2200', pathToFileURL(file).href]);
  const image = decodePng(readFileSync(png));
  const wanted = colours.map(
    (hex) => [hex, [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16))] as const,
  );
  const counts: Record<string, number> = Object.fromEntries(colours.map((c) => [c, 0]));
  for (let p = 0; p < image.width * image.height; p++) {
    const [r, g, b] = [image.rgba[p * 4] ?? 0, image.rgba[p * 4 + 1] ?? 0, image.rgba[p * 4 + 2] ?? 0];
    for (const [hex, [wr = 0, wg = 0, wb = 0]] of wanted) {
      if (Math.abs(r - wr) <= 6 && Math.abs(g - wg) <= 6 && Math.abs(b - wb) <= 6)
        counts[hex] = (counts[hex] ?? 0) + 1;
    }
  }
  return counts;
}

/** Just enough PNG to read Chromium's screenshots: 8-bit RGB or RGBA, not interlaced. */
export function decodePng(data: Buffer): { width: number; height: number; rgba: Uint8Array } {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('ascii', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || interlace !== 0 || (colourType !== 2 && colourType !== 6)) {
        throw new Error(
          `unsupported PNG (depth ${depth}, colour type ${colourType}, interlace ${interlace})`,
        );
      }
      channels = colourType === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter] ?? 0;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = pixels[p * channels + c] ?? 0;
    rgba[p * 4 + 3] = channels === 4 ? (pixels[p * channels + 3] ?? 255) : 255;
  }
  return { width, height, rgba };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
