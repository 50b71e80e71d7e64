# What a terminal shows: the tables and show on pseudo-terminals 80, 100
# and 160 columns wide (tests/tools/ptyrun), against a store with a
# scripted history, as of 2025-01-10, every screen compared with its
# golden file tests/e2e/expected/screen-COLUMNS-NAME.txt.  On every
# screen no line is wider than the terminal, and every task shows its
# whole text, wrapped within its column (tests/tools/screencol joins a
# column's lines again).  The tests use a store of their own and give the
# shared $STORE back untouched.
#
# After an intended change of layout, SCREENS_UPDATE=1 writes the golden
# files anew from what duban shows: read them before committing.

: "${PTYRUN:=build/tests/ptyrun}"
: "${SCREENCOL:=build/tests/screencol}"
S_SAVED_STORE=$STORE
STORE="$TMP/screens"
S_AS_OF=2025-01-10

# s_record ARGS...: a record by 督办室, quietly.
s_record() {
	DUBAN_USER=督办室 run "$@"
	[ "$status" -eq 0 ] || fail "$* failed: $(cat "$ERR")"
}

# s_screen COLUMNS NAME ARGS...: duban ARGS on a terminal COLUMNS wide,
# without colour, into $OUT; the screen is the golden file's.
s_screen() {
	_sc=$1
	_sn=$2
	shift 2
	NO_COLOR=1 "$PTYRUN" "$_sc" 50 "$DUBAN" --store "$STORE" "$@" \
		--as-of "$S_AS_OF" >"$OUT" 2>"$ERR"
	status=$?
	expect_status 0
	_sg="tests/e2e/expected/screen-$_sc-$_sn.txt"
	if [ -n "$SCREENS_UPDATE" ]; then
		cp "$OUT" "$_sg"
	fi
	expect_stdout_file "$_sg"
	[ "$(wc -L <"$OUT")" -le "$_sc" ] ||
		fail "$_sn: a line is $(wc -L <"$OUT") columns wide, on a terminal of $_sc"
}

# s_header: the header of the table in $OUT, to its line that starts with
# ID (a title too wide for its column wraps over lines above it).
s_header() {
	sed -n '1,/^ID /p' "$OUT"
}

# s_tasks FIELD ARGS...: every row of the screen in $OUT shows the whole
# task text that duban ARGS --format tsv gives in FIELD, at least 12
# characters of it, in order (blanks aside: a line may break at one).
s_tasks() {
	_sf=$1
	shift
	cp "$OUT" "$TMP/screen"
	"$SCREENCOL" Task "$TMP/screen" | tr -d ' ' >"$TMP/shown" ||
		fail "no Task column on the screen"
	run "$@" --as-of "$S_AS_OF" --format tsv
	tail -n +2 "$OUT" | cut -f"$_sf" | tr -d ' ' >"$TMP/texts"
	[ -s "$TMP/texts" ] || fail "$*: no items"
	cmp -s "$TMP/texts" "$TMP/shown" ||
		fail "$*: the tasks shown are not the texts:$(diff "$TMP/texts" "$TMP/shown" | head -20 | sed 's/^/    /')"
	_short=$(awk 'length($0) < 12' "$TMP/shown" | head -3)
	[ -z "$_short" ] || fail "$*: a task shows less than 12 characters: $_short"
	cp "$TMP/screen" "$OUT"
}

rm -rf "$STORE"
"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init failed"

t "screens: the scripted history is recorded"
s_record start 2 3 5 8 13 --date 2024-03-01
s_record progress 1 49 --date 2024-06-30 -m 新增规上工业企业3家
s_record actual 1 1 40 --date 2024-06-30
s_record actual 1 2 61.5 --date 2024-09-30 -m 统计局口径，含新入规企业
s_record block 5 --date 2024-06-20 -m 楼宇招商进度受市场影响
s_record done 6 --date 2024-06-25
s_record progress 3 60 --date 2024-06-28 -m 已举办促消费活动4场
s_record progress 8 55 --date 2024-06-28
s_record progress 20 100 --date 2024-12-20
s_record progress 22 48 --date 2024-06-30
s_record done 21 --date 2024-12-31
s_record done 7 --date 2025-01-02
s_record progress 1 85 --date 2024-12-31
s_record done 26 --date 2024-11-30 --by 区中小企业局
run check
expect_status 0

for cols in 80 100 160; do
	t "screens at $cols columns: list, every item"
	s_screen "$cols" list list
	s_tasks 6 list

	t "screens at $cols columns: list --section 3"
	s_screen "$cols" list-section-3 list --section 3
	s_tasks 6 list --section 3

	t "screens at $cols columns: overdue, without a health column"
	s_screen "$cols" overdue overdue
	s_tasks 9 overdue
	s_header | grep -q 'Health' && fail "overdue shows a health column"

	t "screens at $cols columns: summary --by unit, a total last, no name shown twice"
	s_screen "$cols" summary-unit summary --by unit
	tail -n 1 "$OUT" | grep -q '^Total  *56 ' || fail "last line: $(tail -n 1 "$OUT")"
	# every unit's name is on the screen whole, on one line or more, and
	# in the order of the rows
	run summary --by unit --as-of "$S_AS_OF" --format tsv
	tail -n +2 "$OUT" | cut -f1 >"$TMP/units"
	printf 'Total\n' >>"$TMP/units"
	awk 'started && NF > 1 { if (name != "") print name; name = $1; next }
	     started { name = name $1; next }
	     /^Group/ { started = 1 }
	     END { print name }' "tests/e2e/expected/screen-$cols-summary-unit.txt" \
		>"$TMP/units.shown"
	cmp -s "$TMP/units" "$TMP/units.shown" ||
		fail "the units shown:$(diff "$TMP/units" "$TMP/units.shown" | head | sed 's/^/    /')"

	t "screens at $cols columns: show 1"
	s_screen "$cols" show-1 show 1
done

t "screens: no line is wider than the window, from 20 columns to 200"
# tables, records below some 70 columns, and show from 24 (its labels and
# ten columns of value)
for w in 20 24 31 40 52 60 69 72 79 81 93 120 200; do
	for cmd in "list" "list --section 3" "overdue" "overdue --include-late" \
		"summary --by unit" "summary --by section" "summary --by leader" \
		"targets" "log" "units" "leaders" "due --within 400 --as-of 2024-12-01" \
		"show 1"; do
		[ "$cmd" = "show 1" ] && [ "$w" -lt 24 ] && continue
		# shellcheck disable=SC2086
		COLUMNS=$w "$DUBAN" --store "$STORE" --as-of "$S_AS_OF" $cmd \
			>"$OUT" 2>"$ERR"
		status=$?
		expect_status 0
		[ "$(wc -L <"$OUT")" -le "$w" ] ||
			fail "$cmd at $w columns: a line of $(wc -L <"$OUT")"
		[ -s "$OUT" ] || fail "$cmd at $w columns: nothing shown"
	done
done

t "screens: the terminal's width wins over \$COLUMNS, and colours are on"
COLUMNS=200 TERM=xterm "$PTYRUN" 80 50 "$DUBAN" --store "$STORE" list --section 3 \
	--as-of "$S_AS_OF" >"$OUT" 2>"$ERR"
expect_status 0
sed 's/\x1b\[[0-9;]*m//g' "$OUT" >"$TMP/plain"
same_bytes tests/e2e/expected/screen-80-list-section-3.txt "$TMP/plain"
grep -q "$(printf '\033')\\[1m" "$OUT" || fail "no bold header on a terminal"

t "screens: a filter's constant column is left out, only on the terminal"
# 夏辉 leads 47, 52 and 56 of section 5 alone: no leaders column
NO_COLOR=1 "$PTYRUN" 100 50 "$DUBAN" --store "$STORE" list --leader 夏辉 \
	--section 5 --as-of "$S_AS_OF" >"$OUT" 2>"$ERR"
expect_status 0
s_header | grep -q 'Leaders' && fail "a leaders column: $(s_header)"
s_header | grep -q 'Lead units' || fail "no lead units column: $(s_header)"
[ "$(grep -c '^[0-9]' "$OUT")" -eq 3 ] || fail "not 3 items: $(cat "$OUT")"
run list --leader 夏辉 --section 5 --as-of "$S_AS_OF" --format tsv
head -n 1 "$OUT" | grep -q 'leaders' || fail "TSV without leaders"
run list --leader 夏辉 --section 5 --as-of "$S_AS_OF" --format json
grep -q '"leaders":\["夏辉"\]' "$OUT" || fail "JSON without leaders"
# in section 2 he shares 13 with 杨峰: the column stays
NO_COLOR=1 "$PTYRUN" 100 50 "$DUBAN" --store "$STORE" list --leader 夏辉 \
	--section 2 --as-of "$S_AS_OF" >"$OUT" 2>"$ERR"
s_header | grep -q 'Leaders' || fail "no leaders column: $(s_header)"
# 区民政局 alone leads 47 and 52, neither started
NO_COLOR=1 "$PTYRUN" 100 50 "$DUBAN" --store "$STORE" list --unit 区民政局 \
	--status not-started --as-of "$S_AS_OF" >"$OUT" 2>"$ERR"
s_header | grep -q 'Lead units\|Status' &&
	fail "a lead units or status column: $(s_header)"
s_header | grep -q 'Leaders' || fail "no leaders column: $(s_header)"
# overdue --include-late: the health column tells late from overdue
NO_COLOR=1 "$PTYRUN" 100 50 "$DUBAN" --store "$STORE" overdue --include-late \
	--as-of "$S_AS_OF" >"$OUT" 2>"$ERR"
s_header | grep -q 'Health' || fail "no health column with --include-late: $(s_header)"
grep -q '逾期完成' "$OUT" || fail "no item done late"

STORE=$S_SAVED_STORE
