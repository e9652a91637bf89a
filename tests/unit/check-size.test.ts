// Issue 25: the size gate counts the first visit's scripts (static graph + the grid's and plan's chunks) and fails past the budget.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { measureStaticFirstVisit } from '../../scripts/first-visit-size.ts';
import { judgeSize } from '../../scripts/check-size.ts';

let dist: string;
const files: Record<string, string> = {
  'index.html': '<script type="module" crossorigin src="/assets/index-A1.js"></script><link rel="modulepreload" crossorigin href="/assets/shared-B2.js">',
  // The entry: a static import, and dynamic imports that are not counted (but the grid's and the plan's are).
  'assets/index-A1.js': 'import{a as x}from"./shared-B2.js";import"./style-C3.js";const g=()=>import("./MatrixGrid-D4.js"),p=()=>import("./plan-2012-first-E5.js"),s=()=>import("./plan-index-F6.js"),r=()=>import("./plan-2012-rest-H8.js");',
  'assets/shared-B2.js': 'export const a=1;',
  'assets/style-C3.js': 'console.log(1);',
  'assets/MatrixGrid-D4.js': 'import{a}from"./shared-B2.js";import{h}from"./hot-G7.js";'.padEnd(4000, 'x'),
  'assets/hot-G7.js': 'export const h=2;',
  'assets/plan-2012-first-E5.js': 'export default {};',
  'assets/plan-index-F6.js': 'export const never=1;'.padEnd(50_000, 'y'),
  // The other areas' rows of the plan come after the grid: not counted, though its name starts like the head's.
  'assets/plan-2012-rest-H8.js': 'export default {};'.padEnd(20_000, 'z'),
};

beforeEach(async () => {
  dist = await mkdtemp(join(tmpdir(), 'quadro-size-'));
  await mkdir(join(dist, 'assets'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dist, name), text);
});
afterEach(async () => {
  await rm(dist, { recursive: true, force: true });
});

describe('measureStaticFirstVisit', () => {
  it('counts the page graph and the grid and plan chunks with their imports, once each, and nothing loaded later', async () => {
    const size = await measureStaticFirstVisit(dist);
    const counted = size.files.map((f) => f.file).sort();
    expect(counted).toEqual(['assets/MatrixGrid-D4.js', 'assets/hot-G7.js', 'assets/index-A1.js', 'assets/plan-2012-first-E5.js', 'assets/shared-B2.js', 'assets/style-C3.js']);
    const expected = counted.reduce((sum, f) => sum + gzipSync(Buffer.from(files[f] as string), { level: 6 }).length, 0);
    expect(size.gzip).toBe(expected);
  });

  it('says so when the grid or the plan is no longer a chunk of its own', async () => {
    await rm(join(dist, 'assets', 'plan-2012-first-E5.js'));
    await expect(measureStaticFirstVisit(dist)).rejects.toThrow(/plan-2012-first/);
  });
});

describe('judgeSize', () => {
  const budget = { firstVisitGzipBytes: 200_000, toleranceBytes: 2048 };

  it('passes up to the budget plus its tolerance, and fails one byte past it, in words', () => {
    expect(judgeSize(150_000, budget)).toBeNull();
    expect(judgeSize(202_048, budget)).toBeNull();
    const problem = judgeSize(202_049, budget);
    expect(problem).toMatch(/over the budget/);
    expect(problem).toMatch(/bench\/budget\.json/);
  });
});
