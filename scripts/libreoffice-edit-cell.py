#!/usr/bin/python3
"""Edits one cell of a spreadsheet with real LibreOffice, headless, and saves it as a colleague would.

    /usr/bin/python3 scripts/libreoffice-edit-cell.py IN SHEET CELL TEXT OUT FORMAT
    /usr/bin/python3 scripts/libreoffice-edit-cell.py JOBS.json

IN is opened as LibreOffice opens a double-clicked file; cell CELL ("D3") of sheet SHEET (1-based
position) gets TEXT (as typed text, never a formula: setString); then the document is saved to OUT
as FORMAT: "xlsx" (Calc's "Excel 2007-365" filter) or "csv" (Text CSV: ";" separator, '"' quotes,
UTF-8, the edited sheet). JOBS.json lists several such edits, each {"in", "sheet", "cell", "text",
"out", "format"} and optionally "password" (an .xlsx saved encrypted, as File › Save As › "Save with
password" does), done by one LibreOffice (it takes seconds to start).

For each job it prints, as one JSON list on stdout, what LibreOffice made of the file it opened:
whether the view has frozen panes and where they split, the sheet's column widths (mm) and whether
the edited cell wraps its text. (A headless LibreOffice has no window, so its .xlsx save does not
write the view: the frozen panes are checked here, as LibreOffice read them.)

It starts its own soffice (a fresh user profile under /tmp, a named pipe: no port, so runs never
collide), talks to it over the Python UNO bridge (Debian: python3-uno, with libreoffice-calc-nogui),
and ends it. Needs the system Python (/usr/bin/python3), where the uno module lives.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import NamedValue, PropertyValue
from com.sun.star.connection import NoConnectException

CONNECT_TIMEOUT_S = 60


def props(**values):
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        out.append(prop)
    return tuple(out)


def read_jobs(argv):
    if len(argv) == 2 and argv[1].endswith('.json'):
        with open(argv[1], encoding='utf-8') as handle:
            return json.load(handle)
    if len(argv) == 7:
        source, sheet, cell, text, target, fmt = argv[1:7]
        return [{'in': source, 'sheet': int(sheet), 'cell': cell, 'text': text, 'out': target, 'format': fmt}]
    sys.stderr.write(__doc__)
    sys.exit(2)


def edit(desktop, job):
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(job['in'])), '_blank', 0, props(Hidden=True))
    if document is None:
        raise RuntimeError('LibreOffice could not open ' + job['in'])
    index = int(job['sheet']) - 1
    sheet = document.getSheets().getByIndex(index)
    controller = document.getCurrentController()
    controller.setActiveSheet(sheet)
    columns = sheet.getColumns()
    used = sheet.createCursor()
    used.gotoEndOfUsedArea(False)
    last_column = used.getRangeAddress().EndColumn
    cell = sheet.getCellRangeByName(job['cell'])
    seen = {
        'frozen': bool(controller.hasFrozenPanes()),
        'splitColumn': controller.getSplitColumn(),
        'splitRow': controller.getSplitRow(),
        'widthsMm': [columns.getByIndex(c).Width / 100 for c in range(last_column + 1)],
        'wrapped': bool(cell.getPropertyValue('IsTextWrapped')),
    }
    cell.setString(job['text'])
    if job['format'] == 'xlsx':
        store = props(FilterName='Calc Office Open XML')
        if job.get('password'):
            # The media descriptor's EncryptionData, as "Save with password" sets it for Office formats.
            data = []
            for name, value in (('OOXPassword', job['password']), ('CryptoType', 'Standard')):
                named = NamedValue()
                named.Name = name
                named.Value = value
                data.append(named)
            store += props(EncryptionData=uno.Any('[]com.sun.star.beans.NamedValue', tuple(data)))
    elif job['format'] == 'csv':
        # A CSV holds one sheet: the others go (the filter's sheet option would add the sheet's name to the file's).
        sheets = document.getSheets()
        for name in [n for n in sheets.getElementNames() if n != sheet.getName()]:
            sheets.removeByName(name)
        # Separator ";", quote '"', UTF-8 (76), from line 1: Calc's "Text CSV" as an Italian user saves it.
        store = props(FilterName='Text - txt - csv (StarCalc)', FilterOptions='59,34,76,1')
    else:
        raise RuntimeError('format must be xlsx or csv, not ' + job['format'])
    # uno.invoke keeps the typed sequence inside EncryptionData (a plain call would pass it as untyped values).
    uno.invoke(document, 'storeToURL', (uno.systemPathToFileUrl(os.path.abspath(job['out'])), uno.Any('[]com.sun.star.beans.PropertyValue', store)))
    document.close(True)
    return seen


def main(argv):
    jobs = read_jobs(argv)
    profile = tempfile.mkdtemp(prefix='lo-quadro-edit-')
    pipe = 'quadro-edit-' + uuid.uuid4().hex
    office = subprocess.Popen(
        [
            shutil.which('soffice') or '/usr/bin/soffice',
            '-env:UserInstallation=file://' + profile,
            '--headless', '--invisible', '--nologo', '--norestore', '--nodefault', '--nolockcheck',
            '--accept=pipe,name=%s;urp;StarOffice.ComponentContext' % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # soffice is a wrapper that starts soffice.bin: a session of its own lets the cleanup end both.
        start_new_session=True,
    )
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
        deadline = time.monotonic() + CONNECT_TIMEOUT_S
        while True:
            try:
                context = resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe)
                break
            except NoConnectException:
                if office.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError('soffice did not start (exit %s)' % office.poll())
                time.sleep(0.2)
        desktop = context.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', context)
        report = [edit(desktop, job) for job in jobs]
        print(json.dumps(report))
        return 0
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:  # the bridge goes away while terminate() returns
                pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(office.pid, signal.SIGKILL)  # whatever of the session is left (soffice.bin)
        except ProcessLookupError:
            pass
        office.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
