// Where the user is, as runes: the plans, the plan and area on screen with its columns and rows, the
// selection in its grid, and the address (/piano/:plan/area/:area) kept in step.
import type { Area, Column, Plan, Row } from '../model/types.ts';
import * as repo from '../db/repository.ts';
import type { QuadroDatabase } from '../db/repository.ts';
import { planPath } from './route.ts';
import { ambitoName } from '../model/plan.ts';
import { whenSeedComplete } from './seed-rest.ts';

/** The cells a command acts on: always cells of the area on screen (cleared when the area changes). */
export interface CellSelection {
  rowIds: string[];
  columnId: string | null;
}

export class Navigation {
  private readonly db: QuadroDatabase;
  plans = $state.raw<Plan[]>([]);
  planId = $state<string | null>(null);
  areas = $state.raw<Area[]>([]);
  areaId = $state<string | null>(null);
  columns = $state.raw<Column[]>([]);
  rows = $state.raw<Row[]>([]);
  /** Bumped when rows or columns change other than by typing in the grid, so the grid reloads its data. */
  revision = $state(0);
  /** What the user selected in the grid of the area on screen; null after switching area or plan. */
  selection = $state.raw<CellSelection | null>(null);

  plan = $derived(this.plans.find((plan) => plan.id === this.planId));
  area = $derived(this.areas.find((area) => area.id === this.areaId));

  constructor(db: QuadroDatabase) {
    this.db = db;
  }

  /** How a row of the area on screen is named to the user: its ambito (its first column's text). */
  rowTitle(rowId: string): string {
    return ambitoName(this.rows.find((row) => row.id === rowId), this.columns[0]?.id);
  }

  /** The title of a column of the area on screen ('' when it is not there). */
  columnTitle(columnId: string | null | undefined): string {
    return this.columns.find((column) => column.id === columnId)?.title ?? '';
  }

  /** The selection, if it still names rows of the area on screen. */
  get visibleSelection(): CellSelection | null {
    const selection = this.selection;
    if (!selection || selection.rowIds.length === 0) return null;
    const shown = new Set(this.rows.map((row) => row.id));
    return selection.rowIds.every((id) => shown.has(id)) ? selection : null;
  }

  async refreshPlans(): Promise<void> {
    this.plans = await repo.listPlans(this.db);
  }

  async openPlan(planId: string | null, areaId?: string, history: 'push' | 'replace' = 'push'): Promise<void> {
    this.planId = planId;
    this.areas = planId ? await repo.listAreas(this.db, planId) : [];
    const target = this.areas.find((area) => area.id === areaId) ?? this.areas[0];
    await this.openArea(target?.id ?? null, history);
  }

  async openArea(areaId: string | null, history: 'push' | 'replace' = 'push'): Promise<void> {
    // Issue 25: on a first start, the other areas' rows of the bundled plan come after the first area's. The switch
    // waits for them before it changes anything: the area's title never stands over another area's rows.
    await whenSeedComplete(this.db, areaId);
    // Commands act on what the user sees: a selection made in another area (or plan) is gone.
    if (areaId !== this.areaId) this.selection = null;
    this.areaId = areaId;
    await this.reloadArea();
    this.updateUrl(history);
  }

  /** Reads the current area's columns and rows again from IndexedDB and makes the grid reload. */
  async reloadArea(): Promise<void> {
    await whenSeedComplete(this.db, this.areaId);
    const view = this.areaId ? await repo.loadAreaView(this.db, this.areaId) : undefined;
    this.columns = view?.columns ?? [];
    this.rows = view?.rows ?? [];
    if (view) this.areas = this.areas.map((area) => (area.id === view.area.id ? view.area : area));
    this.revision++;
  }

  /** Reads the plan's areas again (another tab changed them); an area gone takes the user to the first. */
  async refreshAreas(): Promise<void> {
    this.areas = this.planId ? await repo.listAreas(this.db, this.planId) : [];
    if (!this.areas.some((area) => area.id === this.areaId)) {
      this.selection = null;
      this.areaId = this.areas[0]?.id ?? null;
    }
  }

  /** Replaces one area record (after a rename or a new introduction). */
  replaceArea(area: Area): void {
    this.areas = this.areas.map((a) => (a.id === area.id ? area : a));
  }

  private updateUrl(history: 'push' | 'replace'): void {
    if (typeof window === 'undefined' || !this.planId) return;
    const path = planPath(this.planId, this.areaId ?? undefined);
    if (location.pathname === path) return;
    if (history === 'push') window.history.pushState(null, '', path);
    else window.history.replaceState(null, '', path);
  }
}
