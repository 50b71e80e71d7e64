# The reports: overdue, due, the health and light of list, summary and
# targets, on the bundled plan (56 items, every deadline 2024-12-31) with
# a scripted history, and the store.conf settings that change them.
#
# Every figure below is worked out by hand from the rules of health.h:
# 2024 has 366 days; with the default start 2024-01-01 the 序时进度 at a
# day is floor(day_of_year * 100 / 366), and an open item is on schedule
# when its percent is at or above it.  Each check says how.  The tests use
# a store of their own and give the shared $STORE back untouched.

R_SAVED_STORE=$STORE
export DUBAN_USER=督办室

# r_all_but "IDS": the ids 1..56 in plan order, without IDS.
r_all_but() {
	r_i=1
	r_left=""
	while [ $r_i -le 56 ]; do
		case " $1 " in
		*" $r_i "*) ;;
		*) r_left="$r_left${r_left:+ }$r_i" ;;
		esac
		r_i=$((r_i + 1))
	done
	echo "$r_left"
}

r_quiet() {
	[ ! -s "$ERR" ] || fail "stderr not empty: $(cat "$ERR")"
}

# r_record ARGS... / r_cmd ARGS...: duban ARGS succeeds, quietly.
r_record() {
	run "$@"
	expect_status 0
	r_quiet
}
r_cmd() {
	r_record "$@"
}

# r_ids "IDS" ARGS...: duban ARGS --format tsv succeeds, quietly, with
# exactly those ids in that order.
r_ids() {
	want=$1
	shift
	run "$@" --format tsv
	expect_status 0
	r_quiet
	expect_ids "$want"
}

# r_cols FIELDS "ROWS" ARGS...: duban ARGS --format tsv succeeds and its
# rows (no header), cut to FIELDS, tab written "|", are exactly ROWS.
r_cols() {
	fields=$1
	want=$2
	shift 2
	run "$@" --format tsv
	expect_status 0
	r_quiet
	printf '%s\n' "$want" >"$TMP/expected"
	tail -n +2 "$OUT" | cut -f"$fields" | tr '\t' '|' >"$TMP/got"
	cmp -s "$TMP/expected" "$TMP/got" ||
		fail "rows of $*:$(diff "$TMP/expected" "$TMP/got" | sed 's/^/    /')"
}

# r_health "ID HEALTH LIGHT ..." ARGS...: in list ARGS --format tsv, those
# items (given in plan order) have that health and light.
r_health() {
	want=$1
	shift
	run list --format tsv "$@"
	expect_status 0
	r_quiet
	got=$(awk -F'\t' -v ids=" $(echo "$want" | awk '{ for (i = 1; i <= NF; i += 3) printf "%s ", $i }')" \
		'NR > 1 && index(ids, " " $1 " ") { print $1, $15, $16 }' "$OUT" |
		tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "health [$got], expected [$want]"
}

# r_summary "ROWS" ARGS...: summary ARGS --format tsv is the header and
# exactly ROWS (tab written "|"), and every row of it has items = done +
# on_schedule + behind + overdue.
r_summary() {
	want="group|items|done|done_late|on_schedule|behind|overdue|average_percent|targets|targets_met
$1"
	shift
	run summary "$@" --format tsv
	expect_status 0
	r_quiet
	printf '%s\n' "$want" >"$TMP/expected"
	tr '\t' '|' <"$OUT" >"$TMP/got"
	cmp -s "$TMP/expected" "$TMP/got" ||
		fail "summary $*:$(diff "$TMP/expected" "$TMP/got" | sed 's/^/    /')"
	r_invariant
}

# r_invariant: every row of summary TSV stdout adds up.
r_invariant() {
	bad=$(awk -F'\t' 'NR > 1 && $2 != $3 + $5 + $6 + $7 { print $1 }' "$OUT")
	[ -z "$bad" ] || fail "items != done + on_schedule + behind + overdue for: $bad"
	[ "$(tail -n +2 "$OUT" | wc -l)" -gt 0 ] || fail "no summary rows"
}

# r_row GROUP "ROW": summary TSV stdout has GROUP's row exactly ROW.
r_row() {
	got=$(awk -F'\t' -v g="$1" '$1 == g' "$OUT" | tr '\t' '|')
	[ "$got" = "$1|$2" ] || fail "row [$got], expected [$1|$2]"
}

# r_conf "LINES": the settings store's store.conf is the one init wrote
# and LINES after it.
r_conf() {
	printf '# duban store settings\nformat = 1\n%s\n' "$1" >"$STORE/store.conf"
}

# r_conf_error LINE MESSAGE [COMMAND...]: with store.conf as it is, each
# COMMAND (by default every report) fails with exit status 1 saying exactly
# "STORE/store.conf:LINE: MESSAGE".
r_conf_error() {
	line=$1
	msg=$2
	shift 2
	[ $# -gt 0 ] || set -- list overdue due summary targets
	for cmd in "$@"; do
		run $cmd --as-of 2024-12-20
		expect_status 1
		expect_stdout_empty
		expect_stderr "duban: $STORE/store.conf:$line: $msg"
	done
}

# --- the history ------------------------------------------------------------
#
# Recorded in date order (the fold takes records in the order recorded).
#   2   started 2024-03-01, never more than 0%
#   3   60% 06-28, 97% 12-20; actual 5 (06-28), 6 (09-30) for >=6场
#   5   30% 05-01, blocked 06-20
#   6   done 06-25
#   7   done 2025-01-02: 2 days late
#   8   55% 06-28; actuals 79 of =80个, 200 of =200亿元 (12-20); done
#       2025-01-05: 5 days late
#   1   49% 06-30; actuals 40 of >40家 (06-30), 61.5 of >60亿元 (09-30)
#   4   80% and actual 150 of =140亩 on 10-15
#   13  100% 12-10, never marked done
#   21  done 2024-12-31, the deadline itself
#   22  48% 06-30
#   23  actual 0 of =1-2家 03-01; done, actuals 1 of =1-2家 and 70 of >70%
#       06-15
#   44  done, actuals 5100 of =5100人 and 59.9 of >=60% on 12-01
#   46  done 12-15, and that record undone (the undo dated 12-16)
#   48  96% 12-20
#   50  95% 12-01
#   51  25% 11-01
# Everything else is never touched: not started, 0%.

STORE="$TMP/reports"
rm -rf "$STORE"
"$DUBAN" --store "$STORE" init >/dev/null 2>&1

t "the scripted history is recorded"
r_record start 2 --date 2024-03-01
r_record actual 23 1 0 --date 2024-03-01
r_record progress 5 30 --date 2024-05-01
r_record done 23 --date 2024-06-15 --by 科工局联络员
r_record actual 23 1 1 --date 2024-06-15 --by 科工局联络员
r_record actual 23 2 70 --date 2024-06-15 --by 科工局联络员
r_record block 5 --date 2024-06-20 -m 楼宇招商进度受市场影响
r_record done 6 --date 2024-06-25
r_record progress 3 60 --date 2024-06-28 -m 已举办促消费活动5场
r_record progress 8 55 --date 2024-06-28
r_record actual 3 1 5 --date 2024-06-28
r_record progress 1 49 --date 2024-06-30
r_record progress 22 48 --date 2024-06-30
r_record actual 1 1 40 --date 2024-06-30
r_record actual 1 2 61.5 --date 2024-09-30
r_record actual 3 1 6 --date 2024-09-30
r_record progress 4 80 --date 2024-10-15
r_record actual 4 1 150 --date 2024-10-15
r_record progress 51 25 --date 2024-11-01
r_record done 44 --date 2024-12-01 --by 人社局联络员
r_record actual 44 1 5100 --date 2024-12-01 --by 人社局联络员
r_record actual 44 2 59.9 --date 2024-12-01 --by 人社局联络员
r_record progress 50 95 --date 2024-12-01
r_record progress 13 100 --date 2024-12-10
r_record done 46 --date 2024-12-15
r_record undo --date 2024-12-16
r_record progress 3 97 --date 2024-12-20
r_record progress 48 96 --date 2024-12-20
r_record actual 8 1 79 --date 2024-12-20
r_record actual 8 2 200 --date 2024-12-20
r_record done 21 --date 2024-12-31
r_record done 7 --date 2025-01-02
r_record done 8 --date 2025-01-05
run check
expect_status 0
expect_stdout "$STORE: 56 items, 33 records: no problems"
# An undo applies whatever its date: as of 12-15, the day of 46's done and
# the day before the undo's date, 46 is not done.
run list --as-of 2024-12-15 --format tsv
got=$(awk -F'\t' '$1 == 46 { print $13, $14 }' "$OUT")
[ "$got" = "not-started 0" ] || fail "item 46 as of 2024-12-15 is [$got]"

# --- overdue ----------------------------------------------------------------

t "overdue: nothing is overdue on the deadline itself"
r_ids "" overdue --as-of 2024-12-31
r_ids "" overdue --as-of 2024-12-31 --include-late
r_ids "" overdue --as-of 2024-06-30

t "overdue: the day after the deadline, every open item, 1 day late"
# Done by then: 6, 23, 44 and 21 (on the deadline).  7 and 8 are done
# later, so still open; 46's done is undone.
open=$(r_all_but "6 21 23 44")
r_ids "$open" overdue --as-of 2025-01-01
days=$(tail -n +2 "$OUT" | cut -f2 | sort -u | tr '\n' ' ')
[ "$days" = "1 " ] || fail "days_overdue [$days], expected all 1"
[ "$(tail -n +2 "$OUT" | cut -f4 | sort -u | tr '\n' ' ')" = "overdue " ] ||
	fail "health not all overdue"
[ "$(head -n 1 "$OUT")" = "id	days_overdue	deadline	health	lead_units	leaders	status	percent	text" ] ||
	fail "header: $(head -n 1 "$OUT")"
# Nothing is done late yet, so --include-late adds nothing.
r_ids "$open" overdue --as-of 2025-01-01 --include-late

t "overdue: 8, done 2025-01-05, is overdue on 01-03 but not on 01-06"
r_ids "$(r_all_but "6 7 21 23 44")" overdue --as-of 2025-01-03
r_cols 1,2,4,7,8 "8|3|overdue|in-progress|55" overdue --as-of 2025-01-03 --grep 签约金额
r_ids "$(r_all_but "6 7 8 21 23 44")" overdue --as-of 2025-01-06
r_cols 1,2,7,8 "1|6|in-progress|49" overdue --as-of 2025-01-06 --grep 规上工业企业

t "overdue --include-late: done late after the open items, most overdue first"
# 2025-01-03: open items 3 days late, then 7 (done 01-02: 2 days late).
r_ids "$(r_all_but "6 7 21 23 44") 7" overdue --as-of 2025-01-03 --include-late
r_cols 1,2,4,7 "7|2|done-late|done" overdue --as-of 2025-01-03 --include-late --grep 村集体
# 2025-01-06: open items 6 days, then 8 (5 days late), then 7 (2 days).
r_ids "$(r_all_but "6 7 8 21 23 44") 8 7" overdue --as-of 2025-01-06 --include-late
r_cols 1,2,4,7,8 "8|5|done-late|done|100" overdue --as-of 2025-01-06 --include-late --grep 签约金额
# Late is late for good: the figures do not grow after the item is done.
r_cols 1,2 "8|5
7|2" overdue --as-of 2025-12-31 --include-late --status done

t "overdue: items done on or before the deadline never appear"
for d in 2025-01-01 2025-01-06 2025-12-31; do
	run overdue --as-of $d --include-late --format tsv
	ids=" $(tail -n +2 "$OUT" | cut -f1 | tr '\n' ' ')"
	for id in 6 21 23 44; do
		case $ids in *" $id "*) fail "item $id is overdue as of $d" ;; esac
	done
done

t "overdue: --unit, --leader, --section, --status and --grep narrow it"
r_ids "2 3 5 8 13" overdue --as-of 2025-01-03 --unit 区商务局
r_cols 1,2,4 "2|6|overdue
3|6|overdue
5|6|overdue
13|6|overdue
8|5|done-late
7|2|done-late" overdue --as-of 2025-01-06 --include-late --unit 区商务局
r_ids "1 2 22" overdue --as-of 2025-01-01 --unit 区科工局
r_ids "5" overdue --as-of 2025-01-01 --leader 杨峰 --status blocked
r_ids "5" overdue --as-of 2025-01-01 --status 受阻
r_ids "45 46 47 48 49 50 51 52 53 54 55 56" overdue --as-of 2025-01-01 --section 5
r_ids "2 9 10 19 20 24 25 27 45 46 48 49 50 54" overdue --as-of 2025-01-01 --leader 徐志勇
r_ids "1" overdue --as-of 2025-01-01 --grep 规上工业企业
r_ids "" overdue --as-of 2025-01-06 --unit 区商务局 --status done
run overdue --as-of 2025-01-01 --unit 商务局
expect_status 2
expect_stdout_empty

# --- due --------------------------------------------------------------------

t "due --within: 2024-12-20 is 11 days before the deadline"
# Open on 12-20: all but 6, 23 and 44 (21 is done only on 12-31).
open=$(r_all_but "6 23 44")
r_ids "$open" due --as-of 2024-12-20 --within 11
days=$(tail -n +2 "$OUT" | cut -f2 | sort -u | tr '\n' ' ')
[ "$days" = "11 " ] || fail "days_left [$days], expected all 11"
[ "$(head -n 1 "$OUT")" = "id	days_left	deadline	health	lead_units	leaders	status	percent	milestone	milestone_percent	text" ] ||
	fail "header: $(head -n 1 "$OUT")"
r_ids "" due --as-of 2024-12-20 --within 10
r_ids "" due --as-of 2024-12-20 --within 5
r_ids "$open" due --as-of 2024-12-21 --within 10
r_ids "" due --as-of 2024-12-21 --within 9
r_ids "$open" due --as-of 2024-12-20 --within 365

t "due: on the deadline, within 0 days; after it, nothing (it is overdue)"
r_ids "$(r_all_but "6 21 23 44")" due --as-of 2024-12-31 --within 0
r_ids "" due --as-of 2025-01-01 --within 3650

t "due: done items are left out, and filters narrow it"
r_ids "2 3 5 7 8 13" due --as-of 2024-12-20 --within 11 --unit 区商务局
r_cols 1,2,4,8 "3|11|due-soon|97
13|11|due-soon|100
48|11|due-soon|96" due --as-of 2024-12-20 --within 11 --health blue
r_ids "" due --as-of 2024-12-20 --within 11 --status done
r_ids "45 46 47 48 49 50 51 52 53 54 55 56" due --as-of 2024-12-20 --within 11 --section 5

t "due: the default window is 15 days"
r_ids "$open" due --as-of 2024-12-16
r_ids "" due --as-of 2024-12-15
run due --within -1
expect_status 2
expect_stderr "duban: --within takes a number of days, not \"-1\"
Try 'duban due --help'."
run due --within ten
expect_status 2

# --- health and lights ------------------------------------------------------

t "health 2024-06-30: 序时进度 49, so 49% is on schedule and 48% behind"
# floor(182 * 100 / 366) = 49.
r_health "1 on-schedule green 2 behind yellow 3 on-schedule green 5 behind yellow 6 done green 7 behind yellow 8 on-schedule green 22 behind yellow 23 done green" --as-of 2024-06-30
r_ids "1 3 6 8 23" list --as-of 2024-06-30 --health green
r_ids "1 3 6 8 23" list --as-of 2024-06-30 --health 绿
r_ids "$(r_all_but "1 3 6 8 23")" list --as-of 2024-06-30 --health yellow
r_ids "" list --as-of 2024-06-30 --health blue
r_ids "" list --as-of 2024-06-30 --health red
r_cols 1,13,14,15,16 "1|in-progress|49|on-schedule|green
2|in-progress|0|behind|yellow
21|not-started|0|behind|yellow
22|in-progress|48|behind|yellow
23|done|100|done|green" list --as-of 2024-06-30 --unit 区科工局

t "health 2024-12-20: 序时进度 96 and 11 days left, so on schedule is blue"
# floor(355 * 100 / 366) = 96: 3 (97%), 13 (100%), 48 (96%) are blue;
# 50 (95%) is behind; done items are green.
r_health "3 due-soon blue 13 due-soon blue 44 done green 48 due-soon blue 50 behind yellow 51 behind yellow" --as-of 2024-12-20
r_ids "3 13 48" list --as-of 2024-12-20 --health blue
r_ids "3 13 48" list --as-of 2024-12-20 --health 蓝
r_ids "6 23 44" list --as-of 2024-12-20 --health 绿
r_ids "$(r_all_but "3 6 13 23 44 48")" list --as-of 2024-12-20 --health 黄
r_ids "" list --as-of 2024-12-20 --health 红

t "health: blue from 15 days before the deadline, not 16"
# 12-16: floor(351 * 100 / 366) = 95, 15 days left.  12-15: 95, 16 left.
r_health "13 due-soon blue 50 due-soon blue" --as-of 2024-12-16
r_ids "13 50" list --as-of 2024-12-16 --health blue
r_health "13 on-schedule green 50 on-schedule green" --as-of 2024-12-15
r_ids "" list --as-of 2024-12-15 --health blue
r_ids "6 13 23 44 50" list --as-of 2024-12-15 --health green

t "health after the deadline: open is red, done late is red, done on time green"
r_health "1 overdue red 6 done green 7 done-late red 8 done-late red 13 overdue red 21 done green 23 done green 44 done green 46 overdue red" --as-of 2025-01-06
r_health "7 done-late red 8 overdue red" --as-of 2025-01-03
r_ids "$(r_all_but "6 21 23 44")" list --as-of 2025-01-06 --health red
r_ids "$(r_all_but "6 21 23 44")" list --as-of 2025-01-06 --health 红
r_ids "$(r_all_but "6 21 23 44")" list --as-of 2025-01-06 --health 红灯
r_ids "6 21 23 44" list --as-of 2025-01-06 --health 绿
r_ids "" list --as-of 2025-01-06 --health 黄
r_ids "" list --as-of 2025-01-06 --health 蓝
r_ids "7 8" list --as-of 2025-01-06 --health red --status done
run list --health purple
expect_status 2
expect_stdout_empty
expect_stderr "duban: --health takes green, blue, yellow or red (绿, 蓝, 黄, 红), not \"purple\"
Try 'duban list --help'."

t "health: the table shows the office's words"
COLUMNS=200 "$DUBAN" --store "$STORE" list --as-of 2025-01-06 --color never \
	--unit 区商务局 >"$OUT" 2>"$ERR"
status=$?
expect_status 0
[ "$(grep -c '  逾期  ' "$OUT")" -eq 4 ] || fail "not 4 items 逾期 (2 3 5 13)"
[ "$(grep -c '  逾期完成  ' "$OUT")" -eq 2 ] || fail "not 2 items 逾期完成 (7 8)"
[ "$(grep -c '  按期完成  ' "$OUT")" -eq 1 ] || fail "not 1 item 按期完成 (6)"

# --- store.conf -------------------------------------------------------------

cp -R "$STORE" "$TMP/reports-conf"
STORE="$TMP/reports-conf"

t "store.conf: warn_days = 30 turns blue 30 days before the deadline"
# 12-01: floor(336 * 100 / 366) = 91, 30 days left; 50 is at 95%.
r_ids "6 23 44 50" list --as-of 2024-12-01 --health green
r_ids "" list --as-of 2024-12-01 --health blue
r_conf "warn_days = 30"
r_ids "50" list --as-of 2024-12-01 --health blue
r_ids "6 23 44" list --as-of 2024-12-01 --health green
r_health "50 due-soon blue" --as-of 2024-12-01
r_ids "3 13 48" list --as-of 2024-12-20 --health blue
# 11-30 is 31 days before: 50 has no report yet and 0% is behind.
r_ids "" list --as-of 2024-11-30 --health blue
# due's window defaults to warn_days too; --within narrows it again.
r_ids "$(r_all_but "6 23 44")" due --as-of 2024-12-01
r_ids "" due --as-of 2024-12-01 --within 15

t "store.conf: warn_days = 0 leaves blue to the deadline day"
r_conf "warn_days = 0"
r_ids "" list --as-of 2024-12-30 --health blue
r_ids "13" list --as-of 2024-12-31 --health blue

t "store.conf: start = 2024-07-01 counts 序时进度 from July"
# Default start, 09-30: floor(274 * 100 / 366) = 74, so only done items
# are green.  From 07-01: floor(92 * 100 / 184) = 50: 3 (60%) and 8 (55%)
# are on schedule, 1 (49%) is behind.
r_conf ""
r_ids "6 23" list --as-of 2024-09-30 --health green
r_conf "start = 2024-07-01"
r_ids "3 6 8 23" list --as-of 2024-09-30 --health green
r_ids "$(r_all_but "3 6 8 23")" list --as-of 2024-09-30 --health yellow
r_health "1 behind yellow 3 on-schedule green 8 on-schedule green" --as-of 2024-09-30
# Before the start nothing has elapsed: every item is on schedule.
r_ids "$(r_all_but "")" list --as-of 2024-06-30 --health green
r_summary "区商务局|7|1|0|2|4|0|35|7|1
区发改委|1|0|0|0|1|0|0|1|0
区科工局|1|0|0|0|1|0|0|1|0
洪都街道|1|0|0|0|1|0|0|0|0" --by unit --unit 区商务局 --as-of 2024-09-30

t "store.conf: start and warn_days together"
r_conf "start = 2024-07-01
warn_days = 30"
r_ids "50" list --as-of 2024-12-01 --health blue
r_ids "3 6 8 23" list --as-of 2024-09-30 --health green

t "store.conf: a bad value or an unknown key is an error with its line"
r_conf "warn_days = -1"
r_conf_error 3 'warn_days "-1" is not a whole number from 0 to 3650'
r_conf "warn_days = 3651"
r_conf_error 3 'warn_days "3651" is not a whole number from 0 to 3650' list
r_conf "warn_days = 15 days"
r_conf_error 3 'warn_days "15 days" is not a whole number from 0 to 3650' list
r_conf "start = 2024-02-30"
r_conf_error 3 'start "2024-02-30" is not a date'
r_conf "
# July
start = 2024-07-01
colour = red"
r_conf_error 6 'unknown setting "colour" (duban rules lists them)'
r_conf "start 2024-07-01"
r_conf_error 3 'expected "key = value"' list

STORE="$TMP/reports"

# --- summary ----------------------------------------------------------------

t "summary --by unit as of 2024-12-20"
# 区商务局: 2 (0%), 5 (30%), 7 (0%), 8 (55%) behind; 3 (97%), 13 (100%)
# on schedule; 6 done.  382 / 7 = 54.6 -> 55.  Targets 2:1 3:1 5:2 6:1
# 8:2 = 7; met: 3#1 (6 >= 6), 8#2 (200 = 200).
# 区科工局: 1 (49%), 2, 21, 22 (48%) behind; 23 done.  197 / 5 = 39.4.
# Targets 1:2 2:1 22:4 23:2 = 9; met: 1#2 (61.5 > 60), 23#1 (1 of 1-2).
# 区卫健委: 51 (25%), 53: 25 / 2 = 12.5, rounded half up to 13.
run summary --by unit --as-of 2024-12-20 --format tsv
expect_status 0
r_quiet
r_invariant
[ "$(head -n 1 "$OUT")" = "group	items	done	done_late	on_schedule	behind	overdue	average_percent	targets	targets_met" ] ||
	fail "header: $(head -n 1 "$OUT")"
r_row 区商务局 "7|1|0|2|4|0|55|7|2"
r_row 区科工局 "5|1|0|0|4|0|39|9|2"
r_row 区卫健委 "2|0|0|0|2|0|13|2|0"
r_row 区人社局 "4|1|0|0|3|0|25|3|1"
r_row 集聚区 "1|0|0|0|1|0|80|1|1"
[ "$(sed -n 2p "$OUT" | cut -f1)" = "区商务局" ] || fail "区商务局 (7 items, first in the plan) is not first"

t "summary --by leader as of 2024-12-20"
# 杨峰 leads 1-8, 13, 21-23: done 6 23; on schedule 3 13; behind the other
# 8.  49+97+80+30+100+55+100+48+100 = 659 / 12 = 54.9 -> 55.  Targets 16,
# met 1#2 3#1 4#1 8#2 23#1 = 5.
# 徐志勇 leads 16: 44 done, 48 (96%) on schedule, 14 behind (50 at 95%).
# 291 / 16 = 18.2.  Targets 13, met 44#1 (5100 = 5100).
r_summary "徐志勇|16|1|0|1|14|0|18|13|1
杨峰|12|2|0|2|8|0|55|16|5
夏辉|11|0|0|1|10|0|9|2|0
聂洪明|8|0|0|0|8|0|0|6|0
涂艳彬|8|0|0|0|8|0|0|7|0
丁有渌|4|0|0|0|4|0|12|4|0
胡启明|3|0|0|0|3|0|8|2|0
应卓伟|2|0|0|0|2|0|0|0|0
夏玉龙|1|0|0|0|1|0|0|0|0" --by leader --as-of 2024-12-20

t "summary --by section as of 2024-12-20, in plan order"
# Section 2: only 13 (100%) moved: 100 / 8 = 12.5 -> 13.
r_summary "坚持产业兴区，筑牢城南崛起支撑|10|1|0|1|8|0|41|13|4
丰富业态内涵，唱响城南文旅品牌|8|0|0|1|7|0|13|1|0
深化改革创新，激活城南发展动能|11|1|0|0|10|0|13|9|1
注重建管并举，提升城南宜居品质|14|0|0|0|14|0|0|11|0
聚焦群众关切，守护城南百姓幸福|13|1|0|1|11|0|24|9|1" --by section --as-of 2024-12-20

t "summary after the deadline: done late, overdue, and the invariant"
# 2025-01-06, 区商务局: 6 done, 7 and 8 done late, 2 3 5 13 overdue;
# 0+97+30+100+100+100+100 = 527 / 7 = 75.3.
r_summary "区商务局|7|3|2|0|0|4|75|7|2
区发改委|1|0|0|0|0|1|0|1|0
区科工局|1|0|0|0|0|1|0|1|0
洪都街道|1|0|0|0|0|1|100|0|0" --by unit --unit 区商务局 --as-of 2025-01-06
# 杨峰: done 6 7 8 21 23 (7, 8 late), the other 7 overdue; 904 / 12.
# 徐志勇: done 21 44, the other 14 overdue; 391 / 16 = 24.4.
run summary --by leader --as-of 2025-01-06 --format tsv
expect_status 0
r_invariant
r_row 杨峰 "12|5|2|0|0|7|75|16|5"
r_row 徐志勇 "16|2|0|0|0|14|24|13|1"
run summary --by section --as-of 2025-01-06 --format tsv
r_invariant
r_row 坚持产业兴区，筑牢城南崛起支撑 "10|3|2|0|0|7|56|13|4"
for by in unit leader section; do
	for d in 2024-01-01 2024-06-30 2024-12-16 2025-01-03; do
		run summary --by $by --as-of $d --format tsv
		expect_status 0
		r_invariant
	done
done

t "summary as of 2024-01-01: nothing has elapsed, all on schedule"
run summary --by section --as-of 2024-01-01 --format tsv
r_row 坚持产业兴区，筑牢城南崛起支撑 "10|0|0|10|0|0|0|13|0"

t "summary on a terminal has a bar of the average percent, and a total"
COLUMNS=120 "$DUBAN" --store "$STORE" summary --by leader --status done \
	--as-of 2024-12-20 --color never >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout "Group   Items  Done  Late  On schedule  Behind  Overdue  Avg %  Targets  Met  Progress
杨峰        2     2     0            0       0        0    100        3    1  ████████████████████
徐志勇      1     1     0            0       0        0    100        2    1  ████████████████████
Total       3     3     0            0       0        0    100        5    2  ████████████████████"
bar=$(sed -n 2p "$OUT" | awk '{ print $NF }')
[ "$(printf '%s' "$bar" | wc -m)" -eq 20 ] || fail "100% bar is not 20 blocks: $bar"
# 18% of 160 eighths is 28: 3 full blocks and a half.  39%: 62 = 7 + 6/8.
COLUMNS=120 "$DUBAN" --store "$STORE" summary --by leader --as-of 2024-12-20 \
	--color never >"$OUT" 2>"$ERR"
[ "$(grep '^徐志勇 ' "$OUT" | awk '{ print $NF }')" = "███▌" ] ||
	fail "徐志勇's bar: $(grep '^徐志勇 ' "$OUT")"
[ "$(grep '^丁有渌 ' "$OUT" | awk '{ print $NF }')" = "██▍" ] ||
	fail "丁有渌's bar (12%: 19 eighths): $(grep '^丁有渌 ' "$OUT")"
[ "$(grep '^夏辉 ' "$OUT" | awk '{ print $NF }')" = "█▊" ] ||
	fail "夏辉's bar (9%: 14 eighths): $(grep '^夏辉 ' "$OUT")"
grep -q '^应卓伟  *2  *0  *0  *0  *2  *0  *0  *0  *0$' "$OUT" ||
	fail "a 0% row has a bar: $(grep '^应卓伟' "$OUT")"
COLUMNS=120 "$DUBAN" --store "$STORE" summary --by unit --as-of 2024-12-20 \
	--color never >"$OUT" 2>"$ERR"
[ "$(grep '^区科工局 ' "$OUT" | awk '{ print $NF }')" = "███████▊" ] ||
	fail "区科工局's bar: $(grep '^区科工局 ' "$OUT")"
[ "$(grep '^区商务局 ' "$OUT" | awk '{ print $NF }')" = "███████████" ] ||
	fail "区商务局's bar (55%: 88 eighths): $(grep '^区商务局 ' "$OUT")"

t "summary on a terminal ends with a total that counts each item once; the machine formats have none"
# items with two or three lead units count in each unit's row, once in the
# total: the rows add up to more than the 56 items of the plan
for by in unit leader section; do
	COLUMNS=200 "$DUBAN" --store "$STORE" summary --by $by --as-of 2024-12-20 \
		--color never >"$OUT" 2>"$ERR"
	status=$?
	expect_status 0
	tail -n 1 "$OUT" | grep -q '^Total  *56  ' || fail "--by $by: last line $(tail -n 1 "$OUT")"
	[ "$(grep -c '^Total ' "$OUT")" -eq 1 ] || fail "--by $by: not one total"
	for f in tsv csv json; do
		run summary --by $by --as-of 2024-12-20 --format $f
		grep -q 'Total' "$OUT" && fail "--by $by --format $f has a total"
	done
done
COLUMNS=200 "$DUBAN" --store "$STORE" summary --by unit --as-of 2024-12-20 \
	--color never >"$OUT" 2>"$ERR"
rows=$(grep -v '^Group\|^Total' "$OUT" | awk '{ n += $2 } END { print n }')
[ "$rows" -gt 56 ] || fail "the unit rows add up to $rows items, not more than 56"
# nothing selected: no table at all, and no total
COLUMNS=200 "$DUBAN" --store "$STORE" summary --grep 没有这样的任务 >"$OUT" 2>"$ERR"
expect_stdout_empty

t "summary --color always: the bar is red, yellow or green"
# 区商务局 on 12-20 has items behind (yellow), 洪都街道 only 13 on
# schedule (green); on 2025-01-06 区商务局 has items overdue (red).
COLUMNS=120 "$DUBAN" --store "$STORE" summary --by unit --unit 区商务局 \
	--as-of 2024-12-20 --color always >"$OUT" 2>"$ERR"
esc=$(printf '\033')
grep -q "^区商务局 .*  ${esc}\[33m█\{11\}${esc}\[0m\$" "$OUT" ||
	fail "区商务局's bar is not yellow: $(grep 区商务局 "$OUT" | od -c | head -3)"
grep -q "^洪都街道 .*  ${esc}\[32m█\{20\}${esc}\[0m\$" "$OUT" ||
	fail "洪都街道's bar is not green"
COLUMNS=120 "$DUBAN" --store "$STORE" summary --by unit --unit 区商务局 \
	--as-of 2025-01-06 --color always >"$OUT" 2>"$ERR"
grep -q "^区商务局 .*  ${esc}\[31m█\{15\}${esc}\[0m\$" "$OUT" ||
	fail "区商务局's bar is not red (75%: 120 eighths)"

t "summary --format json"
r_cmd summary --by leader --status done --as-of 2024-12-20 --format json
expect_stdout '[
{"group":"杨峰","items":2,"done":2,"done_late":0,"on_schedule":0,"behind":0,"overdue":0,"average_percent":100,"targets":3,"targets_met":1},
{"group":"徐志勇","items":1,"done":1,"done_late":0,"on_schedule":0,"behind":0,"overdue":0,"average_percent":100,"targets":2,"targets_met":1}
]'
r_cmd summary --by section --as-of 2025-01-06 --format json --section 1
expect_stdout '[
{"group":"坚持产业兴区，筑牢城南崛起支撑","items":10,"done":3,"done_late":2,"on_schedule":0,"behind":0,"overdue":7,"average_percent":56,"targets":13,"targets_met":4}
]'
r_cmd summary --by unit --unit 集聚区 --as-of 2024-12-20 --format csv
expect_stdout "group,items,done,done_late,on_schedule,behind,overdue,average_percent,targets,targets_met
集聚区,1,0,0,0,1,0,80,1,1"
# the common options may come before the command
r_cmd --as-of 2024-12-20 --format tsv summary --by unit --unit 集聚区
expect_stdout "group	items	done	done_late	on_schedule	behind	overdue	average_percent	targets	targets_met
集聚区	1	0	0	0	1	0	80	1	1"
run summary --by bogus
expect_status 2
expect_stderr "duban: --by takes unit, leader or section, not \"bogus\"
Try 'duban summary --help'."

# --- targets ----------------------------------------------------------------

t "targets: > is strictly above, a range is met from its low end"
r_cols 1,2,3,9,10,11 "1|1|规上工业企业数量>40家|40|2024-06-30|no
1|2|总产值>60亿元|61.5|2024-09-30|yes
2|1|数字经济核心产业企业营收>15亿元|||
22|1|入选独角兽（瞪羚）企业=2家|||
22|2|培育专精特新企业=2家|||
22|3|科技型中小企业认定数>180家|||
22|4|技术合同登记交易额>20亿元|||
23|1|市级以上科技创新平台=1-2家|1|2024-06-15|yes
23|2|亿元以上企业研发机构覆盖率>70%|70|2024-06-15|no" targets --unit 区科工局 --as-of 2024-12-20

t "targets: >= and = are met at the figure or above"
r_cols 1,2,3,9,11 "2|1|数字经济核心产业企业营收>15亿元||
3|1|大型节假日促消费活动>=6场|6|yes
5|1|每年新增“亿元楼”=2幢||
5|2|“亿元楼”>13幢@2026-12-31||
6|1|重点改造盘活废旧厂房>=2处||
8|1|全年招引项目=80个|79|no
8|2|签约金额=200亿元|200|yes" targets --unit 区商务局 --as-of 2024-12-20
r_cols 1,2,3,9,11 "4|1|盘活低效用地=140亩|150|yes" targets --unit 集聚区 --as-of 2024-12-20
r_cols 1,2,3,9,11 "24|1|入选省市重点人才工程>60人||
44|1|城镇新增就业=5100人|5100|yes
44|2|充分就业社区比例>=60%|59.9|no" targets --unit 区人社局 --as-of 2024-12-20

t "targets: --leader and other filters"
r_cols 1,2,9,11 "2|1||
9|1||
10|1||
10|2||
20|1||
20|2||
24|1||
44|1|5100|yes
44|2|59.9|no
48|1||
48|2||
49|1||
50|1||" targets --leader 徐志勇 --as-of 2024-12-20
r_cols 1,2,9,11 "1|1|40|no
1|2|61.5|yes
2|1||
3|1|6|yes
4|1|150|yes
5|1||
5|2||
6|1||
8|1|79|no
8|2|200|yes
22|1||
22|2||
22|3||
22|4||
23|1|1|yes
23|2|70|no" targets --leader 杨峰 --as-of 2024-12-20
r_ids "23 23" targets --leader 杨峰 --unit 区科工局 --status done --as-of 2024-12-20
r_ids "1 1 2 22 22 22 22" targets --leader 杨峰 --unit 区科工局 --status in-progress --as-of 2024-12-20

t "targets as of a date before the actual show none, or the earlier one"
r_cols 1,2,9,10,11 "3|1|||" targets --unit 区商务局 --grep 促消费 --as-of 2024-06-27
r_cols 1,2,9,10,11 "3|1|5|2024-06-28|no" targets --unit 区商务局 --grep 促消费 --as-of 2024-06-28
r_cols 1,2,9,10,11 "3|1|5|2024-06-28|no" targets --unit 区商务局 --grep 促消费 --as-of 2024-09-29
r_cols 1,2,9,10,11 "3|1|6|2024-09-30|yes" targets --unit 区商务局 --grep 促消费 --as-of 2024-09-30
r_cols 1,2,9,11 "1|1|40|no
1|2||" targets --unit 区科工局 --grep 规上工业企业 --as-of 2024-09-29
r_cols 1,2,9,11 "1|1||
1|2||" targets --unit 区科工局 --grep 规上工业企业 --as-of 2024-06-29
# The range target: 0 on 03-01 is not met, 1 on 06-15 is.
r_cols 1,2,9,11 "23|1||
23|2||" targets --grep 科技创新平台 --unit 区科工局 --as-of 2024-02-29
r_cols 1,2,9,11 "23|1|0|no
23|2||" targets --grep 科技创新平台 --unit 区科工局 --as-of 2024-03-01
r_cols 1,2,9,11 "44|1||
44|2||" targets --unit 区人社局 --grep 城镇新增就业 --as-of 2024-11-30
# summary counts the same targets met; 03-01 is day 61, 序时进度 16, and
# 23 (not yet done, 0%) is behind.
r_summary "区科工局|1|0|0|0|1|0|0|2|0" --by unit --grep 科技创新平台 --unit 区科工局 --as-of 2024-03-01

unset DUBAN_USER
STORE=$R_SAVED_STORE
