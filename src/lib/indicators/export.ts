// The two indicator exports as CSV text, in the plan export's Excel-IT conventions: quantities, then planned↔achieved pairs.
import { serializeCsvTable, type ExportDelimiter } from '../csv/index.ts';
import { areasInOrder, cellText, columnsOfArea } from '../model/plan.ts';
import type { PlanDocument } from '../model/types.ts';
import { formatItalianNumber, formatRatio } from './numbers.ts';
import type { IndicatorPair, PlacedQuantity } from './types.ts';

/** The columns of the quantities file; "Frase" (the sentence around the quantity) was added last, so older readers keep their positions. */
export const QUANTITIES_HEADER = ['Area', 'Ambito', 'Colonna', 'Valore', 'Qualificatore', 'Unità', 'Tipo', 'Citazione', 'Frase'] as const;
/** The columns of the pairs file; the two sentences were added last, so older readers keep their positions. */
export const PAIRS_HEADER = ['Area', 'Ambito', 'Unità', 'Previsto', 'Realizzato', 'Rapporto', 'Stato', 'Frase del previsto', 'Frase del realizzato'] as const;

/** The kind as the files write it: what a person reads in Excel. */
export const KIND_LABELS: Readonly<Record<PlacedQuantity['kind'], string>> = {
  target: 'obiettivo',
  result: 'risultato',
  uncertain: 'da verificare',
};

/** "2.000", "tra 40 e 80": a value, or a range, in Italian notation. */
function formatValue(q: PlacedQuantity): string {
  return q.upper === undefined ? formatItalianNumber(q.value) : `${formatItalianNumber(q.value)}–${formatItalianNumber(q.upper)}`;
}

function sentenceOf(q: PlacedQuantity | undefined): string {
  return q ? q.context.replace(/\s+/g, ' ').trim() : '';
}

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

/** One line per quantity: `Area;Ambito;Colonna;Valore;Qualificatore;Unità;Tipo;Citazione;Frase`. */
export function serializeQuantitiesCsv(doc: PlanDocument, quantities: readonly PlacedQuantity[], delimiter: ExportDelimiter = ';'): string {
  const names = namesOf(doc);
  const records = quantities.map((q) => [
    names.area.get(q.areaId) ?? '',
    names.ambito.get(q.rowId) ?? '',
    names.column.get(q.columnId) ?? '',
    formatValue(q),
    q.qualifier,
    q.unit,
    KIND_LABELS[q.kind],
    q.quote.replace(/\s+/g, ' '),
    sentenceOf(q),
  ]);
  return serializeCsvTable(QUANTITIES_HEADER, records, delimiter);
}

/**
 * One line per indicator: `Area;Ambito;Unità;Previsto;Realizzato;Rapporto;Stato;Frase del previsto;Frase del realizzato`
 * (empty achieved and ratio when qualitative; Stato "da verificare" until a person has checked it).
 */
export function serializePairsCsv(doc: PlanDocument, pairs: readonly IndicatorPair[], delimiter: ExportDelimiter = ';'): string {
  const names = namesOf(doc);
  const records = pairs.map((pair) => [
    names.area.get(pair.areaId) ?? '',
    names.ambito.get(pair.rowId) ?? '',
    pair.planned.unit,
    formatValue(pair.planned),
    pair.achieved ? formatValue(pair.achieved) : '',
    pair.ratio !== undefined ? formatRatio(pair.ratio) : '',
    pair.status,
    sentenceOf(pair.planned),
    sentenceOf(pair.achieved),
  ]);
  return serializeCsvTable(PAIRS_HEADER, records, delimiter);
}
