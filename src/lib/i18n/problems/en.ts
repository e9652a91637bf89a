// The English words of every problem the core reports, typed like the Italian table: a missing code or a wrong value
// fails `npm run check`.
import type { TitleKind } from '../../model/names.ts';
import type { BackupList, ColumnPlace, SeparatorName } from '../../model/problem-codes.ts';
import { formatCount, formatNumber } from '../format.ts';
import { plural, pluralForm } from '../plural.ts';
import type { ProblemWords } from './types.ts';

const TITLE_KIND: Record<TitleKind, string> = { plan: 'The plan name', area: 'The area title', column: 'The column title' };
const TITLE_OF: Record<TitleKind, string> = { plan: 'the name of a plan', area: 'the title of an area', column: 'the title of a column' };
const SEPARATOR: Record<SeparatorName, string> = { ';': 'the semicolon (;)', ',': 'the comma (,)', '\t': 'the tab', '|': 'the vertical bar (|)' };
const LIST: Record<BackupList, string> = {
  plans: 'of plans',
  areas: 'of areas',
  columns: 'of columns',
  rows: 'of rows',
  changeLog: 'of the change history',
  indicators: 'of indicator decisions',
  drafts: 'of texts not saved yet',
  other: 'of data',
};

const SAVE_AS_CSV = 'in Excel use File › Save As › CSV (Comma delimited)';
const SAVE_AS_XLSX = 'open it and use File › Save As › “Excel Workbook (.xlsx)” or “CSV UTF-8”, then import that file';
const CHOOSE_CSV = 'choose the .csv file exported from Quadro or Excel.';
const mb = (bytes: number): string => formatNumber('en', bytes / 1024 / 1024, 1);
const column = (place: ColumnPlace): string => `column ${place.letter}${place.title !== undefined ? ` («${place.title}»)` : ''}`;
const quoted = (titles: readonly string[]): string => titles.map((title) => `«${title}»`).join(', ');

export const problemsEn: ProblemWords = {
  inSheet: (sheet, message) => `Sheet “${sheet}”: ${message}`,
  words: {
    'title.empty': (p) => `${TITLE_KIND[p.kind]} cannot be empty: type one.`,
    'title.reserved': (p) => `${TITLE_KIND[p.kind]} cannot be “${p.title}”: it is a reserved word. Choose another.`,
    'title.too-long': (p) => `${TITLE_KIND[p.kind]} is ${formatCount('en', p.length)} characters long; the limit is ${formatCount('en', p.max)}. Shorten it.`,

    'seed.empty': () => 'The plan document is empty.',
    'seed.table-missing': (p) => `The table of the area "${p.area}" was not found in the document.`,
    'seed.orphan-continuation': (p) => `Line ${p.line}: the first row of the table of the area "${p.area}" has no ambito.`,
    'seed.table-empty': (p) => `The table of the area "${p.area}" has no rows.`,
    'seed.text-in-table': (p) => `Line ${p.line}: unexpected text inside the table of the area "${p.area}".`,
    'seed.header-missing': (p) => `Line ${p.line}: the table of the area "${p.area}" does not start with its "${p.header}" header.`,
    'seed.cell-count': (p) => `Line ${p.line}: ${p.cells} cells instead of ${p.expected}.`,
    'seed.header-changed': (p) => `Line ${p.line}: the table header changes midway.`,
    'seed.projects-missing': (p) => `The projects of the section "${p.section}" were not found.`,

    'csv.file-too-large': (p) =>
      'bytes' in p
        ? `The file is too large (${mb(p.bytes)} MB; the limit is ${mb(p.max)} MB): a plan exported by Quadro is a few kB. Check that you chose the right file.`
        : `The text is too long (${p.chars} characters; the limit is ${p.max}): check that you chose the right file.`,
    'csv.not-csv.ods': () => 'This is a LibreOffice spreadsheet (.ods), not a CSV: in LibreOffice use File › Save As › Text CSV, then import that file.',
    'csv.not-csv.xlsx': () => `This is an Excel file (.xlsx), not a CSV: ${SAVE_AS_CSV}, then import that file.`,
    'csv.not-csv.xls': () => `This is an Excel 97-2003 file (.xls), not a CSV: ${SAVE_AS_CSV}, then import that file.`,
    'csv.not-csv.pdf': () => 'This is a PDF, not a CSV: ask the sender for the CSV file exported from Quadro or Excel.',
    'csv.not-csv.png': () => `This is a PNG image, not a CSV: ${CHOOSE_CSV}`,
    'csv.not-csv.jpeg': () => `This is a JPEG image, not a CSV: ${CHOOSE_CSV}`,
    'csv.not-csv.gif': () => `This is a GIF image, not a CSV: ${CHOOSE_CSV}`,
    'csv.utf-32': () =>
      'The file is UTF-32, an encoding Quadro does not read: save it as “CSV UTF-8” (in Excel: File › Save As › CSV UTF-8) and import that file.',
    'csv.binary': (p) =>
      'utf16' in p
        ? 'The file contains binary data (a NUL character), so it is not a CSV: save it again as CSV UTF-8 and try again.'
        : `The file contains binary data (a NUL byte on line ${p.line}, byte ${p.byte}), so it is not a CSV: ${SAVE_AS_CSV}.`,
    'csv.empty': () => 'The file is empty: export the plan from Quadro again or save the sheet from Excel as CSV, then try again.',

    'csv.unknown-sep-line': (p) =>
      `Row 1: “sep=${p.separator}” asks for the separator “${p.separator}”, which Quadro does not read (it reads ; , tab and |). Save the file with semicolons or commas and try again.`,
    'csv.unknown-separator': (p) =>
      `Row ${p.row}: the fields look separated by “${p.char}”, a separator Quadro does not read (it reads ; , tab and |). Save the file with semicolons or commas and try again.`,
    'csv.no-columns': () => 'The file has no columns: a row must hold the column titles (for example AMBITO).',
    'csv.rows-above-header': (p) => {
      const rows = p.skipped === 1 ? `row ${p.firstRow}` : `rows ${p.firstRow}–${p.headerRow - 1}`;
      const what = [p.blank > 0 ? plural('en', p.blank, 'blank row', 'blank rows') : '', p.titles.length > 0 ? `the ${p.titles.length === 1 ? 'title' : 'titles'} ${quoted(p.titles)}` : '']
        .filter(Boolean)
        .join(' and ');
      return `The column titles are in row ${p.headerRow}: Quadro skipped ${rows} (${what}).`;
    },
    'csv.unbalanced-quote': (p) =>
      `Row ${p.row}, ${column(p.column)}: a field opens with a quote (") that is never closed. Close or remove the quote, or export the file again.`,
    'csv.bad-quote': (p) => `Row ${p.row}: a quoted field goes on after its closing quote. Write a quote inside a field as two quotes ("") or export the file again.`,
    'csv.too-many-columns': (p) => `Row ${p.row}: it has ${p.count} columns, the limit is ${p.max}. Check the delimiter or remove the extra columns.`,
    'csv.field-too-long': (p) =>
      `Row ${p.row}, ${column(p.column)}: the cell has ${p.length} characters, the limit is ${p.max}. Shorten the text or check that the file is a Quadro CSV.`,
    'csv.newer-version': (p) => `The file was written by a newer Quadro (format v${p.version}; this one reads up to v${p.supported}): update Quadro and try again.`,
    'csv.unknown-version': (p) => `Row ${p.row}, column ${p.letter}: there is no format «${p.format}». Export the file from Quadro again.`,
    'csv.empty-columns-dropped': (p) => `Ignored ${plural('en', p.count, 'empty, untitled column', 'empty, untitled columns')} at the end of the file.`,
    'csv.forbidden-title': (p) => `Row ${p.row}, ${column(p.column)}: «${p.title}» cannot be a column title. Rename the column.`,
    'csv.title-too-long': (p, describe) => `Row ${p.row}, ${column(p.column)}: ${describe(p.reason)}`,
    'csv.duplicate-title': (p) => `Row ${p.row}: ${column(p.other)} and ${column(p.column)} have the same title «${p.title}». Rename one of them.`,
    'csv.empty-title': (p) =>
      p.letters.length === 1
        ? `Row ${p.row}, column ${p.letters[0]}: the column has no title. Write a title in that row or delete the column.`
        : `Row ${p.row}: columns ${p.letters.join(', ')} have no title. Write a title in that row or delete the columns.`,
    'csv.ragged-row': (p) => {
      const more = p.more <= 0 ? '' : ` and ${p.more} more`;
      const also = p.others.length === 0 ? '' : ` The same in ${p.others.length + Math.max(p.more, 0) === 1 ? 'row' : 'rows'} ${p.others.join(', ')}${more}.`;
      const titleRow = p.headerRow === 1 ? 'the title row' : `the title row (row ${p.headerRow})`;
      const what =
        p.separator === null
          ? 'Check that row of the sheet, or export the file again.'
          : `Quadro read the file with ${SEPARATOR[p.separator]} as separator: if the file uses another one, choose it under “Separator”; otherwise a text holding the separator${p.separator === ',' ? ' (for example a number such as 1.250,50)' : ''} must be in quotes, or export the file again.`;
      return `Row ${p.row}: it has ${plural('en', p.fields, 'field', 'fields')}, but ${titleRow} has ${p.expected}.${also} ${what}`;
    },
    'csv.duplicate-id': (p) =>
      `Rows ${p.firstRow} and ${p.row} have the same ID (${column(p.column)}: «${p.id}»): probably a row was copied. Clear the copy's ID so Quadro imports it as a new row.`,
    'csv.bad-area-title': (p, describe) => `Row ${p.row}, ${column(p.column)}: ${describe(p.reason)}`,
    'csv.no-target-area': (p) =>
      `Row ${p.row}: it is not clear which area it belongs to (the file has no Area column or the cell is empty). Open the right area and import from there.`,
    'csv.no-matching-columns': (p) =>
      `Row ${p.row}: no column of the file matches the area's columns. The file has ${quoted(p.found)}; the area has ${quoted(p.expected)}. Check that you chose the right file and area, or rename the columns in the file's title row.`,

    'csv.wrong-encoding': (p) => {
      const tryEn = p.alternatives.length === 0 ? '' : `Try ${p.alternatives.map((name) => `“${name}”`).join(' or ')} in the “Encoding” menu above. `;
      return `The file was read as ${p.used}, but the text looks read in the wrong encoding (for example “${p.sample}”). ${tryEn}The cells with these characters are marked below and are not applied unless you tick them.`;
    },
    'csv.lossy-encoding-kept': (p) =>
      `The file was read as ${p.encoding}, an encoding that cannot hold some characters (for example ✓): ${plural('en', p.characters, 'character', 'characters')} in ${plural('en', p.cells, 'cell', 'cells')} came back as “?”. They are not edits, so Quadro keeps the text you already have. To keep them, save from Excel as “CSV UTF-8”.`,
    'csv.damaged-structure': (p) =>
      `The file is damaged: at row ${p.row}, ${column(p.column)} there are invalid bytes (shown as �) exactly where Quadro reads titles, IDs or dates. Nothing was imported: ask for the file again or export it again.`,
    'csv.damaged-bytes': (p) => {
      const places = p.shown.map((place) => `row ${place.row}, ${column(place.column)}`).join('; ');
      const more = p.count > p.shown.length ? ` and ${p.count - p.shown.length} more` : '';
      return `The file holds invalid bytes (shown as �) in ${pluralForm('en', p.count, 'one cell', plural('en', p.count, 'cell', 'cells'))}: ${places}${more}. Those cells are marked below and are not applied unless you tick them.`;
    },
    'import.area-row-limit': (p) =>
      `With this file the area “${p.area}” would hold ${formatCount('en', p.count)} rows: the limit is ${formatCount('en', p.limit)} rows per area. Nothing was imported. Split the file into several files or areas (“Area” column) and import them one at a time.`,
    'import.needs-workers': () =>
      'This browser cannot import files: it lacks module Web Workers. Update the browser (Safari 15 or later on iPad, Chrome, Firefox 114 or later) and try again.',
    'import.changed-since-preview': () =>
      'The plan changed after the preview (another tab or an edit): nothing was written. Here is the updated preview; cells changed on both sides are now conflicts to decide.',
    'import.quota': () =>
      'The browser’s storage is full: the import was not written and no data changed. Your choices are still here: free some space on the device and tap “Retry”.',
    'import.write-failed': () => 'The import was not written and no data changed. Your choices are still here: close other Quadro tabs and tap “Retry”.',

    'xlsx.encrypted': () =>
      'The file is protected by a password, so Quadro cannot read it. Open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, leave it empty), save it and import it again.',
    'xlsx.old-xls': () => `This is an Excel 97-2003 file (.xls), a format Quadro does not read: ${SAVE_AS_XLSX}.`,
    'xlsx.binary-workbook': () => `This is an Excel Binary Workbook (.xlsb), which Quadro does not read: ${SAVE_AS_XLSX}.`,
    'xlsx.ods': () =>
      'This is an OpenDocument spreadsheet (.ods, LibreOffice or Numbers), which Quadro does not read: use File › Save As › “Excel 2007-365 (.xlsx)” or “Text CSV”, then import that file.',
    'xlsx.not-a-spreadsheet': () =>
      'This is a zip archive (or a Word or PowerPoint document), not a spreadsheet: choose the .xlsx or .csv file exported from Quadro or Excel.',
    'xlsx.damaged': () =>
      'The .xlsx file is damaged or incomplete (perhaps it did not arrive whole): Quadro cannot read it and imported nothing. Ask for the file again, or open it in Excel or LibreOffice and save it again.',
    'xlsx.file-too-large': (p) =>
      `The file is too large (${mb(p.bytes)} MB; the limit is ${mb(p.max)} MB): a plan exported by Quadro is a few kB. Check that you chose the right file.`,
    'xlsx.unpacked-too-large': (p) =>
      `Opened, the .xlsx file would take ${mb(p.bytes)} MB (the limit is ${mb(p.max)} MB): too large for a plan, or not a real spreadsheet. Check that you chose the right file.`,
    'xlsx.sheet-too-many-rows': (p) =>
      `Sheet “${p.sheet}” has data down to row ${formatCount('en', p.row)} and beyond: an area holds at most ${formatCount('en', p.limit)} rows (plus the title row). Nothing was imported. Split the sheet into several sheets or files, or delete the rows at the bottom.`,
    'xlsx.sheet-too-many-columns': (p) =>
      `Sheet “${p.sheet}” has data in column ${p.letter} (row ${p.row}): the limit is ${p.max} columns. Delete the extra columns or check that you chose the right file.`,
    'xlsx.long-cells': (p) =>
      `${pluralForm('en', p.count, 'One cell is', `${formatCount('en', p.count)} cells are`)} longer than the ${formatCount('en', p.max)} characters an Excel cell holds (${p.count === 1 ? '' : 'the first: '}sheet “${p.sheet}”, column “${p.column}”, row ${p.row}): if your colleague opens the file in Excel, the text is cut. LibreOffice and Numbers keep it whole. Shorten the cell or split the text over several rows.`,
    'xlsx.no-data': () =>
      'The file holds no data: every sheet is empty or hidden. Check that you chose the right file, or unhide the sheet in Excel and save again.',
    'xlsx.sheet-new-area': (p) =>
      `Sheet “${p.sheet}” is not named like an area of the plan: its new rows go to a new area “${p.sheet}” (rows with Quadro's ID go back to their own area). If they belong in an area you have, rename the sheet like the area and import the file again.`,
    'xlsx.formulas-without-value': (p) =>
      `Sheet “${p.sheet}”: ${pluralForm('en', p.count, 'one cell has a formula', `${formatCount('en', p.count)} cells have a formula`)} with no saved result, and Quadro does not compute formulas: ${pluralForm('en', p.count, 'it arrives', 'they arrive')} empty. To get the values, open the file in Excel or LibreOffice, save it and import it again.`,
    'xlsx.duplicate-id': (p) =>
      `Row ${p.first.row} of sheet “${p.first.sheet}” and row ${p.second.row} of sheet “${p.second.sheet}” have the same ID (“${p.id}”): probably a row was copied. Clear the copy's ID so Quadro imports it as a new row.`,

    'backup.not-json': () => 'The file is not a readable Quadro backup (not valid JSON): it may be damaged or incomplete. Nothing was changed.',
    'backup.foreign': () => 'The file is not a Quadro backup (use a file made with “Export everything”). Nothing was changed.',
    'backup.no-version': () => 'The backup does not state its format version, so it cannot be read safely. Nothing was changed.',
    'backup.too-new': (p) =>
      `This backup comes from a newer version of Quadro${p.writer ? ` (${p.writer})` : ''} and holds data this version cannot read: update Quadro (online, tap “Update” when it appears, or reload the page) and try again. Nothing was changed.`,
    'backup.empty': () => 'The backup holds no plan.',
    'backup.titles-repaired': (p) => {
      const more = p.count - 1;
      return `${pluralForm('en', p.count, 'A title did', `${formatCount('en', p.count)} titles did`)} not follow the naming rule and ${pluralForm('en', p.count, 'was', 'were')} corrected: ${TITLE_OF[p.kind]} “${p.from}” becomes “${p.to}”${more > 0 ? ` (and ${formatCount('en', more)} more)` : ''}. You can rename them after the restore.`;
    },
    'backup.damaged': (p) => {
      const list = LIST[p.list];
      let what: string;
      if (p.fault === 'missing-list') what = `the list ${list} is missing`;
      else if (p.fault === 'unreadable-list') what = `the list ${list} is unreadable`;
      else {
        const fault =
          p.fault === 'duplicate-id'
            ? 'has the same identifier as another'
            : p.fault === 'bad-id'
              ? `has an identifier Quadro does not use (“${p.name}”)`
              : p.fault === 'missing-field'
                ? `has no “${p.name}” field`
                : 'is not valid';
        what = `item no. ${p.item} in the list ${list} ${fault}`;
      }
      return `The backup is damaged: ${what}. Nothing was restored; use another backup or ask the sender to export it again.`;
    },
    'backup.area-row-limit': (p) =>
      `In the backup the area “${p.area}” holds ${formatCount('en', p.count)} rows: the limit is ${formatCount('en', p.limit)} rows per area. Nothing was restored.`,

    'sync.not-couchdb': () => 'The address answers, but it is not a CouchDB server. Check the address.',
    'sync.too-old': (p) => `The server runs CouchDB ${p.version}: Quadro needs CouchDB 2 or later (3 recommended). Ask the administrator to upgrade it.`,
    'sync.bad-address': () => 'The server address is not valid: write it in full, e.g. https://couch.agency.example',
    'sync.not-https': () => 'The server must use HTTPS (https://…): the password cannot travel in clear text. Only for testing, http://localhost is allowed.',
    'sync.credentials-in-address': () => 'Put the user and password in their fields, not in the address.',
    'sync.bad-database': () => 'The database name must start with a lower-case letter and hold only lower-case letters, digits and _ $ ( ) + - /.',
    'sync.unauthorized': () => 'Wrong user or password: the server did not recognise you. Check them and try again.',
    'sync.forbidden': (p) => `You have no access to the database "${p.database}": ask the administrator to add you to its members.`,
    'sync.no-database': (p) => `The database "${p.database}" does not exist on the server (it may have been deleted). Your changes stay on the tablet.`,
    'sync.server-full': () => 'The server has no room for the data: the changes stay on the tablet. Tell the administrator.',
    'sync.server-error': (p) => `The server answered with an error (${p.status}). The changes stay on the tablet; try again later.`,
    'sync.unreachable': (p) =>
      p.https
        ? 'The server does not answer, or its HTTPS certificate is not valid. The changes stay on the tablet and go as soon as possible.'
        : 'The server does not answer. The changes stay on the tablet and go as soon as possible.',
    'sync.tls': (p) => `The HTTPS certificate of ${p.url} is not valid (expired or not trusted): the connection was refused. Tell the administrator.`,
    'sync.origin-not-allowed': (p) =>
      `This installation of Quadro cannot connect to ${p.origin}: the allowed servers are fixed when the app is published. Ask the administrator.`,
    'sync.other-plan': (p) => `The database holds another plan ("${p.name}"): choose another database for this plan.`,
    'sync.bad-answer': () => 'The server gave an answer Quadro does not understand. The changes stay on the tablet.',
    'sync.device-full': () => 'The tablet has no room left: the changes from the server were not stored (nothing changed here). Free some space and try again.',
  },
};
