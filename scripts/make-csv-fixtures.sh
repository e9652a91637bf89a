#!/usr/bin/env bash
# Regenerates tests/fixtures/csv: small real files written the way Excel and LibreOffice write them.
# Needs LibreOffice (soffice, headless), iconv and npx tsx. Run from the repository root:
#   scripts/make-csv-fixtures.sh         every fixture
#   scripts/make-csv-fixtures.sh world   only tests/fixtures/csv/world (issue 19's corpus)
# LibreOffice CSV filter options: field separator (59 = ";", 44 = ",", 9 = tab, 124 = "|"), text
# delimiter (34 = "), charset (76 = UTF-8, 1 = Windows-1252, 2 = Mac Roman, 65535 = UTF-16 LE with BOM;
# in LibreOffice 7.4, 77 and 64 are other code pages, not Mac Roman or UTF-16), first line, column
# formats, language, and token 7 "quote all text cells" (absent: every text quoted; false: only where
# needed, as Excel does). LibreOffice 7.4 cannot write a BOM, has no line-end option (on Linux it ends
# lines with LF) and no BOM-less UTF-16, so the Excel-style files are written by hand, byte by byte,
# and say "handmade" in their name.
set -euo pipefail

ONLY=${1:-all}
OUT=tests/fixtures/csv
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
CSV_FILTER='csv:Text - txt - csv (StarCalc)'

if [ "$ONLY" = all ]; then

# 1. The source sheet: accented Italian, typographic quotes, €, a ";" and a "," inside cells, a quoted line break.
printf '%s\n' \
  'AMBITO,Risultati previsti al 2012,Note' \
  'Accoglienza,"Corsi di italiano: “Benvenuti” è già attivo","Costo 5 € più IVA; sede à Roma"' \
  '"Lavoro","riga 1' \
  'riga 2","più ù, ok"' >"$WORK/source.csv"

# 2. A real .xlsx (for the "not a CSV" message), made by LibreOffice from the source.
soffice --headless --infilter='CSV:44,34,76,1' --convert-to xlsx --outdir "$WORK" "$WORK/source.csv" >/dev/null 2>&1
cp "$WORK/source.xlsx" "$OUT/not-a-csv.xlsx"

# 3. LibreOffice "Save as Text CSV" from the xlsx: UTF-8 with ";", UTF-8 with ",", Windows-1252 with ";".
save_csv() { # options, target name
  rm -rf "$WORK/conv" && mkdir "$WORK/conv"
  soffice --headless --convert-to "$CSV_FILTER:$1" --outdir "$WORK/conv" "$WORK/source.xlsx" >/dev/null 2>&1
  cp "$WORK/conv/source.csv" "$OUT/$2"
}
save_csv 59,34,76,1 libreoffice-utf8-semicolon-lf.csv
save_csv 44,34,76,1 libreoffice-utf8-comma-lf.csv
save_csv 59,34,1,1 libreoffice-cp1252-semicolon-lf.csv

# 4. Written by hand in the shape Excel (Italian Windows) writes (no Excel here, hence "handmade-excel-like"): "CSV UTF-8" = BOM + ";" + CRLF, quotes only where needed;
#    "CSV (delimitato dal separatore di elenco)" = the same in Windows-1252 without BOM.
{
  printf '\xef\xbb\xbf'
  printf 'AMBITO;Risultati previsti al 2012;Note\r\n'
  printf 'Accoglienza;Corsi di italiano: “Benvenuti” è già attivo;"Costo 5 € più IVA; sede à Roma"\r\n'
  printf 'Lavoro;"riga 1\nriga 2";più ù, ok\r\n'
} >"$OUT/handmade-excel-like-utf8-bom-semicolon.csv"
tail -c +4 "$OUT/handmade-excel-like-utf8-bom-semicolon.csv" | iconv -f UTF-8 -t CP1252 >"$OUT/handmade-excel-like-cp1252-semicolon.csv"

# 5. A ragged file: row 3 lost a field, as happens when someone edits the CSV in a text editor.
printf 'AMBITO;Risultati previsti al 2012;Note\r\nAccoglienza;10 corsi;ok\r\nLavoro;5 tirocini\r\n' >"$OUT/ragged.csv"

# 6. A Quadro export (written by serializePlanCsv), then opened and re-saved by LibreOffice as a user
#    would: double-click, default import, File › Save As › Text CSV, UTF-8 or Windows-1252.
cat >"$WORK/make-quadro-export.ts" <<'TS'
import { writeFileSync } from 'node:fs';
import { serializePlanCsv } from '../REPO/src/lib/csv/serialize.ts';
import type { PlanDocument } from '../REPO/src/lib/model/types.ts';

const at = '2026-11-26T09:30:00.000Z';
const cell = (text: string) => ({ text, changedAt: at, changedBy: 'Mario Rossi' });
const doc: PlanDocument = {
  plan: { id: 'p', name: 'Piano operativo 2012', origin: 'user', createdAt: at, updatedAt: at },
  areas: [{ id: 'a', planId: 'p', title: 'AREA IMMIGRAZIONE', introduction: '', order: 1 }],
  columns: ['AMBITO', 'Risultati previsti al 2012', 'Note'].map((title, i) => ({ id: `c${i}`, areaId: 'a', planId: 'p', title, order: i })),
  rows: [
    ['Accoglienza ✓', 'Corsi: “Benvenuti” è già attivo; 5 €', '=SOMMA(1;2)'],
    ['Lavoro', 'riga 1\nriga 2', '-3 posti'],
    ['Casa, alloggio', "'citazione", '@mario'],
  ].map((texts, r) => ({
    id: `5f0c1a2e-0000-4000-8000-00000000000${r + 1}`,
    areaId: 'a',
    planId: 'p',
    order: r + 1,
    cells: Object.fromEntries(texts.map((text, c) => [`c${c}`, cell(text)])),
  })),
};
writeFileSync(process.argv[2] as string, serializePlanCsv(doc, { kind: 'area', areaId: 'a' }, { delimiter: ';' }));
TS
sed -i "s#\.\./REPO/#$PWD/#" "$WORK/make-quadro-export.ts"
npx tsx "$WORK/make-quadro-export.ts" "$OUT/quadro-export.csv"
resave_quadro() { # charset, target name
  rm -rf "$WORK/conv" && mkdir "$WORK/conv"
  cp "$OUT/quadro-export.csv" "$WORK/conv-in.csv"
  soffice --headless --infilter='CSV:59,34,76,1' --convert-to "$CSV_FILTER:59,34,$1,1" --outdir "$WORK/conv" "$WORK/conv-in.csv" >/dev/null 2>&1
  cp "$WORK/conv/conv-in.csv" "$OUT/$2"
}
resave_quadro 76 quadro-export-resaved-libreoffice-utf8.csv
resave_quadro 1 quadro-export-resaved-libreoffice-cp1252.csv

# 7. Issue 9: the bundled 2012 plan's AREA IMMIGRAZIONE as Quadro exports it, after a colleague
#    opened it in LibreOffice, changed one word ("semestrali" → "trimestrali") in the cell of
#    GOVERNANCE NAZIONALE / "Risultati previsti al 2011", which holds four ✓, moved the first row to
#    the end, and saved:
#    - as "Text CSV" in Windows-1252 with ";" (what Excel's plain "CSV" also writes): ✓ becomes "?";
#    - as "Testo Unicode" (UTF-16 LE with BOM, tab separated, as Excel's "Unicode text"), and as its
#      UTF-8 twin (tab separated).
#    The edit and the move are made on the export's text before LibreOffice reads it: what LibreOffice
#    writes is the same as after a user's edit in its grid, and the script stays headless.
cat >"$WORK/make-plan-area.mts" <<'TS'
import { writeFileSync } from 'node:fs';
import { serializePlanCsv } from '../REPO/src/lib/csv/serialize.ts';
import { loadDefaultPlan } from '../REPO/src/lib/seed/default-plan.ts';
import { rowsOfArea } from '../REPO/src/lib/model/plan.ts';

const [original, edited] = process.argv.slice(2) as [string, string];
const doc = await loadDefaultPlan();
const area = doc.areas.find((a) => a.title === 'AREA IMMIGRAZIONE')!;
writeFileSync(original, serializePlanCsv(doc, { kind: 'area', areaId: area.id }, { delimiter: ';' }));
const rows = rowsOfArea(doc, area.id);
const ambito = doc.columns.find((c) => c.areaId === area.id && c.title === 'AMBITO')!;
const column = doc.columns.find((c) => c.areaId === area.id && c.title === 'Risultati previsti al 2011')!;
const target = rows.find((row) => row.cells[ambito.id]?.text === 'GOVERNANCE NAZIONALE')!;
// One word changed in the cell with four ✓: a spreadsheet edit keeps the "Ultima modifica" text as it was.
const cell = target.cells[column.id]!;
target.cells[column.id] = { ...cell, text: cell.text.replace('report semestrali', 'report trimestrali') };
rows[0]!.order = Math.max(...rows.map((r) => r.order)) + 1;
writeFileSync(edited, serializePlanCsv(doc, { kind: 'area', areaId: area.id }, { delimiter: ';' }));
TS
sed -i "s#\.\./REPO/#$PWD/#" "$WORK/make-plan-area.mts"
npx tsx "$WORK/make-plan-area.mts" "$OUT/plan-2012-immigrazione.csv" "$WORK/plan-area-edited.csv"
convert_edited() { # filter options, target name
  rm -rf "$WORK/conv" && mkdir "$WORK/conv"
  cp "$WORK/plan-area-edited.csv" "$WORK/conv-in.csv"
  soffice -env:UserInstallation="file://$(mktemp -d)" --headless --infilter='CSV:59,34,76,1' \
    --convert-to "$CSV_FILTER:$1" --outdir "$WORK/conv" "$WORK/conv-in.csv" >/dev/null 2>&1
  cp "$WORK/conv/conv-in.csv" "$OUT/$2"
}
convert_edited 59,34,1,1 plan-2012-immigrazione-edited-libreoffice-cp1252.csv
convert_edited 9,34,65535,1 plan-2012-immigrazione-edited-libreoffice-utf16le-tab.csv
convert_edited 9,34,76,1 plan-2012-immigrazione-edited-libreoffice-utf8-tab.csv
fi

# 8. Issue 19: the corpus of files as colleagues' programs write them (tests/unit/csv-world.test.ts holds
#    each file's exact expected result). The AREA IMMIGRAZIONE export of the bundled 2012 plan with one
#    word changed (GOVERNANCE NAZIONALE / "Risultati previsti al 2011": "report semestrali" →
#    "report trimestrali"), variants of it made on its text before LibreOffice reads it (the ID column
#    deleted, a title typed above the column titles, a blank first line), then LibreOffice's saves;
#    "handmade" files are LibreOffice's output changed byte by byte the way a program not on this
#    machine would write it (Excel for Mac's CR line ends, a mail gateway's CRLF, Excel's sep= line, a
#    BOM-less UTF-16 export, autocorrected quotes, invisible characters).
WORLD="$OUT/world"
mkdir -p "$WORLD"
cat >"$WORK/make-world.mts" <<'TS'
import { writeFileSync } from 'node:fs';
import { serializePlanCsv } from '../REPO/src/lib/csv/serialize.ts';
import { loadDefaultPlan } from '../REPO/src/lib/seed/default-plan.ts';
import { rowsOfArea } from '../REPO/src/lib/model/plan.ts';
import type { PlanDocument } from '../REPO/src/lib/model/types.ts';

const dir = process.argv[2] as string;
const offsetAt = () => 60;
const base = await loadDefaultPlan();
const area = base.areas.find((a) => a.title === 'AREA IMMIGRAZIONE')!;
const copy = (): PlanDocument => structuredClone(base);
/** The cell of a row (by the start of its ambito) and column (by title), to change in a copy. */
function edit(doc: PlanDocument, ambito: string, title: string, change: (text: string) => string): void {
  const ambitoColumn = doc.columns.find((c) => c.areaId === area.id && c.title === 'AMBITO')!;
  const column = doc.columns.find((c) => c.areaId === area.id && c.title === title)!;
  const row = rowsOfArea(doc, area.id).find((r) => r.cells[ambitoColumn.id]?.text.startsWith(ambito))!;
  const cell = row.cells[column.id]!;
  // A spreadsheet edit keeps "Ultima modifica" as it was: only the text changes.
  row.cells[column.id] = { ...cell, text: change(cell.text) };
}
const theEdit = (doc: PlanDocument) => edit(doc, 'GOVERNANCE NAZIONALE', 'Risultati previsti al 2011', (t) => t.replace('report semestrali', 'report trimestrali'));
const write = (name: string, doc: PlanDocument, post: (csv: string) => string = (csv) => csv) =>
  writeFileSync(`${dir}/${name}`, post(serializePlanCsv(doc, { kind: 'area', areaId: area.id }, { delimiter: ';', offsetAt })));
const withoutColumn = (title: string) => (csv: string): string => {
  // Quadro's own quoting is regular: split records and fields honouring quotes, drop one field per record.
  const records: string[][] = [[]];
  let field = '';
  let quoted = false;
  for (const char of csv.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted;
    if (!quoted && char === ';') { records.at(-1)!.push(field); field = ''; continue; }
    if (!quoted && char === '\n') { records.at(-1)!.push(field.replace(/\r$/, '')); field = ''; records.push([]); continue; }
    field += char;
  }
  if (records.at(-1)!.length === 0) records.pop();
  const index = records[0]!.indexOf(title);
  return '\uFEFF' + records.map((fields) => fields.filter((_, i) => i !== index).join(';') + '\r\n').join('');
};

const edited = copy();
theEdit(edited);
write('edited.csv', edited);
write('edited-no-id.csv', edited, withoutColumn('ID Quadro v1'));
write('edited-title-row.csv', edited, (csv) => '\uFEFFPiano operativo 2012 – AREA IMMIGRAZIONE (versione di Mario)\r\n\r\n' + csv.slice(1));
write('edited-blank-first-line.csv', edited, (csv) => '\uFEFF\r\n' + csv.slice(1));

// Autocorrect of Numbers, Excel for Mac and iPad keyboards: typographic quotes (doubled where the CSV had ""),
// apostrophes, and a stray " left by a quote that lost its partner.
const typographic = copy();
theEdit(typographic);
edit(typographic, 'GOVERNANCE TRANSNAZIONALE', 'Risultati previsti al 2011', (t) => t.replace('"Uffici di coordinamento"', '““Uffici di coordinamento””'));
edit(typographic, 'GOVERNANCE TRANSNAZIONALE', 'Risultati al 2011', (t) => t.replaceAll("'", '’'));
edit(typographic, 'MODELLIZZAZIONE', 'Obiettivi quali-quantitativi 2009-2011', (t) => t.replaceAll("'", '’'));
edit(typographic, 'GESTIONE ED EROGAZIONE', 'Risultati al 2011', (t) => `${t}"`);
write('edited-typographic.csv', typographic);

// Invisible characters: a zero-width space, a no-break space, decomposed accents (NFD), a trailing space,
// and a BOM at the start of a record's line.
const invisible = copy();
theEdit(invisible);
edit(invisible, 'MODELLIZZAZIONE', 'Risultati previsti al 2011', (t) => t.replace(' ', ' \u200B'));
edit(invisible, 'NETWORKING', 'Obiettivi quali-quantitativi 2009-2011', (t) => t.replace(' ', '\u00A0'));
edit(invisible, 'GOVERNANCE NAZIONALE', 'Risultati al 2011', (t) => t.normalize('NFD'));
edit(invisible, 'GESTIONE ED EROGAZIONE', 'Obiettivi quali-quantitativi 2009-2011', (t) => `${t} `);
write('edited-invisible.csv', invisible, (csv) => csv.replace('\r\nGOVERNANCE NAZIONALE;', '\r\n\uFEFFGOVERNANCE NAZIONALE;'));

// The small export of step 6 (formula-leading cells Quadro guards with '), one cell edited, without its ID column.
const at = '2026-11-26T09:30:00.000Z';
const cell = (text: string) => ({ text, changedAt: at, changedBy: 'Mario Rossi' });
const small: PlanDocument = {
  plan: { id: 'p', name: 'Piano operativo 2012', origin: 'user', createdAt: at, updatedAt: at },
  areas: [{ id: 'a', planId: 'p', title: 'AREA IMMIGRAZIONE', introduction: '', order: 1 }],
  columns: ['AMBITO', 'Risultati previsti al 2012', 'Note'].map((title, i) => ({ id: `c${i}`, areaId: 'a', planId: 'p', title, order: i })),
  rows: [
    ['Accoglienza ✓', 'Corsi: “Benvenuti” è già attivo; 5 €', '=SOMMA(1;2)'],
    ['Lavoro', 'riga 1\nriga 2\nriga 3', '- primo punto\n- secondo punto'],
    ['Casa, alloggio', "'citazione", '@mario'],
  ].map((texts, r) => ({
    id: `5f0c1a2e-0000-4000-8000-00000000000${r + 1}`,
    areaId: 'a',
    planId: 'p',
    order: r + 1,
    cells: Object.fromEntries(texts.map((text, c) => [`c${c}`, cell(text)])),
  })),
};
writeFileSync(`${dir}/small-no-id.csv`, withoutColumn('ID Quadro v1')(serializePlanCsv(small, { kind: 'area', areaId: 'a' }, { delimiter: ';', offsetAt })));

// A sheet typed in Excel style: ";" between fields, commas in the column titles, quotes only where needed.
writeFileSync(
  `${dir}/commas-in-titles.csv`,
  'AMBITO;Obiettivi, risultati, note;Sede, regione, provincia\nAccoglienza;10 corsi, 200 iscritti;Roma, Lazio, RM\nLavoro;5 tirocini;Milano, Lombardia, MI\n',
);
TS
sed -i "s#\.\./REPO/#$PWD/#" "$WORK/make-world.mts"
npx tsx "$WORK/make-world.mts" "$WORK"

lo_convert() { # source in $WORK, filter options, target path
  rm -rf "$WORK/conv" && mkdir "$WORK/conv"
  cp "$WORK/$1" "$WORK/conv-in.csv"
  # A fresh LibreOffice profile per run, inside $WORK (removed on exit).
  soffice -env:UserInstallation="file://$(mktemp -d "$WORK/lo-profile-XXXXXX")" --headless --infilter='CSV:59,34,76,1' \
    --convert-to "$CSV_FILTER:$2" --outdir "$WORK/conv" "$WORK/conv-in.csv" >/dev/null 2>&1
  cp "$WORK/conv/conv-in.csv" "$3"
}
# LibreOffice's own saves ("Excel-like" = token 7 false: quotes only where needed).
lo_convert edited.csv 59,34,2,1,,0,false "$WORLD/quadro-edited-libreoffice-macroman.csv"
lo_convert edited.csv 59,34,76,1,,0,false "$WORK/utf8-excel-like.csv"
lo_convert edited.csv 59,34,76,1,,0,true "$WORLD/quadro-edited-libreoffice-utf8-quote-all.csv"
lo_convert edited.csv 124,34,76,1 "$WORLD/quadro-edited-libreoffice-utf8-pipe.csv"
lo_convert edited.csv 59,34,65535,1 "$WORK/utf16le-bom.csv"
lo_convert edited-no-id.csv 59,34,76,1 "$WORLD/quadro-edited-no-id-libreoffice-utf8.csv"
lo_convert edited-title-row.csv 59,34,76,1 "$WORLD/quadro-edited-title-row-libreoffice-utf8.csv"
lo_convert edited-blank-first-line.csv 59,34,76,1 "$WORLD/quadro-edited-blank-first-line-libreoffice-utf8.csv"
lo_convert small-no-id.csv 59,34,76,1 "$WORLD/quadro-small-no-id-libreoffice-utf8.csv"
lo_convert commas-in-titles.csv 59,34,76,1,,0,false "$WORLD/sheet-commas-in-titles-libreoffice-utf8.csv"
# Excel for Mac's classic "CSV (Macintosh)": Mac Roman with every line break CR, in cells too.
tr '\n' '\r' <"$WORLD/quadro-edited-libreoffice-macroman.csv" >"$WORLD/quadro-edited-libreoffice-macroman-handmade-cr.csv"
# A mail gateway or an end-of-line conversion: every line break CRLF, in cells too.
sed 's/$/\r/' "$WORK/utf8-excel-like.csv" >"$WORLD/quadro-edited-libreoffice-utf8-handmade-crlf.csv"
# UTF-16 LE without its BOM, and with a UTF-8 BOM glued before it.
tail -c +3 "$WORK/utf16le-bom.csv" >"$WORLD/quadro-edited-libreoffice-utf16le-handmade-no-bom.csv"
{ printf '\xef\xbb\xbf'; tail -c +3 "$WORK/utf16le-bom.csv"; } >"$WORLD/quadro-edited-libreoffice-utf16le-handmade-utf8-bom.csv"
# Excel's sep= first line before Quadro's export (Excel reads it only without a BOM), then LibreOffice's save of that file.
{ printf 'sep=;\r\n'; tail -c +4 "$WORK/edited.csv"; } >"$WORLD/quadro-edited-handmade-sep-semicolon.csv"
cp "$WORLD/quadro-edited-handmade-sep-semicolon.csv" "$WORK/sep.csv"
lo_convert sep.csv 59,34,76,1 "$WORLD/quadro-edited-sep-libreoffice-utf8.csv"
# Autocorrected quotes and invisible characters (see make-world.mts), as Quadro would write the cells.
cp "$WORK/edited-typographic.csv" "$WORLD/quadro-edited-handmade-typographic-quotes.csv"
cp "$WORK/edited-invisible.csv" "$WORLD/quadro-edited-handmade-invisible-characters.csv"
# Typed by hand: a "," file with unquoted decimals, a line holding only a space, one broken quote.
printf 'AMBITO,Importo\r\nAccoglienza,1.250,50\r\nLavoro,300\r\n' >"$WORLD/sheet-handmade-comma-unquoted-decimals.csv"
printf 'AMBITO;Note\r\nAccoglienza;ok\r\n \r\nLavoro;bene\r\n' >"$WORLD/sheet-handmade-space-only-line.csv"
printf 'AMBITO;Note\r\n"Accoglienza" sede;ok\r\nLavoro;bene\r\n' >"$WORLD/sheet-handmade-broken-quote.csv"

ls -l "$OUT" "$WORLD"
