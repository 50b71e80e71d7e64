# diff: what changed between two days, worked out by hand on a plan of
# five items of its own, from 2024-05-31 to 2024-06-25:
#   1 区商务局, due 06-20, at 0%: behind (序时 152 / 172 = 88%) and yellow,
#     then overdue and red
#   2 区商务局, due 06-30: its clerk's done (06-10) returned (06-12), then
#     the office's done (06-15): done, yellow to green, one return
#   3 区商务局 and 区住建局, extended on 06-05 from 2024-12-31 to
#     2025-03-31; yellow on both days (序时 41%, then 177 / 456 = 38%)
#   4 区住建局, done by the office on 06-01: yellow to green
#   5 区财政局, at 50% on 06-12 against 序时 48%: yellow to green
# Ranks (no groups; January to April, then to May, unreported by all):
#   05-31  区财政局 -1 - 8 = -9 (1), 区住建局 -2 - 8 = -10 (2),
#          区商务局 -3 - 8 = -11 (3)
#   06-25  区住建局 -1 + 2 - 10 = -9 (1), 区财政局 0 - 10 = -10 (2),
#          区商务局 -3 + 2 - 1 - 1 - 10 = -13 (3, unmoved)

DF_SAVED_STORE=$STORE
STORE="$TMP/diff"
rm -rf "$STORE"
cat >"$TMP/diff-items.csv" <<'PLAN'
id,section,section_title,subsection,subsection_title,text,leaders,lead_units,participants,deadline,deadline_text,targets
1,1,产业,1,招商,完成招商推介会。,杨峰,区商务局,,2024-06-20,2024年6月20日前,
2,1,产业,1,招商,出台招商奖励办法。,杨峰,区商务局,,2024-06-30,2024年6月底,
3,1,产业,2,载体,建成数字产业园。,杨峰,区商务局;区住建局,,2024-12-31,2024年12月底,
4,2,民生,1,住房,完成老旧小区改造。,徐志勇,区住建局,,2024-12-31,2024年12月底,
5,2,民生,2,财政,完成预算绩效评价。,徐志勇,区财政局,,2024-12-31,2024年12月底,
PLAN
"$DUBAN" --store "$STORE" init --from "$TMP/diff-items.csv" >/dev/null 2>&1 || fail "init"
export DUBAN_USER=督办室
printf 'name,unit,role\n李娜,区商务局,clerk\n督办室,,office\n' >"$STORE/people.csv"
printf 'review = yes\n' >>"$STORE/store.conf"
for cmd in "done 4 --date 2024-06-01" "extend 3 2025-03-31 -m 土地未交付 --date 2024-06-05" \
	"done 2 --by 李娜 --date 2024-06-10" "return 2 -m 缺少文件 --date 2024-06-12" \
	"progress 5 50 --by 区财政局 --date 2024-06-12" "done 2 --date 2024-06-15"; do
	# shellcheck disable=SC2086
	"$DUBAN" --store "$STORE" $cmd >/dev/null || fail "$cmd"
done

t "diff: the items that changed, and the units whose rank moved"
run --as-of 2024-06-25 diff --since 2024-05-31 --format csv
expect_status 0
expect_stdout "change,item,unit,before,after,text
overdue,1,区商务局,behind,2024-06-20,完成招商推介会。
light,1,区商务局,yellow,red,完成招商推介会。
done,2,区商务局,not-started,2024-06-15,出台招商奖励办法。
light,2,区商务局,yellow,green,出台招商奖励办法。
returned,2,区商务局,0,1,出台招商奖励办法。
extended,3,区商务局、区住建局,2024-12-31,2025-03-31,建成数字产业园。
done,4,区住建局,not-started,2024-06-01,完成老旧小区改造。
light,4,区住建局,yellow,green,完成老旧小区改造。
light,5,区财政局,yellow,green,完成预算绩效评价。
rank,,区住建局,2,1,
rank,,区财政局,1,2,"

t "diff: a day later than nothing changed, and the table"
run --as-of 2024-06-25 diff --since 2024-06-24 --format csv
expect_status 0
expect_stdout "change,item,unit,before,after,text"
run --as-of 2024-06-25 diff --since 2024-06-24
expect_status 0
expect_stdout_empty
run --as-of 2024-06-25 diff --since 2024-05-31
expect_status 0
grep -q '^overdue  *1  区商务局 ' "$OUT" || fail "table: $(cat "$OUT")"

t "diff: --since is needed, a date, and before --as-of"
run diff
expect_status 2
expect_stderr "duban: diff needs --since DATE
Try 'duban diff --help'."
run --as-of 2024-06-25 diff --since 2024-06-25
expect_status 2
expect_stderr "duban: --since must come before --as-of
Try 'duban diff --help'."
run diff --since 上月
expect_status 2
expect_stderr "duban: --since \"上月\" is not a date (write 2024-06-30)
Try 'duban diff --help'."

t "zh_CN: diff in Chinese"
LC_ALL=zh_CN.UTF-8 run --as-of 2024-06-25 diff --since 2024-05-31
expect_status 0
grep -q '^逾期 ' "$OUT" || fail "zh: $(cat "$OUT")"

unset DUBAN_USER
STORE=$DF_SAVED_STORE
