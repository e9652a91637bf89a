// The indicator model: quantities found in a plan's text, and planned↔achieved pairs of one ambito.

/** What a column states: targets ("Obiettivi…", "Risultati previsti…"), results ("Risultati al…"), or prose. */
export type ColumnKind = 'target' | 'result' | 'prose' | 'label';

/**
 * Whether a quantity is something to reach or something reached; 'uncertain' ("da verificare") when
 * neither its column nor its words say which, until a person decides.
 */
export type QuantityKind = 'target' | 'result' | 'uncertain';

/** The qualifier written before a number, normalized ("" when there is none). */
export type Qualifier = '' | 'almeno' | 'oltre' | 'circa' | 'fino a' | 'non meno di' | 'non più di' | 'più di' | 'meno di' | 'quasi' | 'tra';

/** One quantity in one cell's text. */
export interface Quantity {
  /** The value, or the lower bound of a range ("tra il 40 e l'80%": 40). */
  value: number;
  /** The upper bound of a range (qualifier 'tra'), absent otherwise. */
  upper?: number;
  qualifier: Qualifier;
  /** The counted thing as a short noun phrase, as written ("operatori della rete"); "%" for percentages. */
  unit: string;
  kind: QuantityKind;
  /** [start, end) of the quantity (qualifier, number, unit) in the cell's text. */
  start: number;
  end: number;
  /** The text of that span. */
  quote: string;
}

/** A quantity and the cell it was found in. */
export interface PlacedQuantity extends Quantity {
  areaId: string;
  rowId: string;
  columnId: string;
  /** The sentence or bullet holding it: the words that help pairing. */
  context: string;
  /** 0 for the first quantity with this quote in the cell, 1 for the second ("18 Regioni" twice)… */
  occurrence: number;
}

/**
 * The state of a planned quantity against what was achieved; 'da verificare' when a person must say
 * first what it is (a quantity of uncertain kind) or whether the two sides measure the same thing.
 */
export type IndicatorStatus = 'raggiunto' | 'parziale' | 'non raggiunto' | 'solo qualitativo' | 'da verificare';

/** A proposed or confirmed indicator of one ambito: a planned quantity and, when found, the achieved one. */
export interface IndicatorPair {
  /** Stable while the quoted words stay in the cells: decisions are stored under it. */
  key: string;
  areaId: string;
  rowId: string;
  planned: PlacedQuantity;
  /** Undefined: the result column says nothing countable about it ("solo qualitativo"). */
  achieved?: PlacedQuantity;
  /** The results column that measures this target: where a person may write the achieved value. */
  resultColumnId?: string;
  /** achieved / planned, undefined without an achieved quantity. */
  ratio?: number;
  status: IndicatorStatus;
  /**
   * Why a person must look before it counts ("da verificare"): 'kind' for a quantity whose words do
   * not say whether it is a target or a result; 'measure' for two numbers that may count different
   * things ("150 operatori della rete" against "500 operatori e dirigenti" reached by training).
   */
  verify?: 'kind' | 'measure';
  /** How alike the two units and contexts are (0…2), for ordering and review. */
  score: number;
}
