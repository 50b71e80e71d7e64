# list: filters, matching, errors and formats.

t "list --unit 区商务局 gives the items it leads"
run list --unit 区商务局 --format tsv
expect_status 0
expect_ids "2 3 5 6 7 8 13"

t "a unit matches entries with a parenthesised suffix"
run list --unit 区住建局 --format tsv
expect_ids "30 31 32 34 36 37 41 42"
run list --unit '区住建局（旧改办）' --format tsv
expect_ids "30 36"

t "a unit matches a part of a collective designation"
run list --participant 集聚区 --format tsv
expect_ids "1 2 3 5 6 7 8 9 10 12 14 15 16 18 19 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56"
run list --participant 区国投集团 --format tsv
expect_ids "31 32 48"

t "--involving is lead or participant"
run list --involving 区科工局 --format tsv
expect_ids "1 2 13 14 15 21 22 23"

t "--leader, and filters combine"
run list --leader 杨峰 --format tsv
expect_ids "1 2 3 4 5 6 7 8 13 21 22 23"
run list --leader 徐志勇 --section 5 --format tsv
expect_ids "44 45 46 48 49 50 54"
run list --leader 杨峰 --unit 区科工局 --grep 力争 --format tsv
expect_ids "1 2 22 23"

t "--section takes 2, 二 and 二.3"
run list --section 2 --format tsv
expect_ids "11 12 13 14 15 16 17 18"
run list --section 二.3 --format tsv
expect_ids "16 17 18"

t "--grep finds text"
run list --grep 断头路 --format tsv
expect_ids "31"

t "an empty result is a success"
run list --unit 区商务局 --section 5
expect_status 0
expect_stdout_empty

t "an unknown unit is an error that suggests the closest names"
run list --unit 商务局
expect_status 2
expect_stdout_empty
expect_stderr 'duban: no unit "商务局" in the plan; did you mean 区商务局?'
run list --leader 杨锋
expect_status 2
expect_stderr 'duban: no leader "杨锋" in the plan; did you mean 杨峰?'
run list --unit 完全不存在的单位名称
expect_status 2
expect_stderr 'duban: no unit "完全不存在的单位名称" in the plan'

t "bad command lines exit 2"
run list --section 一千
expect_status 2
run list --section 零
expect_status 2
run list --section 3.
expect_status 2
run list --format xml
expect_status 2
expect_stderr 'duban: --format takes table, csv, tsv or json, not "xml"
Try '"'"'duban list --help'"'"'.'
run list --frobnicate
expect_status 2
run list extra
expect_status 2
run_bare nosuchcommand
expect_status 2

t "--section reads Chinese numerals as plans print them"
run list --section 三 --format csv
expect_status 0
cp "$OUT" "$TMP/section-3.csv"
run list --section 3 --format csv
same_bytes "$TMP/section-3.csv" "$OUT"
run list --section 九十九 --format csv
expect_status 0
[ "$(wc -l <"$OUT")" -eq 1 ] || fail "section 99 is empty: $(wc -l <"$OUT") lines"

t "list --format csv of the whole plan is items.csv again, then status, percent and health"
run list --format csv --as-of 2024-06-30
expect_status 0
# the bundled plan has no ASCII comma inside a field: cut can split it
cut -d, -f1-12 "$OUT" >"$TMP/plan.csv"
same_bytes data/items.csv "$TMP/plan.csv"
[ "$(cut -d, -f13- "$OUT" | sort | uniq -c | sed 's/^ *//')" = "$(printf '56 not-started,0,behind,yellow,,0,,,0\n1 status,percent,health,light,deadline_extended,extensions,deadline_requested,review_requested,closures_returned')" ] ||
	fail "status and percent columns: $(cut -d, -f13- "$OUT" | sort | uniq -c)"

t "the terminal table lines up CJK text and wraps the task to the width, or gives records when too narrow"
COLUMNS=80 run list --unit 区住建局 --as-of 2024-06-30
expect_stdout_file tests/e2e/expected/list-unit-80.txt
COLUMNS=60 run list --leader 聂洪明 --grep 路 --as-of 2024-06-30
expect_stdout_file tests/e2e/expected/list-leader-60.txt

t "list --format json keeps lists as arrays and targets as objects"
run list --grep 托位 --format json --as-of 2024-06-30
expect_stdout_file tests/e2e/expected/list-53.json

t "--color always makes the header bold; NO_COLOR is honoured in auto mode"
COLUMNS=80 run --color always list --grep 断头路
head -n 1 "$OUT" | grep -q "$(printf '\033\\[1m')" || fail "no bold header"
NO_COLOR=1 COLUMNS=80 run list --grep 断头路
grep -q "$(printf '\033')" "$OUT" && fail "colour despite NO_COLOR"

t "an empty report on a terminal says so on one line; piped, it says nothing"
PTY=${PTYRUN:-build/tests/ptyrun}
"$PTY" 80 24 "$DUBAN" --store "$STORE" list --grep 没有这样的任务 >"$OUT" 2>"$ERR"
expect_status 0
expect_stdout "duban: no matching items"
"$PTY" 80 24 "$DUBAN" --store "$STORE" log --by 无人 >"$OUT" 2>"$ERR"
expect_stdout "duban: no matching records"
"$PTY" 80 24 env LC_ALL=zh_CN.UTF-8 "$DUBAN" --store "$STORE" list --grep 没有这样的任务 >"$OUT" 2>"$ERR"
expect_status 0
expect_stdout "duban: 没有符合条件的事项"
run list --grep 没有这样的任务
expect_status 0
expect_stdout_empty
[ ! -s "$ERR" ] || fail "piped: stderr $(cat "$ERR")"

t "on a terminal a listing goes through the pager; --no-pager, a pipe and help do not"
PTY=${PTYRUN:-build/tests/ptyrun}
# a pager that marks each line it shows
DUBAN_PAGER='sed s/^/P:/' "$PTY" 100 10 "$DUBAN" --store "$STORE" --color never \
	list --unit 区国投集团 --as-of 2024-06-30 >"$OUT" 2>"$ERR"
expect_status 0
head -n 1 "$OUT" | grep -q '^P:ID  Leaders  Deadline' || fail "paged: $(head -n 1 "$OUT")"
[ "$(grep -vc '^P:' "$OUT")" = 0 ] || fail "a line not through the pager: $(grep -v '^P:' "$OUT" | head -n 1)"
# the terminal's width, not the pipe's: the task wraps at 100 columns
w=$(sed 's/^P://' "$OUT" | wc -L)
[ "$w" -le 100 ] && [ "$w" -gt 60 ] || fail "paged lines are $w columns wide on a 100-column terminal"
DUBAN_PAGER='sed s/^/P:/' "$PTY" 100 10 "$DUBAN" --store "$STORE" list --no-pager \
	--unit 区国投集团 --as-of 2024-06-30 >"$OUT" 2>"$ERR"
! grep -q '^P:' "$OUT" || fail "--no-pager after the command paged"
DUBAN_PAGER='sed s/^/P:/' "$PTY" 100 10 "$DUBAN" --store "$STORE" --no-pager list \
	--unit 区国投集团 --as-of 2024-06-30 >"$OUT" 2>"$ERR"
! grep -q '^P:' "$OUT" || fail "--no-pager before the command paged"
DUBAN_PAGER='sed s/^/P:/' "$PTY" 100 10 "$DUBAN" --store "$STORE" list --help >"$OUT" 2>"$ERR"
! grep -q '^P:' "$OUT" || fail "help paged"
DUBAN_PAGER='sed s/^/P:/' "$DUBAN" --store "$STORE" list --unit 区国投集团 >"$OUT" 2>"$ERR"
! grep -q '^P:' "$OUT" || fail "a pipe paged"
# without less or a pager named, output goes straight to the terminal
# (not under the valgrind wrapper, which needs its PATH)
if [ -z "${DUBAN_BIN:-}" ]; then
	env -u DUBAN_PAGER PATH=/nonexistent "$PTY" 100 10 "$DUBAN" --store "$STORE" \
		list --unit 区国投集团 --as-of 2024-06-30 >"$OUT" 2>"$ERR"
	head -n 1 "$OUT" | grep -q 'ID  Leaders' || fail "no pager: $(head -n 1 "$OUT")"
fi
