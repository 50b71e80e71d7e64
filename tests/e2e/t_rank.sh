# rank: the 红黑榜.  Scores worked out by hand with the default rules
# (red -3, yellow -1, done on time +2, returned -1, a month unreported -2).
# Every item of the bundled plan is due 2024-12-31; the period starts
# 2024-01-01.  On 2024-06-30 序时 is 182 / 366 = 49%, on 2024-03-31 it is
# 91 / 366 = 24%: an open item at 0% is yellow on both days, one at 80%
# green.  A store of this file's own.
#
# 区商务局 leads 2 3 5 6 7 8 13; its clerk reports item 2 at 80% in every
# month from January to May; the office closes 3 on 03-01; the clerk's
# done of 5 (04-20) is returned (04-25).
#   as of 06-30: 2 green, 3 done, 5 6 7 8 13 yellow, 1 returned, 0 months
#                unreported: -5 + 2 - 1 = -4
#   as of 03-31: 5 yellow, 3 done, no return yet: -5 + 2 = -3
# 区住建局 leads 31 32 34 37 41 42, all closed by the office on 06-10, and
# no one reports for it:
#   as of 06-30: 6 done, January to May unreported: 12 - 10 = 2
#   as of 03-31: 6 yellow, January and February unreported: -6 - 4 = -10
# Both are 区直部门 in units.csv: 区住建局 first on 06-30 (up one from
# second on 03-31), 区商务局 second (down one).  区文广新旅局 leads 7 items,
# is in no group and has no record: -7 - 10 = -17 on 06-30, the lowest of
# every ungrouped unit.

RK_SAVED_STORE=$STORE
STORE="$TMP/rank"
fresh_store
export DUBAN_USER=督办室
printf 'name,unit,role\n李娜,区商务局,clerk\n督办室,,office\n' >"$STORE/people.csv"
printf 'review = yes\n' >>"$STORE/store.conf"
printf 'unit,group,contact\n区商务局,区直部门,张科长 0791-8888\n区住建局,区直部门,\n' >"$STORE/units.csv"
for m in 01 02 03 04 05; do
	"$DUBAN" --store "$STORE" progress 2 80 --by 李娜 --date 2024-$m-15 >/dev/null ||
		fail "progress 2 in $m"
done
"$DUBAN" --store "$STORE" done 3 --date 2024-03-01 >/dev/null || fail "done 3"
"$DUBAN" --store "$STORE" done 5 --by 李娜 --date 2024-04-20 >/dev/null || fail "done 5"
"$DUBAN" --store "$STORE" return 5 -m 材料不全 --date 2024-04-25 >/dev/null || fail "return 5"
"$DUBAN" --store "$STORE" done 31 32 34 37 41 42 --date 2024-06-10 >/dev/null ||
	fail "done 31..42"

t "rank: scores by the rules, ranks within the group, and the change since a day"
run --as-of 2024-06-30 rank --since 2024-03-31 --format csv
expect_status 0
[ "$(sed -n 1,3p "$OUT")" = "group,rank,unit,score,red,yellow,done_on_time,returned,missing_reports,late_reports,escalated,rank_since,change
区直部门,1,区住建局,2,0,0,6,0,5,0,0,2,1
区直部门,2,区商务局,-4,0,5,1,1,0,0,0,1,-1" ] || fail "区直部门: $(sed -n 1,3p "$OUT")"
ungrouped=$(grep -c '^,' "$OUT")
[ "$(grep '^,.*,区文广新旅局,' "$OUT")" = ",$ungrouped,区文广新旅局,-17,0,7,0,0,5,0,0,$ungrouped,0" ] ||
	fail "区文广新旅局 of $ungrouped: $(grep 区文广新旅局 "$OUT")"
# every lead unit once, the grouped first
[ "$(awk -F, 'NR > 1' "$OUT" | wc -l)" = "$("$DUBAN" --store "$STORE" units --format csv | awk -F, 'NR > 1 && $2 > 0' | wc -l)" ] ||
	fail "not every lead unit: $(cat "$OUT")"

t "rank: equal scores share a rank, and the next counts them all"
# ungrouped units of one item each, never reported: -1 - 10 = -11
run --as-of 2024-06-30 rank --format csv
expect_status 0
first=$(awk -F, '$1 == "" && $4 == -11 { print $2; exit }' "$OUT")
[ -n "$first" ] && [ "$(awk -F, -v r="$first" '$1 == "" && $4 == -11 && $2 != r' "$OUT")" = "" ] ||
	fail "-11 not one rank: $(awk -F, '$4 == -11' "$OUT")"
n=$(awk -F, '$1 == "" && $4 == -11' "$OUT" | wc -l)
next=$(awk -F, '$1 == "" && $4 < -11 { print $2; exit }' "$OUT")
[ "$next" = "$((first + n))" ] || fail "after $n at rank $first comes $next"

t "rank: the rules of store.conf set the points"
printf 'score_done = 5\nscore_missing_report = 0\n' >>"$STORE/store.conf"
run --as-of 2024-06-30 rank --format csv
expect_status 0
# 区住建局: 6 × 5 = 30; 区商务局: -5 + 5 - 1 = -1
[ "$(sed -n 2,3p "$OUT")" = "区直部门,1,区住建局,30,0,0,6,0,5,0,0
区直部门,2,区商务局,-1,0,5,1,1,0,0,0" ] || fail "rules: $(sed -n 2,3p "$OUT")"
sed -i '/^score_/d' "$STORE/store.conf"

t "rank: reports after report_day are late; items lagging escalate_months in a row escalate"
# Every record here was recorded today, long after the day it reports on:
# with report_day 10, each month 区商务局 reported (January to May) it
# reported late.  With escalate_months 3, an item still open on 06-30 that
# was behind at the end of January to May escalates: 区商务局's 5 6 7 8 13
# (2 was at 80%, 3 is done), none of 区住建局's (all done by 06-30), all 7
# of 区文广新旅局's.
#   区商务局 -4 - 5 × 1 - 5 × 2 = -19; 区住建局 2; 区文广新旅局 -17 - 7 × 2 = -31
printf 'report_day = 10\nescalate_months = 3\n' >>"$STORE/store.conf"
run --as-of 2024-06-30 rank --format csv
expect_status 0
[ "$(sed -n 2,3p "$OUT")" = "区直部门,1,区住建局,2,0,0,6,0,5,0,0
区直部门,2,区商务局,-19,0,5,1,1,0,5,5" ] || fail "late and escalated: $(sed -n 2,3p "$OUT")"
[ "$(grep ',区文广新旅局,' "$OUT" | cut -d, -f3-)" = "区文广新旅局,-31,0,7,0,0,5,0,7" ] ||
	fail "区文广新旅局: $(grep 区文广新旅局 "$OUT")"
# escalation needs the months in a row: by 03-31 (January and February
# over) nothing has lagged 3 month-ends yet
run --as-of 2024-03-31 rank --format csv
expect_status 0
[ "$(awk -F, 'NR > 1 && $11 != 0' "$OUT")" = "" ] || fail "escalated by 03-31: $(cat "$OUT")"
sed -i '/^report_day\|^escalate_months/d' "$STORE/store.conf"

t "rank: the table, JSON, and a day before the plan"
run --as-of 2024-06-30 rank
expect_status 0
grep -q '^区直部门 *1  区住建局 *2 ' "$OUT" || fail "table: $(head -n 3 "$OUT")"
grep -q '^— ' "$OUT" || fail "ungrouped not shown as —: $(cat "$OUT")"
run --as-of 2024-06-30 rank --format json
expect_status 0
[ "$(jq -c '.[1]' "$OUT")" = '{"group":"区直部门","rank":2,"unit":"区商务局","score":-4,"red":0,"yellow":5,"done_on_time":1,"returned":1,"missing_reports":0,"late_reports":0,"escalated":0}' ] ||
	fail "json: $(jq -c '.[1]' "$OUT")"
run --as-of 2024-01-01 rank --format csv
expect_status 0
# the first day: 序时 1 / 366 rounds down to 0, so every open item is
# green, and no month is over
[ "$(awk -F, 'NR > 1 && $4 != 0' "$OUT")" = "" ] || fail "2024-01-01: $(cat "$OUT")"

t "rank -o FILE.xlsx: the ranking as a workbook that openpyxl reads back"
run --as-of 2024-06-30 rank --since 2024-03-31 -o "$TMP/红黑榜.xlsx"
expect_status 0
expect_stdout_empty
/usr/bin/python3 - "$TMP/红黑榜.xlsx" "$ungrouped" >"$TMP/rank-book" 2>&1 <<'PY' || fail "workbook: $(cat "$TMP/rank-book")"
import sys
from openpyxl import load_workbook
ws = load_workbook(sys.argv[1])["红黑榜"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
assert rows[0] == ["分组", "名次", "责任单位", "得分", "红灯", "黄灯", "按期完成",
                   "被退回", "未报送月数", "迟报月数", "升级督办", "原名次",
                   "升降"], rows[0]
assert rows[1] == ["区直部门", 1, "区住建局", 2, 0, 0, 6, 0, 5, 0, 0, 2, 1], rows[1]
assert rows[2] == ["区直部门", 2, "区商务局", -4, 0, 5, 1, 1, 0, 0, 0, 1, -1], rows[2]
n = int(sys.argv[2])
assert len(rows) == 3 + n, len(rows)
assert [r[2:4] for r in rows if r[2] == "区文广新旅局"] == [["区文广新旅局", -17]]
PY
run rank -o "$TMP/红黑榜.csv"
expect_status 2
expect_stderr "duban: rank -o writes a workbook: name it FILE.xlsx, not \"$TMP/红黑榜.csv\" (--format gives text)
Try 'duban rank --help'."

t "rank: bad arguments and a bad units.csv are refused"
run --as-of 2024-06-30 rank --since 2024-07-01
expect_status 2
expect_stderr "duban: --since must come before the day ranked (--as-of)
Try 'duban rank --help'."
run rank --since 昨天
expect_status 2
expect_stderr "duban: --since \"昨天\" is not a date (write 2024-06-30)
Try 'duban rank --help'."
cp "$STORE/units.csv" "$TMP/units.saved"
printf 'unit,group,contact\n区商务局,区直部门,\n区商务局,街道,\n' >"$STORE/units.csv"
run rank
expect_status 1
expect_stderr "duban: $STORE/units.csv:3: 区商务局 is already on line 2"
run check
expect_status 1
expect_stderr "duban: $STORE/units.csv:3: 区商务局 is already on line 2"
printf 'unit,group,contact\n区商务,区直部门,\n' >"$STORE/units.csv"
run rank
expect_status 1
expect_stderr "duban: $STORE/units.csv:2: the plan has no unit \"区商务\" (write it exactly as items.csv does)"
printf 'unit,group\n区商务局,区直部门\n' >"$STORE/units.csv"
run rank
expect_status 1
expect_stderr "duban: $STORE/units.csv:1: the header has no \"contact\" column"
cp "$TMP/units.saved" "$STORE/units.csv"

t "zh_CN: rank in Chinese"
LC_ALL=zh_CN.UTF-8 run --as-of 2024-06-30 rank
expect_status 0
grep -q '^分组' "$OUT" || fail "zh: $(head -n 2 "$OUT")"

unset DUBAN_USER
STORE=$RK_SAVED_STORE
