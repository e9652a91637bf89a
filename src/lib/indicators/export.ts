// The two indicator exports as CSV text, in the plan export's Excel-IT conventions: quantities, then planned↔achieved pairs.
import { serializeCsvTable, type ExportDelimiter } from '../csv/index.ts';
import { areasInOrder, cellText, columnsOfArea } from '../model/plan.ts';
import type { PlanDocument } from '../model/types.ts';
import { formatItalianNumber, formatRatio } from './numbers.ts';
import type { IndicatorPair, PlacedQuantity } from './types.ts';

export const QUANTITIES_HEADER = ['Area', 'Ambito', 'Colonna', 'Valore', 'Qualificatore', 'Unità', 'Tipo', 'Citazione'] as const;
export const PAIRS_HEADER = ['Area', 'Ambito', 'Unità', 'Previsto', 'Realizzato', 'Rapporto', 'Stato'] as const;

/** Names of areas, ambiti (the first column's text) and columns, for the files' readable columns. */
function namesOf(doc: PlanDocument): { area: Map<string, string>; ambito: Map<string, string>; column: Map<string, string> } {
  const area = new Map(doc.areas.map((a) => [a.id, a.title]));
  const column = new Map(doc.columns.map((c) => [c.id, c.title]));
  const ambito = new Map<string, string>();
  const firstColumn = new Map(areasInOrder(doc).map((a) => [a.id, columnsOfArea(doc, a.id)[0]?.id]));
  for (const row of doc.rows) {
    const first = firstColumn.get(row.areaId);
    ambito.set(row.id, first ? cellText(row, first).replace(/\s+/g, ' ').trim() : '');
  }
  return { area, ambito, column };
}

/** One line per quantity: `Area;Ambito;Colonna;Valore;Qualificatore;Unità;Tipo;Citazione`. */
export function serializeQuantitiesCsv(doc: PlanDocument, quantities: readonly PlacedQuantity[], delimiter: ExportDelimiter = ';'): string {
  const names = namesOf(doc);
  const records = quantities.map((q) => [
    names.area.get(q.areaId) ?? '',
    names.ambito.get(q.rowId) ?? '',
    names.column.get(q.columnId) ?? '',
    formatItalianNumber(q.value),
    q.qualifier,
    q.unit,
    q.kind === 'target' ? 'obiettivo' : 'risultato',
    q.quote.replace(/\s+/g, ' '),
  ]);
  return serializeCsvTable(QUANTITIES_HEADER, records, delimiter);
}

/** One line per indicator: `Area;Ambito;Unità;Previsto;Realizzato;Rapporto;Stato` (empty achieved and ratio when qualitative). */
export function serializePairsCsv(doc: PlanDocument, pairs: readonly IndicatorPair[], delimiter: ExportDelimiter = ';'): string {
  const names = namesOf(doc);
  const records = pairs.map((pair) => [
    names.area.get(pair.areaId) ?? '',
    names.ambito.get(pair.rowId) ?? '',
    pair.planned.unit,
    formatItalianNumber(pair.planned.value),
    pair.achieved ? formatItalianNumber(pair.achieved.value) : '',
    pair.ratio !== undefined ? formatRatio(pair.ratio) : '',
    pair.status,
  ]);
  return serializeCsvTable(PAIRS_HEADER, records, delimiter);
}
