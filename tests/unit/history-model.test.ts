// Issue 8's model-based test: random sequences of edits, structure, imports, undo, redo, failed writes, reopening and backups, each step checked.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyStats, HistoryModelRun, scenarioArbitrary, type Content, type ImportSpec, type Scenario } from './history-model.ts';

// What the steps check, by the observed points of issue 8:
// - point 1: the clock is injected (a stepping clock per sequence) and the gate's second run repeats the test in another time zone;
// - point 2: checkIntegrity after every step, undo of older imports edited since, and a backup of any moment restores (replace) equal;
// - point 3: imports whose "Ultima modifica" runs minutes or a year ahead, or behind: undo is exact when nothing changed since,
//   and never changes a cell a later batch wrote;
// - point 4 (repository side): a quota error on the n-th write leaves the database and history exactly as they were, and «Riprova» succeeds;
// - point 7: the undo/redo lists and the import history agree with the model after every step and survive reopening and restore;
//   undo puts the plan's "last changed" back (it is part of the compared content).

/**
 * Sequences per run of the unit tests; QUADRO_MODEL_RUNS=5000 for a long hunt. The gate's second
 * run (another time zone, just before midnight) only shows the test does not depend on the clock:
 * a few sequences are enough there.
 */
const RUNS = Number(process.env['QUADRO_MODEL_RUNS'] ?? (process.env['QUADRO_TEST_NOW'] ? 20 : 200));
const STEPS = Number(process.env['QUADRO_MODEL_STEPS'] ?? 30);
/**
 * The gate runs one fixed set of sequences, so it is red or green for the code alone; a long hunt
 * (QUADRO_MODEL_RUNS set) draws a new seed each time.
 */
const GATE_SEED = 20261126;
/** A seed printed by a failure, to replay it: QUADRO_MODEL_SEED=123 (with QUADRO_MODEL_PATH from the same report). */
const SEED = process.env['QUADRO_MODEL_SEED'];
const PATH = process.env['QUADRO_MODEL_PATH'];

async function runScenario(scenario: Scenario, stats = emptyStats(), trace = false): Promise<Content> {
  return new HistoryModelRun(stats, trace).run(scenario);
}

/** QUADRO_MODEL_REPLAY=file.json replays one printed counterexample step by step, with a trace. */
const REPLAY = process.env['QUADRO_MODEL_REPLAY'];

describe('model-based: the change history never loses a word', () => {
  it(
    `${RUNS} random sequences of ${STEPS} steps keep integrity, the model and the history after every step`,
    async () => {
      const stats = emptyStats();
      await fc.assert(
        fc.asyncProperty(scenarioArbitrary(STEPS), async (scenario) => {
          await runScenario(scenario, stats);
        }),
        { numRuns: RUNS, seed: Number(SEED ?? (process.env['QUADRO_MODEL_RUNS'] ? Date.now() % 2 ** 31 : GATE_SEED)), ...(PATH ? { path: PATH } : {}), endOnFailure: process.env['QUADRO_MODEL_SHRINK'] === '0' },
      );
      if (process.env['QUADRO_MODEL_STATS']) console.log(JSON.stringify(stats));
      // The run exercised what it claims: undo found both exact and partial cases, writes failed.
      expect(stats.steps).toBeGreaterThanOrEqual(RUNS * STEPS);
      expect(stats.exactUndos).toBeGreaterThan(0);
      expect(stats.failedWrites).toBeGreaterThan(0);
    },
    30 * 60_000,
  );
});

/** A colleague's file: one cell changed, nothing else. */
const ONE_CELL: ImportSpec = {
  fromOlder: false,
  olderPick: 0,
  scope: 'plan',
  area: 0,
  cellEdits: [{ row: 0, column: 0.5, text: 'Testo del collega' }],
  addRows: [],
  removeRows: [],
  newArea: null,
  newColumn: null,
  time: 'as-is',
  choices: ['theirs'],
  deleteMissing: false,
  twice: false,
};

describe('sequences the model test found', () => {
  it('seed 1467502529: an import redone from the top bar, then undone from the import history, leaves no dead "Annulla"', async () => {
    // The redo that brought the import back stayed on the undo list after "Annulla l'importazione"
    // undid the import again: "Annulla" then undid that redo, which had nothing left to do, and
    // stayed on top for ever.
    await runScenario({
      plan: 'small',
      commands: [
        { kind: 'edit', row: 0.9, column: 0.9, text: 'mia modifica' },
        { kind: 'import', spec: ONE_CELL },
        { kind: 'undo' },
        { kind: 'redo' },
        { kind: 'undoImport', pick: 0 },
        { kind: 'undo' },
        { kind: 'redoImport', pick: 0 },
        { kind: 'undo' },
        { kind: 'redo' },
      ],
    });
  });
});

describe('sequences the model test found (2)', () => {
  it('seed -607883803: "Ripeti l\'importazione" from the import history is a new action, so the top-bar "Ripeti" has nothing stale left', async () => {
    // The plan, its areas deleted, was deleted and the deletion undone ("Ripeti" would delete it again); then an import
    // undone earlier was brought back from the import history, adding its area to the plan. The
    // top-bar "Ripeti" still offered the deletion, which now had to keep the plan for that area:
    // it wrote nothing and stayed on top for ever.
    await runScenario({
      plan: 'small',
      commands: [
        { kind: 'import', spec: { ...ONE_CELL, newArea: { title: 'AREA GIOVANI', texts: [['Garanzia Giovani', 'Avviare 3 sportelli']] } } },
        { kind: 'undo' },
        { kind: 'deleteArea', area: 0 },
        { kind: 'deleteArea', area: 0 },
        { kind: 'deletePlanAndUndo' },
        { kind: 'redoImport', pick: 0 },
        { kind: 'redo' },
        { kind: 'undo' },
        { kind: 'undo' },
      ],
    });
  });
});

describe('a design question the model test raised, decided conservatively', () => {
  it('an import undone while its area was deleted comes back with the area: no text is lost, though the import reads as undone', async () => {
    // Import a column into an area, delete the area, "Annulla l'importazione" (nothing of it is
    // left to take away), then "Annulla" the deletion: the area comes back as it was deleted,
    // with the import's column and texts. Taking them out again would need the undo of the import
    // to be replayed on the restored area; we keep the texts (never lose a word) and the import
    // history keeps saying the import was undone. The model checks every step of this sequence.
    const content = await runScenario({
      plan: 'small',
      commands: [
        { kind: 'import', spec: { ...ONE_CELL, cellEdits: [], newColumn: { area: 0, title: 'Note', texts: ['nota uno', 'nota due'] } } },
        { kind: 'deleteArea', area: 0 },
        { kind: 'undoImport', pick: 0 },
        { kind: 'undo' },
      ],
    });
    const note = content.columns.find((c) => c.title === 'Note');
    expect(note).toBeDefined();
    const texts = content.rows.map((r) => r.cells[note?.id ?? '']?.text).filter((t) => t !== undefined);
    expect(texts.sort()).toEqual(['nota due', 'nota uno']);
  });
});

describe('a sequence the model test found: the same file twice', () => {
  it('seed -1566131927: the same file imported twice changes nothing, even after «Tieni entrambe» on the ambito it was matched by', async () => {
    // An old export of one area, imported (its own area deleted here) into the area on screen: a
    // file row whose ID the plan does not know matched a row by its first column (the ambito). The
    // ambito was a conflict resolved with "Tieni entrambe", so the row's ambito became both texts;
    // the second time the file's ambito no longer equalled it and the row came in as new again.
    // Issue 18: the row remembers the file's ID it was matched to (an alias); the run checks that
    // the second import writes nothing at all.
    const text = readFileSync(new URL('./history-model-seed-1566131927.json', import.meta.url), 'utf8');
    const stats = emptyStats();
    await runScenario(JSON.parse(text) as Scenario, stats);
    expect(stats.byKind['importTwice']).toBeGreaterThan(0);
  }, 120_000);
});

describe('a sequence the model test found: an undo that keeps everything', () => {
  it('seed -1216103253: the top-bar "Annulla" after an import was undone, redone and undone again from the import history still moves the history on', async () => {
    // Steps 8–14 undo an import from the import history, delete a row, bring the import back,
    // reopen, undo the import again; the top-bar "Annulla" then had only changes made later to
    // undo, kept them all, wrote nothing and stayed on top for ever. Now such an undo is still
    // logged (a write of the plan as it is), so the history moves past it.
    const text = readFileSync(new URL('./history-model-seed-1216103253.json', import.meta.url), 'utf8');
    await runScenario(JSON.parse(text) as Scenario);
  }, 120_000);
});

describe.runIf(REPLAY)('replay of a recorded sequence', () => {
  it('replays QUADRO_MODEL_REPLAY', async () => {
    // fast-check prints records as {__proto__:null,…}: plain JSON once that is removed.
    const text = readFileSync(REPLAY as string, 'utf8').replace(/__proto__:null,/g, '');
    await runScenario(JSON.parse(text) as Scenario, emptyStats(), true);
  }, 600_000);
});

