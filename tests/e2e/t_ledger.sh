# Ledgers (台账): an office's Excel ledger, or duban's own export, read in as
# the plan.

PY=/usr/bin/python3	# Debian's, with python3-openpyxl
LEDGER="$TMP/ledger"
mkdir -p "$LEDGER"

# same_plan A B: items.csv A and B hold the same items, field for field,
# for every field a ledger carries (a ledger has no subsections, and its
# deadline is a date, not the plan's wording of it).
same_plan() {
	"$PY" - "$1" "$2" >"$TMP/same-plan" 2>&1 <<'EOF' || fail "$(cat "$TMP/same-plan")"
import csv, sys
keys = ["id", "section", "section_title", "text", "leaders", "lead_units",
        "participants", "deadline", "targets"]
a, b = (list(csv.DictReader(open(p, encoding="utf-8"))) for p in sys.argv[1:])
if len(a) != len(b):
    sys.exit("%d items, not %d" % (len(b), len(a)))
for x, y in zip(a, b):
    for k in keys:
        if x[k] != y[k]:
            sys.exit("item %s: %s is %r, not %r" % (x["id"], k, y[k], x[k]))
EOF
}

cp "$STORE/items.csv" "$LEDGER/plan.csv"

t "a ledger saved as CSV by Excel (GBK, CRLF, title rows, other columns) imports to the plan"
"$PY" tests/tools/make-ledger.py "$LEDGER/plan.csv" "$LEDGER/台账.csv" ||
	fail "make-ledger.py failed"
# what the fixture is: GBK, CRLF, the title above the header
iconv -f GBK -t UTF-8 "$LEDGER/台账.csv" >/dev/null 2>&1 || fail "not GBK"
head -c 200 "$LEDGER/台账.csv" | grep -q "$(printf '\r')" || fail "no CRLF"
run import "$LEDGER/台账.csv" --format csv -o "$LEDGER/from-csv.csv"
expect_status 0
[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
same_plan "$LEDGER/plan.csv" "$LEDGER/from-csv.csv"

t "a ledger workbook (a notes sheet first, a merged title, other columns) imports to the plan"
"$PY" tests/tools/make-ledger.py "$LEDGER/plan.csv" "$LEDGER/台账.xlsx" ||
	fail "make-ledger.py failed"
"$PY" - "$LEDGER/台账.xlsx" >"$TMP/fixture" 2>&1 <<'EOF2' || fail "fixture: $(cat "$TMP/fixture")"
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
assert wb.sheetnames == ["填报说明", "台账"], wb.sheetnames
ws = wb["台账"]
assert [str(r) for r in ws.merged_cells.ranges] == ["A1:H1"]
assert ws["A3"].value == "编号" and ws["B3"].value == "工作任务"
assert ws["D4"].is_date
EOF2
run import "$LEDGER/台账.xlsx" --format csv -o "$LEDGER/from-xlsx.csv"
expect_status 0
[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
same_plan "$LEDGER/plan.csv" "$LEDGER/from-xlsx.csv"
# the same ledger as Excel saves it as CSV reads the same
run import "$LEDGER/台账.csv" --format csv -o "$LEDGER/from-csv.csv"
same_plan "$LEDGER/from-xlsx.csv" "$LEDGER/from-csv.csv"

t "--sheet picks a workbook's sheet; a sheet that is not there is named"
run import "$LEDGER/台账.xlsx" --sheet 台账 --format csv
expect_status 0
[ "$(($(wc -l <"$OUT") - 1))" = 56 ] || fail "$(wc -l <"$OUT") lines"
run import "$LEDGER/台账.xlsx" --sheet 填报说明
expect_status 1
expect_stderr "duban: $LEDGER/台账.xlsx: no items: no numbered task with its 责任单位"
run import "$LEDGER/台账.xlsx" --sheet 汇总
expect_status 1
expect_stderr "duban: $LEDGER/台账.xlsx: no sheet \"汇总\" (the sheets are: 填报说明, 台账)"

t "init --from a ledger workbook makes the store"
rm -rf "$LEDGER/sx"
"$DUBAN" init "$LEDGER/sx" --from "$LEDGER/台账.xlsx" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout "created the store $LEDGER/sx with 56 items"
same_plan "$LEDGER/plan.csv" "$LEDGER/sx/items.csv"

t "a cell of units one a line is a list; a collective designation stays whole"
awk -F, '$1 == 13' "$LEDGER/from-csv.csv" | grep -q ',杨峰;夏辉,区商务局;洪都街道,区文广新旅局;区科工局,' ||
	fail "item 13: $(awk -F, '$1 == 13' "$LEDGER/from-csv.csv" | cut -c1-200)"
awk -F, '$1 == 1' "$LEDGER/from-csv.csv" | grep -q ',各街道、镇、集聚区,' ||
	fail "item 1: $(awk -F, '$1 == 1' "$LEDGER/from-csv.csv")"

t "init --from a CSV ledger makes the store; an items.csv is still read as one"
rm -rf "$LEDGER/s1"
"$DUBAN" init "$LEDGER/s1" --from "$LEDGER/台账.csv" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout "created the store $LEDGER/s1 with 56 items"
same_plan "$LEDGER/plan.csv" "$LEDGER/s1/items.csv"
rm -rf "$LEDGER/s2"
"$DUBAN" init "$LEDGER/s2" --from "$LEDGER/plan.csv" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
same_bytes "$LEDGER/plan.csv" "$LEDGER/s2/items.csv"

t "export --excel reads back as the same plan"
run export --excel -o "$LEDGER/export.csv"
expect_status 0
run import "$LEDGER/export.csv" --format csv -o "$LEDGER/from-export.csv"
expect_status 0
same_plan "$LEDGER/plan.csv" "$LEDGER/from-export.csv"

t "export -o FILE.xlsx reads back as the same plan, and its state with --with-status"
run export -o "$LEDGER/export.xlsx"
expect_status 0
run import "$LEDGER/export.xlsx" --format csv -o "$LEDGER/from-export-xlsx.csv"
expect_status 0
same_plan "$LEDGER/plan.csv" "$LEDGER/from-export-xlsx.csv"

t "a ledger row that cannot be kept is named by the line of the CSV file it starts on"
# item 2's lead units emptied: its record starts on line 5 (two title rows,
# the header, item 1 over two lines: its units are one a line)
iconv -f GBK -t UTF-8 "$LEDGER/台账.csv" |
	"$PY" -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
for r in rows:
    if r[0] == "2":
        r[4] = ""
csv.writer(sys.stdout, lineterminator="\r\n").writerows(rows)' >"$LEDGER/bad.csv"
run import "$LEDGER/bad.csv" --format csv -o "$LEDGER/bad-items.csv"
expect_status 1
expect_stderr "duban: $LEDGER/bad.csv:5: item 2: no lead unit (责任单位)
duban: $LEDGER/bad.csv: 1 problem(s); the other 55 items were written"

t "init --with-status records the ledger's state, as one command's records"
LS="$TMP/ledger-state"
rm -rf "$LS"
"$DUBAN" --store "$LS" init >/dev/null 2>&1 || fail "init failed"
DUBAN_USER=区商务局 "$DUBAN" --store "$LS" progress 3 50 --date 2024-06-01 \
	-m '举办活动4场' >/dev/null 2>&1 || fail "progress failed"
DUBAN_USER=区商务局 "$DUBAN" --store "$LS" done 8 --date 2024-06-20 \
	>/dev/null 2>&1 || fail "done failed"
DUBAN_USER=区商务局 "$DUBAN" --store "$LS" block 6 -m '厂房产权未理清' \
	--date 2024-06-21 >/dev/null 2>&1 || fail "block failed"
"$DUBAN" --store "$LS" export --excel -o "$LEDGER/state.csv" || fail "export failed"
rm -rf "$LEDGER/s3"
DUBAN_USER=督办室 "$DUBAN" init "$LEDGER/s3" --from "$LEDGER/state.csv" \
	--with-status --date 2024-06-30 >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout "created the store $LEDGER/s3 with 56 items
recorded 6 records of the ledger's state, as of 2024-06-30"
"$DUBAN" --store "$LEDGER/s3" log --format tsv >"$OUT" 2>"$ERR" || fail "log failed"
tail -n +2 "$OUT" | awk -F'\t' '{ print $3 "|" $4 "|" $5 "|" $6 "|" $8 "|" $10 }' |
	sort >"$TMP/got"
sort >"$TMP/want" <<'EOF2'
2024-06-30|3|status|in-progress|督办室|
2024-06-30|3|progress|50|督办室|
2024-06-30|3|note||督办室|举办活动4场
2024-06-30|8|status|done|督办室|
2024-06-30|6|status|blocked|督办室|
2024-06-30|6|note||督办室|厂房产权未理清
EOF2
cmp -s "$TMP/got" "$TMP/want" || fail "records: $(diff "$TMP/want" "$TMP/got")"
# one batch of six: one command's records
[ "$(tail -n +2 "$LEDGER/s3/journal.csv" | awk -F, '{ print $10 }' | sort -u)" = \
  "$(tail -n 1 "$LEDGER/s3/journal.csv" | awk -F, '{ print $10 }')" ] ||
	fail "not one batch"
"$DUBAN" --store "$LEDGER/s3" check >/dev/null 2>&1 || fail "check failed"

t "init --with-status from an exported workbook: a percent cell read as a percent"
"$DUBAN" --store "$LS" export -o "$LEDGER/state.xlsx" || fail "export failed"
rm -rf "$LEDGER/s3x"
DUBAN_USER=督办室 "$DUBAN" init "$LEDGER/s3x" --from "$LEDGER/state.xlsx" \
	--with-status --date 2024-06-30 >"$OUT" 2>"$ERR"
status=$?
expect_status 0
"$DUBAN" --store "$LEDGER/s3x" log --format tsv >"$OUT" 2>"$ERR" || fail "log failed"
tail -n +2 "$OUT" | awk -F'\t' '{ print $3 "|" $4 "|" $5 "|" $6 "|" $8 "|" $10 }' |
	sort >"$TMP/got"
cmp -s "$TMP/got" "$TMP/want" || fail "records: $(diff "$TMP/want" "$TMP/got")"

t "init --with-status: a cell that is no status is named by its line, the rest recorded"
sed 's/,推进中,/,快好了,/' "$LEDGER/state.csv" >"$LEDGER/bad-state.csv"
rm -rf "$LEDGER/s4"
DUBAN_USER=督办室 "$DUBAN" init "$LEDGER/s4" --from "$LEDGER/bad-state.csv" \
	--with-status --date 2024-06-30 >"$OUT" 2>"$ERR"
status=$?
expect_status 1
expect_stderr "duban: $LEDGER/bad-state.csv:4: item 3: \"快好了\" is not a status (未启动, 推进中, 已完成, 受阻)"
expect_stdout "created the store $LEDGER/s4 with 56 items
recorded 5 records of the ledger's state, as of 2024-06-30"

t "init --with-status needs a ledger"
"$DUBAN" init "$LEDGER/s5" --with-status >"$OUT" 2>"$ERR"
status=$?
expect_status 2
expect_stderr "duban: --with-status reads the state of a ledger: name it with --from
Try 'duban init --help'."
[ ! -e "$LEDGER/s5" ] || fail "a store was made"

t "a damaged ledger workbook: one line naming it, exit 1, no store made"
printf 'PK\003\004 cut short' >"$LEDGER/damaged.xlsx"
rm -rf "$LEDGER/s6"
"$DUBAN" init "$LEDGER/s6" --from "$LEDGER/damaged.xlsx" >"$OUT" 2>"$ERR"
status=$?
expect_status 1
expect_stdout_empty
expect_stderr "duban: $LEDGER/damaged.xlsx: a damaged .xlsx file: the zip archive is cut short or corrupt"
[ ! -e "$LEDGER/s6" ] || fail "a store was made"
run import "$LEDGER/damaged.xlsx"
expect_status 1
expect_stderr "duban: $LEDGER/damaged.xlsx: a damaged .xlsx file: the zip archive is cut short or corrupt"
