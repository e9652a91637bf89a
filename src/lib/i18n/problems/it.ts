// The Italian words of every problem the core reports (a file, a backup, a title, the sync): one function per code,
// from the values the core gives. Loaded with the dialogs that show problems, never with the first screen.
import type { TitleKind } from '../../model/names.ts';
import type { BackupList, ColumnPlace, SeparatorName } from '../../model/problem-codes.ts';
import { formatCount, formatNumber } from '../format.ts';
import { plural, pluralForm } from '../plural.ts';
import type { ProblemWords } from './types.ts';

const TITLE_KIND: Record<TitleKind, string> = { plan: 'Il nome del piano', area: 'Il titolo dell’area', column: 'Il titolo della colonna' };
const TITLE_OF: Record<TitleKind, string> = { plan: 'il nome di un piano', area: 'il titolo di un’area', column: 'il titolo di una colonna' };
const SEPARATOR: Record<SeparatorName, string> = { ';': 'il punto e virgola (;)', ',': 'la virgola (,)', '\t': 'la tabulazione', '|': 'la barra verticale (|)' };
const LIST: Record<BackupList, string> = {
  plans: 'dei piani',
  areas: 'delle aree',
  columns: 'delle colonne',
  rows: 'delle righe',
  changeLog: 'della cronologia delle modifiche',
  indicators: 'delle decisioni sugli indicatori',
  drafts: 'dei testi non ancora salvati',
  other: 'dei dati',
};

const SAVE_AS_CSV = 'in Excel usa File › Salva con nome › CSV (delimitato dal separatore di elenco)';
const SAVE_AS_XLSX = 'aprilo e usa File › Salva con nome › «Cartella di lavoro di Excel (.xlsx)» oppure «CSV UTF-8», poi importa quel file';
const CHOOSE_CSV = 'scegli il file .csv esportato da Quadro o da Excel.';
const mb = (bytes: number): string => formatNumber('it', bytes / 1024 / 1024, 1);
const column = (place: ColumnPlace): string => `colonna ${place.letter}${place.title !== undefined ? ` («${place.title}»)` : ''}`;
const quoted = (titles: readonly string[]): string => titles.map((title) => `«${title}»`).join(', ');

export const problemsIt: ProblemWords = {
  inSheet: (sheet, message) => `Foglio «${sheet}»: ${message}`,
  words: {
    'title.empty': (p) => `${TITLE_KIND[p.kind]} non può essere vuoto: scrivine uno.`,
    'title.reserved': (p) => `${TITLE_KIND[p.kind]} non può essere «${p.title}»: è una parola riservata. Scegline un altro.`,
    'title.too-long': (p) => `${TITLE_KIND[p.kind]} è lungo ${formatCount('it', p.length)} caratteri; il massimo è ${formatCount('it', p.max)}. Accorcialo.`,

    'seed.empty': () => 'Il documento del piano è vuoto.',
    'seed.table-missing': (p) => `La tabella dell'area "${p.area}" non è stata trovata nel documento.`,
    'seed.orphan-continuation': (p) => `Riga ${p.line}: la prima riga della tabella dell'area "${p.area}" non ha l'ambito.`,
    'seed.table-empty': (p) => `La tabella dell'area "${p.area}" non ha righe.`,
    'seed.text-in-table': (p) => `Riga ${p.line}: testo inatteso dentro la tabella dell'area "${p.area}".`,
    'seed.header-missing': (p) => `Riga ${p.line}: la tabella dell'area "${p.area}" non inizia con l'intestazione "${p.header}".`,
    'seed.cell-count': (p) => `Riga ${p.line}: ${p.cells} celle invece di ${p.expected}.`,
    'seed.header-changed': (p) => `Riga ${p.line}: l'intestazione della tabella cambia a metà.`,
    'seed.projects-missing': (p) => `I progetti della sezione "${p.section}" non sono stati trovati.`,

    'csv.file-too-large': (p) =>
      'bytes' in p
        ? `Il file è troppo grande (${mb(p.bytes)} MB; il massimo è ${mb(p.max)} MB): un piano esportato da Quadro pesa pochi kB. Controlla di aver scelto il file giusto.`
        : `Il testo è troppo lungo (${p.chars} caratteri; il massimo è ${p.max}): controlla di aver scelto il file giusto.`,
    'csv.not-csv.ods': () => 'È un foglio di calcolo LibreOffice (.ods), non un CSV: in LibreOffice usa File › Salva con nome › Testo CSV, poi importa quel file.',
    'csv.not-csv.xlsx': () => `È un file Excel (.xlsx), non un CSV: ${SAVE_AS_CSV}, poi importa quel file.`,
    'csv.not-csv.xls': () => `È un file Excel 97-2003 (.xls), non un CSV: ${SAVE_AS_CSV}, poi importa quel file.`,
    'csv.not-csv.pdf': () => 'È un PDF, non un CSV: chiedi a chi te l’ha mandato il file CSV esportato da Quadro o da Excel.',
    'csv.not-csv.png': () => `È un’immagine PNG, non un CSV: ${CHOOSE_CSV}`,
    'csv.not-csv.jpeg': () => `È un’immagine JPEG, non un CSV: ${CHOOSE_CSV}`,
    'csv.not-csv.gif': () => `È un’immagine GIF, non un CSV: ${CHOOSE_CSV}`,
    'csv.utf-32': () =>
      'Il file è in UTF-32, una codifica che Quadro non legge: salvalo come «CSV UTF-8» (in Excel: File › Salva con nome › CSV UTF-8) e importa quel file.',
    'csv.binary': (p) =>
      'utf16' in p
        ? 'Il file contiene dati binari (un carattere nullo), quindi non è un CSV: salvalo di nuovo come CSV UTF-8 e riprova.'
        : `Il file contiene dati binari (un byte nullo alla riga ${p.line}, byte ${p.byte}), quindi non è un CSV: ${SAVE_AS_CSV}.`,
    'csv.empty': () => 'Il file è vuoto: esporta di nuovo il piano da Quadro o salva il foglio da Excel come CSV, poi riprova.',

    'csv.unknown-sep-line': (p) =>
      `Riga 1: «sep=${p.separator}» chiede il separatore «${p.separator}», che Quadro non legge (legge ; , tabulazione e |). Salva il file con il punto e virgola o la virgola e riprova.`,
    'csv.unknown-separator': (p) =>
      `Riga ${p.row}: i campi sembrano separati da «${p.char}», un separatore che Quadro non legge (legge ; , tabulazione e |). Salva il file con il punto e virgola o la virgola e riprova.`,
    'csv.no-columns': () => 'Il file non ha colonne: una riga deve contenere i titoli delle colonne (per esempio AMBITO).',
    'csv.rows-above-header': (p) => {
      const rows = p.skipped === 1 ? `la riga ${p.firstRow}` : `le righe ${p.firstRow}–${p.headerRow - 1}`;
      const what = [p.blank > 0 ? plural('it', p.blank, 'riga vuota', 'righe vuote') : '', p.titles.length > 0 ? `${p.titles.length === 1 ? 'il titolo' : 'i titoli'} ${quoted(p.titles)}` : '']
        .filter(Boolean)
        .join(' e ');
      return `I titoli delle colonne sono nella riga ${p.headerRow}: Quadro ha saltato ${rows} (${what}).`;
    },
    'csv.unbalanced-quote': (p) =>
      `Riga ${p.row}, ${column(p.column)}: un campo si apre con le virgolette (") ma non si chiude mai. Chiudi le virgolette o toglile, oppure esporta di nuovo il file.`,
    'csv.bad-quote': (p) =>
      `Riga ${p.row}: un campo tra virgolette continua dopo la virgoletta di chiusura. Scrivi le virgolette dentro un campo come due virgolette ("") o esporta di nuovo il file.`,
    'csv.too-many-columns': (p) => `Riga ${p.row}: ha ${p.count} colonne, il massimo è ${p.max}. Controlla il separatore o togli le colonne in più.`,
    'csv.field-too-long': (p) =>
      `Riga ${p.row}, ${column(p.column)}: la cella ha ${p.length} caratteri, il massimo è ${p.max}. Accorcia il testo o controlla che il file sia un CSV di Quadro.`,
    'csv.newer-version': (p) =>
      `Il file è stato scritto da una versione più recente di Quadro (formato v${p.version}, questa legge fino alla v${p.supported}): aggiorna Quadro e riprova.`,
    'csv.unknown-version': (p) => `Riga ${p.row}, colonna ${p.letter}: il formato «${p.format}» non esiste. Esporta di nuovo il file da Quadro.`,
    'csv.empty-columns-dropped': (p) => `Ignorate ${plural('it', p.count, 'colonna vuota e senza titolo', 'colonne vuote e senza titolo')} alla fine del file.`,
    'csv.forbidden-title': (p) => `Riga ${p.row}, ${column(p.column)}: «${p.title}» non può essere il titolo di una colonna. Rinomina la colonna.`,
    'csv.title-too-long': (p, describe) => `Riga ${p.row}, ${column(p.column)}: ${describe(p.reason)}`,
    'csv.duplicate-title': (p) => `Riga ${p.row}: la ${column(p.other)} e la ${column(p.column)} hanno lo stesso titolo «${p.title}». Rinomina una delle due.`,
    'csv.empty-title': (p) =>
      p.letters.length === 1
        ? `Riga ${p.row}, colonna ${p.letters[0]}: la colonna non ha titolo. Scrivi un titolo in quella riga o elimina la colonna.`
        : `Riga ${p.row}: le colonne ${p.letters.join(', ')} non hanno titolo. Scrivi un titolo in quella riga o elimina le colonne.`,
    'csv.ragged-row': (p) => {
      const more = p.more <= 0 ? '' : p.more === 1 ? ' e in un’altra' : ` e in altre ${p.more}`;
      const also = p.others.length === 0 ? '' : ` Lo stesso ${p.others.length + Math.max(p.more, 0) === 1 ? 'nella riga' : 'nelle righe'} ${p.others.join(', ')}${more}.`;
      const titleRow = p.headerRow === 1 ? 'la riga dei titoli' : `la riga dei titoli (riga ${p.headerRow})`;
      const what =
        p.separator === null
          ? 'Controlla quella riga del foglio, o esporta di nuovo il file.'
          : `Quadro ha letto il file con il separatore ${SEPARATOR[p.separator]}: se il file ne usa un altro, sceglilo in «Separatore»; altrimenti un testo che contiene il separatore${p.separator === ',' ? ' (per esempio un numero come 1.250,50)' : ''} va messo tra virgolette, oppure esporta di nuovo il file.`;
      return `Riga ${p.row}: ha ${plural('it', p.fields, 'campo', 'campi')}, ma ${titleRow} ne ha ${p.expected}.${also} ${what}`;
    },
    'csv.duplicate-id': (p) =>
      `Le righe ${p.firstRow} e ${p.row} hanno lo stesso ID (${column(p.column)}: «${p.id}»): probabilmente una riga è stata copiata. Svuota l'ID della copia, così Quadro la importa come riga nuova.`,
    'csv.bad-area-title': (p, describe) => `Riga ${p.row}, ${column(p.column)}: ${describe(p.reason)}`,
    'csv.no-target-area': (p) =>
      `Riga ${p.row}: non si sa in quale area importarla (il file non ha la colonna Area o la cella è vuota). Apri l'area giusta e importa da lì.`,
    'csv.no-matching-columns': (p) =>
      `Riga ${p.row}: nessuna colonna del file corrisponde a quelle dell'area. Il file ha ${quoted(p.found)}; l'area ha ${quoted(p.expected)}. Controlla di aver scelto il file e l'area giusti, o rinomina le colonne nella riga dei titoli del file.`,

    'csv.wrong-encoding': (p) => {
      const tryIt = p.alternatives.length === 0 ? '' : `Prova ${p.alternatives.map((name) => `«${name}»`).join(' o ')} nel menu «Codifica» qui sopra. `;
      return `Il file è stato letto come ${p.used}, ma il testo sembra letto con la codifica sbagliata (per esempio «${p.sample}»). ${tryIt}Le celle con questi caratteri sono segnate qui sotto e non vengono applicate se non le spunti.`;
    },
    'csv.lossy-encoding-kept': (p) =>
      `Il file è stato letto come ${p.encoding}, una codifica che non può contenere alcuni caratteri (per esempio ✓): ${plural('it', p.characters, 'carattere', 'caratteri')} in ${plural('it', p.cells, 'cella', 'celle')} sono arrivati come «?». Non sono modifiche, quindi Quadro tiene il testo che hai già. Per non perderli, in Excel salva come «CSV UTF-8».`,
    'csv.damaged-structure': (p) =>
      `Il file è danneggiato: alla riga ${p.row}, ${column(p.column)} ci sono byte non validi (mostrati come �) proprio dove Quadro legge titoli, ID o date. Non è stato importato nulla: fatti rimandare il file o esportalo di nuovo.`,
    'csv.damaged-bytes': (p) => {
      const places = p.shown.map((place) => `riga ${place.row}, ${column(place.column)}`).join('; ');
      const more = p.count > p.shown.length ? ` e altre ${p.count - p.shown.length}` : '';
      return `Il file contiene byte non validi (mostrati come �) in ${pluralForm('it', p.count, 'una cella', plural('it', p.count, 'cella', 'celle'))}: ${places}${more}. Quelle celle sono segnate qui sotto e non vengono applicate se non le spunti.`;
    },
    'import.area-row-limit': (p) =>
      `Con questo file l'area «${p.area}» avrebbe ${formatCount('it', p.count)} righe: il limite è ${formatCount('it', p.limit)} righe per area. Non è stato importato nulla. Dividi il file in più file o in più aree (colonna «Area») e importali uno alla volta.`,
    'import.needs-workers': () =>
      'Questo browser non può importare file: gli mancano i Web Worker dei moduli. Aggiorna il browser (Safari 15 o successivo su iPad, Chrome, Firefox 114 o successivo) e riprova.',
    'import.changed-since-preview': () =>
      "Il piano è cambiato dopo l'anteprima (un'altra scheda o una modifica): niente è stato scritto. Ecco l'anteprima aggiornata; le celle cambiate da entrambe le parti sono ora conflitti da decidere.",
    'import.quota': () =>
      'Lo spazio di archiviazione del browser è pieno: l’importazione non è stata scritta e nessun dato è cambiato. Le tue scelte sono ancora qui: libera spazio sul dispositivo e tocca «Riprova».',
    'import.write-failed': () => 'L’importazione non è stata scritta e nessun dato è cambiato. Le tue scelte sono ancora qui: chiudi le altre schede di Quadro e tocca «Riprova».',

    'xlsx.encrypted': () =>
      'Il file è protetto da una password, quindi Quadro non può leggerlo. Aprilo in Excel, togli la password (File › Informazioni › Proteggi cartella di lavoro › Crittografa con password, lascia vuoto), salvalo e importalo di nuovo.',
    'xlsx.old-xls': () => `È un file Excel 97-2003 (.xls), un formato che Quadro non legge: ${SAVE_AS_XLSX}.`,
    'xlsx.binary-workbook': () => `È una cartella di lavoro binaria di Excel (.xlsb), che Quadro non legge: ${SAVE_AS_XLSX}.`,
    'xlsx.ods': () =>
      'È un foglio di calcolo OpenDocument (.ods, LibreOffice o Numbers), che Quadro non legge: usa File › Salva con nome › «Excel 2007-365 (.xlsx)» oppure «Testo CSV», poi importa quel file.',
    'xlsx.not-a-spreadsheet': () =>
      'È un archivio zip (o un documento Word o PowerPoint), non un foglio di calcolo: scegli il file .xlsx o .csv esportato da Quadro o da Excel.',
    'xlsx.damaged': () =>
      'Il file .xlsx è danneggiato o incompleto (forse non è arrivato tutto): Quadro non può leggerlo e non ha importato nulla. Fatti rimandare il file, oppure aprilo in Excel o LibreOffice e salvalo di nuovo.',
    'xlsx.file-too-large': (p) =>
      `Il file è troppo grande (${mb(p.bytes)} MB; il massimo è ${mb(p.max)} MB): un piano esportato da Quadro pesa pochi kB. Controlla di aver scelto il file giusto.`,
    'xlsx.unpacked-too-large': (p) =>
      `Il file .xlsx, aperto, occuperebbe ${mb(p.bytes)} MB (il massimo è ${mb(p.max)} MB): è troppo grande per un piano, o non è un vero foglio di calcolo. Controlla di aver scelto il file giusto.`,
    'xlsx.sheet-too-many-rows': (p) =>
      `Il foglio «${p.sheet}» ha dati fino alla riga ${formatCount('it', p.row)} e oltre: un'area può avere al massimo ${formatCount('it', p.limit)} righe (più quella dei titoli). Non è stato importato nulla. Dividi il foglio in più fogli o in più file, o cancella le righe in fondo.`,
    'xlsx.sheet-too-many-columns': (p) =>
      `Il foglio «${p.sheet}» ha dati nella colonna ${p.letter} (riga ${p.row}): il massimo è ${p.max} colonne. Cancella le colonne in più o controlla di aver scelto il file giusto.`,
    'xlsx.long-cells': (p) =>
      `${pluralForm('it', p.count, 'Una cella supera', `${formatCount('it', p.count)} celle superano`)} i ${formatCount('it', p.max)} caratteri che una cella di Excel può contenere (${p.count === 1 ? '' : 'la prima: '}foglio «${p.sheet}», colonna «${p.column}», riga ${p.row}): se il collega apre il file con Excel, il testo viene tagliato. LibreOffice e Numbers lo tengono intero. Accorcia la cella o dividi il testo in più righe.`,
    'xlsx.no-data': () =>
      'Il file non ha dati: tutti i fogli sono vuoti o nascosti. Controlla di aver scelto il file giusto, o mostra il foglio nascosto in Excel e salva di nuovo.',
    'xlsx.sheet-new-area': (p) =>
      `Il foglio «${p.sheet}» non ha il nome di un'area del piano: le sue righe nuove vanno in una nuova area «${p.sheet}» (le righe con l'ID di Quadro tornano nella loro area). Se dovevano andare in un'area che hai già, rinomina il foglio come l'area e importa di nuovo il file.`,
    'xlsx.formulas-without-value': (p) =>
      `Foglio «${p.sheet}»: ${pluralForm('it', p.count, 'una cella ha una formula', `${formatCount('it', p.count)} celle hanno una formula`)} senza il risultato salvato, e Quadro non calcola formule: ${pluralForm('it', p.count, 'arriva vuota', 'arrivano vuote')}. Per averne il valore, apri il file in Excel o LibreOffice, salvalo e importalo di nuovo.`,
    'xlsx.duplicate-id': (p) =>
      `La riga ${p.first.row} del foglio «${p.first.sheet}» e la riga ${p.second.row} del foglio «${p.second.sheet}» hanno lo stesso ID («${p.id}»): probabilmente una riga è stata copiata. Svuota l'ID della copia, così Quadro la importa come riga nuova.`,

    'backup.not-json': () =>
      'Il file non è un backup di Quadro leggibile (non è JSON valido): forse è danneggiato o incompleto. Non è stato modificato nulla.',
    'backup.foreign': () => 'Il file non è un backup di Quadro (usa un file creato con «Esporta tutto»). Non è stato modificato nulla.',
    'backup.no-version': () => 'Il backup non dice la versione del suo formato: non può essere letto con sicurezza. Non è stato modificato nulla.',
    'backup.too-new': (p) =>
      `Questo backup viene da una versione più recente di Quadro${p.writer ? ` (${p.writer})` : ''} e contiene dati che questa versione non sa leggere: aggiorna Quadro (con la rete, tocca «Aggiorna» quando compare, o ricarica la pagina) e riprova. Non è stato modificato nulla.`,
    'backup.empty': () => 'Il backup non contiene nessun piano.',
    'backup.titles-repaired': (p) => {
      const more = p.count - 1;
      return `${pluralForm('it', p.count, 'Un titolo non rispettava', `${formatCount('it', p.count)} titoli non rispettavano`)} la regola dei nomi e ${pluralForm('it', p.count, 'è stato corretto', 'sono stati corretti')}: ${TITLE_OF[p.kind]} «${p.from}» diventa «${p.to}»${more > 0 ? ` (e altri ${formatCount('it', more)})` : ''}. Potrai rinominarli dopo il ripristino.`;
    },
    'backup.damaged': (p) => {
      const list = LIST[p.list];
      let what: string;
      if (p.fault === 'missing-list') what = `manca l’elenco ${list}`;
      else if (p.fault === 'unreadable-list') what = `l’elenco ${list} non è leggibile`;
      else {
        const fault =
          p.fault === 'duplicate-id'
            ? 'ha lo stesso identificativo di un altro'
            : p.fault === 'bad-id'
              ? `ha un identificativo che Quadro non usa («${p.name}»)`
              : p.fault === 'missing-field'
                ? `non ha il campo «${p.name}»`
                : 'non è valido';
        what = `l’elemento n. ${p.item} dell’elenco ${list} ${fault}`;
      }
      return `Il backup è danneggiato: ${what}. Non è stato ripristinato nulla; usa un altro backup o chiedi a chi te l’ha mandato di esportarlo di nuovo.`;
    },
    'backup.area-row-limit': (p) =>
      `Nel backup l'area «${p.area}» ha ${formatCount('it', p.count)} righe: il limite è ${formatCount('it', p.limit)} righe per area. Non è stato ripristinato nulla.`,

    'sync.not-couchdb': () => "L'indirizzo risponde, ma non è un server CouchDB. Controlla l'indirizzo.",
    'sync.too-old': (p) => `Il server è CouchDB ${p.version}: Quadro richiede CouchDB 2 o successivo (consigliato 3). Chiedi all'amministratore di aggiornarlo.`,
    'sync.bad-address': () => "L'indirizzo del server non è valido: scrivilo intero, ad esempio https://couch.agenzia.it",
    'sync.not-https': () => 'Il server deve usare HTTPS (https://…): la password non può viaggiare in chiaro. Solo per prove è ammesso http://localhost.',
    'sync.credentials-in-address': () => "Scrivi utente e password nei loro campi, non nell'indirizzo.",
    'sync.bad-database': () => 'Il nome del database deve iniziare con una lettera minuscola e contenere solo lettere minuscole, cifre e _ $ ( ) + - /.',
    'sync.unauthorized': () => 'Utente o password non corretti: il server non ti ha riconosciuto. Controlla e riprova.',
    'sync.forbidden': (p) => `Non hai accesso al database «${p.database}»: chiedi all'amministratore di aggiungerti ai suoi membri.`,
    'sync.no-database': (p) => `Il database «${p.database}» non esiste sul server (forse è stato eliminato). Le tue modifiche restano sul tablet.`,
    'sync.server-full': () => "Il server non ha più spazio per i dati: le modifiche restano sul tablet. Avvisa l'amministratore.",
    'sync.server-error': (p) => `Il server ha risposto con un errore (${p.status}). Le modifiche restano sul tablet; riprova più tardi.`,
    'sync.unreachable': (p) =>
      p.https
        ? 'Il server non risponde, oppure il suo certificato HTTPS non è valido. Le modifiche restano sul tablet e partiranno appena possibile.'
        : 'Il server non risponde. Le modifiche restano sul tablet e partiranno appena possibile.',
    'sync.tls': (p) => `Il certificato HTTPS di ${p.url} non è valido (scaduto o non riconosciuto): la connessione è stata rifiutata. Avvisa l'amministratore.`,
    'sync.origin-not-allowed': (p) =>
      `Questa installazione di Quadro non può collegarsi a ${p.origin}: i server ammessi sono fissati quando l'app viene pubblicata. Chiedi all'amministratore.`,
    'sync.other-plan': (p) => `Il database contiene un altro piano («${p.name}»): scegli un altro database per questo piano.`,
    'sync.bad-answer': () => 'Il server ha dato una risposta che Quadro non capisce. Le modifiche restano sul tablet.',
    'sync.device-full': () =>
      'Il tablet non ha più spazio: le modifiche dal server non sono state salvate (nulla è cambiato qui). Libera spazio e riprova.',
  },
};
