# Milestones (节点) and the office's rules.  Every item of the bundled plan
# is due 2024-12-31, and its period starts 2024-01-01 (2024 has 366 days).
# A store of this file's own.
#
# By hand, for item 1 at 40% on 2024-04-01 (day 92): the time share is
# 9200 / 366 = 25.1 → 25, so 40% is on schedule; with a milestone of 80% at
# 2024-03-31, 序时 is 80 + 20 × 1 / 275 = 80.07 → 80, so 40% is behind by
# 40 points.  On 2024-03-20 (day 80) the line to the milestone gives
# 80 × 80 / 91 = 70.3 → 70.

MS_SAVED_STORE=$STORE
STORE="$TMP/milestone"
fresh_store
export DUBAN_USER=督办室

# ms_row ID ASOF: "id|health|light" of item ID in list as of ASOF.
ms_row() {
	"$DUBAN" --store "$STORE" --as-of "$2" list --format tsv |
		awk -F'\t' -v id="$1" '
			NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
			$1 == id { print $1 "|" $col["health"] "|" $col["light"] }'
}

t "milestone: 80% by 2024-03-31 makes 40% on 2024-04-01 behind, where the time share calls it on schedule"
run progress 1 40 --date 2024-03-01
expect_status 0
[ "$(ms_row 1 2024-04-01)" = "1|on-schedule|green" ] || fail "before: $(ms_row 1 2024-04-01)"
run milestone add 1 2024-03-31 80% -m 一季度完成招引80%
expect_status 0
expect_stdout_empty
[ "$(cat "$STORE/milestones.csv")" = "item,date,percent,text
1,2024-03-31,80,一季度完成招引80%" ] || fail "milestones.csv: $(cat "$STORE/milestones.csv")"
[ "$(ms_row 1 2024-04-01)" = "1|behind|yellow" ] || fail "after: $(ms_row 1 2024-04-01)"
# an item without milestones keeps the time share
[ "$(ms_row 2 2024-04-01)" = "2|behind|yellow" ] || fail "item 2: $(ms_row 2 2024-04-01)"
run progress 2 25 --date 2024-03-01
[ "$(ms_row 2 2024-04-01)" = "2|on-schedule|green" ] || fail "item 2 at 25%: $(ms_row 2 2024-04-01)"

t "milestone list: each with the item's percent and whether it was met"
run milestone add 1 2024-06-30 90 -m 过九成
expect_status 0
run milestone add 3 2024-09-30 50
expect_status 0
run milestone list --format tsv --as-of 2024-04-01
expect_status 0
expect_stdout "id	date	percent	reached	standing	text
1	2024-03-31	80	40	missed	一季度完成招引80%
1	2024-06-30	90	40	upcoming	过九成
3	2024-09-30	50	0	upcoming	"
run milestone list 3 --format csv --as-of 2024-04-01
expect_stdout "id,date,percent,reached,standing,text
3,2024-09-30,50,0,upcoming,"
run progress 1 85 --date 2024-04-02
run milestone list 1 --format tsv --as-of 2024-04-02
expect_stdout "id	date	percent	reached	standing	text
1	2024-03-31	80	85	met	一季度完成招引80%
1	2024-06-30	90	85	upcoming	过九成"

t "due names an item whose milestone falls in the window, soonest first"
# as of 2024-09-20 with the window of 15 days: item 3's milestone on
# 2024-09-30; nothing else is due (every deadline is 2024-12-31)
run due --as-of 2024-09-20 --format tsv
expect_status 0
[ "$(cut -f1,2,9,10 "$OUT")" = "id	days_left	milestone	milestone_percent
3	102	2024-09-30	50" ] || fail "due: $(cut -f1,2,9,10 "$OUT")"
run due --as-of 2024-06-20 --within 20 --format tsv
[ "$(cut -f1,9,10 "$OUT")" = "id	milestone	milestone_percent
1	2024-06-30	90" ] || fail "due in June: $(cut -f1,9,10 "$OUT")"
# deadlines and milestones together, soonest first: 12-20 gives every item
# (11 days left), item 3's milestone is long past
run due --as-of 2024-12-20 --format tsv
[ "$(sed -n 2p "$OUT" | cut -f1,2,9)" = "1	11	" ] || fail "December: $(sed -n 2p "$OUT")"

t "milestone add and remove refuse what does not hold, the file untouched"
cp "$STORE/milestones.csv" "$TMP/ms.before"
run milestone add 1 2024-09-30 60
expect_status 1
expect_stderr "duban: item 1 is expected at 90% by 2024-06-30 already: a later milestone cannot ask for less"
run milestone add 1 2024-02-29 85
expect_status 1
expect_stderr "duban: item 1 is expected at 80% only by 2024-03-31: an earlier milestone cannot ask for more"
run milestone add 1 2024-03-31 80
expect_status 1
expect_stderr "duban: item 1 has a milestone on 2024-03-31 already"
run milestone add 1 2025-01-31 100
expect_status 1
expect_stderr "duban: item 1 is due 2024-12-31: a milestone comes on or before it"
run milestone add 999 2024-03-31 50
expect_status 2
expect_stderr "duban: no item 999 in the plan"
run milestone add 1 2024-13-01 50
expect_status 2
expect_stderr "duban: \"2024-13-01\" is not a date (write 2024-09-30)
Try 'duban milestone --help'."
run milestone add 1 2024-05-01 120
expect_status 2
expect_stderr "duban: \"120\" is not a percent from 0 to 100
Try 'duban milestone --help'."
run milestone remove 1 2024-05-01
expect_status 1
expect_stderr "duban: item 1 has no milestone on 2024-05-01"
run milestone rename 1
expect_status 2
expect_stderr "duban: milestone takes add, list or remove, not \"rename\"
Try 'duban milestone --help'."
same_bytes "$STORE/milestones.csv" "$TMP/ms.before"
run milestone remove 1 2024-06-30
expect_status 0
[ "$(cat "$STORE/milestones.csv")" = "item,date,percent,text
1,2024-03-31,80,一季度完成招引80%
3,2024-09-30,50," ] || fail "after remove: $(cat "$STORE/milestones.csv")"
ls "$STORE" | grep -q tmp && fail "a temporary file is left: $(ls "$STORE")"

t "people.csv: only the office edits milestones"
printf 'name,unit,role\n王芳,区住建局,clerk\n督办室,,office\n' >"$STORE/people.csv"
cp "$STORE/milestones.csv" "$TMP/ms.before"
DUBAN_USER=王芳 run milestone add 3 2024-06-30 20
expect_status 1
expect_stderr "duban: only the office (督查室) may milestone, and 王芳 is not of it in $STORE/people.csv"
same_bytes "$STORE/milestones.csv" "$TMP/ms.before"
DUBAN_USER=王芳 run milestone list 3 --format csv --as-of 2024-04-01
expect_status 0
rm "$STORE/people.csv"

t "a milestones.csv edited badly is refused by every command, with its line"
cp "$STORE/milestones.csv" "$TMP/ms.good"
printf 'item,date,percent,text\n1,2024-03-31,80,\n1,2024-06-30,70,年中\n' >"$STORE/milestones.csv"
run list
expect_status 1
expect_stdout_empty
expect_stderr "duban: $STORE/milestones.csv:3: item 1 is expected at 80% by 2024-03-31 (line 2), more than the 70% of this later milestone"
run progress 1 90
expect_status 1
expect_stderr "duban: $STORE/milestones.csv:3: item 1 is expected at 80% by 2024-03-31 (line 2), more than the 70% of this later milestone"
printf '\357\273\277item,date,percent,text\r\n1,2024/3/31,0.8,一季度\r\n' >"$STORE/milestones.csv"
run milestone list --format csv --as-of 2024-04-02
expect_status 0
expect_stdout "id,date,percent,reached,standing,text
1,2024-03-31,80,85,met,一季度"
cp "$TMP/ms.good" "$STORE/milestones.csv"

t "rules: every rule with the value in force; a bad rule refused with its line"
run rules --format csv
expect_status 0
expect_stdout "key,value,meaning
format,1,the layout of the store: 1
start,2024-01-01,\"the first day of the plan's period, from which 序时进度 is counted (default: 1 January of the year of the earliest deadline)\"
warn_days,15,\"an open item due within this many days is blue (临近时限), 0 to 3650\"
yellow_behind,0,\"an open item more than this many points behind 序时进度 is yellow (滞后), 0 to 100\"
red_behind,off,\"an open item this many points or more behind 序时进度 is red, 1 to 100, or off (red is then overdue alone)\"
review,no,yes: a unit's done awaits the office's review (申请办结) until duban approve; no: done is done (default)
score_red,-3,\"rank: points for each open item a unit leads that is red, -100 to 100\"
score_yellow,-1,\"rank: points for each open item a unit leads that is yellow, -100 to 100\"
score_done,2,\"rank: points for each item a unit leads that was done by its deadline, -100 to 100\"
score_returned,-1,\"rank: points for each closure of a unit's items the office returned, -100 to 100\"
score_missing_report,-2,\"rank: points for each month gone by in which a unit with open items recorded nothing, -100 to 100\"
report_day,off,\"units report each month by this day, 1 to 28, or off: a report recorded later is late\"
score_late_report,-1,\"rank: points for each month a unit reported after report_day, -100 to 100\"
escalate_months,off,\"an open item behind or overdue at this many month-ends in a row is escalated (升级督办), 1 to 24, or off\"
score_escalated,-2,\"rank: points for each escalated item a unit leads, -100 to 100\"
office,,\"the office that issues the 通报, as its masthead names it (default: 督查室)\"
plan_title,,\"the plan's title, as the 通报 names it (default: 重点工作)\""
cp "$STORE/store.conf" "$TMP/conf.before"
printf '# 督查室的规则\nformat = 1\nred_behind = 0\n' >"$STORE/store.conf"
run rules
expect_status 1
expect_stderr "duban: $STORE/store.conf:3: red_behind \"0\" is not a whole number from 1 to 100, or off"
printf 'format = 1\nwarn_days = 10\nwarn_days = 20\n' >"$STORE/store.conf"
run list
expect_status 1
expect_stderr "duban: $STORE/store.conf:3: warn_days is set on line 2 already"
printf 'format = 1\nred_days = 3\n' >"$STORE/store.conf"
run list
expect_status 1
expect_stderr "duban: $STORE/store.conf:2: unknown setting \"red_days\" (duban rules lists them)"

t "rules: yellow_behind and red_behind set the lights"
# item 1 at 85% against 序时 80 on 2024-04-01: on schedule; item 3 at 0%
# against the line to its 50% on 2024-09-30, 50 × 92 / 274 = 16.8 → 16
printf 'format = 1\nyellow_behind = 16\nred_behind = 30\n' >"$STORE/store.conf"
[ "$(ms_row 3 2024-04-01)" = "3|on-schedule|green" ] || fail "16 behind with yellow_behind 16: $(ms_row 3 2024-04-01)"
printf 'format = 1\nyellow_behind = 15\nred_behind = 30\n' >"$STORE/store.conf"
[ "$(ms_row 3 2024-04-01)" = "3|behind|yellow" ] || fail "16 behind with yellow_behind 15: $(ms_row 3 2024-04-01)"
# 2024-06-30: 50 × 182 / 274 = 33.2 → 33 behind, red at 30
[ "$(ms_row 3 2024-06-30)" = "3|behind|red" ] || fail "33 behind with red_behind 30: $(ms_row 3 2024-06-30)"
printf 'format = 1\nred_behind = 34\n' >"$STORE/store.conf"
[ "$(ms_row 3 2024-06-30)" = "3|behind|yellow" ] || fail "33 behind with red_behind 34: $(ms_row 3 2024-06-30)"
cp "$TMP/conf.before" "$STORE/store.conf"

t "zh_CN: milestone list and rules in Chinese"
LC_ALL=zh_CN.UTF-8 "$DUBAN" --store "$STORE" --as-of 2024-04-02 milestone list 1 >"$OUT" 2>"$ERR"
grep -q '一季度完成招引80%' "$OUT" || fail "milestone list: $(cat "$OUT")"
head -n 1 "$OUT" | grep -q '[A-Za-z]' && fail "English in the header: $(head -n 1 "$OUT")"
grep -q '已达到' "$OUT" || fail "no 已达到: $(cat "$OUT")"
LC_ALL=zh_CN.UTF-8 "$DUBAN" --store "$STORE" rules --format tsv >"$OUT" 2>"$ERR"
grep -q '^warn_days	15	' "$OUT" || fail "rules: $(cat "$OUT")"
cut -f3 "$OUT" | tail -n +2 | grep -q 'open item' && fail "English meanings: $(cat "$OUT")"

t "check: a milestone of an item not in the plan, or after its deadline"
run check
expect_status 0
cp "$STORE/milestones.csv" "$TMP/ms.before"
n=$(($(wc -l <"$STORE/milestones.csv") + 1))
printf '999,2024-05-31,50,不存在的事项\n3,2025-01-31,90,\n' >>"$STORE/milestones.csv"
run check
expect_status 1
expect_stderr "duban: $STORE/milestones.csv:$((n + 1)): the milestone comes after item 3's deadline, 2024-12-31
duban: $STORE/milestones.csv:$n: item 999 is not in the plan"
cp "$TMP/ms.before" "$STORE/milestones.csv"
run check
expect_status 0

unset DUBAN_USER
STORE=$MS_SAVED_STORE
