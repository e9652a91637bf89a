// What to print: the current area (Ctrl+P, "Stampa l'area") or the whole plan, read afresh from IndexedDB.
import { tick } from 'svelte';
import type { Area, Column, PlanDocument, Row } from '../model/types.ts';
import { areasInOrder, columnsOfArea, rowsOfArea } from '../model/plan.ts';
import { clock } from '../model/clock.ts';
import * as repo from '../db/repository.ts';
import type { AppState } from './app.svelte.ts';
import { whenSeedComplete } from './seed-rest.ts';

/** One area as printed: its introduction, then its table. */
export interface PrintSection {
  area: Area;
  columns: Column[];
  rows: Row[];
}

export class PrintState {
  scope = $state<'area' | 'plan'>('area');
  /** Issue 23: the cells' notes as numbered footnotes under each area's table (asked for; off by default). */
  withNotes = $state(false);
  /** When the printout was asked for: the date in the page header. */
  printedAt = $state(clock().now());
  private doc = $state.raw<PlanDocument | null>(null);
  private readonly app: AppState;

  sections = $derived.by((): PrintSection[] => {
    const doc = this.doc;
    if (this.scope === 'plan' && doc) {
      return areasInOrder(doc).map((area) => ({ area, columns: columnsOfArea(doc, area.id), rows: rowsOfArea(doc, area.id) }));
    }
    const area = this.app.nav.area;
    return area ? [{ area, columns: this.app.nav.columns, rows: this.app.nav.rows }] : [];
  });

  constructor(app: AppState) {
    this.app = app;
    // Back to the area once the print dialog closes, so a later Ctrl+P prints what is on screen.
    if (typeof window !== 'undefined') {
      window.addEventListener('afterprint', () => {
        this.scope = 'area';
        this.doc = null;
        this.withNotes = false;
      });
    }
  }

  /** Prints every area of the current plan; false when the plan could not be read. */
  async printPlan(withNotes = false): Promise<boolean> {
    const planId = this.app.nav.planId;
    if (!planId) return false;
    await whenSeedComplete(this.app.db);
    const doc = await repo.loadPlanDocument(this.app.db, planId);
    if (!doc) return false;
    this.doc = doc;
    this.scope = 'plan';
    this.withNotes = withNotes;
    await this.openPrintDialog();
    return true;
  }

  async printArea(withNotes = false): Promise<void> {
    this.scope = 'area';
    this.doc = null;
    this.withNotes = withNotes;
    await this.openPrintDialog();
  }

  private async openPrintDialog(): Promise<void> {
    this.printedAt = clock().now();
    await tick();
    window.print();
  }
}
