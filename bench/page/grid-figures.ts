// Browser figures on the grid: B6 first frame, B7 row heights and long tasks, B8 paste and jumps.
import Handsontable from 'handsontable/base';
import { registerCellType, TextCellType } from 'handsontable/cellTypes';
import { registerPlugin, AutoRowSize, CopyPaste, ManualColumnResize } from 'handsontable/plugins';
import { COLUMN_SETTINGS, GRID_SETTINGS, columnWidths } from '../../src/lib/grid/grid-settings.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { makePlanDocument, toTable, type Variant } from '../lib/fixtures.ts';
import { compare, statsOf } from '../lib/measure.ts';
import { nextFrame, settle, watchLongTasks } from './tasks.ts';
import { BENCH_LICENSE_KEY, mountMatrixGrid } from './mount-grid.ts';

registerCellType(TextCellType);
registerPlugin(CopyPaste);
registerPlugin(ManualColumnResize);
// Only the B7 baseline turns it on (autoRowSize: true); MatrixGrid does not register it.
registerPlugin(AutoRowSize);

export interface RunOptions {
  runs: number;
  warmups: number;
}

interface GridHandle {
  selectCell(row: number, col: number): void;
  scrollToRow(row: number): void;
  destroy(): void;
}

/**
 * Bare Handsontable with MatrixGrid's own settings (the same exported constant), given a copied
 * `string[][]` as a plain app would, without MatrixGrid's accessors, renderer and callbacks.
 */
function bareSettings(doc: PlanDocument, data: string[][], autoRowSize: boolean): Handsontable.GridSettings {
  return {
    ...GRID_SETTINGS,
    data,
    colHeaders: doc.columns.map((column) => column.title),
    colWidths: columnWidths(doc.columns),
    columns: doc.columns.map(() => ({ ...COLUMN_SETTINGS })),
    licenseKey: BENCH_LICENSE_KEY,
    ...(autoRowSize ? { autoRowSize: true } : {}),
  };
}

function createBare(stage: HTMLElement, doc: PlanDocument, data: string[][], autoRowSize = false): GridHandle {
  const element = document.createElement('div');
  element.className = 'bare';
  stage.append(element);
  const hot = new Handsontable(element, bareSettings(doc, data, autoRowSize));
  return {
    selectCell: (row, col) => hot.selectCell(row, col),
    scrollToRow: (row) => hot.scrollViewportTo({ row, col: 0 }),
    destroy: () => {
      hot.destroy();
      element.remove();
    },
  };
}

function createQuadro(stage: HTMLElement, doc: PlanDocument, onEdit: (count: number) => void = () => {}): GridHandle {
  const { grid, destroy } = mountMatrixGrid(stage, doc.columns, doc.rows, (edits) => onEdit(edits.length));
  const rowIds = doc.rows.map((row) => row.id);
  const columnIds = doc.columns.map((column) => column.id);
  return {
    selectCell: (row, col) => grid.selectCell(rowIds[row] as string, columnIds[col] as string),
    scrollToRow: (row) => grid.scrollToRow(row),
    destroy,
  };
}

const docs = new Map<string, { doc: PlanDocument; data: string[][] }>();
function fixture(rows: number, variant: Variant): { doc: PlanDocument; data: string[][] } {
  const key = `${rows}:${variant}`;
  let found = docs.get(key);
  if (!found) {
    docs.clear(); // one large fixture in memory at a time
    const doc = makePlanDocument({ rows, variant });
    found = { doc, data: toTable(doc) };
    docs.set(key, found);
  }
  return found;
}

/** B6 + B7: time to the first frame of a new grid, and the longest task while it appears and settles. */
export async function runFirstFrameFigure(rows: number, variant: Variant, options: RunOptions, stage: HTMLElement) {
  const { doc, data } = fixture(rows, variant);
  let grid: GridHandle | null = null;
  const cleanup = async (): Promise<void> => {
    grid?.destroy();
    grid = null;
    await settle();
  };
  const firstFrame = await compare(
    async () => {
      grid = createBare(stage, doc, data);
      await nextFrame();
    },
    async () => {
      grid = createQuadro(stage, doc);
      await nextFrame();
    },
    { ...options, prepareBaseline: cleanup, prepareQuadro: cleanup, settle },
  );
  await cleanup();

  // B7: the longest task from creation until one second later: Quadro; bare Handsontable with the same
  // settings and all the rows at once (the library's own floor); and bare with autoRowSize: true.
  const longest = async (create: () => GridHandle): Promise<{ longest: number; count: number }> => {
    const watch = watchLongTasks();
    const handle = create();
    await nextFrame();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const durations = await watch.stop();
    handle.destroy();
    await settle();
    return { longest: durations.length === 0 ? 0 : Math.max(...durations), count: durations.length };
  };
  const quadroTasks: number[] = [];
  const bareTasks: number[] = [];
  const autoTasks: number[] = [];
  const rounds = Math.max(3, Math.ceil(options.runs / 2));
  for (let i = 0; i < rounds; i++) {
    quadroTasks.push((await longest(() => createQuadro(stage, doc))).longest);
    bareTasks.push((await longest(() => createBare(stage, doc, data))).longest);
    autoTasks.push((await longest(() => createBare(stage, doc, data, true))).longest);
  }
  return { firstFrame, quadroLongestTask: statsOf(quadroTasks), bareLongestTask: statsOf(bareTasks), autoRowSizeLongestTask: statsOf(autoTasks) };
}

function tsvOf(rows: number, cols: number, round: number): string {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < cols; c++) cells.push(`Incollato ${round}.${r}.${c} - centri per l'impiego`);
    lines.push(cells.join('\t'));
  }
  return lines.join('\n');
}

function paste(text: string): void {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

/** B8: paste 20 × 5 = 100 cells, and jump to 25/50/75/99 % of the area. */
export async function runPasteAndJumpFigure(rows: number, variant: Variant, options: RunOptions, stage: HTMLElement) {
  const { doc, data } = fixture(rows, variant);
  let edited = 0;
  const quadro = createQuadro(stage, doc, (count) => {
    edited += count;
  });
  await nextFrame();
  const bare = createBare(stage, doc, data);
  await nextFrame();
  // Both grids exist at once; the paste goes to the one that was selected last (Handsontable's listen()).
  let round = 0;
  const pasteInto = (grid: GridHandle) => async (): Promise<void> => {
    grid.selectCell(100, 1);
    paste(tsvOf(20, 5, round++));
    await nextFrame();
  };
  const pasted = await compare(pasteInto(bare), pasteInto(quadro), { ...options, settle });
  if (edited < 100) throw new Error(`B8: the paste reached MatrixGrid with ${edited} edits`);

  const targets = [0.25, 0.5, 0.75, 0.99].map((share) => Math.floor(share * (rows - 1)));
  const jumpTimes = { quadro: [] as number[], bare: [] as number[] };
  const jump = async (grid: GridHandle, into: number[]): Promise<void> => {
    for (const row of targets) {
      const start = performance.now();
      grid.scrollToRow(row);
      await nextFrame();
      into.push(performance.now() - start);
    }
    grid.scrollToRow(0);
    await nextFrame();
  };
  const jumps = await compare(
    () => jump(bare, jumpTimes.bare),
    () => jump(quadro, jumpTimes.quadro),
    { ...options, settle },
  );
  const warm = options.warmups * targets.length;
  quadro.destroy();
  bare.destroy();
  docs.clear();
  return {
    pasted,
    jumps,
    jumpQuadro: statsOf(jumpTimes.quadro.slice(warm)),
    jumpBare: statsOf(jumpTimes.bare.slice(warm)),
  };
}

