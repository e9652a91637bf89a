// Pure: the invariants every state of the database keeps, checked in one place (tests run it after every operation).
import type { Area, ChangeLogEntry, Column, Plan, Row } from './types.ts';

/** Everything the plan stores hold. */
export interface StoreDump {
  plans: Plan[];
  areas: Area[];
  columns: Column[];
  rows: Row[];
  changeLog: ChangeLogEntry[];
}

export interface IntegrityProblem {
  code: 'orphan-area' | 'orphan-column' | 'orphan-row' | 'cell-without-column' | 'duplicate-order' | 'duplicate-id' | 'bad-order' | 'log-across-plans' | 'log-seq';
  message: { it: string; en: string };
  /** Which record, for a developer. */
  internal: string;
}

function problem(code: IntegrityProblem['code'], it: string, en: string, internal: string): IntegrityProblem {
  return { code, message: { it, en }, internal };
}

/** Every violated invariant, in a stable order; an empty list means the data is whole. */
export function checkIntegrity(dump: StoreDump): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const plans = new Map(dump.plans.map((plan) => [plan.id, plan]));
  const areas = new Map(dump.areas.map((area) => [area.id, area]));
  const columns = new Map(dump.columns.map((column) => [column.id, column]));

  for (const [name, list] of [['plans', dump.plans], ['areas', dump.areas], ['columns', dump.columns], ['rows', dump.rows]] as const) {
    const seen = new Set<string>();
    for (const record of list) {
      if (seen.has(record.id)) problems.push(problem('duplicate-id', `Identificativo ripetuto in ${name}.`, `Repeated id in ${name}.`, `${name}:${record.id}`));
      seen.add(record.id);
    }
  }

  for (const area of dump.areas) {
    if (!plans.has(area.planId)) {
      problems.push(problem('orphan-area', `L'area «${area.title}» appartiene a un piano che non esiste.`, `Area "${area.title}" belongs to a plan that does not exist.`, `areas:${area.id} plan ${area.planId}`));
    }
  }
  for (const column of dump.columns) {
    const area = areas.get(column.areaId);
    if (!area || area.planId !== column.planId) {
      problems.push(problem('orphan-column', `La colonna «${column.title}» appartiene a un'area che non esiste.`, `Column "${column.title}" belongs to an area that does not exist.`, `columns:${column.id} area ${column.areaId}`));
    }
  }
  for (const row of dump.rows) {
    const area = areas.get(row.areaId);
    if (!area || area.planId !== row.planId) {
      problems.push(problem('orphan-row', 'Una riga appartiene a un’area che non esiste.', 'A row belongs to an area that does not exist.', `rows:${row.id} area ${row.areaId}`));
      continue;
    }
    for (const columnId of Object.keys(row.cells)) {
      if (columns.get(columnId)?.areaId !== row.areaId) {
        problems.push(problem('cell-without-column', `Una cella dell’area «${area.title}» non ha la sua colonna.`, `A cell of area "${area.title}" has no column.`, `rows:${row.id} column ${columnId}`));
      }
    }
  }

  const checkOrders = (kind: string, items: readonly { id: string; order: number }[], parent: string): void => {
    const seen = new Set<number>();
    for (const item of items) {
      if (!Number.isFinite(item.order)) problems.push(problem('bad-order', 'Una posizione non è un numero.', 'A position is not a number.', `${kind}:${item.id} order ${String(item.order)}`));
      else if (seen.has(item.order)) problems.push(problem('duplicate-order', 'Due elementi occupano la stessa posizione.', 'Two items share one position.', `${kind} of ${parent}: order ${item.order}`));
      seen.add(item.order);
    }
  };
  for (const [parent, items] of groupBy(dump.areas, (area) => area.planId)) checkOrders('areas', items, parent);
  for (const [parent, items] of groupBy(dump.columns, (column) => column.areaId)) checkOrders('columns', items, parent);
  for (const [parent, items] of groupBy(dump.rows, (row) => row.areaId)) checkOrders('rows', items, parent);

  const batchPlan = new Map<string, string>();
  const seqs = new Set<number>();
  for (const entry of dump.changeLog) {
    if (entry.seq !== undefined) {
      if (seqs.has(entry.seq)) problems.push(problem('log-seq', 'La cronologia ha due voci con lo stesso numero.', 'The history has two entries with one number.', `seq ${entry.seq}`));
      seqs.add(entry.seq);
    }
    const planId = batchPlan.get(entry.batchId);
    if (planId !== undefined && planId !== entry.planId) {
      problems.push(problem('log-across-plans', 'Una modifica della cronologia riguarda due piani.', 'One change of the history spans two plans.', `batch ${entry.batchId}`));
    }
    batchPlan.set(entry.batchId, entry.planId);
    const record = entry.before;
    if (record && 'planId' in record && record.planId !== entry.planId) {
      problems.push(problem('log-across-plans', 'Una voce della cronologia riguarda un altro piano.', 'A history entry belongs to another plan.', `batch ${entry.batchId} ${entry.table}:${entry.key}`));
    }
    if (record && entry.table === 'plans' && record.id !== entry.planId) {
      problems.push(problem('log-across-plans', 'Una voce della cronologia riguarda un altro piano.', 'A history entry belongs to another plan.', `batch ${entry.batchId} plans:${entry.key}`));
    }
  }
  return problems;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
