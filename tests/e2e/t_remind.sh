# remind: a 催办 digest per lead unit, as of a day, worked out by hand.
# A plan of five items of its own:
#   1 区商务局, due 2024-06-20: 5 days late on 2024-06-25
#   2 区商务局, due 2024-06-30: due within 10 days; its clerk's done was
#     returned on 05-22 and not asked for again
#   3 区商务局 and 区住建局, due 2024-12-31, a milestone of 60% on
#     2024-07-01 (within 10 days), at 0%
#   4 区住建局, done; 区住建局 wrote a note on 06-10: it has reported
#   5 区财政局, at 50% on 06-12: nothing to remind it of, so no digest
# 区商务局's clerk recorded nothing in June: not reported this month.

RM_SAVED_STORE=$STORE
STORE="$TMP/remind"
rm -rf "$STORE"
cat >"$TMP/remind-items.csv" <<'PLAN'
id,section,section_title,subsection,subsection_title,text,leaders,lead_units,participants,deadline,deadline_text,targets
1,1,产业,1,招商,完成招商推介会。,杨峰,区商务局,,2024-06-20,2024年6月20日前,
2,1,产业,1,招商,出台招商奖励办法。,杨峰,区商务局,,2024-06-30,2024年6月底,
3,1,产业,2,载体,建成数字产业园。,杨峰,区商务局;区住建局,,2024-12-31,2024年12月底,
4,2,民生,1,住房,完成老旧小区改造。,徐志勇,区住建局,,2024-12-31,2024年12月底,
5,2,民生,2,财政,完成预算绩效评价。,徐志勇,区财政局,,2024-12-31,2024年12月底,
PLAN
"$DUBAN" --store "$STORE" init --from "$TMP/remind-items.csv" >/dev/null 2>&1 || fail "init"
export DUBAN_USER=督办室
printf 'name,unit,role\n李娜,区商务局,clerk\n督办室,,office\n' >"$STORE/people.csv"
printf 'review = yes\n' >>"$STORE/store.conf"
printf 'item,date,percent,text\n3,2024-07-01,60,主体完工\n' >"$STORE/milestones.csv"
printf 'unit,group,contact\n区商务局,区直部门,张科长 0791-8888\n' >"$STORE/units.csv"
for cmd in "done 2 --by 李娜 --date 2024-05-20" "return 2 -m 缺少文件 --date 2024-05-22" \
	"done 4 --date 2024-06-01" "note 4 -m 已完工 --by 区住建局 --date 2024-06-10" \
	"progress 5 50 --by 区财政局 --date 2024-06-12"; do
	# shellcheck disable=SC2086
	"$DUBAN" --store "$STORE" $cmd >/dev/null || fail "$cmd"
done

RM_SHANGWU='[duban reminder] 区商务局, as of 2024-06-25:
1 item overdue: #1 (5 days late)
1 item due within 10 days: #2 (due 2024-06-30)
1 milestone coming: #3 by 2024-07-01 60% (now 0%)
1 closure returned, to do again: #2
nothing reported yet for 2024-06'
RM_ZHUJIAN='[duban reminder] 区住建局, as of 2024-06-25:
1 milestone coming: #3 by 2024-07-01 60% (now 0%)'

t "remind: one digest per unit with something to say, naming the right items"
run --as-of 2024-06-25 remind --within 10
expect_status 0
expect_stdout "$RM_SHANGWU

$RM_ZHUJIAN"

t "remind: the window is warn_days unless --within says; a bad one is refused"
# warn_days 15: item 3's milestone (6 days) is in, and so is 2 (5 days)
run --as-of 2024-06-25 remind
expect_status 0
[ "$(grep -c '^1 milestone coming' "$OUT")" = 2 ] || fail "default window: $(cat "$OUT")"
run --as-of 2024-06-25 remind --within 3
expect_status 0
grep -q 'due within' "$OUT" && fail "--within 3 lists item 2: $(cat "$OUT")"
grep -q 'milestone' "$OUT" && fail "--within 3 lists the milestone: $(cat "$OUT")"
run remind --within -1
expect_status 2
expect_stderr "duban: --within takes a number of days from 0 to 3650, not \"-1\"
Try 'duban remind --help'."

t "remind -o DIR: one file per unit, the same bytes when run again"
run --as-of 2024-06-25 remind --within 10 -o "$TMP/催办"
expect_status 0
expect_stdout "2 reminders written to $TMP/催办"
[ "$(ls "$TMP/催办" | tr '\n' ' ')" = "区住建局.txt 区商务局.txt " ] ||
	fail "files: $(ls "$TMP/催办")"
[ "$(cat "$TMP/催办/区商务局.txt")" = "$RM_SHANGWU" ] || fail "区商务局.txt: $(cat "$TMP/催办/区商务局.txt")"
[ "$(cat "$TMP/催办/区住建局.txt")" = "$RM_ZHUJIAN" ] || fail "区住建局.txt: $(cat "$TMP/催办/区住建局.txt")"
cp "$TMP/催办/区商务局.txt" "$TMP/remind-first.txt"
run --as-of 2024-06-25 remind --within 10 -o "$TMP/催办"
expect_status 0
same_bytes "$TMP/remind-first.txt" "$TMP/催办/区商务局.txt"

t "remind: CSV and JSON give each unit's counts, contact and text"
run --as-of 2024-06-25 remind --within 10 --format json
expect_status 0
[ "$(jq -c '.[0] | [.unit, .contact, .overdue, .due, .milestones, .returned, .unreported]' "$OUT")" = '["区商务局","张科长 0791-8888",1,1,1,1,1]' ] ||
	fail "json: $(jq -c '.[0]' "$OUT")"
[ "$(jq -r '.[1].text' "$OUT")" = "$RM_ZHUJIAN" ] || fail "json text: $(jq -r '.[1].text' "$OUT")"
[ "$(jq length "$OUT")" = 2 ] || fail "json: $(cat "$OUT")"

t "remind: a plan with nothing to remind anyone of says so"
head -n 2 "$TMP/remind-items.csv" >"$TMP/remind-one.csv"
rm -rf "$TMP/remind-one"
"$DUBAN" --store "$TMP/remind-one" init --from "$TMP/remind-one.csv" >/dev/null 2>&1 || fail "init"
"$DUBAN" --store "$TMP/remind-one" done 1 --date 2024-06-01 >/dev/null || fail "done 1"
"$DUBAN" --store "$TMP/remind-one" --as-of 2024-06-25 remind >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout_empty
expect_stderr "duban: no unit has anything to be reminded of"

t "zh_CN: the digest in Chinese"
LC_ALL=zh_CN.UTF-8 run --as-of 2024-06-25 remind --within 10
expect_status 0
grep -q '^【督办提醒】区商务局' "$OUT" || fail "zh: $(cat "$OUT")"

unset DUBAN_USER
STORE=$RM_SAVED_STORE
