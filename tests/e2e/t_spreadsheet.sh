# Sheets through a real spreadsheet: a fill-in sheet opened in LibreOffice,
# filled in and saved back as CSV, then merged.  LibreOffice re-types what
# reads as a number, in the read-only columns too: it must not be blamed
# on the unit.

SP_SAVED_STORE=$STORE
STORE="$TMP/spreadsheet"
SP="$TMP/spreadsheet-files"
rm -rf "$STORE" "$SP"
mkdir -p "$SP"
"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init failed"
export DUBAN_USER=督办室
"$DUBAN" --store "$STORE" note 8 -m '3.10' --date 2024-06-02 >/dev/null 2>&1
"$DUBAN" --store "$STORE" note 6 -m '50%' --date 2024-06-02 >/dev/null 2>&1

# sp_libreoffice IN OUTDIR: IN opened in LibreOffice as UTF-8 CSV and saved
# as UTF-8 CSV in OUTDIR, as a unit would with File > Save.
sp_libreoffice() {
	soffice -env:UserInstallation="file://$TMP/lo-profile" --headless \
		--infilter="CSV:44,34,76,1" \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' \
		--outdir "$2" "$1" >"$TMP/soffice.out" 2>&1 ||
		fail "soffice failed: $(cat "$TMP/soffice.out")"
}

t "a CSV sheet filled in and saved back by LibreOffice merges"
"$DUBAN" --store "$STORE" --as-of 2024-06-30 sheet --unit 区商务局 \
	--period 2024-06 -o "$SP/sheet.csv" || fail "sheet failed"
# typed as a clerk types: a percent with its sign, a figure grouped
"$CSVEDIT" "$SP/sheet.csv" 8:N=推进中 8:O=60% 8:Q=1,234 \
	>"$SP/filled.csv" || fail "csvedit failed"
mkdir -p "$SP/lo"
sp_libreoffice "$SP/filled.csv" "$SP/lo"
# what LibreOffice made of it: the notes shown as numbers, the figure
# without its comma, the percent its own way
grep -q '^6,.*,50\.00%,' "$SP/lo/filled.csv" || fail "item 6 not re-typed: $(grep '^6,' "$SP/lo/filled.csv")"
grep -q '^8,.*,3\.1,.*"推进中",60\.00%,,1234,' "$SP/lo/filled.csv" ||
	fail "item 8 not re-typed: $(grep '^8,' "$SP/lo/filled.csv")"
run merge "$SP/lo/filled.csv"
expect_status 0
[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
run log --format tsv
sed -n 2,4p "$OUT" | awk -F'\t' '{ print $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 }' | tac >"$SP/out"
cat >"$SP/want" <<'EOF2'
2024-06-30|8|status|in-progress||区商务局
2024-06-30|8|progress|60||区商务局
2024-06-30|8|actual|1234|1|区商务局
EOF2
cmp -s "$SP/out" "$SP/want" || fail "journal: $(cat "$SP/out")"

t "a read-only cell changed to another number is still refused"
sed 's/^\(8,.*\),3\.1,/\1,3.2,/' "$SP/lo/filled.csv" >"$SP/changed.csv"
grep -q ',3\.2,' "$SP/changed.csv" || fail "the edit did not take"
cp "$STORE/journal.csv" "$SP/journal.before"
run merge "$SP/changed.csv"
expect_status 1
grep -q 'column I (最近进展): changed: only the 本期 columns are filled in (it was "3.10")' "$ERR" ||
	fail "stderr: $(cat "$ERR")"
same_bytes "$SP/journal.before" "$STORE/journal.csv"

PY=/usr/bin/python3	# Debian's, with python3-openpyxl

t "sheet -o UNIT.xlsx: a protected workbook, only the 本期 cells open, each checked"
# 区科工局 leads item 1 and takes part in others
"$DUBAN" --store "$STORE" note 1 -m '3.10' --date 2024-06-02 >/dev/null 2>&1
"$DUBAN" --store "$STORE" --as-of 2024-06-30 sheet --unit 区科工局 \
	--period 2024-06 -o "$SP/区科工局.xlsx" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
"$DUBAN" --store "$STORE" --as-of 2024-06-30 sheet --unit 区科工局 \
	--period 2024-06 -o "$SP/区科工局.csv" >/dev/null 2>&1 || fail "sheet failed"
"$PY" - "$SP/区科工局.xlsx" "$SP/区科工局.csv" >"$TMP/book" 2>&1 <<'EOF2' || fail "$(cat "$TMP/book")"
import csv, datetime, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
ws = wb["月调度表"]
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
# the CSV sheet's rows, cell for cell: numbers as numbers, the deadline a date
for r, want in enumerate(rows, 1):
    for c, text in enumerate(want, 1):
        v = ws.cell(row=r, column=c).value
        got = "" if v is None else v.strftime("%Y-%m-%d") if isinstance(v, datetime.datetime) else str(v)
        assert got == text, (r, c, got, text)
assert ws.freeze_panes == "A6", ws.freeze_panes
assert ws.protection.sheet and not ws.protection.password
heads = [c.value for c in ws[5]]
n, o, p, q = (heads.index(h) + 1 for h in ("本期状态", "本期进度(%)", "本期进展", "本期实际1"))
lead = [r for r in range(6, ws.max_row + 1) if ws.cell(row=r, column=2).value == "牵头"]
part = [r for r in range(6, ws.max_row + 1) if ws.cell(row=r, column=2).value == "参加"]
assert lead and part, (lead, part)
for r in lead:
    assert [ws.cell(row=r, column=c).protection.locked for c in (1, 3, n, o, p, q)] == [True, True, False, False, False, False], r
for r in part:
    assert [ws.cell(row=r, column=c).protection.locked for c in (n, o, p, q)] == [True, True, False, True], r
checks = {str(dv.sqref): (dv.type, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
last = ws.max_row
L = lambda col: "%s6:%s%d" % (ws.cell(row=1, column=col).column_letter, ws.cell(row=1, column=col).column_letter, last)
assert checks[L(n)] == ("list", '"未启动,推进中,已完成,受阻"', None), checks
assert checks[L(o)] == ("decimal", "0", "100"), checks
assert checks[L(q)][0] == "decimal", checks
assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
EOF2

t "sheet --all --xlsx: a workbook per lead unit, each the unit's own"
run --as-of 2024-06-30 sheet --all --xlsx --period 2024-06 -o "$SP/all"
expect_status 0
run units --format tsv
tail -n +2 "$OUT" | awk -F'\t' '$2 > 0 { print $1 ".xlsx" }' | tr '/' '_' | sort >"$SP/want"
(cd "$SP/all" && ls) | sort >"$SP/got"
cmp -s "$SP/want" "$SP/got" || fail "workbooks: $(diff "$SP/want" "$SP/got" | head)"
"$PY" - "$SP/all/区科工局.xlsx" "$SP/区科工局.xlsx" >"$TMP/book" 2>&1 <<'EOF2' || fail "$(cat "$TMP/book")"
import sys
from openpyxl import load_workbook
a, b = (load_workbook(p)["月调度表"] for p in sys.argv[1:])
# the same sheet as -o UNIT.xlsx writes, but for its 签发码 and time (made later)
assert a["B1"].value == "区科工局" and a.max_row == b.max_row
for r in range(5, a.max_row + 1):
    assert [c.value for c in a[r]] == [c.value for c in b[r]], r
EOF2

t "a fill-in workbook filled as Excel fills it merges: a % cell, a grouped figure, a re-typed note"
"$PY" - "$SP/区科工局.xlsx" "$SP/filled.xlsx" <<'EOF2' || fail "openpyxl failed"
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
ws = wb["月调度表"]
heads = [c.value for c in ws[5]]
col = lambda h: heads.index(h) + 1
row = {ws.cell(row=r, column=1).value: r for r in range(6, ws.max_row + 1)}
r = row[1]
ws.cell(row=r, column=col("本期状态")).value = "推进中"
pct = ws.cell(row=r, column=col("本期进度(%)"))
pct.value = 0.45
pct.number_format = "0%"
fig = ws.cell(row=r, column=col("本期实际1"))
fig.value = 1234
fig.number_format = "#,##0"
# the read-only note "3.10", re-typed by the spreadsheet as a number
note = ws.cell(row=r, column=col("最近进展"))
assert note.value == "3.10", note.value
note.value = 3.1
note.number_format = "0.00"
wb.save(sys.argv[2])
EOF2
run merge "$SP/filled.xlsx"
expect_status 0
[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
run log --format tsv
sed -n 2,4p "$OUT" | awk -F'\t' '{ print $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 }' | tac >"$SP/out"
cat >"$SP/want" <<'EOF2'
2024-06-30|1|status|in-progress||区科工局
2024-06-30|1|progress|45||区科工局
2024-06-30|1|actual|1234|1|区科工局
EOF2
cmp -s "$SP/out" "$SP/want" || fail "journal: $(cat "$SP/out")"

t "a tampered workbook is refused and leaves the journal as it was"
"$PY" - "$SP/filled.xlsx" "$SP/tampered.xlsx" <<'EOF2' || fail "openpyxl failed"
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
ws = wb["月调度表"]
ws["B2"] = "2024-05"	# the period moved a month back
wb.save(sys.argv[2])
EOF2
cp "$STORE/journal.csv" "$SP/journal.before"
run merge "$SP/tampered.xlsx"
expect_status 1
grep -q "the 签发码 does not match" "$ERR" || fail "stderr: $(cat "$ERR")"
same_bytes "$SP/journal.before" "$STORE/journal.csv"
printf 'PK\003\004 not a zip' >"$SP/broken.xlsx"
run merge "$SP/broken.xlsx"
expect_status 1
expect_stderr "duban: $SP/broken.xlsx: a damaged .xlsx file: the zip archive is cut short or corrupt
duban: $SP/broken.xlsx: nothing merged: 1 problem"
same_bytes "$SP/journal.before" "$STORE/journal.csv"

unset DUBAN_USER PY
STORE=$SP_SAVED_STORE
