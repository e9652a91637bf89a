// Whether a set of plan records holds together: every child has its parent, every cell its column, orders unique, log batches in their plan.
import type { Area, ChangeLogEntry, Column, Plan, Row } from './types.ts';

/** One broken rule, in words for the user (naming plan, area, ambito) and in detail for a developer. */
export interface IntegrityProblem {
  code: string;
  message: { it: string; en: string };
  internal: string;
}

/** Everything the plan stores hold, as the database dump returns it. */
export interface StoreDump {
  plans: Plan[];
  areas: Area[];
  columns: Column[];
  rows: Row[];
  changeLog: ChangeLogEntry[];
}

export interface IntegrityDump {
  plans: readonly Plan[];
  areas: readonly Area[];
  columns: readonly Column[];
  rows: readonly Row[];
  changeLog: readonly ChangeLogEntry[];
}

const quote = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `«${flat.length > 40 ? `${flat.slice(0, 39)}…` : flat}»`;
};

/** How records are named in messages: plans and areas by their title, rows by their ambito (first column). */
export class RecordNames {
  private readonly plans: Map<string, Plan>;
  private readonly areas: Map<string, Area>;
  private readonly firstColumnOfArea = new Map<string, Column>();
  private readonly columns: Map<string, Column>;

  constructor(dump: Pick<IntegrityDump, 'plans' | 'areas' | 'columns'>) {
    this.plans = new Map(dump.plans.map((plan) => [plan.id, plan]));
    this.areas = new Map(dump.areas.map((area) => [area.id, area]));
    this.columns = new Map(dump.columns.map((column) => [column.id, column]));
    for (const column of dump.columns) {
      const first = this.firstColumnOfArea.get(column.areaId);
      if (!first || column.order < first.order) this.firstColumnOfArea.set(column.areaId, column);
    }
  }

  plan(planId: string): { it: string; en: string } {
    const plan = this.plans.get(planId);
    return plan ? { it: `il piano ${quote(plan.name)}`, en: `the plan ${quote(plan.name)}` } : { it: 'un piano che non c’è', en: 'a plan that is not there' };
  }

  area(areaId: string): { it: string; en: string } {
    const area = this.areas.get(areaId);
    if (!area) return { it: 'un’area che non c’è', en: 'an area that is not there' };
    const plan = this.plan(area.planId);
    return { it: `l’area ${quote(area.title)} del${plan.it.slice(2)}`, en: `the area ${quote(area.title)} of ${plan.en}` };
  }

  row(row: Row): { it: string; en: string } {
    // The area's first column; for a row whose area is gone, the first of the columns its cells name.
    let first = this.firstColumnOfArea.get(row.areaId);
    if (!first) {
      for (const columnId of Object.keys(row.cells)) {
        const column = this.columns.get(columnId);
        if (column && (!first || column.order < first.order)) first = column;
      }
    }
    const ambito = first ? (row.cells[first.id]?.text ?? '') : '';
    const name = ambito.trim() !== '' ? { it: `la riga ${quote(ambito)}`, en: `the row ${quote(ambito)}` } : { it: 'una riga senza ambito', en: 'a row without ambito' };
    if (!this.areas.has(row.areaId)) return { it: `${name.it} in un’area che non c’è`, en: `${name.en} in an area that is not there` };
    const area = this.area(row.areaId);
    return { it: `${name.it} nell${area.it.slice(1)}`, en: `${name.en} in ${area.en}` };
  }
}

/**
 * Every broken rule in a dump (empty when all is well): no area without its plan, no column or row
 * without its area (of the same plan), every cell's column in its row's area, orders unique among
 * siblings, and each change-log batch touching records of its own plan only.
 */
export function checkIntegrity(dump: IntegrityDump): IntegrityProblem[] {
  const names = new RecordNames(dump);
  const problems: IntegrityProblem[] = [];
  const planIds = new Set(dump.plans.map((plan) => plan.id));
  const areaById = new Map(dump.areas.map((area) => [area.id, area]));
  const columnById = new Map(dump.columns.map((column) => [column.id, column]));

  for (const area of dump.areas) {
    if (!planIds.has(area.planId)) {
      problems.push({
        code: 'integrity.orphan-area',
        message: { it: `L’area ${quote(area.title)} appartiene a un piano che non c’è.`, en: `The area ${quote(area.title)} belongs to a plan that is not there.` },
        internal: `area ${area.id} → plan ${area.planId}`,
      });
    }
  }
  for (const column of dump.columns) {
    const area = areaById.get(column.areaId);
    if (!area || area.planId !== column.planId) {
      problems.push({
        code: 'integrity.orphan-column',
        message: { it: `La colonna ${quote(column.title)} appartiene a un’area che non c’è.`, en: `The column ${quote(column.title)} belongs to an area that is not there.` },
        internal: `column ${column.id} → area ${column.areaId} / plan ${column.planId}`,
      });
    }
  }
  for (const row of dump.rows) {
    const area = areaById.get(row.areaId);
    if (!area || area.planId !== row.planId) {
      const where = names.row(row);
      problems.push({
        code: 'integrity.orphan-row',
        message: area
          ? { it: `${capital(where.it)} dice di appartenere a un altro piano.`, en: `${capital(where.en)} claims to belong to another plan.` }
          : { it: `C’è ${where.it}.`, en: `There is ${where.en}.` },
        internal: `row ${row.id} → area ${row.areaId} / plan ${row.planId}`,
      });
      continue;
    }
    for (const columnId of Object.keys(row.cells)) {
      const column = columnById.get(columnId);
      if (column && column.areaId === row.areaId) continue;
      const where = names.row(row);
      problems.push({
        code: 'integrity.cell-column',
        message: {
          it: `${capital(where.it)} ha un testo in una colonna che quell’area non ha.`,
          en: `${capital(where.en)} has text in a column that area does not have.`,
        },
        internal: `row ${row.id} cell ${columnId}: column ${column ? `of area ${column.areaId}` : 'missing'}`,
      });
    }
  }

  problems.push(...findDuplicateOrders(dump.areas, (area) => area.planId, 'areas', (planId) => names.plan(planId)));
  problems.push(...findDuplicateOrders(dump.columns, (column) => column.areaId, 'columns', (areaId) => names.area(areaId)));
  problems.push(...findDuplicateOrders(dump.rows, (row) => row.areaId, 'rows', (areaId) => names.area(areaId)));
  problems.push(...checkChangeLog(dump, names));
  return problems;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const KIND_WORDS = {
  areas: { it: 'aree', en: 'areas' },
  columns: { it: 'colonne', en: 'columns' },
  rows: { it: 'righe', en: 'rows' },
} as const;

function findDuplicateOrders<T extends { id: string; order: number }>(
  records: readonly T[],
  parentOf: (record: T) => string,
  kind: keyof typeof KIND_WORDS,
  nameParent: (parentId: string) => { it: string; en: string },
): IntegrityProblem[] {
  const seen = new Map<string, string>();
  const problems: IntegrityProblem[] = [];
  const reported = new Set<string>();
  for (const record of records) {
    const parent = parentOf(record);
    const key = `${parent}\u0000${record.order}`;
    const other = seen.get(key);
    if (!Number.isFinite(record.order) || (other !== undefined && !reported.has(parent))) {
      reported.add(parent);
      const where = nameParent(parent);
      problems.push({
        code: 'integrity.duplicate-order',
        message: {
          it: `In ${where.it} due ${KIND_WORDS[kind].it} hanno la stessa posizione.`,
          en: `In ${where.en} two ${KIND_WORDS[kind].en} have the same position.`,
        },
        internal: `${kind} ${other ?? '?'} and ${record.id}: order ${record.order} under ${parent}`,
      });
    }
    seen.set(key, record.id);
  }
  return problems;
}

/** The plan a snapshot belongs to: a plan is its own. */
function planOfRecord(table: ChangeLogEntry['table'], record: Plan | Area | Column | Row): string {
  return table === 'plans' ? record.id : (record as Area | Column | Row).planId;
}

function checkChangeLog(dump: IntegrityDump, names: RecordNames): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const batchPlan = new Map<string, string>();
  const planOf: Record<ChangeLogEntry['table'], Map<string, string>> = {
    plans: new Map(dump.plans.map((plan) => [plan.id, plan.id])),
    areas: new Map(dump.areas.map((area) => [area.id, area.planId])),
    columns: new Map(dump.columns.map((column) => [column.id, column.planId])),
    rows: new Map(dump.rows.map((row) => [row.id, row.planId])),
  };
  const reportedBatches = new Set<string>();
  for (const entry of dump.changeLog) {
    const first = batchPlan.get(entry.batchId);
    if (first === undefined) batchPlan.set(entry.batchId, entry.planId);
    const keys = entry.addedKeys ?? entry.removedKeys ?? [entry.key];
    const foreign =
      (first !== undefined && first !== entry.planId) ||
      (entry.before !== null && (planOfRecord(entry.table, entry.before) !== entry.planId || entry.before.id !== entry.key)) ||
      (entry.removed ?? []).some((record, i) => planOfRecord(entry.table, record) !== entry.planId || record.id !== entry.removedKeys?.[i]) ||
      keys.some((key) => {
        const owner = planOf[entry.table]?.get(key);
        return owner !== undefined && owner !== entry.planId;
      });
    if (!foreign || reportedBatches.has(entry.batchId)) continue;
    reportedBatches.add(entry.batchId);
    const where = names.plan(entry.planId);
    problems.push({
      code: 'integrity.changelog-foreign',
      message: {
        it: `Una modifica nella cronologia del${where.it.slice(2)} tocca dati di un altro piano: annullarla cambierebbe quel piano.`,
        en: `A change in the history of ${where.en} touches another plan's data: undoing it would change that plan.`,
      },
      internal: `batch ${entry.batchId} (seq ${entry.seq ?? '?'}): ${entry.table} ${entry.key} not in plan ${entry.planId}`,
    });
  }
  return problems;
}
