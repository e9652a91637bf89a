// Indicators: quantities found in a plan's Italian text, planned↔achieved pairs, decisions and exports. Pure: no DOM, no storage.
export * from './types.ts';
export * from './numbers.ts';
export * from './lemma.ts';
export * from './extract.ts';
export * from './pair.ts';
export * from './decisions.ts';
export * from './summary.ts';
export * from './export.ts';
