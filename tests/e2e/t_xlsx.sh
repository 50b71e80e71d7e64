# export to an Excel workbook: -o FILE.xlsx and --xlsx, opened with openpyxl
# (Debian's /usr/bin/python3: the python3 first on PATH may lack it) and
# printed by LibreOffice, as the office opens and prints it.
#
# A store of this file's own with a scripted history, every record dated
# and every export --as-of, so every light is fixed: as of 2024-12-20
# item 6 is done on time (green), item 8 is on schedule near its deadline
# (blue), items 3 and 5 are behind (yellow, 5 blocked); as of 2025-01-10
# item 3 is overdue (red).  The shared $STORE is given back at the end.

W_SAVED_STORE=$STORE
STORE="$TMP/xlsx"
W="$TMP/xlsx-files"
PY=/usr/bin/python3
export DUBAN_USER=督办室
rm -rf "$STORE" "$W"
mkdir -p "$W"
"$DUBAN" --store "$STORE" init >/dev/null 2>&1 &&
	"$DUBAN" --store "$STORE" start 3 5 8 --date 2024-03-01 >/dev/null &&
	"$DUBAN" --store "$STORE" progress 3 45 --date 2024-06-28 -m "已举办促消费活动4场" >/dev/null &&
	"$DUBAN" --store "$STORE" note 3 -m "=1+1" --date 2024-06-29 >/dev/null &&
	"$DUBAN" --store "$STORE" block 5 -m "楼宇招商进度受市场影响" --date 2024-06-20 >/dev/null &&
	"$DUBAN" --store "$STORE" done 6 --date 2024-06-25 >/dev/null &&
	"$DUBAN" --store "$STORE" progress 8 98 --date 2024-12-15 >/dev/null &&
	"$DUBAN" --store "$STORE" actual 8 2 120亿元 --date 2024-12-15 >/dev/null ||
	echo "FAIL: t_xlsx.sh: the store's history could not be recorded"

# w_check FILE.xlsx SCRIPT: runs the Python SCRIPT with the workbook open
# as wb, its ledger as ws, and check(what, got, want) to compare; a
# mismatch fails the test with what differs.
w_check() {
	"$PY" - "$1" >"$W/check.out" 2>&1 <<EOF
import datetime, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
bad = []
def check(what, got, want):
    if got != want:
        bad.append("%s: %r, expected %r" % (what, got, want))
def col(title, sheet=None):
    sheet = sheet or ws
    for c in sheet[1]:
        if c.value == title:
            return c.column_letter
    raise SystemExit("no column %s" % title)
def row(id):
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == id:
            return r
    raise SystemExit("no item %s" % id)
def cell(id, title):
    return ws["%s%d" % (col(title), row(id))]
$2
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
	[ $? -eq 0 ] || fail "$(cat "$W/check.out")"
}

t "export -o FILE.xlsx: a workbook of the ledger and the summary by unit"
run export --as-of 2024-12-20 -o "$W/台账.xlsx"
expect_status 0
expect_stdout_empty
[ ! -s "$ERR" ] || fail "stderr not empty: $(cat "$ERR")"
[ "$(head -c 2 "$W/台账.xlsx")" = PK ] || fail "not a zip file"
w_check "$W/台账.xlsx" '
check("sheets", wb.sheetnames, ["台账", "按单位汇总"])
check("headers", [c.value for c in ws[1]][:15], ["序号", "所属部分", "重点工作",
    "牵头领导", "责任单位", "参加单位", "完成时限", "延期至", "状态", "完成进度(%)",
    "序时进度情况", "灯号", "逾期天数", "最近报送日期", "最近进展"])
check("rows", ws.max_row, 57)
'

t "the ledger: the header frozen, an autofilter over the table"
w_check "$W/台账.xlsx" '
check("frozen pane", ws.freeze_panes, "A2")
check("autofilter", ws.auto_filter.ref, "A1:W57")
s = wb.worksheets[1]
check("summary frozen pane", s.freeze_panes, "A2")
'

t "the sheets print A4 landscape, one page wide, the header on every page"
w_check "$W/台账.xlsx" '
for s in wb.worksheets:
    p = s.page_setup
    check(s.title + " orientation", p.orientation, "landscape")
    check(s.title + " paper", p.paperSize, 9)
    check(s.title + " fit to page", s.sheet_properties.pageSetUpPr.fitToPage, True)
    # fitToWidth left out means 1, as the standard has it
    check(s.title + " fit to width", p.fitToWidth in (None, 1), True)
    check(s.title + " fit to height", p.fitToHeight, 0)
    check(s.title + " print titles", s.print_title_rows, "$1:$1")
    check(s.title + " footer", s.oddFooter.center.text, "&P / &N")
'

t "light cells are filled with their colour, status cells with a tint"
w_check "$W/台账.xlsx" '
for id, label, rgb in ((6, "绿", "FF00B050"), (8, "蓝", "FF00B0F0"),
                       (3, "黄", "FFFFFF00"), (5, "黄", "FFFFFF00")):
    c = cell(id, "灯号")
    check("light of %d" % id, c.value, label)
    check("fill of the light of %d" % id, (c.fill.fill_type, c.fill.fgColor.rgb), ("solid", rgb))
for id, label, rgb in ((5, "受阻", "FFFFC7CE"), (6, "已完成", "FFC6EFCE"),
                       (3, "推进中", "FFDDEBF7")):
    c = cell(id, "状态")
    check("status of %d" % id, c.value, label)
    check("fill of the status of %d" % id, c.fill.fgColor.rgb, rgb)
check("an unstarted item unfilled", cell(1, "状态").fill.fill_type, None)
'

t "dates are dates, percents and figures numbers, the task wrapped, =1+1 text"
w_check "$W/台账.xlsx" '
c = cell(3, "完成时限")
check("deadline", (c.data_type, c.value), ("d", datetime.datetime(2024, 12, 31)))
check("deadline format", c.number_format, "yyyy-mm-dd")
check("last report", cell(3, "最近报送日期").value, datetime.datetime(2024, 6, 29))
c = cell(3, "完成进度(%)")
check("percent", (c.data_type, c.value, c.number_format), ("n", 0.45, "0%"))
check("a done item 100%", cell(6, "完成进度(%)").value, 1)
c = cell(8, "实际2")
check("figure", (c.data_type, c.value), ("n", 120))
check("figure unit", c.number_format, "General\"亿元\"")
check("target text", cell(8, "目标2").value, "签约金额=200亿元")
check("id", cell(8, "序号").value, 8)
check("task wrapped", cell(3, "重点工作").alignment.wrap_text, True)
check("task column wide", ws.column_dimensions[col("重点工作")].width >= 50, True)
c = cell(3, "最近进展")
check("note", (c.data_type, c.value), ("s", "=1+1"))
'
# no formula anywhere in the ledger
unzip -p "$W/台账.xlsx" xl/worksheets/sheet1.xml | grep -q '<f>' &&
	fail "sheet1.xml holds a formula"

t "the summary sheet has the figures of duban summary --by unit, and its 合计"
run summary --by unit --as-of 2024-12-20 --format tsv
expect_status 0
cp "$OUT" "$W/summary.tsv"
run summary --by unit --as-of 2024-12-20
expect_status 0
awk '$1 == "Total" { print $2, $3, $4, $5, $6, $7, $8, $9, $10 }' "$OUT" >"$W/total"
[ -s "$W/total" ] || fail "no Total line in duban summary"
w_check "$W/台账.xlsx" "
s = wb.worksheets[1]
check('header', [c.value for c in s[1]], ['责任单位', '事项数', '已完成',
    '逾期完成', '序时推进', '滞后', '逾期', '平均进度', '目标数', '已达成'])
def figures(r):
    v = [c.value for c in s[r]]
    return [v[0]] + [round(v[i] * 100) if i == 7 else v[i] for i in range(1, 10)]
tsv = [l.rstrip('\n').split('\t') for l in open('$W/summary.tsv')][1:]
check('rows', s.max_row, len(tsv) + 2)
for r, want in enumerate(tsv, start=2):
    check('row %d' % r, [str(x) for x in figures(r)], want)
last = s.max_row
check('total', [str(x) for x in figures(last)], ['合计'] + open('$W/total').read().split())
check('total bold', s.cell(last, 1).font.b, True)
check('autofilter leaves the total out', s.auto_filter.ref, 'A1:J%d' % (last - 1))
check('average a percent', s.cell(last, 8).number_format, '0%')
"

t "as of 2025-01-10 the open items are overdue: red"
run export --as-of 2025-01-10 --xlsx -o "$W/逾期.XLSX"
expect_status 0
w_check "$W/逾期.XLSX" '
c = cell(3, "灯号")
check("light", (c.value, c.fill.fgColor.rgb), ("红", "FFFF0000"))
c = cell(3, "序时进度情况")
check("health", (c.value, c.fill.fgColor.rgb), ("逾期", "FFFFC7CE"))
check("days overdue", cell(3, "逾期天数").value, 10)
check("done on time stays green", cell(6, "灯号").fill.fgColor.rgb, "FF00B050")
'

t "export --xlsx to a pipe writes the workbook; filters choose its rows"
run export --xlsx --as-of 2024-12-20 --unit 区商务局
expect_status 0
cp "$OUT" "$W/pipe.xlsx"
w_check "$W/pipe.xlsx" '
check("ids", [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)],
      [2, 3, 5, 6, 7, 8, 13])
'

t "LibreOffice prints every column header of the ledger on page 1"
if command -v soffice >/dev/null && command -v pdftotext >/dev/null; then
	soffice -env:UserInstallation="file://$TMP/lo" --headless \
		--convert-to pdf --outdir "$W/pdf" "$W/台账.xlsx" >"$W/soffice.out" 2>&1 ||
		fail "soffice failed: $(cat "$W/soffice.out")"
	pdftotext -f 1 -l 1 "$W/pdf/台账.pdf" "$W/page1.txt" ||
		fail "pdftotext failed"
	for h in 序号 所属部分 重点工作 牵头领导 责任单位 参加单位 完成时限 状态 \
		'完成进度(%)' 序时进度情况 灯号 逾期天数 最近报送日期 最近进展 \
		目标1 实际1 目标4 实际4; do
		grep -qF "$h" "$W/page1.txt" || fail "page 1 lacks the header $h"
	done
else
	fail "soffice or pdftotext is not installed"
fi

t "--xlsx is refused to a terminal, and with --encoding, --format or --excel"
if [ -n "$PTYRUN" ] && [ -x "$PTYRUN" ]; then
	"$PTYRUN" 80 24 "$DUBAN" --store "$STORE" export --xlsx >"$OUT" 2>&1
	status=$?
	[ "$status" -eq 2 ] || fail "on a terminal: exit status $status"
	grep -q "a workbook is not for a terminal" "$OUT" ||
		fail "on a terminal: $(cat "$OUT")"
else
	fail "ptyrun is not built: run the tests with make e2e"
fi
run export --xlsx --encoding gbk -o "$W/x.xlsx"
expect_status 2
grep -q "^duban: --encoding is for CSV: a workbook holds every character$" "$ERR" ||
	fail "--encoding: $(cat "$ERR")"
run export -o "$W/x.xlsx" --format csv
expect_status 2
grep -q "^duban: --format is for CSV: a workbook has a format of its own$" "$ERR" ||
	fail "--format: $(cat "$ERR")"
run export -o "$W/x.xlsx" --excel
expect_status 2
grep -q "^duban: --excel writes CSV, not a workbook" "$ERR" ||
	fail "--excel: $(cat "$ERR")"
[ ! -e "$W/x.xlsx" ] || fail "a refused export wrote $W/x.xlsx"

t "a workbook that cannot be written leaves the target as it was, and no temporary file"
mkdir -p "$W/out"
printf 'old ledger\n' >"$W/out/台账.xlsx"
cp "$W/out/台账.xlsx" "$W/old"
mkdir "$W/out/dir.xlsx"
run export --as-of 2024-12-20 -o "$W/out/dir.xlsx"
expect_status 1
expect_stderr "duban: $W/out/dir.xlsx: cannot replace: Is a directory"
rmdir "$W/out/dir.xlsx"
run export --as-of 2024-12-20 -o "$W/nowhere/台账.xlsx"
expect_status 1
expect_stderr "duban: $W/nowhere/台账.xlsx: cannot create a temporary file: No such file or directory"
# cut short by a file size limit while libxlsxwriter writes the zip: it
# says so itself on stderr, then duban
if command -v prlimit >/dev/null 2>&1; then
	prlimit --fsize=10000 "$DUBAN" --store "$STORE" export --as-of 2024-12-20 \
		-o "$W/out/台账.xlsx" >"$OUT" 2>"$ERR"
	status=$?
	expect_status 1
	[ "$(tail -n 1 "$ERR")" = "duban: $W/out/台账.xlsx: cannot make the workbook: Zip generic error ZIP_ERRNO while creating the xlsx file." ] ||
		fail "file size limit: $(cat "$ERR")"
fi
if [ "$(id -u)" -ne 0 ]; then
	chmod a-w "$W/out"
	run export --as-of 2024-12-20 -o "$W/out/台账.xlsx"
	expect_status 1
	grep -q "cannot create a temporary file: Permission denied" "$ERR" ||
		fail "read-only directory: $(cat "$ERR")"
	chmod u+w "$W/out"
fi
same_bytes "$W/old" "$W/out/台账.xlsx"
[ "$(ls -A "$W/out")" = 台账.xlsx ] || fail "in the directory: $(ls -A "$W/out")"

STORE=$W_SAVED_STORE
