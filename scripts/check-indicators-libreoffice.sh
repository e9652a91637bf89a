#!/bin/sh
# Issue 13, manual check: both indicator exports of the 2012 plan open in LibreOffice Calc (Italian
# locale) with the agreed columns and numeric values. Needs `soffice` (apt-get install -y
# libreoffice-calc-nogui); takes a few seconds, so it is not part of the unit tests.
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
cat > "$out/write.ts" <<TS
import { readFileSync, writeFileSync } from 'node:fs';
import { extractPlanQuantities, proposePairs, serializePairsCsv, serializeQuantitiesCsv } from '$PWD/src/lib/indicators/index.ts';
const doc = JSON.parse(readFileSync('$PWD/src/lib/seed/plan-2012.json', 'utf8'));
writeFileSync('$out/quantita.csv', serializeQuantitiesCsv(doc, extractPlanQuantities(doc)));
writeFileSync('$out/coppie.csv', serializePairsCsv(doc, proposePairs(doc)));
TS
npx tsx "$out/write.ts"
profile="file://$out/profile"
# 59 = ';', 34 = '"', 76 = UTF-8, from line 1, language 1040 = Italian (as Calc opens it on an Italian desktop).
soffice -env:UserInstallation="$profile" --headless --infilter="CSV:59,34,76,1,,1040" --convert-to xlsx --outdir "$out/xlsx" "$out/quantita.csv" "$out/coppie.csv" >/dev/null 2>&1
soffice -env:UserInstallation="$profile" --headless --convert-to "csv:Text - txt - csv (StarCalc):59,34,76,1,,1040" --outdir "$out/back" "$out/xlsx/quantita.xlsx" "$out/xlsx/coppie.xlsx" >/dev/null 2>&1
fail=0
check() {
  if grep -q "$2" "$1"; then echo "ok    $(basename "$1"): $2"; else echo "FAIL  $(basename "$1"): $2"; fail=1; fi
}
check "$out/back/quantita.csv" '^Area;Ambito;Colonna;Valore;Qualificatore;Unità;Tipo;Citazione;Frase$'
check "$out/back/coppie.csv" '^Area;Ambito;Unità;Previsto;Realizzato;Rapporto;Stato;Frase del previsto;Frase del realizzato$'
# "2.000" and "2.030" became the numbers 2000 and 2030, "101,5%" the percentage 1.015.
check "$out/back/coppie.csv" ';percorsi di politica attiva;2000;2030;101.50*%;raggiunto;'
check "$out/back/quantita.csv" ';3000;;voucher;obiettivo;3.000 voucher;'
# Issue 21: a pair whose two sides may count different things says so.
check "$out/back/coppie.csv" ';operatori dei servizi pubblici;150;500;333.30*%;da verificare;'
rm -rf "$out"
exit $fail
