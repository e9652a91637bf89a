// The way into IndexedDB for the state modules: one import for the verb-named reads and writes, split by job underneath.
import { createQuadroDatabase, type QuadroDatabase } from './schema.ts';

export type { QuadroDatabase, Draft } from './schema.ts';
export { DATABASE_NAME } from './schema.ts';
export { isQuotaError, isMissingRecordError, MissingRecordError, type ChangeAuthor, type WriteResult } from './transaction.ts';
export { readSetting, saveSetting, TEXT_SCALES, type SettingKey, type SettingValues } from './settings.ts';
export { listDrafts, saveDraft, deleteDraft, draftId, type DraftKind } from './drafts.ts';
export { listIndicatorRecords, saveIndicatorRecord, deleteIndicatorRecord, deleteIndicatorRecords } from './indicators.ts';
export { listPlans, listAreas, loadAreaView, loadPlanDocument, listBatches, listRowChanges, listChangesAfter, batchPosition, positionAtTime, lastLogPosition, dumpDatabase, describeBatch, planStartPosition, type AreaView, type BatchAbout, type DatabaseDump } from './reads.ts';
export { saveNote, type NoteAction } from './notes.ts';
export { saveCells, saveCell, updateArea, CellConflictError, type CellEdit } from './cells.ts';
export { addArea, deleteArea, addRow, AreaRowLimitError, type NewRowContent, deleteRows, moveRows, addColumn, renameColumn, deleteColumn, moveColumns, saveColumnWidth } from './structure.ts';
export { seedDefaultPlanOnce, pendingSeedAreas, completeDefaultPlanSeed, createPlan, renamePlan, addPlanDocument, duplicatePlan, restoreOriginalPlan, deletePlan } from './plans.ts';
export { applyImport, listImports, recordExportBases, openImportDatabase, readPlanForImport, ImportStaleError, type ImportWrite, type ImportRecord } from './imports.ts';
export { keepPendingSave, listPendingSaves, forgetPendingSave, pendingSaveId, type PendingSave } from './pending-saves.ts';
export { isSyncOn } from './sync-flag.ts';

export function openDatabase(name?: string): QuadroDatabase {
  return createQuadroDatabase(name);
}

// Issue 25: undo's planner and writer load on the first undo, redo or history read, not with the first screen.
export type { UndoResult, UndoOptions } from './undo.ts';
type Undo = typeof import('./undo.ts');
const loadUndo = (): Promise<Undo> => import('./undo.ts');

export async function undoBatch(...args: Parameters<Undo['undoBatch']>): ReturnType<Undo['undoBatch']> {
  return (await loadUndo()).undoBatch(...args);
}

export async function redoBatch(...args: Parameters<Undo['redoBatch']>): ReturnType<Undo['redoBatch']> {
  return (await loadUndo()).redoBatch(...args);
}

export async function readUndoHistory(...args: Parameters<Undo['readUndoHistory']>): ReturnType<Undo['readUndoHistory']> {
  return (await loadUndo()).readUndoHistory(...args);
}
