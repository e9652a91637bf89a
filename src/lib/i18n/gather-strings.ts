// The words of "Importa più file" (issue 23), Italian first, English beside it: loaded with the gathering's own
// chunk, so the first screen does not carry them (only the entry "Importa più file…" is in it.ts/en.ts); the
// same typed-table pattern and plural helper as sync-strings.ts.
import { formatCount } from './format.ts';
import { plural, pluralForm } from './plural.ts';
import { byLanguage } from './feature-strings.ts';

const it = {
  gatherTitle: 'Importa più file',
  gatherIntro:
    'Scegli insieme i file dello stesso piano mandati da più colleghi (CSV o Excel .xlsx, fino a 30). Quadro li confronta tutti con il tuo piano: ciò che ha cambiato un solo collega entra come se lo importassi da solo; le celle cambiate da più colleghi in modo diverso sono conflitti da decidere.',
  gatherPick: 'Scegli i file',
  gatherDrop: 'Oppure trascina qui i file',
  gatherTooMany: (max: number, given: number) => `Hai scelto ${formatCount('it', given)} file: se ne possono importare al massimo ${formatCount('it', max)} insieme. Scegline meno.`,
  gatherTooFew: 'Scegli almeno due file (per uno solo usa «Importa»).',
  gatherReading: (done: number, total: number) => `Lettura e confronto dei file: ${formatCount('it', done)} di ${formatCount('it', total)}…`,
  gatherWriting: (done: number, total: number) => `Scrittura: ${formatCount('it', done)} di ${plural('it', total, 'riga', 'righe')}…`,
  gatherFilesHeading: 'File e colleghi',
  gatherFileAuthor: 'Collega',
  gatherFileName: 'File',
  gatherFileDate: 'Ultima modifica',
  gatherFileChanges: 'Cosa cambia',
  gatherUnknownAuthor: 'nome non indicato',
  gatherFileSays: (cells: number, rows: number, notes = 0) =>
    `${plural('it', cells, 'cella', 'celle')}, ${plural('it', rows, 'riga nuova', 'righe nuove')}${notes > 0 ? `, ${plural('it', notes, 'nota', 'note')}` : ''}`,
  gatherFileRefused: 'non importato',
  gatherLeftOut: (n: number) => `${plural('it', n, 'cella danneggiata lasciata fuori', 'celle danneggiate lasciate fuori')}`,
  gatherConflictsHeading: (n: number) => `Da decidere (${formatCount('it', n)})`,
  gatherConflictsIntro: 'Ogni testo è confrontato, parola per parola, con la base (il testo dell’ultimo scambio). Finché non scegli resta il tuo testo.',
  gatherMoreConflicts: (n: number) => `… e ${plural('it', n, 'altro conflitto', 'altri conflitti')}: restano con il tuo testo; importa quei file uno alla volta per deciderli.`,
  gatherKind: { colleagues: 'colleghi in disaccordo', local: 'cambiata anche qui', agreement: 'colleghi d’accordo', single: 'un solo collega' } as Record<'colleagues' | 'local' | 'agreement' | 'single', string>,
  gatherShowMore: (n: number) => `Mostra ${plural('it', n, 'altro conflitto', 'altri conflitti')}`,
  gatherBase: 'Base (ultimo scambio)',
  gatherBaseUnknown: 'Base non disponibile: si confronta con la tua versione.',
  gatherMine: 'La tua versione',
  gatherKeepMine: 'Tieni la mia',
  gatherKeepFile: (who: string) => `Prendi quella di ${who}`,
  gatherKeepBoth: 'Tieni tutte',
  gatherEdit: 'Scrivila tu',
  gatherEditLabel: 'Il testo da tenere',
  gatherPlainHeading: (n: number) => `Entrano da sole (${plural('it', n, 'cella', 'celle')})`,
  gatherPlainMore: (n: number) => `… e ${plural('it', n, 'altra', 'altre')} (tutte comprese nell'importazione)`,
  gatherFrom: (who: string) => `da ${who}`,
  gatherRowsAddedTwice: (n: number) => `${plural('it', n, 'riga nuova presente', 'righe nuove presenti')} in più file: ${pluralForm('it', n, 'aggiunta', 'aggiunte')} una volta sola.`,
  gatherNothing: 'Nessuno di questi file cambia qualcosa nel piano.',
  gatherApply: (files: number, conflicts: number) =>
    `Importa ${plural('it', files, 'file', 'file')}${conflicts > 0 ? ` (${plural('it', conflicts, 'conflitto', 'conflitti')}: come scelto sopra)` : ''}`,
  gatherApplyHint: 'Ogni file diventa una modifica a sé, annullabile da sola; la scrittura è una sola: o entra tutto o niente.',
  gatherChangedSincePreview: 'Il piano è cambiato dopo l’anteprima: non è stato scritto nulla. Ecco l’anteprima rifatta sul piano di adesso; controlla e importa di nuovo.',
  gatherWriteFailed: 'L’importazione non è stata scritta e nessun dato è cambiato. Le tue scelte sono ancora qui: chiudi le altre schede di Quadro e tocca «Riprova».',
  gatherQuotaFull: 'Il dispositivo è pieno: l’importazione non è stata scritta e nessun dato è cambiato. Libera spazio e tocca «Riprova».',
  gatherRetry: 'Riprova',
  gatherNeedsWorkers: 'Questo browser non può importare file in sottofondo: aggiornalo (Safari 15 o successivo, Chrome, Firefox) e riprova.',
  gatherDoneHeading: 'Importazione fatta: per collega',
  gatherSummary: (s: { cellsChanged: number; rowsAdded: number; conflicts: number; notesAdded?: number }) =>
    `${plural('it', s.cellsChanged, 'cella cambiata', 'celle cambiate')}, ${plural('it', s.rowsAdded, 'riga aggiunta', 'righe aggiunte')}, ${plural('it', s.conflicts, 'conflitto', 'conflitti')}${
      (s.notesAdded ?? 0) > 0 ? `, ${plural('it', s.notesAdded ?? 0, 'nota portata', 'note portate')}` : ''
    }`,
  gatherResolved: (s: { keptThisFile: number; keptOther: number; keptMine: number; keptBoth: number; edited: number }) =>
    [
      s.keptThisFile > 0 ? `${formatCount('it', s.keptThisFile)} con il suo testo` : '',
      s.keptOther > 0 ? `${formatCount('it', s.keptOther)} con il testo di un altro collega` : '',
      s.keptMine > 0 ? `${formatCount('it', s.keptMine)} con il tuo` : '',
      s.keptBoth > 0 ? `${formatCount('it', s.keptBoth)} tenendo tutte le versioni` : '',
      s.edited > 0 ? `${formatCount('it', s.edited)} riscritti da te` : '',
    ]
      .filter(Boolean)
      .join('; '),
  gatherNothingWritten: 'nessuna modifica',
  gatherUndoFile: 'Annulla questo file',
  gatherRedoFile: 'Ripeti questo file',
  gatherUndone: 'annullato',
  gatherClose: 'Chiudi',
};

export type GatherStrings = typeof it;

const en: GatherStrings = {
  gatherTitle: 'Import several files',
  gatherIntro:
    'Pick together the files of the same plan sent by several colleagues (CSV or Excel .xlsx, up to 30). Quadro compares them all with your plan: what only one colleague changed comes in as if you imported it alone; cells changed differently by several colleagues are conflicts to decide.',
  gatherPick: 'Choose the files',
  gatherDrop: 'Or drop the files here',
  gatherTooMany: (max: number, given: number) => `You chose ${formatCount('en', given)} files: at most ${formatCount('en', max)} can be imported together. Choose fewer.`,
  gatherTooFew: 'Choose at least two files (for one, use «Import»).',
  gatherReading: (done: number, total: number) => `Reading and comparing the files: ${formatCount('en', done)} of ${formatCount('en', total)}…`,
  gatherWriting: (done: number, total: number) => `Writing: ${formatCount('en', done)} of ${plural('en', total, 'row', 'rows')}…`,
  gatherFilesHeading: 'Files and colleagues',
  gatherFileAuthor: 'Colleague',
  gatherFileName: 'File',
  gatherFileDate: 'Last change',
  gatherFileChanges: 'What it changes',
  gatherUnknownAuthor: 'no name given',
  gatherFileSays: (cells: number, rows: number, notes = 0) =>
    `${plural('en', cells, 'cell', 'cells')}, ${plural('en', rows, 'new row', 'new rows')}${notes > 0 ? `, ${plural('en', notes, 'note', 'notes')}` : ''}`,
  gatherFileRefused: 'not imported',
  gatherLeftOut: (n: number) => `${plural('en', n, 'damaged cell left out', 'damaged cells left out')}`,
  gatherConflictsHeading: (n: number) => `To decide (${formatCount('en', n)})`,
  gatherConflictsIntro: 'Each text is compared, word by word, with the base (the text of the last exchange). Until you choose, your text stays.',
  gatherMoreConflicts: (n: number) => `… and ${plural('en', n, 'more conflict', 'more conflicts')}: they keep your text; import those files one at a time to decide them.`,
  gatherKind: { colleagues: 'colleagues disagree', local: 'changed here too', agreement: 'colleagues agree', single: 'one colleague' },
  gatherShowMore: (n: number) => `Show ${plural('en', n, 'more conflict', 'more conflicts')}`,
  gatherBase: 'Base (last exchange)',
  gatherBaseUnknown: 'No base available: compared with your version.',
  gatherMine: 'Your version',
  gatherKeepMine: 'Keep mine',
  gatherKeepFile: (who: string) => `Take ${who}’s`,
  gatherKeepBoth: 'Keep all',
  gatherEdit: 'Write it yourself',
  gatherEditLabel: 'The text to keep',
  gatherPlainHeading: (n: number) => `Coming in by themselves (${plural('en', n, 'cell', 'cells')})`,
  gatherPlainMore: (n: number) => `… and ${plural('en', n, 'more', 'more')} (all included in the import)`,
  gatherFrom: (who: string) => `from ${who}`,
  gatherRowsAddedTwice: (n: number) => `${plural('en', n, 'new row is', 'new rows are')} in several files: added once.`,
  gatherNothing: 'None of these files changes anything in the plan.',
  gatherApply: (files: number, conflicts: number) =>
    `Import ${plural('en', files, 'file', 'files')}${conflicts > 0 ? ` (${plural('en', conflicts, 'conflict', 'conflicts')}: as chosen above)` : ''}`,
  gatherApplyHint: 'Each file becomes a change of its own, undoable alone; the write is one: everything comes in or nothing.',
  gatherChangedSincePreview: 'The plan changed after the preview: nothing was written. Here is the preview made again on the plan as it is now; check it and import again.',
  gatherWriteFailed: 'The import was not written and no data changed. Your choices are still here: close Quadro’s other tabs and tap «Retry».',
  gatherQuotaFull: 'The device is full: the import was not written and no data changed. Free some space and tap «Retry».',
  gatherRetry: 'Retry',
  gatherNeedsWorkers: 'This browser cannot import files in the background: update it (Safari 15 or later, Chrome, Firefox) and try again.',
  gatherDoneHeading: 'Import done: per colleague',
  gatherSummary: (s: { cellsChanged: number; rowsAdded: number; conflicts: number; notesAdded?: number }) =>
    `${plural('en', s.cellsChanged, 'cell changed', 'cells changed')}, ${plural('en', s.rowsAdded, 'row added', 'rows added')}, ${plural('en', s.conflicts, 'conflict', 'conflicts')}${
      (s.notesAdded ?? 0) > 0 ? `, ${plural('en', s.notesAdded ?? 0, 'note brought', 'notes brought')}` : ''
    }`,
  gatherResolved: (s: { keptThisFile: number; keptOther: number; keptMine: number; keptBoth: number; edited: number }) =>
    [
      s.keptThisFile > 0 ? `${formatCount('en', s.keptThisFile)} with their text` : '',
      s.keptOther > 0 ? `${formatCount('en', s.keptOther)} with another colleague’s text` : '',
      s.keptMine > 0 ? `${formatCount('en', s.keptMine)} with yours` : '',
      s.keptBoth > 0 ? `${formatCount('en', s.keptBoth)} keeping every version` : '',
      s.edited > 0 ? `${formatCount('en', s.edited)} rewritten by you` : '',
    ]
      .filter(Boolean)
      .join('; '),
  gatherNothingWritten: 'no change',
  gatherUndoFile: 'Undo this file',
  gatherRedoFile: 'Redo this file',
  gatherUndone: 'undone',
  gatherClose: 'Close',
};

/** The feature's words in the user's language. */
export const gatherStrings = byLanguage<GatherStrings>({ it, en });
