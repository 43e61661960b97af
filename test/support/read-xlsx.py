"""Reads a workbook with openpyxl (Debian's python3-openpyxl), a reader independent of the one that wrote it, and
prints every sheet as JSON: its frozen cell, its rows of values, and the number format of each cell of row 2."""
import datetime
import json
import sys

import openpyxl


def plain(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    return v


book = openpyxl.load_workbook(sys.argv[1], read_only=False, data_only=True)
out = {}
for ws in book.worksheets:
    rows = [[plain(c.value) for c in row] for row in ws.iter_rows()]
    second = [c.number_format for c in ws[2]] if ws.max_row >= 2 else []
    header_bold = all(c.font.b for c in ws[1] if c.value is not None) if ws.max_row >= 1 else False
    out[ws.title] = {"freeze": ws.freeze_panes, "rows": rows, "formats": second, "headerBold": header_bold}
json.dump(out, sys.stdout, ensure_ascii=False)
