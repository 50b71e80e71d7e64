#!/usr/bin/python3
"""Writes an office's ledger (台账) of a plan as the office keeps it, for the
ledger import tests: a title row merged across the table, a 填报单位 row, the
columns in another order under other names, units one a line in a cell, and
a sheet of notes before the ledger's.

    make-ledger.py items.csv OUT.xlsx     the workbook (openpyxl)
    make-ledger.py items.csv OUT.csv      the same as Excel saves "CSV" on a
                                          Chinese Windows: GBK, CRLF
"""
import csv
import datetime
import sys

HEADER = ["编号", "工作任务", "所属板块", "完成时间", "牵头单位", "责任领导",
          "配合单位", "备注"]


def rows(items_csv):
    with open(items_csv, encoding="utf-8") as f:
        for it in csv.DictReader(f):
            deadline = datetime.date.fromisoformat(it["deadline"])
            yield [int(it["id"]), it["text"], it["section_title"], deadline,
                   "\n".join(it["lead_units"].split(";")),
                   "、".join(it["leaders"].split(";")),
                   "、".join(it["participants"].split(";")), ""]


def write_xlsx(items_csv, out):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    notes = wb.active
    notes.title = "填报说明"
    notes["A1"] = "每月5日前报送；进度以百分比填写。"
    ws = wb.create_sheet("台账")
    ws["A1"] = "2024年区政府重点工作任务台账"
    ws.merge_cells(start_row=1, start_column=1, end_row=1,
                   end_column=len(HEADER))
    ws["A2"] = "填报单位：区政府办公室"
    ws.append(HEADER)
    for r in rows(items_csv):
        ws.append(r)
        ws.cell(row=ws.max_row, column=4).number_format = "yyyy\"年\"m\"月\"d\"日\""
        ws.cell(row=ws.max_row, column=5).alignment = Alignment(wrap_text=True)
    wb.save(out)


def write_csv(items_csv, out):
    with open(out, "w", encoding="gbk", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["2024年区政府重点工作任务台账"] + [""] * (len(HEADER) - 1))
        w.writerow(["填报单位：区政府办公室"] + [""] * (len(HEADER) - 1))
        w.writerow(HEADER)
        for r in rows(items_csv):
            r[3] = "%d/%d/%d" % (r[3].year, r[3].month, r[3].day)
            # Excel writes a cell's line breaks as LF inside the quotes
            w.writerow(r)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    if sys.argv[2].endswith(".xlsx"):
        write_xlsx(sys.argv[1], sys.argv[2])
    else:
        write_csv(sys.argv[1], sys.argv[2])
