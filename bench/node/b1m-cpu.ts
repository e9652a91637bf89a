// B1m in CPU time: Papa.parse, parseCsvText, hashText of every cell and the whole pure import path, as CPU
// milliseconds of this process, so a loaded machine's other work does not count (issue 14's floor).
// Run: node --expose-gc --import tsx bench/node/b1m-cpu.ts one-byte|two-byte
import Papa from 'papaparse';
import { buildImportPreview, matchCsvToPlan, parseCsvText, resolveImport, serializePlanCsv } from '../../src/lib/csv/index.ts';
import { hashText } from '../../src/lib/model/plan.ts';
import { makePlanDocument, type Variant } from '../lib/fixtures.ts';

const variant: Variant = process.argv[2] === 'two-byte' ? 'two-byte' : 'one-byte';
const doc = makePlanDocument({ rows: 10_000, variant });
const target = makePlanDocument({ rows: 0, variant, emptyArea: true });
const csv = serializePlanCsv(doc, { kind: 'area', areaId: 'area-bench' }, { delimiter: ';' });
const cells = doc.rows.flatMap((row) => Object.values(row.cells).map((cell) => cell.text));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function wholePath(): number {
  const parsed = parseCsvText(csv);
  if (!parsed.ok) throw new Error('parse');
  const matched = matchCsvToPlan(parsed.value, target, { areaId: 'area-bench' });
  if (!matched.ok) throw new Error('match');
  const preview = buildImportPreview(matched.value, target, { fileName: 'bench.csv' });
  let n = 0;
  return resolveImport(preview, { conflicts: {} }, { now: '2026-03-02T10:00:00.000Z', importer: 'Bench', fileName: 'bench.csv', newId: () => `new-${n++}` }).rowsToPut.length;
}

const steps: Record<string, () => unknown> = {
  papa: () => Papa.parse<string[]>(csv, { delimiter: ';', header: false, dynamicTyping: false, skipEmptyLines: false }),
  parseCsvText: () => parseCsvText(csv),
  hashEveryCell: () => cells.map(hashText),
  wholePath,
};
const cpuMs: Record<string, number[]> = Object.fromEntries(Object.keys(steps).map((name) => [name, []]));
for (let i = 0; i < 13; i++) {
  for (const [name, step] of Object.entries(steps)) {
    gc();
    const start = process.cpuUsage();
    step();
    const used = process.cpuUsage(start);
    cpuMs[name]?.push((used.user + used.system) / 1000);
  }
}
// 3 warm-up rounds dropped, median of the other 10.
const median = (samples: number[]): number => [...samples.slice(3)].sort((a, b) => a - b)[5] ?? NaN;
const papa = median(cpuMs.papa ?? []);
console.log(
  `${variant}, 10,000 rows: ` +
    Object.entries(cpuMs)
      .map(([name, samples]) => `${name} ${median(samples).toFixed(0)} ms CPU (${(median(samples) / papa).toFixed(2)}× Papa)`)
      .join(' · '),
);
