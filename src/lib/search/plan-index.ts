// The search index over every cell of every plan: incremental (a row at a time), grouped results, no DOM.
import type { Area, Column, Plan, PlanDocument, Row } from '../model/types.ts';
import { firstLine } from '../model/plan.ts';
import { queryTerms } from './fold.ts';
import { buildSnippet, type SnippetPart } from './snippet.ts';
import { createFlexSearchEngine, type TextEngine } from './engine.ts';

/** One matching cell, ready to show. */
export interface SearchHit {
  planId: string;
  areaId: string;
  rowId: string;
  columnId: string;
  /** First line of the row's first column: the ambito. */
  ambito: string;
  columnTitle: string;
  snippet: SnippetPart[];
  /** Issue 23: the words are in the cell's notes, not in its text. */
  inNote?: boolean;
}

/** The hits of one area, in the plan's area order. */
export interface SearchGroup {
  planId: string;
  planName: string;
  areaId: string;
  areaTitle: string;
  hits: SearchHit[];
}

export interface SearchResults {
  groups: SearchGroup[];
  /** All matching cells, including those beyond the limit. */
  total: number;
  /** Number of hits shown (at most the limit). */
  shown: number;
}

export interface SearchOptions {
  /** Only this plan; undefined searches every plan. */
  planId?: string;
  /** Most hits to build snippets for and show. */
  limit?: number;
}

export const DEFAULT_HIT_LIMIT = 50;

interface IndexedCell {
  id: number;
  planId: string;
  areaId: string;
  rowId: string;
  columnId: string;
  text: string;
  inNote: boolean;
}

const cellKey = (rowId: string, columnId: string): string => `${rowId}\u0000${columnId}`;
/** A cell's notes are indexed as one text of their own, under this prefix of the column id (issue 23). */
const NOTE_KEY = '\u0001';

export class PlanSearchIndex {
  private readonly engine: TextEngine;
  private nextId = 1;
  /** Indexed cells by engine id (ids are handed out in order, so an array is the fastest map). */
  private readonly cells: (IndexedCell | undefined)[] = [];
  private cellCount = 0;
  private readonly byKey = new Map<string, IndexedCell>();
  /** Column ids indexed for each row, to find cells that disappeared. */
  private readonly rowColumns = new Map<string, Set<string>>();
  private readonly rowsOfPlan = new Map<string, Set<string>>();
  private readonly plans = new Map<string, Plan>();
  private readonly areas = new Map<string, Area>();
  private readonly columns = new Map<string, Column>();
  /** The first (AMBITO) column of each area. */
  private readonly firstColumn = new Map<string, string>();

  constructor(engine: TextEngine = createFlexSearchEngine()) {
    this.engine = engine;
  }

  /** Number of non-empty cells in the index. */
  get size(): number {
    return this.cellCount;
  }

  /** Plans, areas and columns: the names shown with the hits. Replaces what was known of the plan. */
  setStructure(plan: Plan, areas: readonly Area[], columns: readonly Column[]): void {
    this.plans.set(plan.id, plan);
    for (const [id, area] of this.areas) if (area.planId === plan.id) this.areas.delete(id);
    for (const [id, column] of this.columns) if (column.planId === plan.id) this.columns.delete(id);
    for (const area of areas) this.areas.set(area.id, area);
    for (const column of columns) this.columns.set(column.id, column);
    const firsts = new Map<string, Column>();
    for (const column of columns) {
      const current = firsts.get(column.areaId);
      if (!current || column.order < current.order) firsts.set(column.areaId, column);
    }
    for (const area of areas) {
      const first = firsts.get(area.id);
      if (first) this.firstColumn.set(area.id, first.id);
      else this.firstColumn.delete(area.id);
    }
  }

  /** Indexes a row, touching only the cells whose text changed since it was last indexed. */
  upsertRow(row: Row): void {
    // What to index: each cell's text, and each cell's notes as one more text (issue 23).
    const texts = new Map<string, string>();
    for (const [columnId, cell] of Object.entries(row.cells)) if (cell.text) texts.set(columnId, cell.text);
    for (const [columnId, notes] of Object.entries(row.notes ?? {})) {
      const text = notes.map((note) => note.text).filter((t) => t !== '').join('\n');
      if (text) texts.set(NOTE_KEY + columnId, text);
    }
    const seen = this.rowColumns.get(row.id) ?? new Set<string>();
    for (const columnKey of seen) {
      if (!texts.has(columnKey)) this.removeCell(row.id, columnKey);
    }
    const columns = new Set<string>();
    for (const [columnKey, text] of texts) {
      columns.add(columnKey);
      const key = cellKey(row.id, columnKey);
      const existing = this.byKey.get(key);
      if (existing && existing.text === text && existing.areaId === row.areaId) continue;
      if (existing) this.removeCell(row.id, columnKey);
      const inNote = columnKey.startsWith(NOTE_KEY);
      const columnId = inNote ? columnKey.slice(NOTE_KEY.length) : columnKey;
      const indexed: IndexedCell = { id: this.nextId++, planId: row.planId, areaId: row.areaId, rowId: row.id, columnId, text, inNote };
      this.cells[indexed.id] = indexed;
      if (!inNote) this.cellCount++;
      this.byKey.set(key, indexed);
      this.engine.add(indexed.id, indexed.text);
    }
    if (columns.size > 0) {
      this.rowColumns.set(row.id, columns);
      let planRows = this.rowsOfPlan.get(row.planId);
      if (!planRows) this.rowsOfPlan.set(row.planId, (planRows = new Set()));
      planRows.add(row.id);
    } else {
      this.removeRow(row.id);
    }
  }

  removeRow(rowId: string): void {
    for (const columnId of this.rowColumns.get(rowId) ?? []) this.removeCell(rowId, columnId);
    this.rowColumns.delete(rowId);
    for (const rows of this.rowsOfPlan.values()) rows.delete(rowId);
  }

  /** Brings one plan in step with its stored document: changed cells re-indexed, vanished rows removed. */
  syncPlan(doc: PlanDocument): void {
    this.setStructure(doc.plan, doc.areas, doc.columns);
    const present = new Set<string>();
    for (const row of doc.rows) {
      present.add(row.id);
      this.upsertRow(row);
    }
    for (const rowId of [...(this.rowsOfPlan.get(doc.plan.id) ?? [])]) if (!present.has(rowId)) this.removeRow(rowId);
  }

  /** Forgets a plan that no longer exists. */
  removePlan(planId: string): void {
    for (const rowId of [...(this.rowsOfPlan.get(planId) ?? [])]) this.removeRow(rowId);
    this.rowsOfPlan.delete(planId);
    this.plans.delete(planId);
  }

  /** The plans the index knows. */
  planIds(): string[] {
    return [...this.plans.keys()];
  }

  search(query: string, options: SearchOptions = {}): SearchResults {
    const terms = queryTerms(query);
    if (terms.length === 0) return { groups: [], total: 0, shown: 0 };
    const limit = options.limit ?? DEFAULT_HIT_LIMIT;
    const found: IndexedCell[] = [];
    let total = 0;
    for (const id of this.engine.search(terms.join(' '))) {
      const cell = this.cells[id];
      if (!cell || (options.planId !== undefined && cell.planId !== options.planId)) continue;
      total++;
      if (found.length < limit) found.push(cell);
    }
    return { groups: this.groupHits(found, terms), total, shown: found.length };
  }

  private groupHits(cells: readonly IndexedCell[], terms: readonly string[]): SearchGroup[] {
    const groups = new Map<string, SearchGroup>();
    for (const cell of cells) {
      let group = groups.get(cell.areaId);
      if (!group) {
        group = {
          planId: cell.planId,
          planName: this.plans.get(cell.planId)?.name ?? '',
          areaId: cell.areaId,
          areaTitle: this.areas.get(cell.areaId)?.title ?? '',
          hits: [],
        };
        groups.set(cell.areaId, group);
      }
      const firstColumnId = this.firstColumn.get(cell.areaId);
      const ambitoText = firstColumnId ? (this.byKey.get(cellKey(cell.rowId, firstColumnId))?.text ?? '') : '';
      const hit: SearchHit = {
        planId: cell.planId,
        areaId: cell.areaId,
        rowId: cell.rowId,
        columnId: cell.columnId,
        ambito: firstLine(ambitoText).trim(),
        columnTitle: this.columns.get(cell.columnId)?.title ?? '',
        snippet: buildSnippet(cell.text, terms),
      };
      if (cell.inNote) hit.inNote = true;
      group.hits.push(hit);
    }
    // Areas in the plan's order (plans by name), whatever the ranking put first.
    const planName = (g: SearchGroup): string => g.planName;
    const areaOrder = (g: SearchGroup): number => this.areas.get(g.areaId)?.order ?? 0;
    return [...groups.values()].sort((a, b) => planName(a).localeCompare(planName(b), 'it') || areaOrder(a) - areaOrder(b));
  }

  /** `columnKey`: a column id, or NOTE_KEY and a column id for that cell's notes. */
  private removeCell(rowId: string, columnKey: string): void {
    const key = cellKey(rowId, columnKey);
    const cell = this.byKey.get(key);
    if (!cell) return;
    this.engine.remove(cell.id, cell.text);
    this.cells[cell.id] = undefined;
    if (!cell.inNote) this.cellCount--;
    this.byKey.delete(key);
    this.rowColumns.get(rowId)?.delete(columnKey);
  }
}
