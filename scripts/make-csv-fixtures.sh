#!/usr/bin/env bash
# Regenerates tests/fixtures/csv: small real files written the way Excel and LibreOffice write them.
# Needs LibreOffice (soffice, headless), iconv and npx tsx. Run from the repository root.
# LibreOffice CSV filter options: field separator (59 = ";", 44 = ","), text delimiter (34 = "),
# charset (76 = UTF-8, 1 = Windows-1252), first line. LibreOffice 7.4 cannot write a BOM, and on
# Linux it ends lines with LF, so the Excel-style files are written by hand, byte by byte.
set -euo pipefail

OUT=tests/fixtures/csv
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
CSV_FILTER='csv:Text - txt - csv (StarCalc)'

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

# 4. What Excel (Italian Windows) writes: "CSV UTF-8" = BOM + ";" + CRLF, quotes only where needed;
#    "CSV (delimitato dal separatore di elenco)" = the same in Windows-1252 without BOM.
{
  printf '\xef\xbb\xbf'
  printf 'AMBITO;Risultati previsti al 2012;Note\r\n'
  printf 'Accoglienza;Corsi di italiano: “Benvenuti” è già attivo;"Costo 5 € più IVA; sede à Roma"\r\n'
  printf 'Lavoro;"riga 1\nriga 2";più ù, ok\r\n'
} >"$OUT/excel-utf8-bom-semicolon.csv"
tail -c +4 "$OUT/excel-utf8-bom-semicolon.csv" | iconv -f UTF-8 -t CP1252 >"$OUT/excel-cp1252-semicolon.csv"

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

ls -l "$OUT"
