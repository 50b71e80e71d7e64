# export: the status sheet, plain and for Excel, read back field by field
# with csvfields (tests/tools/csvfields.c, named by $CSVFIELDS) as a
# spreadsheet reads it.
#
# The sheet is exported from a store of this file's own with a scripted
# history: every record has --date and every export --as-of, so every
# status, light and day count is fixed.  The history grows in stages
# (notes at the end of June, an emoji in July) and each test exports as of
# the day it needs.  The shared $STORE is given back untouched at the end.

X_SAVED_STORE=$STORE
STORE="$TMP/export"
X="$TMP/export-files"	# what the tests export, and its read-back
X_ASOF=2024-06-30
export DUBAN_USER=督办室
rm -rf "$STORE" "$X"
mkdir -p "$X/out"

# x_ok ARGS...: run succeeds and says nothing on stderr.
x_ok() {
	run "$@"
	expect_status 0
	[ ! -s "$ERR" ] || fail "stderr not empty: $(cat "$ERR")"
}

# x_export NAME ARGS...: export ARGS succeeds quietly; stdout is kept as
# $X/NAME.csv.
x_export() {
	name=$1
	shift
	x_ok export "$@"
	cp "$OUT" "$X/$name.csv"
}

# x_fields NAME [OPTIONS]: $X/NAME.csv read back by csvfields OPTIONS into
# $X/NAME.tsv, which must succeed.
x_fields() {
	name=$1
	shift
	"$CSVFIELDS" "$@" "$X/$name.csv" >"$X/$name.tsv" 2>"$X/$name.err" ||
		fail "csvfields $* $name.csv failed: $(cat "$X/$name.err")"
}

# x_cell NAME ID COLUMN: the field COLUMN (named as in the header) of item
# ID in $X/NAME.tsv, escaped as csvfields prints it.
x_cell() {
	awk -F'\t' -v id="$2" -v col="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		$1 == id { print c ? $c : "(no column " col ")" }' "$X/$1.tsv"
}

# expect_cells NAME ID COLUMN=VALUE...: those fields of item ID.
expect_cells() {
	name=$1
	id=$2
	shift 2
	for pair in "$@"; do
		col=${pair%%=*}
		want=${pair#*=}
		got=$(x_cell "$name" "$id" "$col")
		[ "$got" = "$want" ] || fail "$name.csv item $id $col is [$got], expected [$want]"
	done
}

# expect_same NAME1 NAME2 WHAT: files $X/NAME1 and $X/NAME2 are the same.
expect_same() {
	cmp -s "$X/$1" "$X/$2" ||
		fail "$3 differ:$(diff "$X/$1" "$X/$2" | head -20 | sed 's/^/    /')"
}

# x_bytes FILE: the first three bytes of FILE in hex.
x_bytes() {
	head -c 3 "$1" | od -An -tx1 | tr -d ' \n'
}

# x_count_cr FILE: how many CR bytes FILE holds.
x_count_cr() {
	tr -cd '\r' <"$1" | wc -c | tr -d ' '
}

# x_files DIR: the names in DIR, hidden ones too, on one line.
x_files() {
	ls -A "$1" | tr '\n' ' ' | sed 's/ $//'
}

# x_fsize BYTES CMD...: CMD with files limited to about BYTES (prlimit, or
# the shell's ulimit -f in blocks of 512 or 1024 bytes).
x_fsize() {
	x_limit=$1
	shift
	if command -v prlimit >/dev/null 2>&1; then
		prlimit --fsize="$x_limit" "$@"
	else
		(ulimit -f $((x_limit / 1024 + 1)); "$@")
	fi
}

X_HEADER='id	section	text	leaders	lead_units	participants	deadline	deadline_extended	status	percent	health	light	days_overdue	last_report	last_note	target_1	actual_1	target_2	actual_2	target_3	actual_3	target_4	actual_4'
X_HEADER_ZH='序号	所属部分	重点工作	牵头领导	责任单位	参加单位	完成时限	延期至	状态	完成进度(%)	序时进度情况	灯号	逾期天数	最近报送日期	最近进展	目标1	实际1	目标2	实际2	目标3	实际3	目标4	实际4'

if [ ! -x "${CSVFIELDS:-}" ]; then
	t "export: csvfields is built and named by \$CSVFIELDS"
	fail "CSVFIELDS is \"${CSVFIELDS:-}\", not a program: run the tests with make e2e"
	unset DUBAN_USER
	STORE=$X_SAVED_STORE
	return 0
fi

# --- the history --------------------------------------------------------

t "export: a store with a scripted history"
"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init $STORE failed"
x_ok start 2 3 5 8 13 --date 2024-03-01
x_ok progress 3 60 --date 2024-06-28 -m "已举办促消费活动4场"
x_ok progress 8 30 --date 2024-06-28
x_ok actual 8 1 46 --date 2024-06-28
x_ok actual 22 4 12.5 --date 2024-06-20 --by 区科工局
x_ok block 5 --date 2024-06-20 -m "楼宇招商进度受市场影响"
x_ok done 6 --date 2024-06-25
x_ok note 7 --date 2024-06-27 -m "误报"
x_ok undo
# Later than $X_ASOF: a near deadline, and a task done late.
x_ok progress 4 97 --date 2024-11-20
x_ok done 9 --date 2025-01-05
x_ok check
expect_stdout "$STORE: 56 items, 15 records: no problems"

# --- plain CSV ----------------------------------------------------------

t "export: a header and 56 rows on 57 lines ending in LF, with no byte order mark"
x_export plain --as-of $X_ASOF
x_fields plain
[ "$(head -n 1 "$X/plain.tsv")" = "$X_HEADER" ] ||
	fail "header: $(head -n 1 "$X/plain.tsv")"
[ "$(head -n 1 "$X/plain.csv")" = "$(echo "$X_HEADER" | tr '\t' ,)" ] ||
	fail "header line: $(head -n 1 "$X/plain.csv")"
[ "$(wc -l <"$X/plain.csv" | tr -d ' ')" = 57 ] ||
	fail "$(wc -l <"$X/plain.csv") lines, expected 57"
[ "$(wc -l <"$X/plain.tsv" | tr -d ' ')" = 57 ] ||
	fail "$(wc -l <"$X/plain.tsv") records, expected 57"
[ "$(x_count_cr "$X/plain.csv")" = 0 ] || fail "CR in the plain export"
[ "$(x_bytes "$X/plain.csv")" = 69642c ] || fail "starts with $(x_bytes "$X/plain.csv"), not \"id,\""
[ "$(tail -c 1 "$X/plain.csv" | od -An -c | tr -d ' ')" = '\n' ] ||
	fail "the export does not end with a newline"
[ "$(awk -F'\t' '{ print NF }' "$X/plain.tsv" | sort -u)" = 23 ] ||
	fail "not 23 fields in every record"
[ "$(tail -n +2 "$X/plain.tsv" | cut -f1 | tr '\n' ' ')" = "$(seq 1 56 | tr '\n' ' ')" ] ||
	fail "ids are not 1 to 56 in order"

t "export: every item's text, names and deadline exactly as list and items.csv have them"
x_ok list --format tsv --as-of $X_ASOF
cp "$OUT" "$X/list.tsv"
cut -f1,6-10 "$X/list.tsv" >"$X/list.cols"
cut -f1,3-7 "$X/plain.tsv" >"$X/plain.cols"
expect_same list.cols plain.cols "list's and export's id,text,leaders,lead_units,participants,deadline"
"$CSVFIELDS" data/items.csv | cut -f1,6-10 >"$X/items.cols" || fail "csvfields data/items.csv failed"
expect_same items.cols plain.cols "items.csv's and export's id,text,leaders,lead_units,participants,deadline"
cut -f1,2 "$X/list.tsv" >"$X/list.sections"
cut -f1,2 "$X/plain.tsv" >"$X/plain.sections"
expect_same list.sections plain.sections "sections"

t "export: status, percent, health and light agree with list for every item"
cut -f1,13-16 "$X/list.tsv" >"$X/list.state"
cut -f1,9-12 "$X/plain.tsv" >"$X/plain.state"
expect_same list.state plain.state "list's and export's status,percent,health,light"

t "export: targets in their columns, as list has them, and actuals beside them"
awk -F'\t' 'NR > 1 {
	s = ""
	for (i = 16; i <= NF; i += 2) if ($i != "") s = s (s == "" ? "" : ";") $i
	print $1 "\t" s }' "$X/plain.tsv" >"$X/plain.targets"
tail -n +2 "$X/list.tsv" | cut -f1,12 >"$X/list.targets"
expect_same list.targets plain.targets "list's and export's targets"
got=$(awk -F'\t' 'NR > 1 { for (i = 17; i <= NF; i += 2) if ($i != "") printf "%s:%d=%s ", $1, (i - 15) / 2, $i }' "$X/plain.tsv")
[ "$got" = "8:1=46 22:4=12.5 " ] || fail "actuals [$got], expected [8:1=46 22:4=12.5 ]"
expect_cells plain 22 "target_1=入选独角兽（瞪羚）企业=2家" "actual_1=" \
	"target_4=技术合同登记交易额>20亿元" "actual_4=12.5"
expect_cells plain 5 "target_2=“亿元楼”>13幢@2026-12-31" "actual_2=" "target_3="

t "export: an item's state as of a day: status to note, exactly"
# item 8: everything after the names
got=$(awk -F'\t' '$1 == 8' "$X/plain.tsv" | cut -f7-)
want='2024-12-31		in-progress	30	behind	yellow	0	2024-06-28		全年招引项目=80个	46	签约金额=200亿元					'
[ "$got" = "$want" ] || fail "item 8 is [$got], expected [$want]"
expect_cells plain 3 status=in-progress percent=60 health=on-schedule light=green \
	days_overdue=0 last_report=2024-06-28 last_note=已举办促消费活动4场
expect_cells plain 5 status=blocked percent=0 health=behind light=yellow \
	days_overdue=0 last_report=2024-06-20 last_note=楼宇招商进度受市场影响
expect_cells plain 6 status=done percent=100 health=done light=green \
	days_overdue=0 last_report=2024-06-25 last_note=
expect_cells plain 2 status=in-progress percent=0 health=behind light=yellow \
	last_report=2024-03-01 last_note=
# an undone note leaves no trace; records after --as-of count for nothing
expect_cells plain 7 status=not-started percent=0 last_report= last_note=
expect_cells plain 4 status=not-started percent=0 health=behind last_report=
expect_cells plain 9 status=not-started percent=0 health=behind last_report=
expect_cells plain 1 section=1 deadline=2024-12-31 leaders=杨峰 lead_units=区科工局 \
	participants=各街道、镇、集聚区
expect_cells plain 2 leaders=徐志勇\;杨峰 lead_units=区发改委\;区科工局\;区商务局

t "export: due soon, overdue and done late, as of later days"
x_export dec --as-of 2024-12-20
x_fields dec
expect_cells dec 4 status=in-progress percent=97 health=due-soon light=blue \
	days_overdue=0 last_report=2024-11-20
expect_cells dec 3 health=behind light=yellow days_overdue=0
x_export jan --as-of 2025-01-10
x_fields jan
expect_cells jan 1 status=not-started health=overdue light=red days_overdue=10
expect_cells jan 4 status=in-progress percent=97 health=overdue light=red days_overdue=10
expect_cells jan 9 status=done percent=100 health=done-late light=red days_overdue=5 \
	last_report=2025-01-05
expect_cells jan 6 status=done health=done light=green days_overdue=0
x_export jan1 --as-of 2025-01-01
x_fields jan1
expect_cells jan1 1 health=overdue light=red days_overdue=1
expect_cells jan1 9 status=not-started days_overdue=1

# --- Excel --------------------------------------------------------------

t "export --excel: a UTF-8 byte order mark, CRLF on every line, Chinese headers"
x_export excel --excel --as-of $X_ASOF
x_fields excel --bom --crlf
[ "$(x_bytes "$X/excel.csv")" = efbbbf ] || fail "starts with $(x_bytes "$X/excel.csv"), not EF BB BF"
[ "$(head -n 1 "$X/excel.tsv")" = "$X_HEADER_ZH" ] ||
	fail "header: $(head -n 1 "$X/excel.tsv")"
[ "$(wc -l <"$X/excel.tsv" | tr -d ' ')" = 57 ] ||
	fail "$(wc -l <"$X/excel.tsv") records, expected 57"
[ "$(x_count_cr "$X/excel.csv")" = 57 ] || fail "$(x_count_cr "$X/excel.csv") CRs, expected 57"
[ "$(tail -n +2 "$X/excel.tsv" | cut -f1,3)" = "$(tail -n +2 "$X/plain.tsv" | cut -f1,3)" ] ||
	fail "the task texts differ from the plain export"
"$CSVFIELDS" --bom --crlf "$X/plain.csv" >/dev/null 2>&1 && fail "csvfields --bom takes the plain export"
"$CSVFIELDS" --crlf "$X/plain.csv" >/dev/null 2>&1 && fail "csvfields --crlf takes the plain export"

t "export --excel: statuses, health and lights in Chinese, sections by title"
expect_cells excel 3 状态=推进中 完成进度\(%\)=60 序时进度情况=序时推进 灯号=绿 \
	逾期天数=0 最近报送日期=2024-06-28 最近进展=已举办促消费活动4场
expect_cells excel 5 状态=受阻 序时进度情况=滞后 灯号=黄 最近进展=楼宇招商进度受市场影响
expect_cells excel 6 状态=已完成 完成进度\(%\)=100 序时进度情况=按期完成 灯号=绿
expect_cells excel 7 状态=未启动 完成进度\(%\)=0 最近报送日期=
expect_cells excel 8 目标1=全年招引项目=80个 实际1=46 目标2=签约金额=200亿元 实际2=
expect_cells excel 1 所属部分=坚持产业兴区，筑牢城南崛起支撑 完成时限=2024-12-31
expect_cells excel 56 所属部分=聚焦群众关切，守护城南百姓幸福
x_export excel-dec --excel --as-of 2024-12-20
x_fields excel-dec --bom --crlf
expect_cells excel-dec 4 序时进度情况=临近时限 灯号=蓝
x_export excel-jan --excel --as-of 2025-01-10
x_fields excel-jan --bom --crlf
expect_cells excel-jan 1 状态=未启动 序时进度情况=逾期 灯号=红 逾期天数=10
expect_cells excel-jan 9 状态=已完成 序时进度情况=逾期完成 灯号=红 逾期天数=5

t "export --excel: names joined as the document joins them"
expect_cells excel 2 牵头领导=徐志勇、杨峰 责任单位=区发改委、区科工局、区商务局 \
	参加单位=各街道、镇、集聚区
expect_cells excel 6 参加单位=区重点公共建设项目管理中心，各相关街道、镇、集聚区
expect_cells excel 13 牵头领导=杨峰、夏辉 责任单位=区商务局、洪都街道 参加单位=区文广新旅局、区科工局
expect_cells excel 14 参加单位=区科工局，各相关街道、镇、集聚区
expect_cells excel 21 牵头领导=徐志勇、杨峰、应卓伟 参加单位=
expect_cells excel 54 参加单位=区安委会相关成员单位，各街道、镇、集聚区
# every item against its 〔牵头领导：…；责任单位：…；参加单位：…〕 block
grep -o '〔[^〕]*〕' data/qingyunpu-2024-key-tasks.txt |
	sed 's/完成时限：.*//; s/。$//; s/；$//' >"$X/doc.names"
tail -n +2 "$X/excel.tsv" | awk -F'\t' '{
	s = "〔牵头领导：" $4 "；责任单位：" $5
	if ($6 != "") s = s "；参加单位：" $6
	print s }' >"$X/excel.names"
[ "$(wc -l <"$X/doc.names" | tr -d ' ')" = 56 ] || fail "not 56 blocks in the document"
expect_same doc.names excel.names "the document's and export's names"

# --- notes --------------------------------------------------------------

X_NOTE='完成投资120亿元, 其中"新开工"项目35个
下半年加快, 见 C:\共享\进展.xlsx (字面的 \n 不是换行)'
X_NOTE_TSV='完成投资120亿元, 其中"新开工"项目35个\n下半年加快, 见 C:\\共享\\进展.xlsx (字面的 \\n 不是换行)'

t "export: a note with commas, double quotes, a newline and backslashes reads back exactly"
x_ok note 10 --date 2024-06-29 -m "$X_NOTE"
x_export note --as-of $X_ASOF
x_fields note
expect_cells note 10 last_note="$X_NOTE_TSV" last_report=2024-06-29 status=not-started
[ "$(wc -l <"$X/note.tsv" | tr -d ' ')" = 57 ] || fail "$(wc -l <"$X/note.tsv") records, expected 57"
[ "$(wc -l <"$X/note.csv" | tr -d ' ')" = 58 ] || fail "$(wc -l <"$X/note.csv") lines, expected 58"
grep -qF '"完成投资120亿元, 其中""新开工""项目35个' "$X/note.csv" ||
	fail "the note is not quoted with its quotes doubled"
x_ok log 10 -n 1 --format tsv
[ "$(tail -n 1 "$OUT" | cut -f10)" = "$X_NOTE_TSV" ] || fail "log has the note as $(tail -n 1 "$OUT" | cut -f10)"
x_export note-excel --excel --as-of $X_ASOF
x_fields note-excel --bom --crlf
expect_cells note-excel 10 最近进展="$X_NOTE_TSV"
grep -v '^10	' "$X/note.tsv" >"$X/note.others"
grep -v '^10	' "$X/plain.tsv" >"$X/plain.others"
expect_same plain.others note.others "the other rows"

t "export --excel: a note that a spreadsheet would run as a formula gets a leading '"
x_ok note 11 --date 2024-06-30 -m '=SUM(A1:A9)'
x_ok note 12 --date 2024-06-30 -m '+86 791 8888'
x_ok note 13 --date 2024-06-30 -m '-3%，低于预期'
x_ok note 14 --date 2024-06-30 -m '@所有人 请报送'
x_ok note 15 --date 2024-06-30 -m "$(printf '\t缩进的说明')"
x_ok note 16 --date 2024-06-30 -m "$(printf '\r以回车开头')"
x_ok note 17 --date 2024-06-30 -m '合计=SUM(A1:A9)'
x_ok note 18 --date 2024-06-30 -m "'已加引号"
x_export guard --excel --as-of $X_ASOF
x_fields guard --bom --crlf
expect_cells guard 11 "最近进展='=SUM(A1:A9)"
expect_cells guard 12 "最近进展='+86 791 8888"
expect_cells guard 13 "最近进展='-3%，低于预期"
expect_cells guard 14 "最近进展='@所有人 请报送"
expect_cells guard 15 "最近进展='\\t缩进的说明"
expect_cells guard 16 "最近进展='\\r以回车开头"
expect_cells guard 17 "最近进展=合计=SUM(A1:A9)"
expect_cells guard 18 "最近进展='已加引号"
grep -q "^11,.*,'=SUM(A1:A9),"'' "$X/guard.csv" || fail "no field '=SUM(A1:A9) in row 11"
x_export unguarded --as-of $X_ASOF
x_fields unguarded
expect_cells unguarded 11 "last_note==SUM(A1:A9)"
expect_cells unguarded 12 "last_note=+86 791 8888"
expect_cells unguarded 13 "last_note=-3%，低于预期"
expect_cells unguarded 14 "last_note=@所有人 请报送"
expect_cells unguarded 15 "last_note=\\t缩进的说明"
expect_cells unguarded 16 "last_note=\\r以回车开头"
expect_cells unguarded 17 "last_note=合计=SUM(A1:A9)"
grep -q '^11,.*,=SUM(A1:A9),' "$X/unguarded.csv" || fail "no field =SUM(A1:A9) in row 11"
# nothing else is touched: every other field as before
tail -n +2 "$X/guard.tsv" | cut -f1-13,16- >"$X/guard.rest"
tail -n +2 "$X/excel.tsv" | cut -f1-13,16- >"$X/excel.rest"
expect_same excel.rest guard.rest "fields other than the report and note"

# --- -o FILE ------------------------------------------------------------

t "export -o FILE writes the bytes export prints, says nothing and leaves no temporary file"
x_export final --as-of $X_ASOF
x_export final-excel --excel --as-of $X_ASOF
x_ok export --as-of $X_ASOF -o "$X/out/sheet.csv"
expect_stdout_empty
same_bytes "$X/final.csv" "$X/out/sheet.csv"
[ "$(x_files "$X/out")" = sheet.csv ] || fail "in the directory: $(x_files "$X/out")"
x_ok export --excel --as-of $X_ASOF --output "$X/out/sheet.csv"
same_bytes "$X/final-excel.csv" "$X/out/sheet.csv"
[ "$(x_files "$X/out")" = sheet.csv ] || fail "in the directory: $(x_files "$X/out")"
# a longer file is replaced, not overwritten in place
cat "$X/final-excel.csv" "$X/final-excel.csv" >"$X/out/sheet.csv"
inode=$(ls -i "$X/out/sheet.csv" | cut -d' ' -f1)
x_ok export --as-of $X_ASOF -o "$X/out/sheet.csv"
same_bytes "$X/final.csv" "$X/out/sheet.csv"
[ "$(ls -i "$X/out/sheet.csv" | cut -d' ' -f1)" != "$inode" ] ||
	fail "the file was rewritten in place, not replaced by a new one"
# a name with no directory: the current one
x_duban=$(cd "$(dirname "$DUBAN")" && pwd)/$(basename "$DUBAN")
(cd "$X/out" && "$x_duban" --store "$STORE" export --as-of $X_ASOF -o here.csv) >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout_empty
same_bytes "$X/final.csv" "$X/out/here.csv"
rm -f "$X/out/here.csv"
[ "$(x_files "$X/out")" = sheet.csv ] || fail "in the directory: $(x_files "$X/out")"

t "export -o: a reader of FILE sees the old sheet or the new one, never a part"
cp "$X/final.csv" "$X/out/sheet.csv"
(
	i=0
	while [ $i -lt 8 ]; do
		"$DUBAN" --store "$STORE" export --excel --as-of $X_ASOF -o "$X/out/sheet.csv" &&
			"$DUBAN" --store "$STORE" export --as-of $X_ASOF -o "$X/out/sheet.csv" || exit 1
		i=$((i + 1))
	done
) >/dev/null 2>"$ERR" &
writer=$!
reads=0
torn=0
while kill -0 "$writer" 2>/dev/null; do
	cat "$X/out/sheet.csv" >"$X/read.csv" 2>/dev/null
	cmp -s "$X/read.csv" "$X/final.csv" || cmp -s "$X/read.csv" "$X/final-excel.csv" ||
		torn=$((torn + 1))
	reads=$((reads + 1))
done
wait "$writer" || fail "an export in the loop failed: $(cat "$ERR")"
[ "$torn" -eq 0 ] || fail "$torn of $reads reads saw neither sheet whole"
same_bytes "$X/final.csv" "$X/out/sheet.csv"
[ "$(x_files "$X/out")" = sheet.csv ] || fail "in the directory: $(x_files "$X/out")"

t "export -o that cannot write leaves FILE as it was and no temporary file"
cp "$X/plain.csv" "$X/out/sheet.csv"
x_fsize 10000 "$DUBAN" --store "$STORE" export --excel --as-of $X_ASOF \
	-o "$X/out/sheet.csv" >"$OUT" 2>"$ERR"
status=$?
expect_status 1
expect_stdout_empty
expect_stderr "duban: $X/out/sheet.csv: cannot write: File too large"
same_bytes "$X/plain.csv" "$X/out/sheet.csv"
[ "$(x_files "$X/out")" = sheet.csv ] || fail "in the directory: $(x_files "$X/out")"
run export --as-of $X_ASOF -o "$X/nowhere/sheet.csv"
expect_status 1
expect_stdout_empty
expect_stderr "duban: $X/nowhere/sheet.csv: cannot create a temporary file: No such file or directory"
[ ! -e "$X/nowhere" ] || fail "$X/nowhere was made"
mkdir "$X/out/dir.csv"
run export --as-of $X_ASOF -o "$X/out/dir.csv"
expect_status 1
expect_stdout_empty
expect_stderr "duban: $X/out/dir.csv: cannot replace: Is a directory"
rmdir "$X/out/dir.csv"
[ "$(x_files "$X/out")" = sheet.csv ] || fail "in the directory: $(x_files "$X/out")"
if [ -w /dev/full ]; then
	"$DUBAN" --store "$STORE" export --as-of $X_ASOF >/dev/full 2>"$ERR"
	status=$?
	expect_status 1
	expect_stderr "duban: cannot write the output: No space left on device"
fi

# --- GBK ----------------------------------------------------------------

t "export --excel --encoding gbk: no byte order mark, CRLF, and the same text in GBK"
x_export gbk --excel --encoding gbk --as-of $X_ASOF
x_fields gbk --crlf
[ "$(x_bytes "$X/gbk.csv")" = d0f2ba ] || fail "starts with $(x_bytes "$X/gbk.csv"), not 序 in GBK"
iconv -f GBK -t UTF-8 "$X/gbk.csv" >"$X/gbk.utf8" || fail "iconv -f GBK failed"
tail -c +4 "$X/final-excel.csv" >"$X/final-excel.nobom"
expect_same final-excel.nobom gbk.utf8 "the UTF-8 --excel export without its BOM and the GBK one in UTF-8"
[ "$(x_count_cr "$X/gbk.csv")" = "$(x_count_cr "$X/final-excel.csv")" ] || fail "not as many CRs as in UTF-8"
x_ok export --excel --encoding GBK --as-of $X_ASOF -o "$X/out/sheet.csv"
same_bytes "$X/gbk.csv" "$X/out/sheet.csv"
[ "$(x_files "$X/out")" = sheet.csv ] || fail "in the directory: $(x_files "$X/out")"

t "export --encoding gbk without --excel: plain CSV in GBK; utf-8 is the default"
x_export plain-gbk --encoding gbk --as-of $X_ASOF
iconv -f GBK -t UTF-8 "$X/plain-gbk.csv" >"$X/plain-gbk.utf8" || fail "iconv -f GBK failed"
expect_same final.csv plain-gbk.utf8 "the plain export and the plain GBK one in UTF-8"
x_export utf8 --encoding utf-8 --as-of $X_ASOF
expect_same final.csv utf8.csv "the default and --encoding utf-8"
x_export utf8-excel --excel --encoding UTF-8 --as-of $X_ASOF
expect_same final-excel.csv utf8-excel.csv "--excel and --excel --encoding UTF-8"

t "export --encoding gbk: a character GBK cannot hold is \"?\" in its cell, and named"
x_ok note 12 --date 2024-07-01 -m '进展顺利👍'
run export --excel --encoding gbk --as-of 2024-07-01 -o "$X/out/sheet.csv"
expect_status 0
expect_stdout_empty
expect_stderr 'duban: warning: item 12: "👍" has no GBK form; written as "?"'
iconv -f GBK -t UTF-8 "$X/out/sheet.csv" | grep -q '进展顺利?' || fail "the cell: $(iconv -f GBK -t UTF-8 "$X/out/sheet.csv" | grep -o '进展顺利.')"
cp "$X/gbk.csv" "$X/out/sheet.csv"	# as the tests below expect it
run export --encoding gbk --as-of 2024-07-01
expect_status 0
expect_stderr 'duban: warning: item 12: "👍" has no GBK form; written as "?"'
# a character that must not reach a terminal raw is named defused
x_ok note 13 --date 2024-07-01 -m "$(printf 'a\342\200\256b')"
run export --encoding gbk --as-of 2024-07-01
expect_status 0
expect_stderr "duban: warning: item 12: \"👍\" has no GBK form; written as \"?\"
duban: warning: item 13: \"$(printf '\357\277\275')\" has no GBK form; written as \"?\""
# in UTF-8 it goes out as it is; as of June it is not there yet
x_export emoji --excel --as-of 2024-07-01
x_fields emoji --bom --crlf
expect_cells emoji 12 最近进展=进展顺利👍 最近报送日期=2024-07-01
x_ok export --excel --encoding gbk --as-of $X_ASOF
cmp -s "$OUT" "$X/gbk.csv" || fail "the GBK export as of $X_ASOF changed"

# --- filters and errors -------------------------------------------------

t "export takes the filters of list, with target columns for the widest row"
x_export unit --unit 区商务局 --as-of $X_ASOF
x_fields unit
[ "$(tail -n +2 "$X/unit.tsv" | cut -f1 | tr '\n' ' ')" = "2 3 5 6 7 8 13 " ] ||
	fail "ids $(tail -n +2 "$X/unit.tsv" | cut -f1 | tr '\n' ' '), expected 2 3 5 6 7 8 13"
[ "$(head -n 1 "$X/unit.tsv")" = "$(echo "$X_HEADER" | cut -f1-19)" ] ||
	fail "header: $(head -n 1 "$X/unit.tsv")"
"$CSVFIELDS" "$X/final.csv" | awk -F'\t' 'NR == 1 || $1 ~ /^(2|3|5|6|7|8|13)$/' |
	cut -f1-19 >"$X/unit.want"
expect_same unit.want unit.tsv "the rows of 区商务局 and those rows of the whole export"
x_export unit-excel --excel --unit 区商务局 --status done --as-of $X_ASOF
x_fields unit-excel --bom --crlf
[ "$(tail -n +2 "$X/unit-excel.tsv" | cut -f1 | tr '\n' ' ')" = "6 " ] ||
	fail "ids $(tail -n +2 "$X/unit-excel.tsv" | cut -f1 | tr '\n' ' '), expected 6"
[ "$(head -n 1 "$X/unit-excel.tsv")" = "$(echo "$X_HEADER_ZH" | cut -f1-17)" ] ||
	fail "header: $(head -n 1 "$X/unit-excel.tsv")"
x_export section --section 二.3 --participant 集聚区 --as-of $X_ASOF
x_fields section
[ "$(tail -n +2 "$X/section.tsv" | cut -f1 | tr '\n' ' ')" = "16 18 " ] ||
	fail "ids $(tail -n +2 "$X/section.tsv" | cut -f1 | tr '\n' ' '), expected 16 18"

t "export of no items is the header alone"
x_export none --unit 区直相关单位 --as-of $X_ASOF
[ "$(cat "$X/none.csv")" = "$(echo "$X_HEADER" | cut -f1-15 | tr '\t' ,)" ] ||
	fail "export of no items: $(cat "$X/none.csv")"

t "export: a wrong command line exits 2 and writes nothing"
run export --encoding latin1 --as-of $X_ASOF -o "$X/out/new.csv"
expect_status 2
expect_stdout_empty
expect_stderr "duban: --encoding takes utf-8 or gbk, not \"latin1\"
Try 'duban export --help'."
run export --encoding "" --as-of $X_ASOF
expect_status 2
expect_stderr "duban: --encoding takes utf-8 or gbk, not \"\"
Try 'duban export --help'."
run export --unit 商务局 -o "$X/out/new.csv"
expect_status 2
expect_stdout_empty
expect_stderr 'duban: no unit "商务局" in the plan; did you mean 区商务局?'
run export sheet.csv
expect_status 2
expect_stdout_empty
expect_stderr "duban: unexpected argument \"sheet.csv\"
Try 'duban export --help'."
[ "$(x_files "$X/out")" = sheet.csv ] || fail "in the directory: $(x_files "$X/out")"

unset DUBAN_USER X_NOTE X_NOTE_TSV X_HEADER X_HEADER_ZH name col want got pair inode writer reads torn i x_duban x_limit
STORE=$X_SAVED_STORE
