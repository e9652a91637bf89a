// The benchmark page: exposes each browser figure as an async function the Node harness calls.
import { runEditFigure, runImportFigure, runLayoutFigure, runOpenAreaFigure } from './store-figures.ts';
import { runFirstFrameFigure, runPasteAndJumpFigure } from './grid-figures.ts';
import { runLargeAreaFigure } from './large-figures.ts';

const stage = document.getElementById('stage') as HTMLElement;

const bench = {
  runImportFigure,
  runEditFigure: (rows: number, variant: Parameters<typeof runEditFigure>[1], edits: number) => runEditFigure(rows, variant, edits, stage),
  runOpenAreaFigure,
  runLayoutFigure,
  runFirstFrameFigure: (rows: number, variant: Parameters<typeof runFirstFrameFigure>[1], options: Parameters<typeof runFirstFrameFigure>[2]) =>
    runFirstFrameFigure(rows, variant, options, stage),
  runPasteAndJumpFigure: (rows: number, variant: Parameters<typeof runPasteAndJumpFigure>[1], options: Parameters<typeof runPasteAndJumpFigure>[2]) =>
    runPasteAndJumpFigure(rows, variant, options, stage),
  runLargeAreaFigure: (rows: number, runs: number) => runLargeAreaFigure(rows, runs, stage),
};

export type BenchApi = typeof bench;
(window as unknown as { bench: BenchApi }).bench = bench;
document.body.dataset.ready = 'true';
