# show: whole items.

t "show wraps the text to the terminal and lists the targets"
COLUMNS=80 run show 5 42
expect_status 0
expect_stdout_file tests/e2e/expected/show-5-42-80.txt

t "show of an unknown id shows nothing and says which"
run show 1 99
expect_status 2
expect_stdout_empty
expect_stderr "duban: no item 99 in the plan"
run show abc
expect_status 2
expect_stdout_empty
run show
expect_status 2

t "show --format tsv and json give the same fields as list"
run show 53 --format json --as-of 2024-06-30
expect_stdout_file tests/e2e/expected/list-53.json
run show 13 1 --format tsv
expect_ids "13 1"

t "show wraps every line to the terminal: section titles, names and notes"
show_store=$STORE
STORE="$TMP/show-store"
rm -rf "$STORE"
"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init failed"
DUBAN_USER=督办室 run note 11 --date 2024-06-01 -m "八大山人梅湖景区提升改造项目已完成方案设计，正在开展施工图审查；墨香街招商工作同步推进，已签约商户12家。
第二段：研学基地完成选址。"
expect_status 0
COLUMNS=60 run show 11 --as-of 2024-06-30
expect_status 0
[ "$(wc -L <"$OUT")" -le 60 ] || fail "a line is wider than 60: $(wc -L <"$OUT")"
grep -q '^Section       2.1  丰富业态内涵，' "$OUT" || fail "no section line: $(grep Section "$OUT")"
# the note's lines, and its second paragraph, start under the value
grep -q '^History       2024-06-01  note  督办室  八大山人' "$OUT" ||
	fail "history: $(grep -A3 History "$OUT")"
grep -q '^              第二段：研学基地完成选址。$' "$OUT" ||
	fail "the note's second paragraph: $(grep -A6 History "$OUT")"
[ "$(sed -n '/^History/,$p' "$OUT" | grep -vc '^History\|^              [^ ]')" -eq 0 ] ||
	fail "a line of the history is not under the value: $(sed -n '/^History/,$p' "$OUT")"
STORE=$show_store
