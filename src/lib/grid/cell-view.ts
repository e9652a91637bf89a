// What the grid's renderer draws for a cell and what the cell says to a screen reader: its text (the first lines
// of a collapsed tall row), its open notes' count, and its column and ambito before the text — Handsontable draws
// the headers and the frozen ambito column in overlays of their own, so a screen reader cannot tie a cell to them.
import { firstLines } from './cell-text.ts';

export interface CellView {
  /** The text drawn: the whole text, or its first lines. */
  shown: string;
  cut: boolean;
  /** The open notes' marker's name ("2 note aperte"), '' without open notes. */
  marker: string;
  /** The cell's accessible name: "Risultati al 2011, GOVERNANCE: <text> (2 note aperte)". */
  label: string;
}

export interface CellFacts {
  text: string;
  /** Tall rows are collapsed and this row is not opened whole. */
  collapsed: boolean;
  /** Open notes on the cell: a marker shows their count. */
  openNotes: number;
  /** "Risultati al 2011, GOVERNANCE NAZIONALE: " for a cell, "AMBITO: " for an ambito; '' when unknown. */
  context: string;
  markerLabel: (count: number) => string;
}

export function viewCell(facts: CellFacts): CellView {
  const shown = facts.collapsed ? firstLines(facts.text) : facts.text;
  const marker = facts.openNotes > 0 ? facts.markerLabel(facts.openNotes) : '';
  return {
    shown,
    cut: shown !== facts.text,
    marker,
    label: `${facts.context}${shown}${marker ? ` (${marker})` : ''}`,
  };
}

/** The ambito a cell belongs to, as its context says it: the first line of the row's first cell. */
export function ambitoLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
