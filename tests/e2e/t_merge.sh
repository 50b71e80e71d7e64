# merge: the monthly round trip.  Sheets are made with duban sheet, filled
# in with csvedit as a unit would in Excel or WPS (column letters as the
# spreadsheet shows them: N 本期状态, O 本期进度, P 本期进展, Q-T 本期实际1-4),
# saved as Excel saves them (BOM and CRLF, or GBK), and merged back.  A
# store of this file's own, as of June 2024.

MG_SAVED_STORE=$STORE
STORE="$TMP/merge"
MG="$TMP/merge-files"
rm -rf "$STORE" "$MG"
mkdir -p "$MG"
"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init failed"
export DUBAN_USER=督办室
"$DUBAN" --store "$STORE" start 3 --date 2024-06-01 >/dev/null 2>&1
"$DUBAN" --store "$STORE" note 5 -m '=SUM(A1)' --date 2024-06-02 >/dev/null 2>&1
JOURNAL="$STORE/journal.csv"

# mg_sheet UNIT NAME: the June sheet of UNIT as $MG/NAME.csv.
mg_sheet() {
	"$DUBAN" --store "$STORE" --as-of 2024-06-30 sheet --unit "$1" \
		--period 2024-06 -o "$MG/$2.csv" || fail "sheet --unit $1 failed"
}

# mg_fill NAME OUT EDIT...: NAME.csv filled in, saved with BOM and CRLF.
mg_fill() {
	src=$1 dst=$2
	shift 2
	"$CSVEDIT" --bom --crlf "$MG/$src.csv" "$@" >"$MG/$dst.csv" ||
		fail "csvedit failed on $src.csv"
}

# mg_records N: the latest N journal records, oldest first, as
# date|item|kind|value|target|by|note.
mg_records() {
	"$DUBAN" --store "$STORE" log --format tsv | sed -n "2,$(($1 + 1))p" |
		awk -F'\t' '{ print $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 "|" $10 }' |
		tac
}

# mg_refused FILE: merge FILE is refused, exit 1, journal unchanged.
mg_refused() {
	cp "$JOURNAL" "$MG/journal.before"
	run merge "$MG/$1.csv"
	expect_status 1
	expect_stdout_empty
	cmp -s "$JOURNAL" "$MG/journal.before" || fail "the journal changed"
}

mg_sheet 区商务局 shangwu
mg_sheet 区科工局 kegong
mg_sheet 区发改委 fagai

t "merge: a sheet filled in Excel (BOM, CRLF) is recorded by its unit"
mg_fill shangwu shangwu-filled \
	2:N=推进中 2:O=60 2:P=新招引企业3家 2:Q=12.5 \
	3:N=已完成 3:P=举办活动7场 3:Q=7场 \
	5:N=受阻 '5:P=楼宇招商受市场影响'
run merge "$MG/shangwu-filled.csv"
expect_status 0
sed 's/ (entry [0-9a-f]\{10\})$//' "$OUT" >"$MG/out"
cat >"$MG/want" <<EOF
recorded item 2: status 推进中
recorded item 2: progress 60%
recorded item 2: actual #1 = 12.5亿元
recorded item 3: actual #1 = 7场
recorded item 3: status 已完成
recorded item 5: status 受阻
$MG/shangwu-filled.csv: 6 records for 区商务局, 2024-06
EOF
cmp -s "$MG/out" "$MG/want" || fail "stdout: $(cat "$OUT")"
[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
cat >"$MG/want" <<'EOF'
2024-06-30|2|status|in-progress||区商务局|新招引企业3家
2024-06-30|2|progress|60||区商务局|
2024-06-30|2|actual|12.5|1|区商务局|
2024-06-30|3|actual|7|1|区商务局|举办活动7场
2024-06-30|3|status|done||区商务局|
2024-06-30|5|status|blocked||区商务局|楼宇招商受市场影响
EOF
mg_records 6 >"$MG/out"
cmp -s "$MG/out" "$MG/want" || fail "journal: $(cat "$MG/out")"

t "merge: the new state shows in list and summary"
run --as-of 2024-06-30 list --unit 区商务局 --format tsv
expect_status 0
got=$(awk -F'\t' 'NR > 1 { printf "%s:%s:%s ", $1, $(NF - 8), $(NF - 7) }' "$OUT")
[ "$got" = "2:in-progress:60 3:done:100 5:blocked:0 6:not-started:0 7:not-started:0 8:not-started:0 13:not-started:0 " ] ||
	fail "list: $got"
run --as-of 2024-06-30 summary --by unit --unit 区商务局 --format tsv
expect_status 0
got=$(awk -F'\t' '$1 == "区商务局" { print $2 "|" $3 "|" $8 "|" $9 "|" $10 }' "$OUT")
# 7 items, 1 done, average (60 + 100) / 7 = 22.9 → 23, 1 of 7 targets met (7场 >= 6场)
[ "$got" = "7|1|23|7|1" ] || fail "summary: $got"
run --as-of 2024-06-30 targets --unit 区商务局 --format tsv
grep -q '^3	' "$OUT" || fail "targets: no item 3: $(cat "$OUT")"

t "merge: merging a sheet twice records once, and says so"
cp "$JOURNAL" "$MG/journal.before"
run merge "$MG/shangwu-filled.csv"
expect_status 0
expect_stdout "$MG/shangwu-filled.csv: nothing new for 区商务局, 2024-06: the journal has its 6 records already"
cmp -s "$JOURNAL" "$MG/journal.before" || fail "the journal changed"

t "merge: a copy saved as GBK (Excel on Chinese Windows) is read"
mg_fill kegong kegong-filled 1:N=推进中 1:O=35 1:P=新增规上企业5家 1:Q=35 \
	13:P=配合完成场地调研
"$CSVEDIT" --crlf "$MG/kegong-filled.csv" | iconv -f UTF-8 -t GBK >"$MG/kegong-gbk.csv" ||
	fail "iconv failed"
# no byte order mark and not UTF-8: GBK as Excel saves it
head -c 3 "$MG/kegong-gbk.csv" | od -An -tx1 | grep -q 'ef bb bf' && fail "a BOM in the GBK copy"
run merge "$MG/kegong-gbk.csv"
expect_status 0
tail -n 1 "$OUT" | grep -qx "$MG/kegong-gbk.csv: 4 records for 区科工局, 2024-06" ||
	fail "stdout: $(cat "$OUT")"
cat >"$MG/want" <<'EOF'
2024-06-30|1|status|in-progress||区科工局|新增规上企业5家
2024-06-30|1|progress|35||区科工局|
2024-06-30|1|actual|35|1|区科工局|
2024-06-30|13|note|||区科工局|配合完成场地调研
EOF
mg_records 4 >"$MG/out"
cmp -s "$MG/out" "$MG/want" || fail "journal: $(cat "$MG/out")"

t "merge: a plain UTF-8 copy with LF, and --dry-run writing nothing"
"$CSVEDIT" "$MG/fagai.csv" 9:O=20 >"$MG/fagai-filled.csv"
cp "$JOURNAL" "$MG/journal.before"
run merge --dry-run "$MG/fagai-filled.csv"
expect_status 0
expect_stdout "would record item 9: progress 20%
$MG/fagai-filled.csv: would record 1 record for 区发改委, 2024-06 (--dry-run: nothing written)"
cmp -s "$JOURNAL" "$MG/journal.before" || fail "--dry-run changed the journal"
run merge "$MG/fagai-filled.csv"
expect_status 0
[ "$(mg_records 1)" = "2024-06-30|9|progress|20||区发改委|" ] || fail "journal: $(mg_records 1)"

t "merge: a stale sheet still merges: it is checked against what it showed"
# the sheet of 区商务局 was made before the merges above changed items 2, 3, 5
mg_fill shangwu shangwu-late 6:O=10
run merge "$MG/shangwu-late.csv"
expect_status 0
[ "$(mg_records 1)" = "2024-06-30|6|progress|10||区商务局|" ] || fail "journal: $(mg_records 1)"
# made before the unit's merges above: it may be an earlier sheet sent
# again, and the office is told how to take it back
entry=$("$DUBAN" --store "$STORE" log --format tsv | awk -F'\t' 'NR == 2 { print substr($1, 1, 10) }')
sed 's/[0-9T:.+-]\{32\}/TIME/g' "$ERR" >"$MG/err"
[ "$(cat "$MG/err")" = "duban: warning: $MG/shangwu-late.csv: the sheet was made at TIME, and 区商务局 has reported on 2024-06 since (at TIME): if it is an earlier sheet sent again, its values are older than those merged; take it back with duban undo --batch $entry" ] ||
	fail "stderr: $(cat "$ERR")"
full=$("$DUBAN" --store "$STORE" log --format tsv | awk -F'\t' 'NR == 2 { print $1 }')
run undo --batch "$entry" --date 2024-06-30
expect_status 0
[ "$(mg_records 1)" = "2024-06-30|6|undo|$full||督办室|" ] || fail "journal: $(mg_records 1)"
"$DUBAN" --store "$STORE" --as-of 2024-06-30 show 6 | grep -q '^Status  *未启动  0%' ||
	fail "item 6 after the undo: $("$DUBAN" --store "$STORE" --as-of 2024-06-30 show 6 | grep '^Status')"

t "merge: a sheet with nothing filled in records nothing"
run merge "$MG/shangwu.csv"
expect_status 0
expect_stdout "$MG/shangwu.csv: nothing to record for 区商务局, 2024-06: no 本期 cell is filled in"

t "merge: an edited task text, deadline, leader or unit is refused with its line and column"
mg_sheet 区商务局 sw
mg_fill sw bad 3:O=70 '3:C=繁荣现代商贸。' 6:F=2025-06-30 7:D=张三 8:E=区商务局、区财政局
mg_refused bad
expect_stderr "duban: $MG/bad.csv:7: column C (重点工作): changed: only the 本期 columns are filled in (it was \"繁荣现代商贸，提振新能源汽车、电子产品等大宗消费…\")
duban: $MG/bad.csv:9: column F (完成时限): changed: only the 本期 columns are filled in (it was \"2024-12-31\")
duban: $MG/bad.csv:10: column D (牵头领导): changed: only the 本期 columns are filled in (it was \"杨峰\")
duban: $MG/bad.csv:11: column E (责任单位): changed: only the 本期 columns are filled in (it was \"区商务局\")
duban: $MG/bad.csv: nothing merged: 4 problems"

t "merge: a deadline Excel rewrote as 2024/12/31 is the same deadline"
mg_fill sw slash 6:F=2024/12/31 6:O=15
run merge "$MG/slash.csv"
expect_status 0
[ "$(mg_records 1)" = "2024-06-30|6|progress|15||区商务局|" ] || fail "journal: $(mg_records 1)"

t "merge: a row added, a row of another unit's item and a changed id are refused"
mg_sheet 区商务局 sw
mg_fill sw bad 2+9 '8:A=6'
mg_refused bad
expect_stderr "duban: $MG/bad.csv:11: column A (序号): item 6 has a row already, on line 9
duban: $MG/bad.csv:13: column A (序号): 区商务局 neither leads nor takes part in item 9: a row added or its 序号 changed
duban: $MG/bad.csv: nothing merged: 2 problems"
mg_fill sw bad 2+2
mg_refused bad
expect_stderr "duban: $MG/bad.csv:13: column A (序号): item 2 has a row already, on line 6
duban: $MG/bad.csv: nothing merged: 1 problem"
mg_fill sw bad 2+999
mg_refused bad
expect_stderr "duban: $MG/bad.csv:13: column A (序号): no item 999 in the plan: a row added or its 序号 changed
duban: $MG/bad.csv: nothing merged: 1 problem"
# an id changed to another item of the unit: its plan cells give it away
mg_fill sw bad 2:A=7
mg_refused bad
grep -q "^duban: $MG/bad.csv:6: column C (重点工作): changed" "$ERR" || fail "stderr: $(cat "$ERR")"
grep -q "^duban: $MG/bad.csv:10: column A (序号): item 7 has a row already, on line 6" "$ERR" ||
	fail "stderr: $(cat "$ERR")"

t "merge: the sheet of another unit, plan or shape is refused"
mg_fill sw bad 填报单位:B=区某某局
mg_refused bad
expect_stderr "duban: $MG/bad.csv:1: column B: \"区某某局\" neither leads nor takes part in any item of this plan
duban: $MG/bad.csv: nothing merged: 1 problem"
mg_fill sw bad 方案校验码:B=0123456789abcdef
mg_refused bad
sum=$(sed -n 3p "$MG/sw.csv" | tr -d '\r' | cut -d, -f2)
expect_stderr "duban: $MG/bad.csv:3: column B: the sheet was made from another plan (checksum 0123456789abcdef; this store's plan is $sum): make a new sheet with duban sheet
duban: $MG/bad.csv: nothing merged: 1 problem"
mg_fill sw bad 序号:C=任务
mg_refused bad
expect_stderr "duban: $MG/bad.csv:5: column C: the header \"任务\" should be \"重点工作\": the plan's columns cannot be changed
duban: $MG/bad.csv: nothing merged: 1 problem"
mg_fill sw bad 报送期间:B=2099-01
mg_refused bad
expect_stderr "duban: $MG/bad.csv:2: column B: the period 2099-01 has not begun
duban: $MG/bad.csv: nothing merged: 1 problem"
printf '序号,重点工作\n1,x\n' >"$MG/bad.csv"
mg_refused bad
expect_stderr "duban: $MG/bad.csv:2: not a duban fill-in sheet: it lacks the opening rows (填报单位, 报送期间, 方案校验码, 数据截至 and the column headers)
duban: $MG/bad.csv: nothing merged: 1 problem"

t "merge: a sheet this store did not sign, or whose unit, period or 数据截至 was rewritten, is refused"
mismatch="the 签发码 does not match: this store did not issue the sheet, or its 填报单位, 报送期间, 方案校验码 or 数据截至 was changed"
# another lead unit's name over 区商务局's rows: a completion "by" 区住建局
mg_fill sw bad 填报单位:B=区住建局 2:N=已完成
mg_refused bad
expect_stderr "duban: $MG/bad.csv:3: column D: $mismatch
duban: $MG/bad.csv: nothing merged: 1 problem"
# the period moved back, so that a late completion would look on time
mg_fill sw bad 报送期间:B=2024-05 2:N=已完成
mg_refused bad
expect_stderr "duban: $MG/bad.csv:3: column D: $mismatch
duban: $MG/bad.csv: nothing merged: 1 problem"
# 数据截至 moved, or emptied
mg_fill sw bad 数据截至:B=2024-06-29
mg_refused bad
expect_stderr "duban: $MG/bad.csv:3: column D: $mismatch
duban: $MG/bad.csv: nothing merged: 1 problem"
mg_fill sw bad 数据截至:C=
mg_refused bad
expect_stderr "duban: $MG/bad.csv:4: column C: \"\" is not the time the sheet was made
duban: $MG/bad.csv: nothing merged: 1 problem"
# no 签发码: a sheet built by hand from the public plan
mg_fill sw bad 方案校验码:C= 方案校验码:D=
mg_refused bad
expect_stderr "duban: $MG/bad.csv:3: column C: the sheet has no 签发码: it was not issued by this store; make one with duban sheet
duban: $MG/bad.csv: nothing merged: 1 problem"
# a sheet another store issued, for the same plan, unit and month
rm -rf "$TMP/merge-other"
"$DUBAN" --store "$TMP/merge-other" init >/dev/null 2>&1
"$DUBAN" --store "$TMP/merge-other" --as-of 2024-06-30 sheet --unit 区商务局 \
	--period 2024-06 -o "$MG/other.csv" 2>/dev/null || fail "sheet of the other store"
"$CSVEDIT" "$MG/other.csv" 2:N=已完成 >"$MG/bad.csv" || fail "csvedit"
mg_refused bad
expect_stderr "duban: $MG/bad.csv:3: column D: $mismatch
duban: $MG/bad.csv: nothing merged: 1 problem"
rm -rf "$TMP/merge-other"
# the key is the store's, never in a sheet
key=$(tr -d '\n' <"$STORE/sheet.key")
[ ${#key} -eq 64 ] || fail "sheet.key: $key"
! grep -q "$key" "$MG"/*.csv || fail "a sheet holds the key"

t "merge: values are checked as the update commands check them, every problem listed"
mg_fill sw bad 2:N=完成了 2:O=120 3:Q=七场 5:N=受阻 6:O=abc 7:Q=1 8:S=3 '13:U=多余'
mg_refused bad
expect_stderr "duban: $MG/bad.csv:6: column N (本期状态): \"完成了\" is not a status: write 未启动, 推进中, 已完成 or 受阻
duban: $MG/bad.csv:6: column O (本期进度(%)): \"120\" is not a percent from 0 to 100
duban: $MG/bad.csv:7: column Q (本期实际1): \"七场\" is not a figure (write 38, 4.5, 1,234 or 38场)
duban: $MG/bad.csv:8: column P (本期进展): 受阻 needs a note in 本期进展 saying why
duban: $MG/bad.csv:9: column O (本期进度(%)): \"abc\" is not a percent from 0 to 100
duban: $MG/bad.csv:10: column Q (本期实际1): item 7 has no targets to report on
duban: $MG/bad.csv:11: column S (本期实际3): item 8 has 2 targets: there is no target 3 to report on
duban: $MG/bad.csv:12: column U: a cell beyond the sheet's columns: only the 本期 columns are filled in
duban: $MG/bad.csv: nothing merged: 8 problems"
# on a 参加 row (item 13 of 区科工局) only 本期进展 is read
mg_sheet 区科工局 kg
mg_fill kg bad 13:N=推进中 14:O=50 15:S=2
mg_refused bad
expect_stderr "duban: $MG/bad.csv:11: column N (本期状态): item 13 is led by another unit: on a 参加 row only 本期进展 is filled in
duban: $MG/bad.csv:12: column O (本期进度(%)): item 14 is led by another unit: on a 参加 row only 本期进展 is filled in
duban: $MG/bad.csv:13: column S (本期实际3): item 15 is led by another unit: on a 参加 row only 本期进展 is filled in
duban: $MG/bad.csv: nothing merged: 3 problems"

t "merge: a change of status the item cannot take is refused"
# item 3 is done: progress needs it reopened; item 2 is started
mg_fill sw bad 3:O=80 2:N=未启动
mg_refused bad
expect_stderr "duban: $MG/bad.csv:6: column N (本期状态): item 2 is 推进中: a started item cannot go back to not started; block or reopen it instead
duban: $MG/bad.csv:7: column O (本期进度(%)): item 3 is 已完成: write 推进中 in 本期状态 to reopen it
duban: $MG/bad.csv: nothing merged: 2 problems"
mg_fill sw ok 3:N=推进中 3:O=80 3:P=补办活动
run merge "$MG/ok.csv"
expect_status 0
cat >"$MG/want" <<'EOF'
2024-06-30|3|status|in-progress||区商务局|补办活动
2024-06-30|3|progress|80||区商务局|
EOF
mg_records 2 >"$MG/out"
cmp -s "$MG/out" "$MG/want" || fail "journal: $(cat "$MG/out")"

t "merge: a unit that only takes part reports its part in notes"
"$DUBAN" --store "$STORE" --as-of 2024-06-30 sheet --unit 区直相关单位 -o "$MG/zhi.csv"
got=$(tail -n +6 "$MG/zhi.csv" | cut -d, -f1,2 | tr '\n' ' ')
[ "$got" = "18,参加 25,参加 40,参加 47,参加 55,参加 " ] || fail "rows: $got"
mg_fill zhi zhi-filled 25:P=配合完成服务事项梳理
run merge "$MG/zhi-filled.csv"
expect_status 0
[ "$(mg_records 1)" = "2024-06-30|25|note|||区直相关单位|配合完成服务事项梳理" ] ||
	fail "journal: $(mg_records 1)"

t "merge: all or nothing per file: a good file is merged beside a refused one"
mg_sheet 区商务局 sw
mg_fill sw good 7:O=5
mg_fill sw bad 8:O=101
cp "$JOURNAL" "$MG/journal.before"
run merge "$MG/bad.csv" "$MG/good.csv"
expect_status 1
expect_stderr "duban: $MG/bad.csv:11: column O (本期进度(%)): \"101\" is not a percent from 0 to 100
duban: $MG/bad.csv: nothing merged: 1 problem"
[ "$(mg_records 1)" = "2024-06-30|7|progress|5||区商务局|" ] || fail "journal: $(mg_records 1)"
[ "$(($(wc -l <"$JOURNAL") - $(wc -l <"$MG/journal.before")))" = 1 ] || fail "not exactly one record"

t "merge: a file that is neither UTF-8 nor GBK, or not there, is refused"
printf '\377\376x\n' >"$MG/bad.csv"
mg_refused bad
expect_stderr "duban: $MG/bad.csv:1: bytes that are neither UTF-8 nor GBK text
duban: $MG/bad.csv: nothing merged: 1 problem"
printf 'PK\003\004\024\000' >"$MG/bad.csv"
mg_refused bad
expect_stderr "duban: $MG/bad.csv: a zip archive, but not a workbook (.xlsx) that can be read, nor CSV
duban: $MG/bad.csv: nothing merged: 1 problem"
run merge "$MG/nope.csv"
expect_status 1
expect_stderr "duban: $MG/nope.csv: cannot open: No such file or directory"
run merge
expect_status 2

t "missing: exactly the lead units that have not reported for the month"
run --as-of 2024-06-30 missing --period 2024-06 --format tsv
expect_status 0
for u in 区商务局 区科工局 区发改委; do
	grep -q "^$u	" "$OUT" && fail "$u reported but is listed"
done
cp "$OUT" "$MG/june.tsv"
# every unit leading an open item is listed unless it reported
run units --format tsv
tail -n +2 "$OUT" | awk -F'\t' '$2 > 0 { print $1 }' |
	grep -vx -e 区商务局 -e 区科工局 -e 区发改委 | sort >"$MG/want"
tail -n +2 "$MG/june.tsv" | cut -f1 | sort >"$MG/out"
cmp -s "$MG/out" "$MG/want" || fail "missing: $(diff "$MG/want" "$MG/out" | tr '\n' ' ')"
# May had no reports by units at all
run --as-of 2024-06-30 missing --period 2024-05 --format tsv
[ "$(($(wc -l <"$OUT") - 1))" = "$(($(wc -l <"$MG/want") + 3))" ] ||
	fail "May: $(($(wc -l <"$OUT") - 1)) units"

unset DUBAN_USER JOURNAL got sum src dst
STORE=$MG_SAVED_STORE
