// The pure .xlsx core: read a workbook's sheets as text, write a plan as a workbook; the only user of fflate.
export * from './read.ts';
export * from './write.ts';
export * from './sheet-names.ts';
export * from './plan-workbook.ts';
export { formatCellNumber, formatGeneralNumber } from './number-format.ts';
