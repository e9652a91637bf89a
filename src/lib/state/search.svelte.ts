// Search state: the plan index built in idle time after the first screen, kept in step with edits, and the row filter.
import { untrack } from 'svelte';
import type { Row } from '../model/types.ts';
import { cellText } from '../model/plan.ts';
import * as repo from '../db/repository.ts';
import type { AppState } from './app.svelte.ts';
import type { PlanSearchIndex, SearchHit, SearchResults } from '../search/plan-index.ts';
import { rowMatchesQuery } from '../search/snippet.ts';
import { afterFirstScreen } from './first-screen.ts';
import { whenSeedComplete } from './seed-rest.ts';

const NO_RESULTS: SearchResults = { groups: [], total: 0, shown: 0 };
/**
 * Cell text indexed per idle slice while building, so no slice blocks a tap for long. Counted in
 * characters, not rows: the 2012 plan has 24 rows of 47,000 characters, and indexing them in one
 * go was a 150–200 ms task at 4× CPU (issue 14, B10); 4,000 characters take about 15 ms there.
 */
const CHARS_PER_SLICE = 4_000;

/** Runs `work` when the browser is idle (or soon, where requestIdleCallback is missing: Safari). */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 1000 });
    else setTimeout(resolve, 16);
  });
}

/** The cell a search result asks the grid to select. */
export interface RevealTarget {
  rowId: string;
  columnId: string;
}

function charsOf(rows: readonly Row[]): number {
  let chars = 0;
  for (const row of rows) for (const cell of Object.values(row.cells)) chars += cell.text.length;
  return chars;
}

export class SearchState {
  open = $state(false);
  query = $state('');
  allPlans = $state(false);
  results = $state.raw<SearchResults>(NO_RESULTS);
  /** True until the index holds every plan. */
  indexing = $state(true);
  failed = $state(false);
  /** The row filter of the current area. */
  filter = $state('');
  /** Bumped when the filter changes, so the grid reloads the rows it shows. */
  filterGeneration = $state(0);
  /** Set by a tapped result; the grid selects it and the app clears it. */
  reveal = $state.raw<RevealTarget | null>(null);

  /** The current area's rows that pass the row filter (all of them when it is empty). */
  visibleRows = $derived.by(() => this.filterRows(this.app.nav.rows));

  private readonly app: AppState;
  private index: PlanSearchIndex | null = null;
  private building: Promise<PlanSearchIndex> | null = null;
  /** Plans whose stored rows may differ from the index (after undo, import, structure changes). */
  private readonly stalePlans = new Set<string>();
  /** The row objects last indexed, by id: an edit replaces the object, so identity tells what changed. */
  private readonly indexedRows = new Map<string, Row>();
  private generation = 0;

  constructor(app: AppState) {
    this.app = app;
    $effect.root(() => {
      // Typing in the grid replaces row objects in app.nav.rows: re-index just those.
      $effect(() => {
        const rows = this.app.nav.rows;
        untrack(() => this.noteRows(rows));
      });
      // Anything else (undo, import, structure, another plan) is re-read from IndexedDB before the next search.
      $effect(() => {
        void this.app.nav.revision;
        void this.app.nav.plans;
        untrack(() => {
          if (this.app.nav.planId) this.stalePlans.add(this.app.nav.planId);
          if (this.open && this.query) void this.run();
        });
      });
      $effect(() => {
        void this.app.nav.areaId;
        untrack(() => this.setFilter(''));
      });
      // The index is built after the first screen, when the browser is idle.
      $effect(() => {
        if (this.app.ready) untrack(() => void this.ensureIndex().catch(() => undefined));
      });
    });
  }

  show(): void {
    this.open = true;
    if (this.query) void this.run();
  }

  hide(): void {
    this.open = false;
  }

  setQuery(query: string): void {
    this.query = query;
    void this.run();
  }

  setAllPlans(all: boolean): void {
    this.allPlans = all;
    void this.run();
  }

  setFilter(text: string): void {
    if (text === this.filter) return;
    this.filter = text;
    this.filterGeneration++;
  }

  /** Opens the hit's plan and area, and asks the grid to select its cell. */
  async goTo(hit: SearchHit): Promise<void> {
    this.open = false;
    await this.revealCell(hit);
  }

  /** Opens a cell's plan and area and has the grid select it (a search hit, an indicator, a change listed). */
  async revealCell(cell: { planId: string; areaId: string; rowId: string; columnId: string }): Promise<void> {
    if (cell.planId !== this.app.nav.planId) await this.app.plans.open(cell.planId, cell.areaId);
    else if (cell.areaId !== this.app.nav.areaId) await this.app.nav.openArea(cell.areaId);
    if (!this.visibleRows.some((row) => row.id === cell.rowId)) this.setFilter('');
    this.reveal = { rowId: cell.rowId, columnId: cell.columnId };
  }

  /** Runs the current query; a slower earlier run never overwrites a newer one. */
  async run(): Promise<void> {
    const generation = ++this.generation;
    const query = this.query;
    if (!query.trim()) {
      this.results = NO_RESULTS;
      return;
    }
    try {
      const index = await this.ensureIndex();
      await this.refreshStale(index);
      if (generation !== this.generation) return;
      this.results = index.search(query, this.allPlans ? {} : { planId: this.app.nav.planId ?? '' });
      this.failed = false;
    } catch (error) {
      console.error(error);
      if (generation === this.generation) this.failed = true;
    }
  }

  private filterRows(rows: Row[]): Row[] {
    const filter = this.filter;
    if (!filter.trim()) return rows;
    const columns = this.app.nav.columns;
    return rows.filter((row) => rowMatchesQuery(columns.map((column) => cellText(row, column.id)), filter));
  }

  private noteRows(rows: readonly Row[]): void {
    const index = this.index;
    if (!index) return;
    for (const row of rows) {
      if (this.indexedRows.get(row.id) === row) continue;
      index.upsertRow(row);
      this.indexedRows.set(row.id, row);
    }
    if (this.open && this.query) void this.run();
  }

  /** The index, built once (lazily loaded with its library, plan by plan in idle slices). */
  private ensureIndex(): Promise<PlanSearchIndex> {
    if (this.index) return Promise.resolve(this.index);
    this.building ??= this.buildIndex().catch((error: unknown) => {
      this.building = null;
      throw error;
    });
    return this.building;
  }

  private async buildIndex(): Promise<PlanSearchIndex> {
    // Issue 25: neither the index nor its chunk comes before the grid.
    await afterFirstScreen();
    await whenSeedComplete(this.app.db);
    const { PlanSearchIndex } = await import('../search/plan-index.ts');
    const index = new PlanSearchIndex();
    // The current plan first: it is what the first search is most likely about.
    const planIds = this.app.nav.plans.map((plan) => plan.id).sort((a, b) => Number(b === this.app.nav.planId) - Number(a === this.app.nav.planId));
    for (const planId of planIds) await this.indexPlan(index, planId);
    this.index = index;
    this.indexing = false;
    this.noteRows(this.app.nav.rows);
    return index;
  }

  private async indexPlan(index: PlanSearchIndex, planId: string): Promise<void> {
    const doc = await repo.loadPlanDocument(this.app.db, planId);
    if (!doc) {
      index.removePlan(planId);
      return;
    }
    if (charsOf(doc.rows) <= CHARS_PER_SLICE) {
      index.syncPlan(doc);
    } else {
      index.setStructure(doc.plan, doc.areas, doc.columns);
      let chars = 0;
      for (const row of doc.rows) {
        index.upsertRow(row);
        chars += charsOf([row]);
        if (chars >= CHARS_PER_SLICE) {
          chars = 0;
          await whenIdle();
        }
      }
      await whenIdle();
      index.syncPlan(doc); // removes rows that vanished meanwhile; unchanged cells cost a comparison
    }
    for (const row of doc.rows) this.indexedRows.set(row.id, row);
  }

  private async refreshStale(index: PlanSearchIndex): Promise<void> {
    const known = new Set(this.app.nav.plans.map((plan) => plan.id));
    for (const planId of index.planIds()) if (!known.has(planId)) index.removePlan(planId);
    for (const planId of known) if (!index.planIds().includes(planId)) this.stalePlans.add(planId);
    for (const planId of [...this.stalePlans]) {
      this.stalePlans.delete(planId);
      await this.indexPlan(index, planId);
    }
  }
}
