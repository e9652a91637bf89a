// The first visit's JavaScript counted from dist/ alone, no browser: what `npm test`'s size check (check-size.ts)
// and the bench's B9s row read. Bench B9 counts what Chromium really fetches (bench/browser/first-visit.ts).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Chunks the first visit imports on demand before its grid shows: the head of the bundled 2012 plan
 * (src/lib/seed/default-plan.ts, first start only; its rest comes after the grid) and the grid with
 * Handsontable (AreaView).
 */
export const FIRST_VISIT_CHUNKS = [/^plan-2012-first-[\w-]+\.js$/, /^MatrixGrid-[\w-]+\.js$/];

export interface SizedFile {
  file: string;
  raw: number;
  gzip: number;
}

export interface FirstVisitSize {
  files: SizedFile[];
  raw: number;
  /** gzip level 6 of each file, summed. */
  gzip: number;
}

/** Static imports of a built chunk (`import … from "./x.js"`, `import "./x.js"`), not dynamic import(). */
export function staticImportsOf(code: string): string[] {
  const found = new Set<string>();
  const pattern = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) found.add(match[1] as string);
  return [...found];
}

/**
 * `dist/index.html`'s module script and modulepreloads, following their static imports, plus
 * `FIRST_VISIT_CHUNKS` and their static imports.
 */
export async function measureStaticFirstVisit(distDir: string): Promise<FirstVisitSize> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const assets = await readdir(join(distDir, 'assets'));
  const entries = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => (m[1] as string).replace(/^\//, ''));
  for (const pattern of FIRST_VISIT_CHUNKS) {
    const file = assets.find((name) => pattern.test(name));
    if (!file) throw new Error(`first visit: no chunk matching ${pattern} in ${distDir}/assets (is it still imported on demand?)`);
    entries.push(`assets/${file}`);
  }
  const seen = new Set<string>();
  const queue = [...entries];
  const files: SizedFile[] = [];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const bytes = await readFile(join(distDir, file));
    files.push({ file, raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length });
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    for (const spec of staticImportsOf(bytes.toString('utf8'))) {
      queue.push(spec.startsWith('./') ? dir + spec.slice(2) : spec.replace(/^\//, ''));
    }
  }
  return {
    files,
    raw: files.reduce((sum, f) => sum + f.raw, 0),
    gzip: files.reduce((sum, f) => sum + f.gzip, 0),
  };
}
