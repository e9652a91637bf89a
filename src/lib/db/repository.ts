// The way into IndexedDB for the state modules: one import for the verb-named reads and writes, split by job underneath.
import { createQuadroDatabase, type QuadroDatabase } from './schema.ts';

export type { QuadroDatabase, Draft } from './schema.ts';
export { DATABASE_NAME } from './schema.ts';
export { isQuotaError, isMissingRecordError, MissingRecordError, type ChangeAuthor, type WriteResult } from './transaction.ts';
export { readSetting, saveSetting, TEXT_SCALES, type SettingKey, type SettingValues } from './settings.ts';
export { listDrafts, saveDraft, deleteDraft, draftId, type DraftKind } from './drafts.ts';
export { listIndicatorRecords, saveIndicatorRecord, deleteIndicatorRecord, deleteIndicatorRecords } from './indicators.ts';
export { listPlans, listAreas, loadAreaView, loadPlanDocument, listChanges, listBatches, listRowChanges, listChangesAfter, batchPosition, positionAtTime, lastLogPosition, dumpDatabase, describeBatch, planStartPosition, type AreaView, type BatchAbout, type DatabaseDump } from './reads.ts';
export { saveNote, type NoteAction } from './notes.ts';
export { saveCells, saveCell, updateArea, CellConflictError, type CellEdit } from './cells.ts';
export { addArea, deleteArea, addRow, AreaRowLimitError, type NewRowContent, deleteRows, moveRows, addColumn, renameColumn, deleteColumn, moveColumns, saveColumnWidth } from './structure.ts';
export { seedDefaultPlanOnce, createPlan, renamePlan, addPlanDocument, duplicatePlan, restoreOriginalPlan, deletePlan } from './plans.ts';
export { applyImport, listImports, recordExportBases, openImportDatabase, ImportStaleError, type ImportWrite, type ImportRecord } from './imports.ts';
export { keepPendingSave, listPendingSaves, forgetPendingSave, pendingSaveId, type PendingSave } from './pending-saves.ts';
export { undoBatch, redoBatch, readUndoHistory, type UndoResult, type UndoOptions } from './undo.ts';
export { isSyncOn } from './sync-flag.ts';

export function openDatabase(name?: string): QuadroDatabase {
  return createQuadroDatabase(name);
}
