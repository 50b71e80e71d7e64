# The journal: start, progress, done, block, reopen, note, actual and undo
# record progress; log, check, list --status and show read it back.
#
# Entry ids and recorded times are random and clock-based: the checks
# compare the log without them (its columns date..note), and mask the ids
# that commands print.  Every record gets --date, so dates are fixed.
# These tests use stores of their own and give the shared $STORE back
# untouched at the end.

J_SAVED_STORE=$STORE
export DUBAN_USER=督办室

# j_use DIR: make DIR the store that run uses; $J is its journal.
j_use() {
	STORE=$1
	J="$STORE/journal.csv"
}

# j_new DIR: a new store made from the bundled plan, used from now on.
j_new() {
	j_use "$1"
	rm -rf "$STORE"
	"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init $STORE failed"
}

# j_save / j_unchanged: journal.csv is byte for byte what it was at j_save.
j_save() {
	cp "$J" "$TMP/journal.saved" || fail "no journal to save"
}
j_unchanged() {
	same_bytes "$TMP/journal.saved" "$J"
}

j_quiet() {
	[ ! -s "$ERR" ] || fail "stderr not empty: $(cat "$ERR")"
}

# j_ok ARGS...: run succeeds silently on stderr.
j_ok() {
	run "$@"
	expect_status 0
	j_quiet
}

# expect_said TEXT: stdout is TEXT, each "(entry 0123456789)" written
# "(entry ID)".
expect_said() {
	printf '%s\n' "$1" >"$TMP/expected"
	sed 's/(entry [0-9a-f]\{10\})$/(entry ID)/' "$OUT" >"$TMP/said"
	cmp -s "$TMP/expected" "$TMP/said" ||
		fail "stdout differs:$(diff "$TMP/expected" "$TMP/said" | sed 's/^/    /')"
}

# refused STATUS STDERR ARGS...: duban ARGS fails with STATUS, says exactly
# STDERR, prints nothing and leaves journal.csv as it was.
refused() {
	want=$1
	msg=$2
	shift 2
	j_save
	run "$@"
	expect_status "$want"
	expect_stdout_empty
	expect_stderr "$msg"
	j_unchanged
}

# The log's columns from date on, tab written "|".
JH='date|item|kind|value|target|by|undone|note'

# expect_rows TEXT [LOG ARGS...]: log --format tsv, without entry and
# recorded, is exactly TEXT (header included).
expect_rows() {
	rows=$1
	shift
	run log --format tsv "$@"
	expect_status 0
	j_quiet
	printf '%s\n' "$rows" >"$TMP/expected"
	cut -f3- "$OUT" | tr '\t' '|' >"$TMP/rows"
	cmp -s "$TMP/expected" "$TMP/rows" ||
		fail "log rows differ:$(diff "$TMP/expected" "$TMP/rows" | sed 's/^/    /')"
}

# expect_status_ids STATUS "IDS": list --status STATUS gives those ids.
expect_status_ids() {
	run list --status "$1" --format tsv
	expect_status 0
	j_quiet
	expect_ids "$2"
}

# expect_states "ID STATUS PERCENT..." ARGS: list ARGS --format tsv gives
# those ids, statuses and percents.
expect_states() {
	want=$1
	shift
	run list --format tsv "$@"
	expect_status 0
	got=$(tail -n +2 "$OUT" | cut -f1,13,14 | tr '\t\n' '  ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "states [$got], expected [$want]"
}

# expect_item ID "STATUS PERCENT": where item ID stands, by list.
expect_item() {
	run list --format tsv
	expect_status 0
	got=$(awk -F'\t' -v id="$1" '$1 == id { print $13, $14 }' "$OUT")
	[ "$got" = "$2" ] || fail "item $1 is [$got], expected [$2]"
}

# expect_show ID TEXT: show ID from its Status line on is exactly TEXT.
expect_show() {
	run show "$1"
	expect_status 0
	j_quiet
	printf '%s\n' "$2" >"$TMP/expected"
	sed -n '/^Status/,$p' "$OUT" >"$TMP/shown"
	cmp -s "$TMP/expected" "$TMP/shown" ||
		fail "show $1 differs:$(diff "$TMP/expected" "$TMP/shown" | sed 's/^/    /')"
}

# j_id N: the full id of the Nth newest entry.
j_id() {
	"$DUBAN" --store "$STORE" log --format tsv | sed -n "$(($1 + 1))p" | cut -f1
}

# expect_lines N: journal.csv has N lines, each ending in a newline.
expect_lines() {
	got=$(wc -l <"$J")
	[ "$got" -eq "$1" ] || fail "journal.csv has $got lines, expected $1"
	[ "$(tail -c 1 "$J" | od -An -c | tr -d ' ')" = '\n' ] ||
		fail "journal.csv does not end with a newline"
}

# expect_one_line_each: journal.csv is the header and one line per record.
expect_one_line_each() {
	records=$("$DUBAN" --store "$STORE" log --format tsv | tail -n +2 | wc -l)
	expect_lines $((records + 1))
}

# --- recording ----------------------------------------------------------

j_new "$TMP/journal"

t "a new store has an empty journal, and reading it creates none"
j_ok log --format tsv
expect_stdout 'entry	recorded	date	item	kind	value	target	by	undone	note'
j_ok log
expect_stdout_empty
j_ok check
expect_stdout "$STORE: 56 items, 0 records: no problems"
expect_status_ids done ""
run undo
expect_status 1
expect_stdout_empty
expect_stderr "duban: there is nothing of 督办室's to undo (undo ENTRY takes back another's record)"
run done 99
expect_status 2
expect_stderr "duban: no item 99 in the plan"
[ ! -e "$J" ] || fail "reading or a refused write made $J"

t "start records one status entry and the item is in progress"
j_ok start 4 --date 2024-03-01
expect_said "recorded item 4: status 推进中 (entry ID)"
expect_rows "$JH
2024-03-01|4|status|in-progress||督办室|0|"
expect_status_ids in-progress "4"
expect_status_ids 推进中 "4"
run list --status not-started --format tsv
[ "$(tail -n +2 "$OUT" | wc -l)" -eq 55 ] || fail "not 55 items not started"
expect_show 4 "Status        推进中  0%  (last report 2024-03-01)
Targets       1  盘活低效用地=140亩
History       2024-03-01  status 推进中  督办室"
[ "$(head -n 1 "$J")" = "$JOURNAL_HEADER_V2" ] ||
	fail "journal header: $(head -n 1 "$J")"
# a batch of one, named by the entry's first 16 digits; the first record
# links to nothing; its sum is checked by expect_chained
grep -Eq '^([0-9a-f]{16})[0-9a-f]{16},[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}([+-][0-9]{2}:[0-9]{2}|Z),2024-03-01,4,status,in-progress,,督办室,,\1/1,,[0-9a-f]{16}$' "$J" ||
	fail "journal line: $(tail -n 1 "$J")"
expect_lines 2
expect_chained "$J"

t "progress on a not-started item makes it in progress, with its percent"
j_ok progress 6 30 --date 2024-03-02 -m 厂房已签约
expect_said "recorded item 6: progress 30% (entry ID)"
expect_states "4 in-progress 0 6 in-progress 30" --status in-progress
j_ok progress 6 ６０% --date 2024-03-05
expect_said "recorded item 6: progress 60% (entry ID)"
expect_rows "$JH
2024-03-05|6|progress|60||督办室|0|
2024-03-02|6|progress|30||督办室|0|厂房已签约" 6
expect_show 6 "Status        推进中  60%  (last report 2024-03-05)
              厂房已签约
Targets       1  重点改造盘活废旧厂房>=2处
History       2024-03-05  progress 60%  督办室
              2024-03-02  progress 30%  督办室  厂房已签约"

t "done of several ids records one entry each, in one batch, and done is 100 percent"
j_ok done 3 5 8 --date 2024-04-01
expect_said "recorded item 3: status 已完成 (entry ID)
recorded item 5: status 已完成 (entry ID)
recorded item 8: status 已完成 (entry ID)"
# the three lines share the batch of the first, with its count
batch="$(tail -n 3 "$J" | head -n 1 | cut -c1-16)/3"
[ "$(tail -n 3 "$J" | awk -F, '{ print $(NF - 2) }' | sort -u)" = "$batch" ] ||
	fail "batches: $(tail -n 3 "$J" | awk -F, '{ print $(NF - 2) }' | tr '\n' ' '), expected $batch"
expect_chained "$J"
expect_rows "$JH
2024-04-01|8|status|done||督办室|0|
2024-04-01|5|status|done||督办室|0|
2024-04-01|3|status|done||督办室|0|" -n 3
expect_states "3 done 100 5 done 100 8 done 100" --status done
expect_show 5 "Status        已完成  100%  (last report 2024-04-01)
Targets       1  每年新增“亿元楼”=2幢
              2  “亿元楼”>13幢@2026-12-31
History       2024-04-01  status 已完成  督办室"
expect_lines 7

t "list --as-of leaves out what was reported later"
run list --status done --as-of 2024-03-31 --format tsv
expect_ids ""
run list --status done --as-of 2024-04-01 --format tsv
expect_ids "3 5 8"
run list --status in-progress --as-of 2024-03-01 --format tsv
expect_ids "4"

t "several ids are recorded all together or not at all"
j_ok reopen 3 --date 2024-04-02
expect_said "recorded item 3: status 推进中 (entry ID)"
refused 2 "duban: no item 99 in the plan" done 3 99 --date 2024-04-03
refused 1 "duban: item 8 is 已完成 (done): it is done already" done 3 8 --date 2024-04-03
refused 1 "duban: item 8 is 已完成 (done): reopen it before recording progress" \
	progress 3 8 50 --date 2024-04-03
refused 2 "duban: item 3 is named twice
Try 'duban done --help'." done 3 4 3
expect_status_ids done "5 8"
expect_states "3 in-progress 0 4 in-progress 0 6 in-progress 60" --status in-progress

t "block needs a reason and records it; reopen takes the item up again"
j_ok block 2 9 --date 2024-04-03 -m '等待市里批复
预计五月'
expect_said "recorded item 2: status 受阻 (entry ID)
recorded item 9: status 受阻 (entry ID)"
expect_status_ids blocked "2 9"
expect_status_ids 受阻 "2 9"
expect_show 2 "Status        受阻  0%  (last report 2024-04-03)
              等待市里批复
              预计五月
Targets       1  数字经济核心产业企业营收>15亿元
History       2024-04-03  status 受阻  督办室  等待市里批复
              预计五月"
j_ok reopen 9 --date 2024-04-04
expect_rows "$JH
2024-04-04|9|status|in-progress||督办室|0|
2024-04-03|9|status|blocked||督办室|0|等待市里批复\n预计五月" 9
expect_status_ids blocked "2"
expect_status_ids in-progress "3 4 6 9"

t "note records against an item, by whom --by says"
j_ok note 7 --by 王主任 -m '村集体经济调研完成' --date 2024-04-05
expect_said "recorded item 7: note (entry ID)"
j_ok note 7 --by '张三, "李四"' -m 再议 --date 2024-04-05
expect_rows "$JH
2024-04-05|7|note|||张三, \"李四\"|0|再议
2024-04-05|7|note|||王主任|0|村集体经济调研完成" 7
expect_status_ids not-started "1 7 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56"
expect_show 7 "Status        未启动  0%  (last report 2024-04-05)
              再议
Targets       —
History       2024-04-05  note  张三, \"李四\"  再议
              2024-04-05  note  王主任  村集体经济调研完成"
# --by is enough when $DUBAN_USER is empty
DUBAN_USER='' "$DUBAN" --store "$STORE" note 7 --by 赵 -m x --date 2024-04-05 >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_rows "$JH
2024-04-05|7|note|||赵|0|x" 7 -n 1

t "actual records the figure reached for one target"
j_ok actual 1 2 38 --date 2024-04-06
expect_said "recorded item 1: actual #2 = 38亿元 (entry ID)"
j_ok actual 1 1 ４２ --date 2024-04-06 -m 统计局口径
expect_said "recorded item 1: actual #1 = 42家 (entry ID)"
j_ok actual 10 2 123.45 --date 2024-04-07
expect_rows "$JH
2024-04-07|10|actual|123.45|2|督办室|0|
2024-04-06|1|actual|42|1|督办室|0|统计局口径
2024-04-06|1|actual|38|2|督办室|0|" -n 3
expect_show 1 "Status        未启动  0%  (last report 2024-04-06)
              统计局口径
Targets       1  规上工业企业数量>40家  actual 42家 (2024-04-06)
              2  总产值>60亿元  actual 38亿元 (2024-04-06)
History       2024-04-06  actual #1 = 42家  督办室  统计局口径
              2024-04-06  actual #2 = 38亿元  督办室"
expect_item 1 "not-started 0"
j_ok actual 1 2 40.5 --date 2024-04-08
run show 1
grep -qx '              2  总产值>60亿元  actual 40.5亿元 (2024-04-08)' "$OUT" ||
	fail "the latest actual is not shown: $(grep 总产值 "$OUT")"

t "--date takes today and the past, in the forms dates are written"
today=$(date +%F)
j_ok note 11 -m 今天 --date "$today"
j_ok note 11 -m 斜杠 --date 2024/01/02
j_ok note 11 -m 中文 --date 2024年1月3日
expect_rows "$JH
2024-01-03|11|note|||督办室|0|中文
2024-01-02|11|note|||督办室|0|斜杠
$today|11|note|||督办室|0|今天" 11

# --- refusals -------------------------------------------------------------

t "an unknown item or a bad id records nothing"
refused 2 "duban: no item 99 in the plan" start 99
refused 2 "duban: no item 57 in the plan" note 57 -m x
refused 2 "duban: \"abc\" is not an item id (a whole number)
Try 'duban start --help'." start abc
refused 2 "duban: \"0\" is not an item id (a whole number)
Try 'duban done --help'." done 0
refused 2 "duban: \"4x\" is not an item id (a whole number)
Try 'duban progress --help'." progress 4x 50
refused 2 "duban: start needs at least one item id
Try 'duban start --help'." start
refused 2 "duban: item 9 is named twice
Try 'duban start --help'." start 9 9

t "a percent must be a whole number from 0 to 100"
refused 2 "duban: \"101\" is not a percent from 0 to 100
Try 'duban progress --help'." progress 4 101
refused 2 "duban: \"abc\" is not a percent from 0 to 100
Try 'duban progress --help'." progress 4 abc
refused 2 "duban: \"-1\" is not a percent from 0 to 100
Try 'duban progress --help'." progress 4 -- -1
refused 2 "duban: \"50.5\" is not a percent from 0 to 100
Try 'duban progress --help'." progress 4 50.5
refused 2 "duban: progress needs item ids and a percent
Try 'duban progress --help'." progress 4
# -1 alone is taken for an option: still refused, nothing recorded
j_save
run progress 4 -1
expect_status 2
expect_stdout_empty
j_unchanged

t "a change of status the item's status does not allow records nothing"
refused 1 "duban: item 4 is 推进中 (in-progress): only an item not started yet can be started; a blocked or done one is reopened" \
	start 4
refused 1 "duban: item 2 is 受阻 (blocked): only an item not started yet can be started; a blocked or done one is reopened" \
	start 2
refused 1 "duban: item 5 is 已完成 (done): it is done already" done 5
refused 1 "duban: item 5 is 已完成 (done): it is done; reopen it first" block 5 -m 为何
refused 1 "duban: item 2 is 受阻 (blocked): it is blocked already" block 2 -m 为何
refused 1 "duban: item 10 is 未启动 (not-started): only a done or blocked item can be reopened" \
	reopen 10
refused 1 "duban: item 4 is 推进中 (in-progress): only a done or blocked item can be reopened" \
	reopen 4
refused 1 "duban: item 5 is 已完成 (done): reopen it before recording progress" \
	progress 5 50

t "block without a reason records nothing"
refused 2 "duban: block needs a note saying why: -m TEXT
Try 'duban block --help'." block 10

t "block with an empty reason records nothing"
refused 2 "duban: block needs a note saying why: -m TEXT
Try 'duban block --help'." block 10 -m ''
# (take back what a failure of this test recorded, for the tests after it)
cp "$TMP/journal.saved" "$J"

t "actual needs one of the item's targets and a plain figure"
refused 2 "duban: \"0\" is not a target number (as duban show lists them)
Try 'duban actual --help'." actual 1 0 5
refused 2 "duban: item 1 has targets 1 to 2, not 3 (see duban show 1)" actual 1 3 5
refused 2 "duban: item 7 has no targets" actual 7 1 5
for fig in abc 1,00 38. 1e3 '' 1.1234567 38件; do
	refused 2 "duban: \"$fig\" is not a figure (write 38, 4.5, 1,234 or 38家)" actual 1 1 "$fig"
done
refused 2 "duban: \"-5\" is not a figure (write 38, 4.5, 1,234 or 38家)" actual 1 1 -- -5
refused 2 "duban: usage: duban actual ID TARGET VALUE
Try 'duban actual --help'." actual 1 1
refused 2 "duban: no item 99 in the plan" actual 99 1 5

t "actual and progress take figures and percents as people write them"
run actual 8 2 96亿元
expect_status 0
run actual 1 1 ３８家
expect_status 0
run actual 1 2 "1,234.5"
expect_status 0
run progress 6 0.45
expect_status 0
run progress 9 "45 %"
expect_status 0
"$DUBAN" --store "$STORE" log --format tsv | sed -n 2,6p | awk -F'\t' '{ print $4 "|" $5 "|" $6 "|" $7 }' >"$TMP/figs"
printf '9|progress|45|\n6|progress|45|\n1|actual|1234.5|2\n1|actual|38|1\n8|actual|96|2\n' >"$TMP/figs.want"
same_bytes "$TMP/figs.want" "$TMP/figs"
refused 2 "duban: \"0.455\" is not a percent from 0 to 100
Try 'duban progress --help'." progress 6 0.455

t "--date in the future or not a date records nothing"
refused 2 "duban: --date 2099-01-01 is in the future
Try 'duban start --help'." start 10 --date 2099-01-01
tomorrow=$(date -d tomorrow +%F)
refused 2 "duban: --date $tomorrow is in the future
Try 'duban note --help'." note 10 -m x --date "$tomorrow"
refused 2 "duban: --date \"2024-02-30\" is not a date (write 2024-06-30)
Try 'duban done --help'." done 10 --date 2024-02-30
refused 2 "duban: --date \"last week\" is not a date (write 2024-06-30)
Try 'duban progress --help'." progress 4 10 --date 'last week'

t "a note that is not UTF-8, too long or with control characters records nothing"
refused 2 "duban: the note is not UTF-8 text
Try 'duban note --help'." note 10 -m "$(printf 'ab\377')"
refused 2 "duban: the note is not UTF-8 text (it looks like GBK: set the terminal to UTF-8)
Try 'duban block --help'." block 10 -m "$(printf '\326\320\316\304')"
refused 2 "duban: the note is 8001 bytes long; the limit is 8000
Try 'duban note --help'." note 10 -m "$(head -c 8001 /dev/zero | tr '\0' x)"
refused 2 "duban: the note holds a control character
Try 'duban note --help'." note 10 -m "$(printf 'a\033[31mred')"
refused 2 "duban: note needs the note: -m TEXT
Try 'duban note --help'." note 10
refused 2 "duban: note needs the note: -m TEXT
Try 'duban note --help'." note 10 -m ''

t "--by must be one line of text"
refused 2 "duban: --by holds a control character
Try 'duban note --help'." note 10 -m x --by "$(printf '张三\n李四')"
refused 2 "duban: --by holds a control character
Try 'duban start --help'." start 10 --by "$(printf '张三\t李四')"
refused 2 "duban: --by needs a name
Try 'duban start --help'." start 10 --by ''
refused 2 "duban: --by is 201 bytes long; the limit is 200
Try 'duban start --help'." start 10 --by "$(head -c 201 /dev/zero | tr '\0' x)"

t "a note of exactly 8000 bytes is kept whole"
long=$(head -c 8000 /dev/zero | tr '\0' x)
j_ok note 12 -m "$long" --date 2024-04-09
run log 12 --format tsv
[ "$(sed -n 2p "$OUT" | cut -f10)" = "$long" ] || fail "the 8000-byte note changed"
long=$(head -c 2666 /dev/zero | tr '\0' x | sed 's/x/进/g')ab
j_ok note 12 -m "$long" --date 2024-04-09
run log 12 --format tsv -n 1
[ "$(sed -n 2p "$OUT" | cut -f10)" = "$long" ] || fail "the 8000-byte Chinese note changed"

# --- notes round-trip -----------------------------------------------------

t "notes with commas, quotes, newlines, CRLF, backslashes, tabs and Chinese come back exactly"
note=$(printf ' 逗号, "引号" 与“全角引号”\n第二行\r\nCRLF 行\\反斜杠 \\n 不是换行\t制表符 中文：进度过半。\n\\X')
note=${note%X}
j_ok note 13 -m "$note" --date 2024-04-10
run log 13 --format tsv
expect_status 0
# TSV escapes tab, newline, CR and backslash
printf '%s\n' ' 逗号, "引号" 与“全角引号”\n第二行\r\nCRLF 行\\反斜杠 \\n 不是换行\t制表符 中文：进度过半。\n\\' >"$TMP/expected"
sed -n 2p "$OUT" | cut -f10 >"$TMP/got"
cmp -s "$TMP/expected" "$TMP/got" || fail "TSV note: $(cat "$TMP/got")"
run log 13 --format json
printf '%s\n' '"note":" 逗号, \"引号\" 与“全角引号”\n第二行\r\nCRLF 行\\反斜杠 \\n 不是换行\t制表符 中文：进度过半。\n\\"}' >"$TMP/expected"
sed -n 2p "$OUT" | sed 's/^.*,"note":/"note":/' >"$TMP/got"
cmp -s "$TMP/expected" "$TMP/got" || fail "JSON note: $(cat "$TMP/got")"
# and CSV gives the very bytes back, quoted
run log 13 --format csv
printf '"%s"\n' "$(printf '%s' "$note" | sed 's/"/""/g')" >"$TMP/expected"
tail -c "$(wc -c <"$TMP/expected")" "$OUT" >"$TMP/got"
cmp -s "$TMP/expected" "$TMP/got" || fail "CSV note differs"
expect_one_line_each
j_ok check

t "notes on status and progress records come back exactly too"
j_ok progress 13 20 --date 2024-04-11 -m "$(printf 'a\\b,c\r\nd\te"f')"
j_ok done 13 --date 2024-04-12 -m '全部完成，"验收"通过\'
expect_rows "$JH
2024-04-12|13|status|done||督办室|0|全部完成，\"验收\"通过\\\\
2024-04-11|13|progress|20||督办室|0|a\\\\b,c\\r\\nd\\te\"f" 13 -n 2
expect_one_line_each

# --- undo -----------------------------------------------------------------

t "undo cancels the latest record and the state goes back"
cp "$J" "$TMP/journal.before-undo"
j_ok done 10 --date 2024-05-01 -m 误报
done10=$(j_id 1)
expect_item 10 "done 100"
j_ok undo --date 2024-05-02 -m 撤销误报
expect_said "cancelled entry $(echo "$done10" | cut -c1-10) of item 10: status 已完成, by 督办室, for 2024-05-01
recorded item 10: undo $(echo "$done10" | cut -c1-10) (entry ID)"
expect_item 10 "not-started 0"
expect_status_ids done "5 8 13"
expect_rows "$JH
2024-05-02|10|undo|$done10||督办室|0|撤销误报
2024-05-01|10|status|done||督办室|1|误报" 10 -n 2
run log 10
# (ids masked, and the blanks that pad an empty last column cut)
sed 's/[0-9a-f]\{10\}/##########/g; s/ *$//' "$OUT" >"$TMP/got"
cat >"$TMP/expected" <<'EOF'
Entry       Date        Item  What                    By      Note
##########  2024-05-02    10  undo ##########         督办室  撤销误报
##########  2024-05-01    10  status 已完成 (undone)  督办室  误报
##########  2024-04-07    10  actual #2 = 123.45亿元  督办室
EOF
cmp -s "$TMP/expected" "$TMP/got" || fail "log table:$(diff "$TMP/expected" "$TMP/got")"
run show 10
sed -n '/^Status/,$p' "$OUT" | sed 's/[0-9a-f]\{10\}/##########/g' >"$TMP/got"
cat >"$TMP/expected" <<'EOF'
Status        未启动  0%  (last report 2024-04-07)
Targets       1  重大重点项目=175个
              2  年度投资>300亿元  actual 123.45亿元 (2024-04-07)
History       2024-05-02  undo ##########  督办室  撤销误报
              2024-05-01  status 已完成 (undone)  督办室  误报
              2024-04-07  actual #2 = 123.45亿元  督办室
EOF
cmp -s "$TMP/expected" "$TMP/got" || fail "show 10:$(diff "$TMP/expected" "$TMP/got")"

t "a plain undo takes back the caller's own latest record, not another's made since"
j_ok progress 11 30 --date 2024-05-03
mine=$(j_id 1)
j_ok progress 11 50 --date 2024-05-04 --by 区商务局
theirs=$(j_id 1)
j_ok undo --date 2024-05-04
expect_said "cancelled entry $(echo "$mine" | cut -c1-10) of item 11: progress 30%, by 督办室, for 2024-05-03
recorded item 11: undo $(echo "$mine" | cut -c1-10) (entry ID)"
expect_rows "$JH
2024-05-04|11|undo|$mine||督办室|0|
2024-05-04|11|progress|50||区商务局|0|
2024-05-03|11|progress|30||督办室|1|" 11 -n 3
j_ok undo --date 2024-05-04 --by 区商务局
expect_said "cancelled entry $(echo "$theirs" | cut -c1-10) of item 11: progress 50%, by 区商务局, for 2024-05-04
recorded item 11: undo $(echo "$theirs" | cut -c1-10) (entry ID)"

t "undo ENTRY cancels that record, named by 10 digits of its id"
j_ok progress 4 50 --date 2024-05-03
progress4=$(j_id 1)
j_ok note 4 -m 后来的说明 --date 2024-05-04
note4=$(j_id 1)
expect_item 4 "in-progress 50"
j_ok undo "$(echo "$progress4" | cut -c1-10)" --date 2024-05-05
expect_said "cancelled entry $(echo "$progress4" | cut -c1-10) of item 4: progress 50%, by 督办室, for 2024-05-03
recorded item 4: undo $(echo "$progress4" | cut -c1-10) (entry ID)"
expect_item 4 "in-progress 0"
expect_rows "$JH
2024-05-05|4|undo|$progress4||督办室|0|
2024-05-04|4|note|||督办室|0|后来的说明
2024-05-03|4|progress|50||督办室|1|
2024-03-01|4|status|in-progress||督办室|0|" 4
# a status record undone: the status before it comes back
j_ok done 4 --date 2024-05-06
expect_item 4 "done 100"
j_ok undo --date 2024-05-06
expect_item 4 "in-progress 0"

t "undo refuses an unknown or an undone entry"
undo4=$(j_id 1)
done4=$(j_id 2)
refused 1 "duban: entry $(echo "$done4" | cut -c1-10) is undone already" undo "$done4"
refused 2 "duban: no entry \"0123456789\" in the journal (ids are in duban log)
Try 'duban undo --help'." undo 0123456789
refused 2 "duban: no entry \"$(echo "$done4" | cut -c1-3)\" in the journal (ids are in duban log)
Try 'duban undo --help'." undo "$(echo "$done4" | cut -c1-3)"
refused 2 "duban: undo takes at most one entry id
Try 'duban undo --help'." undo "$done4" "$undo4"

t "undoing an undo brings its record back, and undoing that cancels it again"
u4=$(echo "$undo4" | cut -c1-10)
d4=$(echo "$done4" | cut -c1-10)
j_ok undo "$u4" --date 2024-05-06
expect_said "cancelled entry $u4 of item 4: undo $d4, by 督办室, for 2024-05-06
recorded item 4: undo $u4 (entry ID)"
expect_item 4 "done 100"
redo4=$(j_id 1)
r4=$(echo "$redo4" | cut -c1-10)
refused 1 "duban: entry $u4 is undone already" undo "$undo4"
j_ok undo "$r4" --date 2024-05-06
expect_said "cancelled entry $r4 of item 4: undo $u4, by 督办室, for 2024-05-06
recorded item 4: undo $r4 (entry ID)"
expect_item 4 "in-progress 0"
expect_rows "$JH
2024-05-06|4|undo|$redo4||督办室|0|
2024-05-06|4|undo|$undo4||督办室|1|
2024-05-06|4|undo|$done4||督办室|0|
2024-05-06|4|status|done||督办室|1|" 4 -n 4

t "undo of a prefix two entries share says so"
journal_add "$STORE" 'abcdef01230000000000000000000001,2024-01-01T09:00:00.000000+08:00,2024-01-01,20,note,,,甲,一' \
	abcdef0123000000/1
journal_add "$STORE" 'abcdef01230000000000000000000002,2024-01-01T09:00:01.000000+08:00,2024-01-01,20,note,,,乙,二' \
	abcdef0123000001/1
refused 2 "duban: several entries start with \"abcdef0123\": give more of the id
Try 'duban undo --help'." undo abcdef0123
j_ok undo abcdef01230000000000000000000002 --date 2024-01-02
expect_said "cancelled entry abcdef0123 of item 20: note, by 乙, for 2024-01-01
recorded item 20: undo abcdef0123 (entry ID)"
expect_rows "$JH
2024-01-02|20|undo|abcdef01230000000000000000000002||督办室|0|
2024-01-01|20|note|||乙|1|二
2024-01-01|20|note|||甲|0|一" 20

t "undo without an id passes over undo records and undone ones"
# newest first: the undo just made, an undo, an undone done, then note4
j_ok undo --date 2024-05-07
expect_said "cancelled entry $(echo "$note4" | cut -c1-10) of item 4: note, by 督办室, for 2024-05-04
recorded item 4: undo $(echo "$note4" | cut -c1-10) (entry ID)"

t "log takes an item, a count and the machine formats"
expect_rows "$JH
2024-05-07|4|undo|$note4||督办室|0|
2024-01-02|20|undo|abcdef01230000000000000000000002||督办室|0|" -n 2
run log 10 --format json
sed 's/"entry":"[0-9a-f]\{32\}","recorded":"[^"]*",//; s/"value":"[0-9a-f]\{32\}"/"value":"ID"/' "$OUT" >"$TMP/got"
cat >"$TMP/expected" <<'EOF'
[
{"date":"2024-05-02","item":10,"kind":"undo","value":"ID","target":"","by":"督办室","undone":0,"note":"撤销误报"},
{"date":"2024-05-01","item":10,"kind":"status","value":"done","target":"","by":"督办室","undone":1,"note":"误报"},
{"date":"2024-04-07","item":10,"kind":"actual","value":"123.45","target":2,"by":"督办室","undone":0,"note":""}
]
EOF
cmp -s "$TMP/expected" "$TMP/got" || fail "log json:$(diff "$TMP/expected" "$TMP/got")"
run log 99
expect_status 2
expect_stdout_empty
expect_stderr "duban: no item 99 in the plan"
run log -n x
expect_status 2
expect_stdout_empty
expect_stderr "duban: -n takes a count, not \"x\"
Try 'duban log --help'."
run log 56 --format tsv
expect_status 0
expect_stdout 'entry	recorded	date	item	kind	value	target	by	undone	note'

t "nothing is ever taken out of journal.csv: it only grows"
size=$(wc -c <"$TMP/journal.before-undo")
head -c "$size" "$J" | cmp -s - "$TMP/journal.before-undo" ||
	fail "journal.csv was rewritten, not appended to"
[ "$(wc -c <"$J")" -gt "$size" ] || fail "journal.csv did not grow"
expect_one_line_each
expect_chained "$J"
j_ok check
expect_stdout "$STORE: 56 items, $(($(wc -l <"$J") - 1)) records: no problems"

t "a record from a clock running far ahead drags nothing after it, and check names it"
j_new "$TMP/journal-clock"
# a machine whose clock is 400 days ahead recorded item 7 done, on what
# it took for today
ahead=$(date -u -d '+400 days' +%Y-%m-%dT%H:%M:%S.000000+00:00)
ahead_day=$(echo "$ahead" | cut -c1-10)
today=$(date +%F)
journal_add "$STORE" "0000000000000000000000000000000a,$ahead,$ahead_day,7,status,done,,乙,"
# writers judge the item as of today: the future done does not block
j_ok progress 7 30 --date "$today"
expect_said "recorded item 7: progress 30% (entry ID)"
# and the new record is stamped by this clock, not after the future one
new=$(tail -n 1 "$J")
[ "$(echo "$new" | cut -d, -f2 | cut -c1-10)" = "$today" ] ||
	fail "the new record is recorded at $(echo "$new" | cut -d, -f2), not today"
expect_chained "$J"
expect_item 7 "in-progress 30"
expect_show 7 "Status        推进中  30%  (last report $today)
Targets       —
History       $today  progress 30%  督办室"
# as of its day, the future record counts
run --as-of "$ahead_day" list --format tsv
got=$(awk -F'\t' '$1 == 7 { print $13, $14 }' "$OUT")
[ "$got" = "done 100" ] || fail "item 7 as of $ahead_day is [$got]"
run check
expect_status 1
expect_stdout_empty
expect_stderr "duban: $J:2: entry 0000000000 is recorded at $ahead, 399 days ahead of this machine's clock: was its writer's clock wrong?"
# a plain undo takes back the caller's record, as of today
j_ok undo --date "$today"
expect_item 7 "not-started 0"
j_use "$TMP/journal"

t "a clock two hours slow still records after what it saw; check names only the record from the clock ahead"
j_new "$TMP/journal-hours"
# a record from a clock two hours fast: this slower one follows it
ahead=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%S.000000+00:00)
journal_add "$STORE" "0000000000000000000000000000000c,$ahead,$(echo "$ahead" | cut -c1-10),9,progress,20,,乙,"
j_ok progress 9 60
j_ok note 9 -m 又一条
# fold order is the order of the commands: the later record wins
expect_item 9 "in-progress 60"
first=$(sed -n 3p "$J" | cut -d, -f2)
[ "$(printf '%s\n%s\n' "$ahead" "$first" | sort | tail -n 1)" = "$first" ] ||
	fail "the slow clock's record ($first) is not after the fast one ($ahead)"
run check
expect_status 1
expect_stderr "duban: $J:2: entry 0000000000 is recorded at $ahead, 0 days ahead of this machine's clock: was its writer's clock wrong?
duban: $J: 2 more records are stamped just after those, by writers that kept to them"
j_use "$TMP/journal"

t "a record reporting on a day after the day it was recorded is damage"
j_new "$TMP/journal-dated"
j_ok note 23 -m 今天 --date 2024-06-01
journal_add "$STORE" '0000000000000000000000000000000b,2024-06-01T23:00:00.000000+00:00,2024-06-02,23,note,,,乙,明天的事'
run check
expect_status 1
expect_stdout_empty
expect_stderr "duban: $J:3: the date reported on is after the day it was recorded
duban: 1 damaged journal lines"
refused 1 "duban: $J:3: the date reported on is after the day it was recorded
duban: $J is damaged: nothing was recorded; mend the lines above (duban check lists them)" \
	note 23 -m 再记
j_use "$TMP/journal"

# --- a torn last line -------------------------------------------------------

t "a torn last line is ignored with a warning, and cut off by the next write"
cp "$J" "$TMP/journal.whole"
lines=$(wc -l <"$J")
torn=$((lines + 1))
printf 'f00dfeed000000000000000000000000,2024-05-0' >>"$J"
run list --status done --format tsv
expect_status 0
expect_ids "5 8 13"
expect_stderr "duban: warning: $J:$torn: the last line is incomplete (a write was interrupted); it is ignored"
run log --format tsv
expect_status 0
[ "$(tail -n +2 "$OUT" | wc -l)" -eq $((lines - 1)) ] || fail "log counts the torn line"
run check
expect_status 1
expect_stdout_empty
expect_stderr "duban: $J:$torn: the last line is incomplete (a write was interrupted); the next update cuts it off"
run done 14 --date 2024-05-10
expect_status 0
expect_said "recorded item 14: status 已完成 (entry ID)"
expect_stderr "duban: warning: $J:$torn: the last line is incomplete (a write was interrupted); it is left out, and cut off when this records"
expect_lines "$torn"
head -n "$lines" "$J" | cmp -s - "$TMP/journal.whole" || fail "the whole lines changed"
grep -q f00dfeed "$J" && fail "the torn line is still there"
tail -n 1 "$J" | grep -Eq ',2024-05-10,14,status,done,,督办室,,[0-9a-f]{16}/1,[0-9a-f]{16},[0-9a-f]{16}$' ||
	fail "last line: $(tail -n 1 "$J")"
# linked to the last whole line, not to the torn one
expect_chained "$J"
j_ok check
expect_status_ids done "5 8 13 14"

t "a line cut in the middle of a field is torn, even with all its fields"
cp "$J" "$TMP/journal.whole"
torn=$(($(wc -l <"$J") + 1))
# a whole record for item 15 cut in its sum, in its prev, in its note
whole=$(journal_line 'f00dfeed000000000000000000000001,2024-05-11T09:00:00.000000+08:00,2024-05-11,15,status,done,,督办室,验收' "" "$(journal_last_sum "$J")")
for cut in 3 30 56; do
	cp "$TMP/journal.whole" "$J"
	printf '%s' "$whole" | head -c $((${#whole} - cut)) >>"$J"
	run list --status done --format tsv
	expect_status 0
	expect_ids "5 8 13 14"
	expect_stderr "duban: warning: $J:$torn: the last line is incomplete (a write was interrupted); it is ignored"
	run check
	expect_status 1
	expect_stdout_empty
	expect_stderr "duban: $J:$torn: the last line is incomplete (a write was interrupted); the next update cuts it off"
done
run note 15 -m 后续 --date 2024-05-11
expect_status 0
expect_stderr "duban: warning: $J:$torn: the last line is incomplete (a write was interrupted); it is left out, and cut off when this records"
run list --status done --format tsv
expect_ids "5 8 13 14"
grep -q f00dfeed "$J" && fail "the torn line is still there"
expect_lines "$torn"
expect_chained "$J"

t "a whole record without its newline is kept, and the next write adds the newline"
cp "$J" "$TMP/journal.whole"
n=$(($(wc -l <"$J") + 1))
whole=$(journal_line 'f00dfeed000000000000000000000002,2024-05-11T09:00:00.000000+08:00,2024-05-11,15,status,done,,督办室,验收' "" "$(journal_last_sum "$J")")
printf '%s' "$whole" >>"$J"
j_ok list --status done --format tsv
expect_ids "5 8 13 14 15"
j_ok log 15 --format tsv
grep -q '^f00dfeed000000000000000000000002	' "$OUT" || fail "log 15: $(cat "$OUT")"
run check
expect_status 0
expect_stdout "$STORE: 56 items, $((n - 1)) records: no problems"
expect_stderr "duban: $J:$n: note: the last line lacks its newline but is whole (its sum matches); it is kept"
j_ok note 15 -m 验收后 --date 2024-05-11
expect_lines $((n + 1))
head -n $((n - 1)) "$J" | cmp -s - "$TMP/journal.whole" || fail "the lines before it changed"
[ "$(sed -n "${n}p" "$J")" = "$whole" ] || fail "line $n: $(sed -n "${n}p" "$J")"
expect_chained "$J"
j_ok check
expect_stdout "$STORE: 56 items, $n records: no problems"
expect_status_ids done "5 8 13 14 15"

t "a refused write leaves a torn last line where it is"
cp "$J" "$TMP/journal.whole"
torn=$(($(wc -l <"$J") + 1))
printf 'f00dfeed,2024' >>"$J"
j_save
run done 99
expect_status 2
expect_stdout_empty
expect_stderr "duban: warning: $J:$torn: the last line is incomplete (a write was interrupted); it is left out, and cut off when this records
duban: no item 99 in the plan"
j_unchanged
cp "$TMP/journal.whole" "$J"

t "a journal torn in its very first write gets its header back"
j_new "$TMP/journal-torn-header"
printf 'entry,recorded,da' >"$J"
run list --status done --format tsv
expect_status 0
expect_ids ""
expect_stderr "duban: warning: $J:1: the last line is incomplete (a write was interrupted); it is ignored"
run done 3 --date 2024-05-10
expect_status 0
expect_rows "$JH
2024-05-10|3|status|done||督办室|0|"
expect_lines 2
[ "$(head -n 1 "$J")" = "$JOURNAL_HEADER_V2" ] ||
	fail "journal header: $(head -n 1 "$J")"
expect_chained "$J"
j_use "$TMP/journal"

t "a write that fails part-way (a file size limit) leaves nothing behind"
j_save
blocks=$(($(wc -c <"$J") / 512 + 1))
(
	ulimit -f "$blocks"
	exec "$DUBAN" --store "$STORE" note 18 --date 2024-05-10 -m "$(head -c 8000 /dev/zero | tr '\0' x)"
) >"$OUT" 2>"$ERR"
status=$?
expect_status 1
expect_stdout_empty
expect_stderr "duban: $J: cannot write: File too large; nothing was recorded"
j_unchanged
j_ok check

t "writers at the same time: each checks and appends under the lock"
j_save
for i in 1 2 3 4; do
	"$DUBAN" --store "$STORE" start 19 --date 2024-05-10 >"$TMP/par-out-$i" 2>"$TMP/par-err-$i" &
done
for i in 1 2 3 4 5 6 7 8; do
	"$DUBAN" --store "$STORE" note 21 -m "同时 $i" --date 2024-05-10 >/dev/null 2>"$TMP/par-note-$i" &
done
wait
[ "$(cat "$TMP"/par-out-* | wc -l)" -eq 1 ] || fail "not one start recorded: $(cat "$TMP"/par-out-*)"
[ "$(cat "$TMP"/par-err-* | sort -u)" = "duban: item 19 is 推进中 (in-progress): only an item not started yet can be started; a blocked or done one is reopened" ] ||
	fail "other starts said: $(cat "$TMP"/par-err-* | sort -u)"
[ "$(cat "$TMP"/par-note-* | wc -c)" -eq 0 ] || fail "notes said: $(cat "$TMP"/par-note-*)"
run log 21 --format tsv
[ "$(tail -n +2 "$OUT" | cut -f10 | sort -n -k2 | tr '\n' ,)" = "同时 1,同时 2,同时 3,同时 4,同时 5,同时 6,同时 7,同时 8," ] ||
	fail "notes recorded: $(tail -n +2 "$OUT" | cut -f10 | tr '\n' ,)"
size=$(wc -c <"$TMP/journal.saved")
head -c "$size" "$J" | cmp -s - "$TMP/journal.saved" || fail "journal.csv was rewritten"
expect_one_line_each
expect_chained "$J"
j_ok check

# --- damage in the middle -------------------------------------------------

t "a damaged line in the middle: reading goes on, writing stops until it is mended"
j_ok note 16 -m 修复后 --date 2024-05-12
cp "$J" "$TMP/journal.good"
a=$(grep -n ',2024-03-02,6,progress,30,' "$J" | cut -d: -f1)
b=$(grep -n ',7,note,,,王主任,' "$J" | cut -d: -f1)
c=$(grep -n ',2024-04-07,10,actual,' "$J" | cut -d: -f1)
{ [ "$a" -lt "$b" ] && [ "$b" -lt "$c" ] && [ "$c" -lt "$(wc -l <"$J")" ]; } || fail "lines $a $b $c"
# after each of them a line whose sum is right but whose content is not
# (or with a field too few), from the bottom up: nothing links to them,
# the lines after them still link to the lines before
journal_line 'dead0000000000000000000000000003,2024-04-07T09:00:00.000000+08:00,2024-04-07,999,actual,100,年度投资,督办室,' \
	"" "$(sed -n "${c}p" "$J" | sed 's/.*,//')" >"$TMP/journal.bad-line"
sed -i "${c}r $TMP/journal.bad-line" "$J"
printf '%s\n' 'dead0000000000000000000000000002,2024-04-05T09:00:00.000000+08:00,2024-04-05,7,note,,王主任,伪造,dead000000000000/1,,0000000000000000' >"$TMP/journal.bad-line"
sed -i "${b}r $TMP/journal.bad-line" "$J"
journal_line 'dead0000000000000000000000000001,2024-03-02T09:00:00.000000+08:00,2024-03-02,6,progrez,30,,督办室,' \
	"" "$(sed -n "${a}p" "$J" | sed 's/.*,//')" >"$TMP/journal.bad-line"
sed -i "${a}r $TMP/journal.bad-line" "$J"
a=$((a + 1))
b=$((b + 2))
c=$((c + 3))
problems="$J:$a: the kind is not status, progress, note, actual, undo, extend, extend-request, extend-refuse, close-request, close-return or evidence
$J:$b: 11 fields where a record has 12
$J:$c: the item is not in the plan"
run list --status in-progress --format tsv
expect_status 0
expect_ids "3 4 6 9 19"
expect_stderr "$(echo "$problems" | sed 's/^/duban: warning: /')
duban: warning: lines that cannot be read are left out, and a record may be missing; run 'duban check'"
run log 7 --format tsv
expect_status 0
[ "$(tail -n +2 "$OUT" | grep -c 伪造)" -eq 0 ] || fail "log shows the damaged line"
[ "$(tail -n +2 "$OUT" | grep -c 王主任)" -eq 1 ] || fail "log lost the line before the damaged one"
j_save
for cmd in "start 17" "progress 17 10" "done 17" "block 17 -m x" "reopen 5" \
	"note 17 -m x" "actual 10 1 100" "undo"; do
	# shellcheck disable=SC2086
	run $cmd --date 2024-05-13
	expect_status 1
	expect_stdout_empty
	expect_stderr "$(echo "$problems" | sed 's/^/duban: /')
duban: $J is damaged: nothing was recorded; mend the lines above (duban check lists them)"
	j_unchanged
done
run check
expect_status 1
expect_stdout_empty
expect_stderr "$(echo "$problems" | sed 's/^/duban: /')
duban: 3 damaged journal lines"
cp "$TMP/journal.good" "$J"
j_ok check
j_ok start 17 --date 2024-05-13
expect_said "recorded item 17: status 推进中 (entry ID)"
j_ok check

t "broken quoting, a bad entry id and a reused entry id are damage too"
cp "$J" "$TMP/journal.good"
first=$(sed -n 2p "$J")
# the first record again under its id, reporting on another day (a line
# with its own right sum), a broken line, a record with no entry id
journal_add "$STORE" "$(printf '%s\n' "$first" | sed 's/,[^,]*,[^,]*,[^,]*$//; s/,20[0-9][0-9]-[0-9][0-9]-[0-9][0-9],/,2024-01-31,/')"
echo 'x,"broken' >>"$J"
journal_add "$STORE" "$(printf '%s\n' "$first" | sed 's/,[^,]*,[^,]*,[^,]*$//; s/^[0-9a-f]*/ABC/')" \
	abc0000000000000/1
n=$(wc -l <"$J")
problems="duban: $J:$((n - 2)): entry $(echo "$first" | cut -c1-10) is already used on line 2 for another record
duban: $J:$((n - 1)): a quoted field never closes on its line
duban: $J:$n: the entry id is not 32 hex digits"
run check
expect_status 1
expect_stdout_empty
expect_stderr "$problems
duban: 3 damaged journal lines"
refused 1 "$problems
duban: $J is damaged: nothing was recorded; mend the lines above (duban check lists them)" \
	note 18 -m x
cp "$TMP/journal.good" "$J"
j_ok check

t "a first line that is not the header is damage, and the records after it are still read"
cp "$J" "$TMP/journal.good"
records=$(($(wc -l <"$J") - 1))
sed -i '1s/.*/entry,recorded,date,item,kind,value,target,by/' "$J"
run check
expect_status 1
expect_stdout_empty
expect_stderr "duban: $J:1: the first line is not the journal header \"$JOURNAL_HEADER_V2\"
duban: 1 damaged journal lines"
run log --format tsv
expect_status 0
[ "$(tail -n +2 "$OUT" | wc -l)" -eq "$records" ] ||
	fail "log shows $(tail -n +2 "$OUT" | wc -l) records, expected $records"
refused 1 "duban: $J:1: the first line is not the journal header \"$JOURNAL_HEADER_V2\"
duban: $J is damaged: nothing was recorded; mend the lines above (duban check lists them)" \
	note 18 -m x
cp "$TMP/journal.good" "$J"
j_ok check

# --- merging two copies ------------------------------------------------------

t "two copies updated apart merge by concatenation, in either order"
j_new "$TMP/merge-a"
j_ok start 1 --date 2024-06-01
j_ok progress 1 30 --date 2024-06-02
j_ok done 3 --date 2024-06-03
j_ok note 7 -m 共享的说明 --date 2024-06-04
shared=$(j_id 1)
rm -rf "$TMP/merge-b"
cp -R "$TMP/merge-a" "$TMP/merge-b"
# copy A
j_ok progress 1 60 --date 2024-06-05 --by 甲
j_ok done 5 --date 2024-06-05 --by 甲
j_ok block 10 -m '甲: 资金未到' --date 2024-06-06 --by 甲
j_ok undo "$shared" --date 2024-06-06 --by 甲
# copy B, later
j_use "$TMP/merge-b"
j_ok actual 1 2 45 --date 2024-06-07 --by 乙
j_ok block 2 -m '乙: 用地未批' --date 2024-06-07 --by 乙
j_ok done 10 --date 2024-06-08 --by 乙
j_ok reopen 3 -m '乙: 复核' --date 2024-06-08 --by 乙
for order in ab ba; do
	rm -rf "$TMP/merge-$order"
	cp -R "$TMP/merge-a" "$TMP/merge-$order"
done
{ cat "$TMP/merge-a/journal.csv"; tail -n +2 "$TMP/merge-b/journal.csv"; } >"$TMP/merge-ab/journal.csv"
{ cat "$TMP/merge-b/journal.csv"; tail -n +2 "$TMP/merge-a/journal.csv"; } >"$TMP/merge-ba/journal.csv"
for order in ab ba; do
	j_use "$TMP/merge-$order"
	expect_lines 17
	j_ok check
	expect_stdout "$STORE: 56 items, 12 records: no problems"
	j_ok list --format tsv
	cp "$OUT" "$TMP/list-$order"
	j_ok log --format tsv
	cp "$OUT" "$TMP/log-$order"
done
same_bytes "$TMP/list-ab" "$TMP/list-ba"
same_bytes "$TMP/log-ab" "$TMP/log-ba"
expect_states "1 in-progress 60 2 blocked 0 3 in-progress 0 4 not-started 0 5 done 100 6 not-started 0 7 not-started 0 8 not-started 0 9 not-started 0 10 done 100" \
	--section 1
expect_states "5 done 100 10 done 100" --status done
expect_status_ids blocked "2"
expect_rows "$JH
2024-06-08|3|status|in-progress||乙|0|乙: 复核
2024-06-08|10|status|done||乙|0|
2024-06-07|2|status|blocked||乙|0|乙: 用地未批
2024-06-07|1|actual|45|2|乙|0|
2024-06-06|7|undo|$shared||甲|0|
2024-06-06|10|status|blocked||甲|0|甲: 资金未到
2024-06-05|5|status|done||甲|0|
2024-06-05|1|progress|60||甲|0|
2024-06-04|7|note|||督办室|1|共享的说明
2024-06-03|3|status|done||督办室|0|
2024-06-02|1|progress|30||督办室|0|
2024-06-01|1|status|in-progress||督办室|0|"

t "a merged journal with repeated lines takes new records"
j_use "$TMP/merge-ab"
j_ok progress 1 80 --date 2024-06-09
expect_item 1 "in-progress 80"
expect_lines 18
j_ok check
expect_stdout "$STORE: 56 items, 13 records: no problems"

t "the same entry id with other content is damage, not a merge"
j_use "$TMP/merge-ba"
line=$(sed -n 2p "$J")
# with a right sum: not a changed line, but another record
journal_add "$STORE" "$(printf '%s\n' "$line" | sed 's/,[^,]*,[^,]*,[^,]*$//; s/,2024-06-01,/,2024-06-02,/')"
run check
expect_status 1
expect_stderr "duban: $J:18: entry $(echo "$line" | cut -c1-10) is already used on line 2 for another record
duban: 1 damaged journal lines"

unset DUBAN_USER
j_use "$J_SAVED_STORE"
