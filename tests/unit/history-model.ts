// The model-based test of issue 8: random sequences of user actions on the real repository over fake-indexeddb, each step checked against an in-memory model.
import { isDeepStrictEqual } from 'node:util';
import { Dexie, type DBCore, type DBCoreMutateRequest, type DBCoreTable } from 'dexie';
import fc from 'fast-check';
import { expect } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { exportBackup, restoreBackup } from '../../src/lib/db/backup-store.ts';
import { parseBackup, serializeBackup } from '../../src/lib/backup/format.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { analyzeImport } from '../../src/lib/exchange/analyze-import.ts';
import { parseLastChanged, resolveImport, serializePlanCsv, type ConflictChoice, type CsvMatch } from '../../src/lib/csv/index.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import { findInvisibleDifference, isSameImportedText } from '../../src/lib/csv/normalize.ts';
import { clock, steppingClock, useClock } from '../../src/lib/model/clock.ts';
import { hashText, sortByOrder } from '../../src/lib/model/plan.ts';
import type { KeptChange } from '../../src/lib/model/undo-plan.ts';
import type { Area, Cell, ChangeLogEntry, Column, Plan, PlanDocument, Row } from '../../src/lib/model/types.ts';

// ---------------------------------------------------------------------------------------------
// Commands: plain data, so a failing sequence is printed and pasted into a regression test as it is.
// Targets are fractions in [0, 1): they pick among whatever exists when the step runs.

type Fraction = number;
type FileTime = 'as-is' | 'minutes-ahead' | 'year-ahead' | 'years-behind' | 'minute-behind';
type Choice = ConflictChoice | 'none';

export interface ImportSpec {
  /** The colleague's file is made from an earlier export of this device (else from one made now). */
  fromOlder: boolean;
  olderPick: Fraction;
  scope: 'plan' | 'area';
  area: Fraction;
  cellEdits: { row: Fraction; column: Fraction; text: string }[];
  addRows: { area: Fraction; texts: string[] }[];
  removeRows: Fraction[];
  newArea: { title: string; texts: string[][] } | null;
  newColumn: { area: Fraction; title: string; texts: string[] } | null;
  /** The "Ultima modifica" the colleague's clock writes on the rows they touched. */
  time: FileTime;
  choices: Choice[];
  deleteMissing: boolean;
  /** The same file is imported a second time right after: that changes nothing. */
  twice: boolean;
}

export type WriteCommand =
  | { kind: 'edit'; row: Fraction; column: Fraction; text: string }
  | { kind: 'paste'; row: Fraction; column: Fraction; texts: string[][] }
  | { kind: 'addRow'; area: Fraction; after: Fraction | null }
  | { kind: 'deleteRows'; row: Fraction; count: number }
  | { kind: 'moveRows'; row: Fraction; count: number; target: Fraction }
  | { kind: 'addColumn'; area: Fraction; title: string }
  | { kind: 'renameColumn'; area: Fraction; column: Fraction; title: string }
  | { kind: 'deleteColumn'; area: Fraction; column: Fraction }
  | { kind: 'moveColumns'; area: Fraction; column: Fraction; target: Fraction }
  | { kind: 'addArea'; title: string; columns: string[] }
  | { kind: 'updateArea'; area: Fraction; introduction: string }
  | { kind: 'deleteArea'; area: Fraction }
  | { kind: 'import'; spec: ImportSpec }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'undoImport'; pick: Fraction }
  | { kind: 'redoImport'; pick: Fraction };

export type Command =
  | WriteCommand
  | { kind: 'export' }
  | { kind: 'fail'; after: number; command: WriteCommand; retry: boolean }
  | { kind: 'deletePlanAndUndo' }
  | { kind: 'reopen' }
  | { kind: 'backup'; continueOnRestored: boolean }
  | { kind: 'backupAdd' };

export interface Scenario {
  plan: 'seed' | 'small';
  commands: Command[];
}

const WORDS = ['Stipulare', '4 accordi', 'perché', 'città', 'punto; e virgola', '"citato"', '- elenco', '\n', '€ 1.000', '=SOMMA(A1)', 'Garanzia Giovani', '+3%', "l'ente", 'x'];
const TITLES = ['Risultati al 2012', 'Risultati previsti al 2013', 'Note', 'Indicatori'];
const FILE_TIMES: readonly FileTime[] = ['as-is', 'minutes-ahead', 'year-ahead', 'years-behind', 'minute-behind'];

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const text = fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 6, arbitrary: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')) });
const nonEmptyText = fc.array(fc.constantFrom(...WORDS.filter((w) => w !== '\n')), { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));

const importSpec: fc.Arbitrary<ImportSpec> = fc.record({
  fromOlder: fc.boolean(),
  olderPick: fraction,
  scope: fc.constantFrom('plan' as const, 'plan' as const, 'area' as const),
  area: fraction,
  cellEdits: fc.array(fc.record({ row: fraction, column: fraction, text }), { maxLength: 4 }),
  addRows: fc.array(fc.record({ area: fraction, texts: fc.array(text, { minLength: 1, maxLength: 3 }) }), { maxLength: 2 }),
  removeRows: fc.array(fraction, { maxLength: 2 }),
  newArea: fc.option(fc.record({ title: fc.constantFrom('AREA GIOVANI', 'AREA FORMAZIONE'), texts: fc.array(fc.array(nonEmptyText, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }) }), { freq: 3 }),
  newColumn: fc.option(fc.record({ area: fraction, title: fc.constantFrom(...TITLES), texts: fc.array(text, { maxLength: 3 }) }), { freq: 3 }),
  time: fc.constantFrom(...FILE_TIMES),
  choices: fc.array(fc.constantFrom<Choice>('mine', 'theirs', 'both', 'none'), { minLength: 1, maxLength: 3 }),
  deleteMissing: fc.boolean(),
  twice: fc.boolean(),
});

const writeCommand: fc.Arbitrary<WriteCommand> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('edit' as const), row: fraction, column: fraction, text }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('paste' as const), row: fraction, column: fraction, texts: fc.array(fc.array(text, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addRow' as const), area: fraction, after: fc.option(fraction) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteRows' as const), row: fraction, count: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('moveRows' as const), row: fraction, count: fc.integer({ min: 1, max: 2 }), target: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addColumn' as const), area: fraction, title: fc.constantFrom(...TITLES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameColumn' as const), area: fraction, column: fraction, title: fc.constantFrom(...TITLES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteColumn' as const), area: fraction, column: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveColumns' as const), area: fraction, column: fraction, target: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addArea' as const), title: fc.constantFrom('AREA NUOVA', 'AREA GIOVANI'), columns: fc.constantFrom<string[]>(['AMBITO'], ['AMBITO', 'Risultati previsti al 2012']) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('updateArea' as const), area: fraction, introduction: text }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteArea' as const), area: fraction }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('import' as const), spec: importSpec }) },
  { weight: 5, arbitrary: fc.constant({ kind: 'undo' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'redo' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('undoImport' as const), pick: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redoImport' as const), pick: fraction }) },
);

export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { weight: 20, arbitrary: writeCommand },
  { weight: 1, arbitrary: fc.constant({ kind: 'export' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fail' as const), after: fc.integer({ min: 0, max: 4 }), command: writeCommand, retry: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'deletePlanAndUndo' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('backup' as const), continueOnRestored: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'backupAdd' as const }) },
);

/** Most runs on a small plan (cheap steps), one in ten on the real 2012 plan. */
export function scenarioArbitrary(steps: number): fc.Arbitrary<Scenario> {
  return fc.record({
    plan: fc.constantFrom<Scenario['plan']>('seed', ...Array.from({ length: 9 }, () => 'small' as const)),
    commands: fc.array(commandArbitrary, { minLength: steps, maxLength: steps }),
  });
}

// ---------------------------------------------------------------------------------------------
// Content: what a user sees of the plans, without the change log, batch stamps and merge bases.

export interface Content {
  plans: Plan[];
  areas: Area[];
  columns: Column[];
  rows: Row[];
}

function withoutStamp<T extends { batch?: string }>(record: T): T {
  const { batch: _batch, ...rest } = record as T & { updatedBatch?: string };
  delete (rest as { updatedBatch?: string }).updatedBatch;
  return rest as T;
}

/** A row as a person reads it: no stamps, and no merge metadata (bases, the aliases files gave it). */
function cleanRow(row: Row): Row {
  const { batch: _batch, base: _base, aliases: _aliases, aliasesBatch: _aliasesBatch, ...rest } = row;
  const cells: Record<string, Cell> = {};
  for (const columnId of Object.keys(row.cells).sort()) cells[columnId] = withoutStamp(row.cells[columnId] as Cell);
  return { ...rest, cells };
}

const byId = <T extends { id: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

export function contentOf(records: { plans: Plan[]; areas: Area[]; columns: Column[]; rows: Row[] }, planId?: string): Content {
  const mine = <T extends { planId: string }>(list: T[]): T[] => (planId === undefined ? list : list.filter((r) => r.planId === planId));
  return {
    plans: byId(records.plans.filter((p) => planId === undefined || p.id === planId).map(withoutStamp)),
    areas: byId(mine(records.areas).map(withoutStamp)),
    columns: byId(mine(records.columns).map(withoutStamp)),
    rows: byId(mine(records.rows).map(cleanRow)),
  };
}

function areasOf(content: Content, planId: string): Area[] {
  return sortByOrder(content.areas.filter((a) => a.planId === planId));
}
function columnsOf(content: Content, areaId: string): Column[] {
  return sortByOrder(content.columns.filter((c) => c.areaId === areaId));
}
function rowsOf(content: Content, areaId: string): Row[] {
  return sortByOrder(content.rows.filter((r) => r.areaId === areaId));
}
function allRows(content: Content, planId: string): Row[] {
  return areasOf(content, planId).flatMap((area) => rowsOf(content, area.id));
}
function pick<T>(list: readonly T[], f: Fraction): T | undefined {
  return list[Math.min(list.length - 1, Math.floor(f * list.length))];
}
function textOf(content: Content, rowId: string, columnId: string): string | undefined {
  return content.rows.find((r) => r.id === rowId)?.cells[columnId]?.text;
}

/**
 * A plan's content as a person reads it, without ids: areas in order with their columns' titles
 * and each row's texts by column position. A copy of a plan must read the same.
 */
function shapeOf(content: Content, planId: string): unknown {
  return areasOf(content, planId).map((area) => {
    const columns = columnsOf(content, area.id);
    return {
      title: area.title,
      introduction: area.introduction,
      columns: columns.map((c) => c.title),
      rows: rowsOf(content, area.id).map((row) => columns.map((c) => row.cells[c.id]?.text ?? null)),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// A quota error on demand: a Dexie middleware under the repository that refuses the n-th write.

export interface QuotaTrap {
  /** Writes still allowed before the trap refuses; null when disarmed. */
  remaining: number | null;
  fired: boolean;
}

function installQuotaTrap(db: repo.QuadroDatabase, trap: QuotaTrap): void {
  db.use({
    stack: 'dbcore',
    name: 'quota-trap',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name: string): DBCoreTable {
          const table = down.table(name);
          return {
            ...table,
            mutate(request: DBCoreMutateRequest) {
              if (trap.remaining !== null) {
                if (trap.remaining <= 0) {
                  trap.fired = true;
                  return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
                }
                trap.remaining--;
              }
              return table.mutate(request);
            },
          };
        },
      };
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The model.

interface BatchSnapshot {
  planId: string;
  /** The plan's content just before and just after the batch. */
  before: Content;
  after: Content;
}

interface Model {
  /** The whole database's content as the model expects it after the last step. */
  content: Content;
  /** The main plan's linear history: what "Annulla" and "Ripeti" take back, most recent last. */
  undo: string[];
  redo: string[];
  snapshots: Map<string, BatchSnapshot>;
  /** For an undo or redo batch: the batch it undid. */
  target: Map<string, string>;
  /** Batches of the main plan in the order they were written. */
  written: string[];
  /** Whether each batch's effect is in place, kept by the model itself (not by history.ts). */
  inEffect: Map<string, boolean>;
  imports: string[];
  /** Earlier exports of the plan: a colleague edits one and sends it back. */
  exports: PlanDocument[];
  /** Plans added by restoring a backup in "add" mode, with their restore batch. */
  copies: { planId: string; batchId: string }[];
}

export interface Stats {
  steps: number;
  skipped: number;
  byKind: Record<string, number>;
  exactUndos: number;
  undosWithKept: number;
  failedWrites: number;
  importConflicts: number;
  /** Milliseconds per kind of step, with the checks after it (for tuning the run's size, never asserted). */
  msByKind: Record<string, number>;
}

export function emptyStats(): Stats {
  return { steps: 0, skipped: 0, byKind: {}, exactUndos: 0, undosWithKept: 0, failedWrites: 0, importConflicts: 0, msByKind: {} };
}

const ANNA = { by: 'Anna' };
const FILE_TIME_VALUES: Record<Exclude<FileTime, 'as-is'>, string> = {
  'minutes-ahead': '2026-11-26T12:10:00.000Z',
  'year-ahead': '2027-11-26T12:00:00.000Z',
  'years-behind': '2011-01-01T00:00:00.000Z',
  'minute-behind': '2026-11-26T11:59:00.000Z',
};

let databaseCounter = 0;

/** Runs one scenario from a fresh database; throws (with the step named) at the first broken promise. */
export class HistoryModelRun {
  private db!: repo.QuadroDatabase;
  private readonly trap: QuotaTrap = { remaining: null, fired: false };
  private readonly names: string[] = [];
  private model!: Model;
  private readonly planId = DEFAULT_PLAN_ID;
  private idCounter = 0;
  private step = 0;
  /** The database as the last step left it (checked), and as the running step left it, when known: one read of it per step. */
  private current!: repo.DatabaseDump;
  private fresh: repo.DatabaseDump | null = null;

  constructor(
    private readonly stats: Stats,
    /** Prints each step and the history after it (replaying a failing sequence). */
    private readonly trace = false,
  ) {}

  /** Runs the scenario; returns the content it ends with (checked against the database after the last step). */
  async run(scenario: Scenario): Promise<Content> {
    const restoreClock = useClock(steppingClock('2026-11-26T12:00:00.000Z', 1000));
    try {
      this.db = this.open(this.freshName());
      const doc = scenario.plan === 'seed' ? await loadDefaultPlan() : smallPlan(await loadDefaultPlan());
      await repo.seedDefaultPlanOnce(this.db, () => Promise.resolve(doc));
      const dump = await repo.dumpDatabase(this.db);
      this.current = dump;
      this.model = {
        content: contentOf(dump),
        undo: [],
        redo: [],
        snapshots: new Map(),
        target: new Map(),
        written: [],
        inEffect: new Map(),
        imports: [],
        exports: [],
        copies: [],
      };
      for (const command of scenario.commands) {
        this.step++;
        try {
          const started = performance.now();
          if (this.trace) console.log(`step ${this.step}`, JSON.stringify(command));
          await this.runCommand(command);
          if (this.trace) console.log('  content', JSON.stringify(this.model.content.areas.map((a) => [a.title, this.model.content.rows.filter((r) => r.areaId === a.id).length, columnsOf(this.model.content, a.id).map((c) => c.title)])), 'rows', this.model.content.rows.length);
          if (this.trace) console.log('  undo', this.model.undo.map(short), 'redo', this.model.redo.map(short), 'imports', this.model.imports.map((id) => `${short(id)}:${this.model.inEffect.get(id)}`));
          await this.checkAll();
          this.stats.msByKind[command.kind] = Math.round((this.stats.msByKind[command.kind] ?? 0) + performance.now() - started);
        } catch (error) {
          if (error instanceof Error) error.message = `step ${this.step} ${JSON.stringify(command)}: ${error.message}`;
          throw error;
        }
      }
      return this.model.content;
    } finally {
      restoreClock();
      this.db?.close();
      await Promise.all(this.names.map((name) => Dexie.delete(name)));
    }
  }

  private freshName(): string {
    const name = `quadro-model-${databaseCounter++}-${Math.random().toString(36).slice(2)}`;
    this.names.push(name);
    return name;
  }

  private open(name: string): repo.QuadroDatabase {
    const db = repo.openDatabase(name);
    installQuotaTrap(db, this.trap);
    return db;
  }

  private count(kind: string): void {
    this.stats.steps++;
    this.stats.byKind[kind] = (this.stats.byKind[kind] ?? 0) + 1;
  }

  private async runCommand(command: Command): Promise<void> {
    this.count(command.kind);
    switch (command.kind) {
      case 'export':
        if (this.model.content.plans.some((p) => p.id === this.planId)) await this.exportNow();
        else this.stats.skipped++;
        return;
      case 'fail':
        return this.failedWrite(command.after, command.command, command.retry);
      case 'deletePlanAndUndo':
        return this.deletePlanAndUndo();
      case 'reopen':
        return this.reopen();
      case 'backup':
        return this.backup(command.continueOnRestored);
      case 'backupAdd':
        return this.backupAdd();
      default:
        return this.write(command);
    }
  }

  /** After every step: integrity, the content the model expects, the history and the import list. */
  private async checkAll(): Promise<void> {
    const [dump, history, imports] = await Promise.all([
      this.fresh ?? repo.dumpDatabase(this.db),
      repo.readUndoHistory(this.db, this.planId),
      repo.listImports(this.db, this.planId),
    ]);
    this.fresh = null;
    this.current = dump;
    expect(checkIntegrity(dump), 'integrity').toEqual([]);
    expectSame(contentOf(dump), this.model.content, 'content');
    expect(history, 'undo history').toEqual({ undo: this.model.undo, redo: this.model.redo });
    expect(imports.map((i) => [i.batchId, i.inEffect]), 'import history').toEqual(
      [...this.model.imports].reverse().map((id) => [id, this.model.inEffect.get(id) ?? true]),
    );
  }

  // ---- writes -----------------------------------------------------------------------------

  private async write(command: WriteCommand): Promise<void> {
    const prepared = await this.prepare(command);
    if (!prepared) {
      this.stats.skipped++;
      return;
    }
    // An import's export step writes merge bases: read again then.
    const before = command.kind === 'import' ? await repo.dumpDatabase(this.db) : this.current;
    const result = await prepared.run();
    const after = await repo.dumpDatabase(this.db);
    this.fresh = after;
    await prepared.check(before, after, result);
  }

  /**
   * A write resolved against the current content: `run` performs it, `check` compares the
   * database with what the model expects and records the batch. Null when the command has no
   * target (an edit in a plan without rows, an undo with nothing to undo).
   */
  private async prepare(command: WriteCommand): Promise<{ run: () => Promise<Written>; check: (before: repo.DatabaseDump, after: repo.DatabaseDump, result: Written) => Promise<void> } | null> {
    const content = this.model.content;
    const plan = this.planId;
    const db = (): repo.QuadroDatabase => this.db;
    // After a redo of its deletion the plan is gone until an undo brings it back: only those apply.
    const undoing = ['undo', 'redo', 'undoImport', 'redoImport'].includes(command.kind);
    if (!undoing && !content.plans.some((p) => p.id === plan)) return null;
    switch (command.kind) {
      case 'edit': {
        const row = pick(allRows(content, plan), command.row);
        const column = row && pick(columnsOf(content, row.areaId), command.column);
        if (!row || !column) return null;
        return this.cellWrite([{ rowId: row.id, columnId: column.id, text: command.text }]);
      }
      case 'paste': {
        const start = pick(allRows(content, plan), command.row);
        if (!start) return null;
        const rows = rowsOf(content, start.areaId);
        const columns = columnsOf(content, start.areaId);
        const firstRow = rows.findIndex((r) => r.id === start.id);
        const firstColumn = Math.floor(command.column * columns.length);
        const edits: repo.CellEdit[] = [];
        command.texts.forEach((line, i) =>
          line.forEach((t, j) => {
            const row = rows[firstRow + i];
            const column = columns[firstColumn + j];
            if (row && column) edits.push({ rowId: row.id, columnId: column.id, text: t });
          }),
        );
        return edits.length === 0 ? null : this.cellWrite(edits);
      }
      case 'addRow': {
        const area = pick(areasOf(content, plan), command.area);
        if (!area) return null;
        const rows = rowsOf(content, area.id);
        const after = command.after === null ? null : (pick(rows, command.after)?.id ?? null);
        return this.structural(
          async () => batchOf(await repo.addRow(db(), area.id, after, ANNA)),
          (expected, result) => {
            const added = (result.value as Row).id;
            expected.rows = byId([...expected.rows, { id: added, areaId: area.id, planId: plan, order: (result.value as Row).order, cells: {} }]);
            // It stands right after the chosen row (or last).
            const ids = rowsOf(expected, area.id).map((r) => r.id);
            const index = after === null ? rows.length - 1 : rows.findIndex((r) => r.id === after);
            expect(ids.indexOf(added), 'new row position').toBe(index + 1);
          },
        );
      }
      case 'deleteRows': {
        const rows = allRows(content, plan);
        const first = pick(rows, command.row);
        if (!first) return null;
        const ids = rows.filter((r) => r.areaId === first.areaId).map((r) => r.id);
        const chosen = ids.slice(ids.indexOf(first.id), ids.indexOf(first.id) + command.count);
        return this.structural(
          async () => batchOf(await repo.deleteRows(db(), plan, chosen, ANNA)),
          (expected) => {
            expected.rows = expected.rows.filter((r) => !chosen.includes(r.id));
          },
        );
      }
      case 'moveRows': {
        const rows = allRows(content, plan);
        const first = pick(rows, command.row);
        if (!first) return null;
        const inArea = rowsOf(content, first.areaId);
        const moved = inArea.slice(inArea.indexOf(inArea.find((r) => r.id === first.id) as Row), inArea.findIndex((r) => r.id === first.id) + command.count).map((r) => r.id);
        const rest = inArea.filter((r) => !moved.includes(r.id)).map((r) => r.id);
        const target = Math.floor(command.target * (rest.length + 1));
        return this.structural(
          async () => batchOf(await repo.moveRows(db(), first.areaId, moved, target, ANNA)),
          (expected, _result, actual) => {
            const order = [...rest.slice(0, target), ...moved, ...rest.slice(target)];
            expect(rowsOf(actual, first.areaId).map((r) => r.id), 'rows after the move').toEqual(order);
            expected.rows = expected.rows.map((r) => (moved.includes(r.id) ? { ...r, order: (actual.rows.find((a) => a.id === r.id) as Row).order } : r));
          },
        );
      }
      case 'addColumn': {
        const area = pick(areasOf(content, plan), command.area);
        if (!area) return null;
        return this.structural(
          async () => batchOf(await repo.addColumn(db(), area.id, command.title, ANNA)),
          (expected, result) => {
            const column = result.value as Column;
            expect(column.order > Math.max(0, ...columnsOf(content, area.id).map((c) => c.order)), 'new column is last').toBe(true);
            expected.columns = byId([...expected.columns, { id: column.id, areaId: area.id, planId: plan, title: command.title, order: column.order }]);
          },
        );
      }
      case 'renameColumn': {
        const area = pick(areasOf(content, plan), command.area);
        const column = area && pick(columnsOf(content, area.id), command.column);
        if (!column) return null;
        return this.structural(
          async () => batchOf(await repo.renameColumn(db(), column.id, command.title, ANNA)),
          (expected) => {
            expected.columns = expected.columns.map((c) => (c.id === column.id ? { ...c, title: command.title } : c));
          },
        );
      }
      case 'deleteColumn': {
        const area = pick(areasOf(content, plan), command.area);
        const column = area && pick(columnsOf(content, area.id), command.column);
        if (!column) return null;
        return this.structural(
          async () => batchOf(await repo.deleteColumn(db(), column.id, ANNA)),
          (expected) => {
            expected.columns = expected.columns.filter((c) => c.id !== column.id);
            expected.rows = expected.rows.map((r) => {
              if (!(column.id in r.cells)) return r;
              const cells = { ...r.cells };
              delete cells[column.id];
              return { ...r, cells };
            });
          },
        );
      }
      case 'moveColumns': {
        const area = pick(areasOf(content, plan), command.area);
        const column = area && pick(columnsOf(content, area.id), command.column);
        if (!area || !column) return null;
        const rest = columnsOf(content, area.id).filter((c) => c.id !== column.id).map((c) => c.id);
        const target = Math.floor(command.target * (rest.length + 1));
        return this.structural(
          async () => batchOf(await repo.moveColumns(db(), area.id, [column.id], target, ANNA)),
          (expected, _result, actual) => {
            expect(columnsOf(actual, area.id).map((c) => c.id), 'columns after the move').toEqual([...rest.slice(0, target), column.id, ...rest.slice(target)]);
            expected.columns = expected.columns.map((c) => (c.id === column.id ? { ...c, order: (actual.columns.find((a) => a.id === c.id) as Column).order } : c));
          },
        );
      }
      case 'addArea':
        return this.structural(
          async () => batchOf(await repo.addArea(db(), plan, command.title, command.columns, ANNA)),
          (expected, result, actual) => {
            const area = result.value as Area;
            expected.areas = byId([...expected.areas, { id: area.id, planId: plan, title: command.title, introduction: '', order: area.order }]);
            expect(areasOf(expected, plan).at(-1)?.id, 'new area is last').toBe(area.id);
            const columns = columnsOf(actual, area.id);
            expect(columns.map((c) => c.title), 'new area columns').toEqual(command.columns);
            expected.columns = byId([...expected.columns, ...columns]);
          },
        );
      case 'updateArea': {
        const area = pick(areasOf(content, plan), command.area);
        if (!area) return null;
        return this.structural(
          async () => batchOf(await repo.updateArea(db(), area.id, { introduction: command.introduction }, ANNA)),
          (expected) => {
            expected.areas = expected.areas.map((a) => (a.id === area.id ? { ...a, introduction: command.introduction } : a));
          },
        );
      }
      case 'deleteArea': {
        const area = pick(areasOf(content, plan), command.area);
        if (!area) return null;
        return this.structural(
          async () => batchOf(await repo.deleteArea(db(), area.id, ANNA)),
          (expected) => {
            expected.areas = expected.areas.filter((a) => a.id !== area.id);
            expected.columns = expected.columns.filter((c) => c.areaId !== area.id);
            expected.rows = expected.rows.filter((r) => r.areaId !== area.id);
          },
        );
      }
      case 'import':
        return this.prepareImport(command.spec);
      case 'undo': {
        const target = this.model.undo.at(-1);
        return target === undefined ? null : this.undoWrite(target, 'top-undo');
      }
      case 'redo': {
        const target = this.model.redo.at(-1);
        return target === undefined ? null : this.undoWrite(target, 'top-redo');
      }
      case 'undoImport': {
        const inEffect = this.model.imports.filter((id) => this.model.inEffect.get(id) !== false);
        const target = pick(inEffect, command.pick);
        return target === undefined ? null : this.undoWrite(target, 'import-undo');
      }
      case 'redoImport': {
        const undone = this.model.imports.filter((id) => this.model.inEffect.get(id) === false);
        const target = pick(undone, command.pick);
        if (target === undefined) return null;
        // "Ripeti l'importazione" undoes the undo currently in effect.
        const undoer = [...this.model.written].reverse().find((id) => this.model.target.get(id) === target && this.model.inEffect.get(id) !== false);
        expect(undoer, 'the undo of an undone import').toBeDefined();
        return this.undoWrite(target, 'import-redo', undoer);
      }
    }
  }

  // ---- cell edits ---------------------------------------------------------------------------

  private cellWrite(edits: repo.CellEdit[]): { run: () => Promise<Written>; check: (b: repo.DatabaseDump, a: repo.DatabaseDump, r: Written) => Promise<void> } {
    return {
      run: async () => batchOf(await repo.saveCells(this.db, this.planId, edits, ANNA)),
      check: async (before, after, result) => {
        const expected = structuredClone(this.model.content);
        const last = new Map(edits.map((e) => [`${e.rowId}|${e.columnId}`, e]));
        const changes = [...last.values()].filter((e) => (textOf(expected, e.rowId, e.columnId) ?? '') !== e.text);
        if (changes.length === 0) {
          expect(result.batchId, 'an edit that changes nothing writes nothing').toBeNull();
        } else {
          const at = after.changeLog.find((e) => e.batchId === result.batchId)?.at;
          expect(at).toBeDefined();
          for (const edit of changes) {
            const row = expected.rows.find((r) => r.id === edit.rowId) as Row;
            row.cells = sortKeys({ ...row.cells, [edit.columnId]: { text: edit.text, changedAt: at as string, changedBy: ANNA.by } });
          }
        }
        // Edits land exactly, and the plan's "last changed" stays: cell edits carry their own time.
        const actual = contentOf(after);
        expectSame(actual, expected, 'cells after the edit');
        this.record(before, after, result.batchId);
      },
    };
  }

  /** A structural write: the expected content is the old one changed by `expect`; the plan's "last changed" moves to the batch's time. */
  private structural(
    run: () => Promise<Written>,
    change: (expected: Content, result: Written, actual: Content) => void,
  ): { run: () => Promise<Written>; check: (b: repo.DatabaseDump, a: repo.DatabaseDump, r: Written) => Promise<void> } {
    return {
      run,
      check: async (before, after, result) => {
        const expected = structuredClone(this.model.content);
        const actual = contentOf(after);
        change(expected, result, actual);
        if (result.batchId) {
          const at = after.changeLog.find((e) => e.batchId === result.batchId)?.at as string;
          expected.plans = expected.plans.map((p) => (p.id === this.planId ? { ...p, updatedAt: at } : p));
        }
        expectSame(actual, expected, 'content after the change');
        this.record(before, after, result.batchId);
      },
    };
  }

  /** A new action of the main plan: it goes on the undo list and clears what could be redone. */
  private record(before: repo.DatabaseDump, after: repo.DatabaseDump, batchId: string | null): void {
    this.model.content = contentOf(after);
    if (!batchId) return;
    this.snapshot(batchId, before, after);
    this.model.undo.push(batchId);
    this.model.redo = [];
  }

  private snapshot(batchId: string, before: repo.DatabaseDump, after: repo.DatabaseDump, planId = this.planId): void {
    this.model.snapshots.set(batchId, { planId, before: contentOf(before, planId), after: contentOf(after, planId) });
    if (planId === this.planId) this.model.written.push(batchId);
    this.model.inEffect.set(batchId, true);
  }

  // ---- imports ------------------------------------------------------------------------------

  /** Export as the app does: the merge bases of never-exchanged cells are recorded, the document is the file. */
  private async exportNow(): Promise<PlanDocument> {
    const doc = await repo.recordExportBases(this.db, this.planId, null);
    expect(doc).toBeDefined();
    this.model.exports.push(structuredClone(doc as PlanDocument));
    // An export changes no content (merge bases only) and no history.
    return doc as PlanDocument;
  }

  private async prepareImport(spec: ImportSpec): Promise<{ run: () => Promise<Written>; check: (b: repo.DatabaseDump, a: repo.DatabaseDump, r: Written) => Promise<void> } | null> {
    const older = spec.fromOlder ? pick(this.model.exports, spec.olderPick) : undefined;
    const source = older ? structuredClone(older) : await this.exportNow();
    const theirs = mutate(source, spec);
    const area = spec.scope === 'area' ? pick(areasOf(contentOf({ ...theirs, plans: [theirs.plan] }), theirs.plan.id), spec.area) : undefined;
    if (spec.scope === 'area' && !area) return null;
    const fileName = `bruno-${this.step}.csv`;
    const csv = serializePlanCsv(theirs, area ? { kind: 'area', areaId: area.id } : { kind: 'plan' }, { delimiter: ';' });
    const run = async (tickMissing = spec.deleteMissing): Promise<Written> => {
      const doc = await repo.loadPlanDocument(this.db, this.planId);
      const current = areasOf(this.model.content, this.planId);
      // The area on screen: the file's area when it still exists here, else the first.
      const onScreen = area && current.some((a) => a.id === area.id) ? area.id : current[0]?.id;
      const analysis = analyzeImport({ bytes: new TextEncoder().encode(csv), fileName, doc: doc as PlanDocument, ...(onScreen ? { areaId: onScreen } : {}) });
      if (analysis.problems.length > 0 || !analysis.preview) return { batchId: null, value: { refused: analysis.problems } };
      const preview = analysis.preview;
      const conflicts = preview.areas.flatMap((a) => a.conflicts);
      this.stats.importConflicts += conflicts.length;
      const decisions: Record<string, ConflictChoice> = {};
      conflicts.forEach((conflict, i) => {
        const choice = spec.choices[i % spec.choices.length] as Choice;
        if (choice !== 'none') decisions[conflict.id] = choice;
      });
      const missing = tickMissing ? preview.areas.flatMap((a) => a.rowsMissing.map((m) => m.rowId)) : [];
      let n = 0;
      const now = clock().now();
      const changes = resolveImport(preview, { conflicts: decisions, deleteMissingRowIds: missing }, { now, importer: 'Anna', fileName, newId: () => `imp-${this.step}-${n++}-${this.idCounter++}` });
      const written = await repo.applyImport(this.db, this.planId, changes, { by: 'Anna', fileName });
      const input: ImportInput = { match: analysis.match as CsvMatch, conflictIds: conflicts.map((c) => c.id), decisions, deleteMissing: tickMissing, now, importer: 'Anna', fileName };
      return { batchId: written.batchId, value: { doc, input } };
    };
    return {
      run,
      check: async (before, after, result) => {
        const value = result.value as { refused?: unknown[]; doc?: PlanDocument; input?: ImportInput };
        if (value.refused && areasOf(this.model.content, this.planId).length === 0) {
          // A file of one area, and the plan has no area left to take it: refused, nothing written.
          expect(value.refused.map((p) => (p as { code: string }).code)).toEqual(expect.arrayContaining(['csv.no-target-area']));
          expectSame(contentOf(after), this.model.content, 'a refused file changes nothing');
          this.stats.skipped++;
          return;
        }
        // A file made by Quadro from this plan is never refused.
        expect(value.refused, `problems of a Quadro file: ${JSON.stringify(value.refused)}`).toBeUndefined();
        // The model's own merge of the file into the plan as it was (issue 18: not the app's change set).
        const merged = expectImport(before, this.planId, value.input as ImportInput);
        expect(merged.conflictIds, 'the conflicts the app asked about are the ones the three-way rule finds').toEqual([...(value.input as ImportInput).conflictIds].sort());
        const actualNow = contentOf(after);
        const planPart = withMintedIds(merged.content, actualNow, this.planId);
        const expected = structuredClone(this.model.content);
        const others = (list: { planId: string }[]): boolean => list.every((r) => r.planId !== this.planId);
        expected.areas = byId([...expected.areas.filter((a) => others([a])), ...planPart.areas]);
        expected.columns = byId([...expected.columns.filter((c) => others([c])), ...planPart.columns]);
        expected.rows = byId([...expected.rows.filter((r) => others([r])), ...planPart.rows]);
        if (result.batchId) {
          const at = after.changeLog.find((e) => e.batchId === result.batchId)?.at as string;
          expected.plans = expected.plans.map((p) => (p.id === this.planId ? { ...p, updatedAt: at } : p));
        }
        expectSame(contentOf(after), expected, 'content after the import');
        if (!older && unmodified(spec)) {
          // The plan's own export, unchanged: importing it changes no text.
          expect({ ...contentOf(after), plans: [] }, 'importing the plan’s own export').toEqual({ ...contentOf(before), plans: [] });
        }
        this.record(before, after, result.batchId);
        if (result.batchId) this.model.imports.push(result.batchId);
        if (spec.twice) {
          // The same file again (rows it lacks not ticked this time): it changes nothing at all —
          // no text, no row, no merge base, no alias, and no batch in the history (issue 18).
          const again = await run(false);
          const afterAgain = await repo.dumpDatabase(this.db);
          expect((again.value as { refused?: unknown }).refused).toBeUndefined();
          expect((again.value as { input: ImportInput }).input.conflictIds, 'the second time, nothing to ask').toEqual([]);
          expect(again.batchId, 'the same file imported twice writes nothing').toBeNull();
          expectSame(afterAgain, after, 'the database after the same file a second time');
          this.stats.byKind['importTwice'] = (this.stats.byKind['importTwice'] ?? 0) + 1;
          this.fresh = afterAgain;
        }
      },
    };
  }

  // ---- undo and redo ------------------------------------------------------------------------

  private undoWrite(
    target: string,
    how: 'top-undo' | 'top-redo' | 'import-undo' | 'import-redo',
    undoer?: string,
  ): { run: () => Promise<Written>; check: (b: repo.DatabaseDump, a: repo.DatabaseDump, r: Written) => Promise<void> } {
    return {
      run: async () => {
        if (this.trace) console.log(`  ${how} of ${short(target)} (${this.model.target.has(target) ? `which undid ${short(this.model.target.get(target) as string)}` : 'an action'})`);
        const result =
          how === 'import-redo'
            ? await repo.redoBatch(this.db, target, ANNA)
            : await repo.undoBatch(this.db, target, { by: ANNA.by, origin: how === 'top-redo' ? 'redo' : 'undo' });
        if (this.trace) console.log('  wrote', result.batchId && short(result.batchId), 'kept', JSON.stringify(result.kept));
        return { batchId: result.batchId, value: result.kept };
      },
      check: async (before, after, result) => {
        const undone = how === 'import-redo' ? (undoer as string) : target;
        this.checkUndo(undone, before, after, result.value as KeptChange[]);
        const snap = this.model.snapshots.get(undone) as BatchSnapshot;
        if (how === 'top-undo' || how === 'top-redo') {
          // "Annulla" and "Ripeti" always do something: the top of the list is in effect and nothing later is.
          expect(result.batchId, `${how} wrote nothing`).not.toBeNull();
        }
        this.model.content = contentOf(after);
        if (!result.batchId) return;
        this.snapshot(result.batchId, before, after, snap.planId);
        this.model.target.set(result.batchId, undone);
        // Undoing X takes X out; whatever X undid comes back, and so on down the chain.
        let current = undone;
        this.model.inEffect.set(current, false);
        for (let next = this.model.target.get(current); next !== undefined; next = this.model.target.get(current)) {
          this.model.inEffect.set(next, !this.model.inEffect.get(current));
          current = next;
        }
        // The entry that leaves a list is the one standing for the same action: after "Ripeti" brought
        // an import back, "Annulla l'importazione" takes that redo off the undo list.
        const action = this.rootOf(undone);
        if (how === 'top-undo' || how === 'import-undo') {
          this.model.undo = this.model.undo.filter((id) => this.rootOf(id) !== action);
          this.model.redo.push(result.batchId);
        } else {
          // "Ripeti" takes the top; "Ripeti l'importazione" of anything else is a new action: nothing left to redo.
          const top = this.model.redo.at(-1);
          this.model.redo = top !== undefined && this.rootOf(top) === action ? this.model.redo.slice(0, -1) : [];
          this.model.undo.push(result.batchId);
        }
      },
    };
  }

  /** The user action an undo or redo batch finally goes back to. */
  private rootOf(batchId: string): string {
    let id = batchId;
    for (let next = this.model.target.get(id); next !== undefined; next = this.model.target.get(id)) id = next;
    return id;
  }

  /**
   * What every undo of a batch T promises, wherever T stands in the history. P is the database
   * before the undo, Q after it, B and A the plan's content before and after T was written.
   */
  private checkUndo(batchId: string, beforeDump: repo.DatabaseDump, afterDump: repo.DatabaseDump, kept: KeptChange[]): void {
    const snap = this.model.snapshots.get(batchId);
    expect(snap, 'snapshot of the undone batch').toBeDefined();
    const { planId, before: B, after: A } = snap as BatchSnapshot;
    const P = contentOf(beforeDump, planId);
    const Q = contentOf(afterDump, planId);
    // Other plans never move.
    expect(contentOf({ ...afterDump, plans: afterDump.plans.filter((p) => p.id !== planId), areas: afterDump.areas.filter((a) => a.planId !== planId), columns: afterDump.columns.filter((c) => c.planId !== planId), rows: afterDump.rows.filter((r) => r.planId !== planId) })).toEqual(
      contentOf({ ...beforeDump, plans: beforeDump.plans.filter((p) => p.id !== planId), areas: beforeDump.areas.filter((a) => a.planId !== planId), columns: beforeDump.columns.filter((c) => c.planId !== planId), rows: beforeDump.rows.filter((r) => r.planId !== planId) }),
    );

    // The simple case: nothing changed the plan since T, so undo gives back exactly what was before it.
    if (same(P, A)) {
      expectSame(Q, B, 'undo of a batch nothing changed since gives back the content before it');
      expect(kept, 'nothing kept').toEqual([]);
      this.stats.exactUndos++;
      return;
    }
    if (kept.length > 0) this.stats.undosWithKept++;

    const positions = firstSeqs(beforeDump.changeLog);
    const lastOfT = Math.max(...beforeDump.changeLog.filter((e) => e.batchId === batchId).map((e) => e.seq ?? 0));
    const later = (stamp: string | undefined): boolean => stamp !== undefined && (positions.get(stamp) ?? -Infinity) > lastOfT;
    const rowsP = new Map(beforeDump.rows.filter((r) => r.planId === planId).map((r) => [r.id, r]));
    const rowQ = (id: string): Row | undefined => Q.rows.find((r) => r.id === id);
    const rowB = (id: string): Row | undefined => B.rows.find((r) => r.id === id);
    const rowA = (id: string): Row | undefined => A.rows.find((r) => r.id === id);
    const columnQ = (id: string): Column | undefined => Q.columns.find((c) => c.id === id);
    const told = (rowId: string, columnId: string): boolean =>
      kept.some((k) => k.table === 'rows' && k.key === rowId && (k.columnId === undefined || k.columnId === columnId)) ||
      kept.some((k) => k.table === 'columns' && k.key === columnId);

    // 1. What a later batch wrote stays as it is.
    for (const row of rowsP.values()) {
      for (const [columnId, cell] of Object.entries(row.cells)) {
        if (!later(cell.batch)) continue;
        expect(rowQ(row.id)?.cells[columnId]?.text, `cell ${row.id}/${columnId} written after the undone batch`).toBe(cell.text);
      }
    }
    // 2. Undo never invents text: every cell reads as now or as before T.
    for (const row of Q.rows) {
      for (const columnId of new Set([...Object.keys(row.cells), ...Object.keys(P.rows.find((r) => r.id === row.id)?.cells ?? {})])) {
        const q = row.cells[columnId]?.text;
        const p = P.rows.find((r) => r.id === row.id)?.cells[columnId]?.text;
        const b = rowB(row.id)?.cells[columnId]?.text;
        expect([p, b], `cell ${row.id}/${columnId} after undo reads ${JSON.stringify(q)}`).toContain(q);
      }
      expect(rowsP.has(row.id) || rowB(row.id) !== undefined, `row ${row.id} appeared from nowhere`).toBe(true);
    }
    // 3. What T changed and nothing wrote since goes back; 4. what stays different is said.
    const rowIds = new Set([...B.rows.map((r) => r.id), ...A.rows.map((r) => r.id)]);
    for (const rowId of rowIds) {
      const b = rowB(rowId);
      const a = rowA(rowId);
      const p = rowsP.get(rowId);
      const q = rowQ(rowId);
      for (const columnId of new Set([...Object.keys(b?.cells ?? {}), ...Object.keys(a?.cells ?? {})])) {
        const bText = b?.cells[columnId]?.text;
        if (bText === a?.cells[columnId]?.text) continue;
        const column = columnQ(columnId);
        if (!q || !column || column.areaId !== q.areaId) continue;
        const pCell = p?.cells[columnId];
        // A row T created stays whole when a later batch wrote in it (its other cells with it).
        if (b && p && !later(pCell?.batch) && !later(p.batch) && pCell?.text === a?.cells[columnId]?.text) {
          expect(q.cells[columnId]?.text, `cell ${rowId}/${columnId} the undone batch wrote and nothing since`).toBe(bText);
        }
        if (q.cells[columnId]?.text !== bText && !(bText === undefined && q.cells[columnId]?.text === '')) {
          expect(told(rowId, columnId), `cell ${rowId}/${columnId} not put back and not listed as kept`).toBe(true);
        }
      }
    }
  }

  /** "Elimina piano", then "Annulla": the whole plan is back, parents with children, and the history goes on. */
  private async deletePlanAndUndo(): Promise<void> {
    if (!this.model.content.plans.some((p) => p.id === this.planId)) {
      this.stats.skipped++;
      return;
    }
    const before = this.current;
    const deleted = await repo.deletePlan(this.db, this.planId, ANNA);
    const gone = await repo.dumpDatabase(this.db);
    expect(checkIntegrity(gone)).toEqual([]);
    expect(contentOf(gone, this.planId), 'nothing of the deleted plan is left').toEqual({ plans: [], areas: [], columns: [], rows: [] });
    expect(deleted.batchId).not.toBeNull();
    this.snapshot(deleted.batchId as string, before, gone);
    this.model.undo.push(deleted.batchId as string);
    this.model.redo = [];
    const top = (await repo.readUndoHistory(this.db, this.planId)).undo.at(-1);
    expect(top, 'the deletion is the last action of the plan').toBe(deleted.batchId);
    this.current = gone;
    await this.write({ kind: 'undo' });
    expectSame(contentOf(this.fresh as repo.DatabaseDump), contentOf(before), 'the plan after undoing its deletion');
  }

  // ---- failures, reopening, backups ---------------------------------------------------------

  /** The device is full: the n-th write of the action fails, and the database is exactly as before. */
  private async failedWrite(after: number, command: WriteCommand, retry: boolean): Promise<void> {
    const prepared = await this.prepare(command);
    if (!prepared) {
      this.stats.skipped++;
      return;
    }
    // The database as the last step left it (checked then), unless preparing an import exported first.
    const before = command.kind === 'import' ? await repo.dumpDatabase(this.db) : this.current;
    const history = { undo: [...this.model.undo], redo: [...this.model.redo] };
    this.trap.remaining = after;
    this.trap.fired = false;
    let result: Written;
    try {
      result = await prepared.run();
    } catch (error) {
      expect(this.trap.fired, `unexpected error ${String(error)}`).toBe(true);
      expect(repo.isQuotaError(error), `not a quota error: ${String(error)}`).toBe(true);
      this.stats.failedWrites++;
      this.trap.remaining = null;
      expectSame(await repo.dumpDatabase(this.db), before, 'a failed write changes nothing');
      expect(await repo.readUndoHistory(this.db, this.planId)).toEqual(history);
      if (!retry) return;
      // «Riprova» once there is room again: the same action succeeds as if nothing had happened.
      result = await prepared.run();
      const written = await repo.dumpDatabase(this.db);
      await prepared.check(before, written, result);
      this.fresh = written;
      return;
    } finally {
      this.trap.remaining = null;
    }
    // The action needed fewer writes than the trap allowed: it is an ordinary step.
    const written = await repo.dumpDatabase(this.db);
    await prepared.check(before, written, result);
    this.fresh = written;
  }

  /** Close and open again (a reload): the same records and log; the checks after the step find the same history and import list. */
  private async reopen(): Promise<void> {
    const before = this.current;
    const name = this.db.name;
    this.db.close();
    this.db = this.open(name);
    const after = await repo.dumpDatabase(this.db);
    expectSame(after, before, 'the database after reopening');
    this.fresh = after;
  }

  /** "Esporta tutto" then "Ripristina" (replace) on a fresh device: the same plans and the same history. */
  private async backup(continueOnRestored: boolean): Promise<void> {
    const before = this.current;
    const file = serializeBackup(await exportBackup(this.db, { appVersion: 'test', exportedAt: clock().now() }));
    const parsed = parseBackup(file);
    expect(parsed.ok, 'the backup is readable').toBe(true);
    if (!parsed.ok) return;
    const target = this.open(this.freshName());
    await restoreBackup(target, parsed.value, 'replace', this.restoreOptions());
    const restored = await repo.dumpDatabase(target);
    expect(checkIntegrity(restored)).toEqual([]);
    expectSame(sortedDump(restored), sortedDump(before), 'the restored database');
    expect(await repo.readUndoHistory(target, this.planId), 'the restored history').toEqual({ undo: this.model.undo, redo: this.model.redo });
    for (const copy of this.model.copies) {
      expect(await repo.readUndoHistory(target, copy.planId)).toEqual(await repo.readUndoHistory(this.db, copy.planId));
    }
    if (continueOnRestored) {
      this.db.close();
      this.db = target;
    } else {
      target.close();
    }
  }

  private restoreOptions(): Parameters<typeof restoreBackup>[3] {
    return { now: clock().now(), newId: () => `restored-${this.step}-${this.idCounter++}`, copySuffix: ' (dal backup)', by: 'Anna', fileName: 'quadro-backup.json' };
  }

  /**
   * "Ripristina" in "add" mode on this very device: every plan comes back as a copy beside the
   * original. The next time, the copy is taken away by undoing its restore, leaving no trace.
   */
  private async backupAdd(): Promise<void> {
    const copy = this.model.copies.pop();
    if (copy) {
      const history = await repo.readUndoHistory(this.db, copy.planId);
      expect(history.undo.at(-1), 'the copy’s restore is its last action').toBe(copy.batchId);
      const before = this.current;
      const result = await repo.undoBatch(this.db, copy.batchId, ANNA);
      expect(result.kept).toEqual([]);
      const after = await repo.dumpDatabase(this.db);
      expect(contentOf(after, copy.planId), 'the copy is gone, all of it').toEqual({ plans: [], areas: [], columns: [], rows: [] });
      const expected = structuredClone(this.model.content);
      const rest = contentOf(before);
      expect(contentOf(after)).toEqual({ plans: rest.plans.filter((p) => p.id !== copy.planId), areas: rest.areas.filter((a) => a.planId !== copy.planId), columns: rest.columns.filter((c) => c.planId !== copy.planId), rows: rest.rows.filter((r) => r.planId !== copy.planId) });
      this.model.content = { plans: expected.plans.filter((p) => p.id !== copy.planId), areas: expected.areas.filter((a) => a.planId !== copy.planId), columns: expected.columns.filter((c) => c.planId !== copy.planId), rows: expected.rows.filter((r) => r.planId !== copy.planId) };
      return;
    }
    if (!this.model.content.plans.some((p) => p.id === this.planId)) {
      // The plan was deleted (a redo of its deletion): nothing to copy.
      this.stats.skipped++;
      return;
    }
    const before = this.current;
    const parsed = parseBackup(serializeBackup(await exportBackup(this.db, { appVersion: 'test', exportedAt: clock().now() })));
    if (!parsed.ok) throw new Error('backup refused');
    const result = await restoreBackup(this.db, parsed.value, 'add', this.restoreOptions());
    expect(result.copiedPlanIds).toEqual([this.planId]);
    const after = await repo.dumpDatabase(this.db);
    const planId = after.plans.find((p) => !before.plans.some((b) => b.id === p.id))?.id as string;
    const copyContent = contentOf(after, planId);
    expect(shapeOf(copyContent, planId), 'the copy reads as the original').toEqual(shapeOf(this.model.content, this.planId));
    const batchId = after.changeLog.find((e) => e.planId === planId && e.origin === 'restore')?.batchId as string;
    this.model.copies.push({ planId, batchId });
    const expected = structuredClone(this.model.content);
    this.model.content = {
      plans: byId([...expected.plans, ...copyContent.plans]),
      areas: byId([...expected.areas, ...copyContent.areas]),
      columns: byId([...expected.columns, ...copyContent.columns]),
      rows: byId([...expected.rows, ...copyContent.rows]),
    };
  }
}

interface Written {
  batchId: string | null;
  value: unknown;
}

function short(id: string): string {
  return id.slice(0, 6);
}

function batchOf<T>(result: repo.WriteResult<T>): Written {
  return { batchId: result.batchId, value: result.value };
}

/** Deep equality as toEqual has it; the strict comparison first, because formatting a difference is slow. */
function same(a: unknown, b: unknown): boolean {
  if (isDeepStrictEqual(a, b)) return true;
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}

/** expect(actual).toEqual(expected), quick when they are equal (the common case). */
function expectSame(actual: unknown, expected: unknown, message: string): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual, message).toEqual(expected);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function firstSeqs(log: readonly ChangeLogEntry[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (const entry of log) {
    const seq = entry.seq ?? 0;
    if (!positions.has(entry.batchId) || seq < (positions.get(entry.batchId) as number)) positions.set(entry.batchId, seq);
  }
  return positions;
}

function sortedDump(dump: repo.DatabaseDump): unknown {
  return { plans: byId(dump.plans), areas: byId(dump.areas), columns: byId(dump.columns), rows: byId(dump.rows), changeLog: dump.changeLog };
}

/** Two areas of the 2012 plan, three columns and three rows each, short texts: a cheap plan for most runs. */
function smallPlan(doc: PlanDocument): PlanDocument {
  const areas = sortByOrder(doc.areas).slice(0, 2);
  const columns = areas.flatMap((area) => sortByOrder(doc.columns.filter((c) => c.areaId === area.id)).slice(0, 3));
  const columnIds = new Set(columns.map((c) => c.id));
  const rows = areas.flatMap((area) => sortByOrder(doc.rows.filter((r) => r.areaId === area.id)).slice(0, 3));
  return {
    plan: doc.plan,
    areas,
    columns,
    rows: rows.map((row) => {
      const cells: Record<string, Cell> = {};
      const base: Record<string, string> = {};
      for (const [columnId, cell] of Object.entries(row.cells)) {
        if (!columnIds.has(columnId)) continue;
        cells[columnId] = { ...cell, text: cell.text.slice(0, 30) };
      }
      for (const [columnId, hash] of Object.entries(row.base ?? {})) if (columnIds.has(columnId)) base[columnId] = hash;
      return { ...row, cells, ...(row.base ? { base } : {}) };
    }),
  };
}

function unmodified(spec: ImportSpec): boolean {
  return spec.cellEdits.length === 0 && spec.addRows.length === 0 && spec.removeRows.length === 0 && spec.newArea === null && spec.newColumn === null;
}

/** A colleague's version of an exported plan: cells changed, rows added and removed, maybe a new area or column. */
function mutate(source: PlanDocument, spec: ImportSpec): PlanDocument {
  const theirs = structuredClone(source);
  const time = spec.time === 'as-is' ? null : FILE_TIME_VALUES[spec.time];
  const content = contentOf({ ...theirs, plans: [theirs.plan] });
  const touched = new Set<Row>();
  const cell = (t: string): Cell => ({ text: t, changedAt: time ?? '2026-11-26T12:05:00.000Z', changedBy: 'Bruno' });
  for (const edit of spec.cellEdits) {
    const row = pick(theirs.rows.filter((r) => allRows(content, theirs.plan.id).some((o) => o.id === r.id)), edit.row);
    const column = row && pick(columnsOf(content, row.areaId), edit.column);
    if (!row || !column) continue;
    row.cells[column.id] = cell(edit.text);
    touched.add(row);
  }
  let added = 0;
  for (const add of spec.addRows) {
    const area = pick(areasOf(content, theirs.plan.id), add.area);
    if (!area) continue;
    const columns = columnsOf(content, area.id);
    const cells: Record<string, Cell> = {};
    add.texts.forEach((t, i) => {
      const column = columns[i];
      if (column && t !== '') cells[column.id] = cell(t);
    });
    const first = columns[0];
    // A new row needs text in its first column: the ambito the colleague adds.
    if (first) cells[first.id] = cell(`Nuovo ambito ${++added}`);
    theirs.rows.push({ id: '', areaId: area.id, planId: theirs.plan.id, order: 1000 + added, cells });
  }
  for (const f of spec.removeRows) {
    const row = pick(theirs.rows.filter((r) => r.id !== ''), f);
    if (row) theirs.rows = theirs.rows.filter((r) => r !== row);
  }
  if (spec.newColumn) {
    const area = pick(areasOf(content, theirs.plan.id), spec.newColumn.area);
    if (area && !columnsOf(content, area.id).some((c) => c.title === spec.newColumn?.title)) {
      const column: Column = { id: 'their-column', areaId: area.id, planId: theirs.plan.id, title: spec.newColumn.title, order: 1000 };
      theirs.columns.push(column);
      const rows = theirs.rows.filter((r) => r.areaId === area.id);
      spec.newColumn.texts.forEach((t, i) => {
        const row = rows[i];
        if (row && t !== '') {
          row.cells[column.id] = cell(t);
          touched.add(row);
        }
      });
    }
  }
  if (spec.newArea && spec.scope === 'plan') {
    const area: Area = { id: 'their-area', planId: theirs.plan.id, title: spec.newArea.title, introduction: '', order: 1000 };
    if (!theirs.areas.some((a) => a.title === area.title)) {
      theirs.areas.push(area);
      const titles = ['AMBITO', 'Risultati previsti al 2012'];
      const columns = titles.map((title, i): Column => ({ id: `their-area-column-${i}`, areaId: area.id, planId: theirs.plan.id, title, order: i + 1 }));
      theirs.columns.push(...columns);
      spec.newArea.texts.forEach((texts, r) => {
        const cells: Record<string, Cell> = {};
        texts.forEach((t, i) => {
          const column = columns[i];
          if (column) cells[column.id] = cell(t);
        });
        theirs.rows.push({ id: '', areaId: area.id, planId: theirs.plan.id, order: r + 1, cells });
      });
    }
  }
  // The colleague's clock writes "Ultima modifica" on every row they touched.
  if (time) for (const row of touched) for (const c of Object.values(row.cells)) c.changedAt = time;
  return theirs;
}

// ---------------------------------------------------------------------------------------------
// The model's own merge of a colleague's file (issue 18): which record goes to which row and which
// file column to which plan column is the app's match (tested on its own, and by "twice changes
// nothing" above); what each cell then holds is decided here by the three-way rule, independently.

interface ImportInput {
  match: CsvMatch;
  /** The conflicts the app's preview listed, in its order (the choices were given by that order). */
  conflictIds: string[];
  decisions: Record<string, ConflictChoice>;
  deleteMissing: boolean;
  now: string;
  importer: string;
  fileName: string;
}

/** When the bundled 2012 plan's text was written, as its export says it (written out here, not taken from the app). */
const ORIGINAL_2012_TEXT_TIME = '2012-01-01T00:00:00.000Z';

/** A placeholder id for a record the import creates; `withMintedIds` puts the app's ids in. */
const NEW_PREFIX = '\u0000new:';

/**
 * The plan's content after the import, as the three-way rule says, and the conflicts it finds (sorted).
 * Independent of the app's merge (no `resolveImport`/`applyChangeSet` here). What it takes from the app
 * is the matching — which file record is which row (`input.match`) — tested on its own in csv-merge and
 * csv-names; re-deriving it here would copy that code, not check it.
 */
function expectImport(before: repo.DatabaseDump, planId: string, input: ImportInput): { content: Content; conflictIds: string[] } {
  const { parsed } = input.match;
  const plan = before.plans.find((p) => p.id === planId) as Plan;
  const areas = before.areas.filter((a) => a.planId === planId).map((a) => structuredClone(a));
  const columns = before.columns.filter((c) => c.planId === planId).map((c) => structuredClone(c));
  const rows = new Map(before.rows.filter((r) => r.planId === planId).map((r) => [r.id, structuredClone(r)]));
  const conflictIds: string[] = [];
  const deleted = new Set<string>();
  let nextAreaOrder = Math.max(0, ...areas.map((a) => a.order)) + 1;
  // A believable file time is kept; one more than a day ahead of the device's clock, or before 2000, is not.
  const fileTime = (recordIndex: number): { at: string; by: string } | null => {
    if (parsed.lastChangedColumn === null) return null;
    const change = parseLastChanged((parsed.records[recordIndex] as string[])[parsed.lastChangedColumn] as string);
    // "Piano operativo 2012 (testo originale)" says nothing was changed; a text that differs was changed
    // by someone who left the field as it was, at an unknown time: the import's time and importer.
    return change?.at === ORIGINAL_2012_TEXT_TIME ? null : change;
  };
  const believable = (at: string): boolean => Date.parse(at) >= Date.parse('2000-01-01T00:00:00.000Z') && Date.parse(at) <= Date.parse(input.now) + 24 * 3600 * 1000;
  const fromFile = (text: string, change: { at: string; by: string } | null): Cell => ({
    text,
    changedAt: change && believable(change.at) ? change.at : input.now,
    changedBy: change ? change.by : input.importer,
  });

  for (const area of input.match.areas) {
    const newRecords = area.rows.filter((r) => r.rowId === null);
    if (area.isNew && newRecords.length === 0) continue;
    let areaId = area.areaId;
    if (area.isNew) {
      areaId = `${NEW_PREFIX}area:${area.title}`;
      areas.push({ id: areaId, planId, title: area.title, introduction: '', order: nextAreaOrder++ });
    }
    // Where each file column goes in this area: a plan column, a new column (made now), or nowhere.
    let nextColumnOrder = Math.max(0, ...columns.filter((c) => c.areaId === areaId).map((c) => c.order)) + 1;
    const target = new Map<number, string>();
    for (const column of area.columns) {
      if (column.target.kind === 'column') target.set(column.fileColumn, column.target.columnId);
      else if (column.target.kind === 'new') {
        const id = `${NEW_PREFIX}column:${areaId}:${column.target.title}`;
        columns.push({ id, areaId, planId, title: column.target.title, order: nextColumnOrder++ });
        target.set(column.fileColumn, id);
      }
    }
    const keyOf = (fileColumn: number): string => {
      const column = area.columns.find((c) => c.fileColumn === fileColumn);
      return column?.target.kind === 'column' ? column.target.columnId : `new-column:${fileColumn}`;
    };
    let nextRowOrder = Math.max(0, ...[...rows.values()].filter((r) => r.areaId === area.areaId).map((r) => r.order)) + 1;
    for (const match of area.rows) {
      const record = parsed.records[match.recordIndex] as string[];
      const change = fileTime(match.recordIndex);
      if (match.rowId === null) {
        const cells: Record<string, Cell> = {};
        for (const [fileColumn, columnId] of target) {
          const text = record[fileColumn] as string;
          if (text !== '') cells[columnId] = fromFile(text, change);
        }
        const id = `${NEW_PREFIX}row:${areaId}:${nextRowOrder}`;
        rows.set(id, { id, areaId, planId, order: nextRowOrder++, cells });
        continue;
      }
      const row = rows.get(match.rowId) as Row;
      const original = before.rows.find((r) => r.id === match.rowId) as Row;
      for (const [fileColumn, columnId] of target) {
        const mine = original.cells[columnId]?.text ?? '';
        // What counts as the same text, and what as a difference nobody can see, is normalize.ts's rule
        // (tested on its own); the model takes it as given, like the match: the same text is no change, an
        // invisible difference is shown and left out unless ticked (the model never ticks it).
        const raw = record[fileColumn] as string;
        const theirs = raw !== mine && isSameImportedText(mine, raw) ? mine : raw;
        const base = original.base?.[columnId];
        let outcome: 'take' | 'keep' | 'conflict';
        if (mine === theirs) outcome = 'keep';
        else if (base !== undefined) {
          const mineChanged = hashText(mine) !== base;
          const theirsChanged = hashText(theirs) !== base;
          outcome = !mineChanged && theirsChanged ? 'take' : mineChanged && theirsChanged ? 'conflict' : 'keep';
        } else outcome = mine === '' ? 'take' : theirs === '' ? 'keep' : 'conflict';
        if (outcome === 'take' && findInvisibleDifference(mine, theirs) === null) row.cells[columnId] = fromFile(theirs, change);
        if (outcome !== 'conflict') continue;
        const id = `${area.areaId}|${row.id}|${keyOf(fileColumn)}`;
        conflictIds.push(id);
        const choice = Object.hasOwn(input.decisions, id) ? input.decisions[id] : 'mine';
        if (choice === 'theirs') row.cells[columnId] = fromFile(theirs, change);
        if (choice === 'both') {
          const source = change?.by.trim() || input.fileName;
          row.cells[columnId] = { text: `${mine}\n— versione del file (${source}) —\n${theirs}`, changedAt: input.now, changedBy: input.importer };
        }
      }
    }
    if (input.deleteMissing && !area.isNew) {
      const matched = new Set(area.rows.map((r) => r.rowId));
      for (const row of before.rows) if (row.areaId === area.areaId && !matched.has(row.id)) deleted.add(row.id);
    }
  }
  const content = contentOf({ plans: [plan], areas, columns, rows: [...rows.values()].filter((r) => !deleted.has(r.id)) }, planId);
  return { content: { ...content, plans: [] }, conflictIds: conflictIds.sort() };
}

/**
 * The expected content with the ids the app minted for new areas, columns and rows put in: each
 * placeholder is matched to the one new record of the actual plan with the same place (an area or
 * column by its title, a row by its area and order). A record the model expects but the app did
 * not make keeps its placeholder, and the comparison then shows it.
 */
function withMintedIds(expected: Content, actual: Content, planId: string): Content {
  const known = new Set([...expected.areas, ...expected.columns, ...expected.rows].map((r) => r.id));
  const fresh = <T extends { id: string; planId: string }>(list: T[]): T[] => list.filter((r) => r.planId === planId && !known.has(r.id));
  const ids = new Map<string, string>();
  for (const area of expected.areas.filter((a) => a.id.startsWith(NEW_PREFIX))) {
    const made = fresh(actual.areas).find((a) => a.title === area.title);
    if (made) ids.set(area.id, made.id);
  }
  const areaOf = (id: string): string => ids.get(id) ?? id;
  for (const column of expected.columns.filter((c) => c.id.startsWith(NEW_PREFIX))) {
    const made = fresh(actual.columns).find((c) => c.areaId === areaOf(column.areaId) && c.title === column.title);
    if (made) ids.set(column.id, made.id);
  }
  for (const row of expected.rows.filter((r) => r.id.startsWith(NEW_PREFIX))) {
    const made = fresh(actual.rows).find((r) => r.areaId === areaOf(row.areaId) && r.order === row.order);
    if (made) ids.set(row.id, made.id);
  }
  const id = (value: string): string => ids.get(value) ?? value;
  return {
    plans: [],
    areas: byId(expected.areas.map((a) => ({ ...a, id: id(a.id) }))),
    columns: byId(expected.columns.map((c) => ({ ...c, id: id(c.id), areaId: id(c.areaId) }))),
    rows: byId(
      expected.rows.map((r) => ({
        ...r,
        id: id(r.id),
        areaId: id(r.areaId),
        cells: sortKeys(Object.fromEntries(Object.entries(r.cells).map(([columnId, cell]) => [id(columnId), cell]))),
      })),
    ),
  };
}
