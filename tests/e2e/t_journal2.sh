# journal format 2: the records of one command are there all together or
# not at all (writers killed mid-write, journals cut at every line), copies
# kept in git merge into their union, a format 1 journal reads the same
# after the write that upgrades it, a line deleted or changed is found,
# figures stay on their targets when targets are added in front, and
# undo --batch takes back a whole command.
#
# Stores of this file's own, under $J2; the shared $STORE is given back
# untouched at the end.

J2="$TMP/journal2"
rm -rf "$J2"
mkdir -p "$J2"
J2_SAVED_STORE=$STORE
export DUBAN_USER=督办室

# Rounds of the killed writers: fewer on slow builds.
j2_rounds=40
if grep -q __asan_init "$DUBAN" 2>/dev/null; then
	j2_rounds=12
elif grep -q valgrind "$DUBAN" 2>/dev/null; then
	j2_rounds=4
fi

# j2_new DIR: a new store made from the bundled plan, used by run from now
# on; $J is its journal.
j2_new() {
	STORE=$1
	J="$STORE/journal.csv"
	rm -rf "$STORE"
	"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init $STORE failed"
}

# j2_ok ARGS...: run succeeds with nothing on stderr.
j2_ok() {
	run "$@"
	expect_status 0
	[ ! -s "$ERR" ] || fail "duban $*: stderr: $(cat "$ERR")"
}

# j2_refused STATUS STDERR ARGS...: duban ARGS fails with STATUS, says
# exactly STDERR, prints nothing and leaves journal.csv as it was.
j2_refused() {
	want=$1
	msg=$2
	shift 2
	cp "$J" "$J2/saved"
	run "$@"
	expect_status "$want"
	expect_stdout_empty
	expect_stderr "$msg"
	same_bytes "$J2/saved" "$J"
}

# j2_clean [N]: check finds nothing, says nothing on stderr, and the
# journal is one chain (its last N lines, with N).
j2_clean() {
	run check
	expect_status 0
	grep -qx "$STORE: 56 items, [0-9]* records: no problems" "$OUT" ||
		fail "check: $(cat "$OUT")"
	[ ! -s "$ERR" ] || fail "check: stderr: $(cat "$ERR")"
	expect_chained "$J" "$1"
}

# j2_records: how many records the readers see.
j2_records() {
	"$DUBAN" --store "$STORE" log --format tsv 2>/dev/null | tail -n +2 | wc -l
}

# j2_count TEXT: how many records the readers see whose note starts TEXT.
j2_count() {
	"$DUBAN" --store "$STORE" log --format tsv 2>/dev/null | cut -f10 |
		grep -c "^$1"
}

# j2_rand N: a random number from 0 to N-1.
j2_rand() {
	echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % $1 ))
}

# j2_size FILE: its size in bytes, 0 if it is missing.
j2_size() {
	if [ -e "$1" ]; then wc -c <"$1" | tr -d ' '; else echo 0; fi
}

all56=$(seq 1 56 | tr '\n' ' ')

# --- all or nothing ------------------------------------------------------------

t "a note on all 56 items killed at random moments: readers see its 56 records or none"
j2_new "$J2/kill"
j2_ok note 1 -m 起
cp "$J" "$J2/kill.base"
pad=$(head -c 6000 /dev/zero | tr '\0' k)	# a long batch, killed mid-write more often
all=0
none=0
cut=0
round=1
while [ $round -le $j2_rounds ]; do
	# each round on the journal of one record: a long one only slows it
	cp "$J2/kill.base" "$J"
	seen=1
	size=$(j2_size "$J")
	# a note takes some 12 ms here, its write half a millisecond of it;
	# sleep itself takes 2 or 3
	delay=$(printf '0.%03d' "$(j2_rand 12)")
	# in a process group of its own (setsid execs: the shell's child is no
	# group leader), so that the kill reaches duban even when $DUBAN is a
	# wrapper that runs it as its child (valgrind-duban)
	# shellcheck disable=SC2086
	setsid "$DUBAN" --store "$STORE" note $all56 -m "r$round-$pad" --by 杀 >/dev/null 2>&1 &
	pid=$!
	if [ $((round % 2)) = 0 ]; then
		# as soon as the journal grows
		while kill -0 "$pid" 2>/dev/null && [ "$(j2_size "$J")" = "$size" ]; do
			:
		done
	else
		sleep "$delay"
	fi
	kill -s KILL -- "-$pid" 2>/dev/null || kill -s KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	got=$(j2_count "r$round-")
	case $got in
	0) none=$((none + 1)) ;;
	56) all=$((all + 1)); seen=57 ;;
	*) fail "round $round: readers see $got of the 56 records" ;;
	esac
	# check: clean, or a torn last line or the batch cut short, at the end
	run check
	if [ "$status" -eq 1 ]; then
		cut=$((cut + 1))
		expect_stdout_empty
		grep -Ev "^duban: $J:[0-9]+: (the last line is incomplete \(a write was interrupted\); the next update cuts it off|batch [0-9a-f]{16} has [0-9]+ of its 56 records \(lines [0-9]+ to [0-9]+; a write was interrupted, or a line deleted\): they are left out; the next update cuts them off)$" "$ERR" >"$J2/other" &&
			fail "round $round: check says: $(cat "$J2/other")"
	elif [ "$status" -eq 0 ]; then
		expect_stdout "$STORE: 56 items, $seen records: no problems"
		# killed just before the newline of its last line
		grep -Ev "^duban: $J:[0-9]+: note: the last line lacks its newline but is whole \(its sum matches\); it is kept$" "$ERR" >"$J2/other" &&
			fail "round $round: check says: $(cat "$J2/other")"
	else
		fail "round $round: check exited $status: $(cat "$ERR")"
	fi
	[ "$(j2_records)" = "$seen" ] || fail "round $round: $(j2_records) records, expected $seen"
	# mended by the next write, or by check --repair
	if [ $((round % 2)) = 0 ]; then
		run check --repair
		expect_status 0
	else
		run note 2 -m "mend$round" --by 补
		expect_status 0
		seen=$((seen + 1))
	fi
	j2_clean 3
	[ "$(j2_records)" = "$seen" ] || fail "round $round: after mending, $(j2_records) records, expected $seen"
	round=$((round + 1))
done
expect_chained "$J"
echo "  (journal2: $j2_rounds killed notes on 56 items: $all written whole, $none not at all, $cut left part of a write behind)"

t "a 56-record batch cut at every line and inside lines: all of it seen or none, and the next write mends"
j2_new "$J2/cut"
j2_ok note 1 -m 前 --date 2024-06-01
# shellcheck disable=SC2086
j2_ok note $all56 -m 全部 --date 2024-06-02
cp "$J" "$J2/full"
batch=$(sed -n 3p "$J2/full" | cut -c1-16)
[ "$(tail -n 56 "$J2/full" | awk -F, '{ print $(NF - 2) }' | sort -u)" = "$batch/56" ] ||
	fail "the 56 lines are not one batch $batch/56"
head -n 2 "$J2/full" >"$J2/before"
k=0
while [ $k -le 56 ]; do
	head -n $((2 + k)) "$J2/full" >"$J"
	run list --format tsv
	expect_status 0
	if [ $k = 0 ] || [ $k = 56 ]; then
		[ ! -s "$ERR" ] || fail "$k lines: list says $(cat "$ERR")"
	else
		expect_stderr "duban: warning: $J:3: the records of an interrupted write (batch $batch, $k of 56) are left out"
	fi
	got=$(j2_count 全部)
	if [ $k = 56 ]; then want=56; else want=0; fi
	[ "$got" = $want ] || fail "$k lines of 56: readers see $got records, expected $want"
	run check
	if [ $k = 0 ] || [ $k = 56 ]; then
		expect_status 0
	else
		expect_status 1
		expect_stdout_empty
		expect_stderr "duban: $J:3: batch $batch has $k of its 56 records (lines 3 to $((2 + k)); a write was interrupted, or a line deleted): they are left out; the next update cuts them off"
	fi
	if [ $k -lt 56 ]; then
		run note 2 -m "后$k" --date 2024-06-03
		expect_status 0
		if [ $k = 0 ]; then
			[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
		else
			expect_stderr "duban: warning: $J:3: the records of an interrupted write (batch $batch, $k of 56) are left out, and cut off when this records"
		fi
		head -n 2 "$J" | cmp -s - "$J2/before" || fail "$k lines: the lines before the batch changed"
		[ "$(wc -l <"$J")" = 3 ] || fail "$k lines: the next write left $(wc -l <"$J") lines"
		j2_clean
	fi
	k=$((k + 1))
done
# inside a line: a torn last line is left out with the lines of its batch
# before it; the last line without only its newline is whole
len=$(wc -c <"$J2/full")
for end in 2 40; do
	# line 3's first bytes, or more of it: the batch is not there at all
	head -n 2 "$J2/full" >"$J"
	sed -n 3p "$J2/full" | head -c "$end" >>"$J"
	[ "$(j2_count 全部)" = 0 ] || fail "3rd line cut at $end: the batch is seen"
	run check
	expect_status 1
	expect_stderr "duban: $J:3: the last line is incomplete (a write was interrupted); the next update cuts it off"
done
for drop in 2 17 100; do
	# the last line of the batch cut: 55 whole lines and a torn one
	head -c $((len - drop)) "$J2/full" >"$J"
	[ "$(j2_count 全部)" = 0 ] || fail "cut $drop bytes before the end: the batch is seen"
	run check
	expect_status 1
	expect_stdout_empty
	expect_stderr "duban: $J:58: the last line is incomplete (a write was interrupted); the next update cuts it off
duban: $J:3: batch $batch has 55 of its 56 records (lines 3 to 57; a write was interrupted, or a line deleted): they are left out; the next update cuts them off"
	run note 2 -m 修 --date 2024-06-03
	expect_status 0
	[ "$(wc -l <"$J")" = 3 ] || fail "cut $drop bytes before the end: the next write left $(wc -l <"$J") lines"
	j2_clean
done
head -c $((len / 2)) "$J2/full" >"$J"
[ "$(j2_count 全部)" = 0 ] || fail "cut in the middle: the batch is seen"
run check --repair
expect_status 0
expect_stdout "$J: removed the records of an interrupted write
$J: removed a torn last line"
same_bytes "$J2/before" "$J"
# all but the newline: the batch is whole
head -c $((len - 1)) "$J2/full" >"$J"
[ "$(j2_count 全部)" = 56 ] || fail "without its last newline: $(j2_count 全部) of the batch seen"
run check
expect_status 0
expect_stdout "$STORE: 56 items, 57 records: no problems"
expect_stderr "duban: $J:58: note: the last line lacks its newline but is whole (its sum matches); it is kept"
j2_ok note 2 -m 后 --date 2024-06-03
head -n 58 "$J" | cmp -s - "$J2/full" || fail "the batch changed when the newline was added"
[ "$(wc -l <"$J")" = 59 ] || fail "$(wc -l <"$J") lines"
j2_clean

t "check --repair removes a batch cut short wherever it is, and only that"
j2_new "$J2/repair"
j2_ok note 1 -m 共同 --date 2024-06-01
rm -rf "$J2/repair-b"
cp -R "$STORE" "$J2/repair-b"
# this copy's note on three items was cut after two lines; the other copy
# wrote on; the two were put together
j2_ok note 5 6 7 -m 三项 --date 2024-06-02
sed -i '$d' "$J"
"$DUBAN" --store "$J2/repair-b" note 8 -m 另一份 --date 2024-06-02 >/dev/null 2>&1 || fail "note failed"
tail -n +3 "$J2/repair-b/journal.csv" >>"$J"
batch=$(sed -n 3p "$J" | cut -c1-16)
run check
expect_status 1
expect_stdout_empty
expect_stderr "duban: $J:3: batch $batch has 2 of its 3 records (lines 3 to 4; a write was interrupted, or a line deleted): they are left out; duban check --repair removes them"
# a writer leaves a batch in the middle where it is
run note 9 -m 之后 --date 2024-06-03
expect_status 0
expect_stderr "duban: warning: $J:3: the records of an interrupted write (batch $batch, 2 of 3) are left out"
[ "$(wc -l <"$J")" = 6 ] || fail "$(wc -l <"$J") lines"
cp "$J" "$J2/with-gap"
run check --repair
expect_status 0
expect_stdout "$J: removed the records of an interrupted write"
sed '3,4d' "$J2/with-gap" >"$J2/without-gap"
same_bytes "$J2/without-gap" "$J"
run check
expect_status 0
expect_stdout "$STORE: 56 items, 3 records: no problems"
run check --repair
expect_status 0
expect_stdout "$J: nothing to repair"
same_bytes "$J2/without-gap" "$J"
# damage is for a person to mend: --repair leaves it
sed -i 's/,另一份,/,另一分,/' "$J"
cp "$J" "$J2/damaged"
run check --repair
expect_status 1
expect_stderr "duban: $J: damaged lines are mended by hand (or from a copy kept in git); --repair removes only interrupted writes"
same_bytes "$J2/damaged" "$J"

# --- git -------------------------------------------------------------------------

t "two clones in git, each written by several commands, pull into their union: every record once, no conflict"
if ! command -v git >/dev/null 2>&1; then
	fail "git is missing: scripts/install-deps installs it"
else
	export GIT_AUTHOR_NAME=督办室 GIT_AUTHOR_EMAIL=office@example.invalid \
		GIT_COMMITTER_NAME=督办室 GIT_COMMITTER_EMAIL=office@example.invalid
	G="$J2/git"
	rm -rf "$G"
	mkdir -p "$G"
	j2_new "$G/office"
	j2_ok start 1 2 --date 2024-06-01
	j2_ok note 3 -m 起 --date 2024-06-01
	(cd "$G/office" && git init -q && git add -A && git commit -qm plan) ||
		fail "git init failed"
	git clone -q "$G/office" "$G/unit" || fail "git clone failed"
	# the office
	j2_ok note 10 11 12 -m 办公室督办 --date 2024-06-02
	j2_ok progress 1 40 --date 2024-06-03
	j2_ok actual 1 2 38 --date 2024-06-03
	j2_ok done 5 --date 2024-06-04
	# the unit, later
	STORE="$G/unit"
	J="$STORE/journal.csv"
	j2_ok progress 1 60 --date 2024-06-05 --by 区商务局
	j2_ok note 20 21 -m 单位报送 --date 2024-06-05 --by 区商务局
	j2_ok block 2 -m 用地未批 --date 2024-06-06 --by 区商务局
	j2_ok block 8 -m 误报 --date 2024-06-06 --by 区商务局
	j2_ok undo --date 2024-06-06 --by 区商务局
	for side in office unit; do
		"$DUBAN" --store "$G/$side" log --format tsv | tail -n +2 | cut -f1 >"$G/$side.ids"
		(cd "$G/$side" && git add -A && git commit -qm "$side") || fail "commit $side failed"
	done
	[ "$(wc -l <"$G/office.ids")" = 9 ] && [ "$(wc -l <"$G/unit.ids")" = 9 ] ||
		fail "$(wc -l <"$G/office.ids") and $(wc -l <"$G/unit.ids") records"
	sort -u "$G/office.ids" "$G/unit.ids" >"$G/union.ids"
	[ "$(wc -l <"$G/union.ids")" = 15 ] || fail "$(wc -l <"$G/union.ids") records in the union"
	# each pulls the other
	(cd "$G/office" && git pull -q --no-rebase "$G/unit" HEAD >"$G/pull.out" 2>&1) ||
		fail "the office's pull stopped: $(cat "$G/pull.out")"
	(cd "$G/unit" && git pull -q --no-rebase "$G/office" HEAD >"$G/pull.out" 2>&1) ||
		fail "the unit's pull stopped: $(cat "$G/pull.out")"
	for side in office unit; do
		STORE="$G/$side"
		J="$STORE/journal.csv"
		[ -z "$(cd "$STORE" && git status --porcelain)" ] ||
			fail "$side: left unmerged: $(cd "$STORE" && git status --porcelain)"
		grep -q '^<<<<<<<\|^>>>>>>>' "$J" && fail "$side: conflict markers in journal.csv"
		run check
		expect_status 0
		expect_stdout "$STORE: 56 items, 15 records: no problems"
		[ ! -s "$ERR" ] || fail "$side: check: $(cat "$ERR")"
		expect_linked "$J"
		# every record once: 15 lines and the header
		[ "$(wc -l <"$J")" = 16 ] || fail "$side: journal.csv has $(wc -l <"$J") lines"
		run log --format tsv
		tail -n +2 "$OUT" | cut -f1 | sort >"$G/$side.merged"
		same_bytes "$G/union.ids" "$G/$side.merged"
		run list --format tsv
		cp "$OUT" "$G/$side.list"
		run log --format tsv
		cp "$OUT" "$G/$side.log"
	done
	same_bytes "$G/office.list" "$G/unit.list"
	same_bytes "$G/office.log" "$G/unit.log"
	STORE="$G/office"
	J="$STORE/journal.csv"
	run list --format tsv --section 1
	got=$(tail -n +2 "$OUT" | cut -f1,13,14 | tr '\t\n' '  ' | sed 's/ $//')
	[ "$got" = "1 in-progress 60 2 blocked 0 3 not-started 0 4 not-started 0 5 done 100 6 not-started 0 7 not-started 0 8 not-started 0 9 not-started 0 10 not-started 0" ] ||
		fail "states: $got"
	# and the merged copy takes new records
	j2_ok note 30 31 -m 合并之后 --date 2024-06-07
	run check
	expect_status 0
	expect_stdout "$STORE: 56 items, 17 records: no problems"
	[ ! -s "$ERR" ] || fail "check: $(cat "$ERR")"
	expect_linked "$J"
	# the new records go on from the last line, whichever copy wrote it
	expect_chained "$J" 3
	# and the first of them names the other branch's last record too:
	# deleting that record now breaks a link
	first=$(tail -n 2 "$J" | head -n 1)
	prev=$(echo "${first%,*}" | sed 's/.*,//')
	case $prev in
	*";"*) ;;
	*) fail "the first record after the merge names one parent: $prev" ;;
	esac
	other=${prev#*;}
	cp "$J" "$G/journal.saved"
	grep -v ",$other\$" "$G/journal.saved" >"$J"
	run check
	expect_status 1
	grep -q "the record written before this one (sum $other) is not in the journal" "$ERR" ||
		fail "a branch's last record deleted after the merge: $(cat "$ERR")"
	cp "$G/journal.saved" "$J"
fi

t "a sheet made before a git pull merges after it: it showed what its copy held, not what came in"
if command -v git >/dev/null 2>&1; then
	G="$J2/git-sheet"
	rm -rf "$G"
	mkdir -p "$G"
	j2_new "$G/a"
	j2_ok start 2 --date 2024-06-01
	(cd "$G/a" && git init -q && git add -A && git commit -qm plan) ||
		fail "git init failed"
	git clone -q "$G/a" "$G/b" || fail "git clone failed"
	# B records progress on an item of 区商务局's; A, later, issues the sheet
	STORE="$G/b"
	j2_ok progress 2 30 --date 2024-06-02 -m B办
	(cd "$G/b" && git add -A && git commit -qm b) || fail "commit b"
	STORE="$G/a"
	J="$STORE/journal.csv"
	j2_ok note 5 -m A办 --date 2024-06-03
	run --as-of 2024-06-30 sheet --unit 区商务局 --period 2024-06 -o "$G/sheet.csv"
	expect_status 0
	(cd "$G/a" && git add -A && git commit -qm a && git pull -q --no-rebase "$G/b" HEAD) \
		>"$G/pull.out" 2>&1 || fail "pull: $(cat "$G/pull.out")"
	# the unit fills in its row of item 3 only
	"$CSVEDIT" --bom --crlf "$G/sheet.csv" 3:O=20 >"$G/filled.csv" || fail "csvedit"
	run merge "$G/filled.csv"
	expect_status 0
	[ ! -s "$ERR" ] || fail "merge: $(cat "$ERR")"
	expect_linked "$J"
	# the sheet's heads name A's records: B's progress was not on it
	heads=$(sed -n 4p "$G/sheet.csv" | tr -d '\r' | cut -d, -f4)
	[ -n "$heads" ] || fail "no heads on the sheet"
	# its heads, once gone, make the sheet one this store cannot read
	cp "$J" "$G/journal.saved"
	grep -v ",$heads\$" "$G/journal.saved" >"$J"
	run merge --dry-run "$G/filled.csv"
	expect_status 1
	grep -q "the sheet was made from records this store no longer holds" "$ERR" ||
		fail "heads gone: $(cat "$ERR")"
	cp "$G/journal.saved" "$J"
fi

# --- format 1 --------------------------------------------------------------------

t "a format 1 journal reads the same before and after the write that upgrades it"
j2_new "$J2/v1"
v1_1='3f0c9a1e5b7d24680000000000000001,2024-05-01T09:00:00.000000+08:00,2024-05-01,1,status,in-progress,,督办室,'
v1_2='a41d7e02c9b63f850000000000000002,2024-05-02T09:00:00.000000+08:00,2024-05-02,1,actual,38,2,督办室,统计局口径'
v1_3='5b9e0d3a7c1f4e260000000000000003,2024-05-03T09:00:00.000000+08:00,2024-05-03,2,progress,40,,区商务局,"逗号, ""引号""\n换行"'
v1_4='c7241f8e0a3d9b650000000000000004,2024-05-04T09:00:00.000000+08:00,2024-05-04,3,status,done,,督办室,'
v1_5='c7241f8e0a3d9b650000000000000005,2024-05-05T09:00:00.000000+08:00,2024-05-05,3,undo,c7241f8e0a3d9b650000000000000004,,督办室,误报'
v1_6='c7241f8e0a3d9b650000000000000006,2024-05-06T09:00:00.000000+08:00,2024-05-06,10,actual,123.45,2,区发改委,'
journal_v1 "$STORE" "$v1_1" "$v1_2" "$v1_3" "$v1_4" "$v1_5" "$v1_6"
cp "$J" "$J2/v1.csv"
run check
expect_status 0
expect_stdout "$STORE: 56 items, 6 records: no problems"
# what the readers show, before
j2_upgrade_view() {
	"$DUBAN" --store "$STORE" list --format csv | grep -v '^56,' >"$J2/list.$1"
	"$DUBAN" --store "$STORE" log --format csv | grep -v 升级 >"$J2/log.$1"
	for id in 1 2 3 10; do
		"$DUBAN" --store "$STORE" show "$id"
	done >"$J2/show.$1"
}
j2_upgrade_view before
same_bytes "$J2/v1.csv" "$J"
[ "$(awk -F, '$1 == 2 || $1 == 3 { print $1, $(NF - 8), $(NF - 7) }' "$J2/list.before" | tr '\n' ' ')" = "2 in-progress 40 3 not-started 0 " ] ||
	fail "list: $(awk -F, '$1 == 2 || $1 == 3 { print $1, $(NF - 8), $(NF - 7) }' "$J2/list.before" | tr '\n' ' ')"
grep -q '总产值>60亿元  actual 38亿元 (2024-05-02)' "$J2/show.before" ||
	fail "show 1: $(grep 总产值 "$J2/show.before")"
# one write: the whole journal in format 2, then the new record
j2_ok note 56 -m 升级 --date 2024-05-07
j2_upgrade_view after
same_bytes "$J2/list.before" "$J2/list.after"
same_bytes "$J2/log.before" "$J2/log.after"
same_bytes "$J2/show.before" "$J2/show.after"
# the old records, each a batch of its own named by the sum of its id
# (ids 4, 5 and 6 share their first 16 digits), chained in file order;
# the figures name their targets by key
rm -rf "$J2/v1-want"
mkdir -p "$J2/v1-want"
for rec in "$v1_1" "$(printf '%s\n' "$v1_2" | sed 's/,38,2,/,38,总产值,/')" "$v1_3" \
	"$v1_4" "$v1_5" "$(printf '%s\n' "$v1_6" | sed 's/,123.45,2,/,123.45,年度投资,/')"; do
	journal_add "$J2/v1-want" "$rec" "$(journal_sum "${rec%%,*}")/1"
done
head -n 7 "$J" >"$J2/v1-got"
same_bytes "$J2/v1-want/journal.csv" "$J2/v1-got"
[ "$(wc -l <"$J")" = 8 ] || fail "$(wc -l <"$J") lines"
tail -n 1 "$J" | grep -q ',2024-05-07,56,note,,,督办室,升级,' || fail "last line: $(tail -n 1 "$J")"
j2_clean
expect_stdout "$STORE: 56 items, 7 records: no problems"
# the next write appends
cp "$J" "$J2/v2.csv"
j2_ok note 55 -m 再记 --date 2024-05-07
head -n 8 "$J" | cmp -s - "$J2/v2.csv" || fail "the second write rewrote the journal"
j2_clean

t "a format 1 journal with a torn last line or a damaged line: the upgrade drops the one, refuses the other"
j2_new "$J2/v1-torn"
journal_v1 "$STORE" "$v1_1" "$v1_4"
printf '%s' '00000000000000000000000000000009,2024-05-0' >>"$J"
run note 56 -m 升级 --date 2024-05-07
expect_status 0
expect_stderr "duban: warning: $J:4: the last line is incomplete (a write was interrupted); it is left out, and cut off when this records"
grep -q 00000000000000000000000000000009 "$J" && fail "the torn line is still there"
[ "$(wc -l <"$J")" = 4 ] || fail "$(wc -l <"$J") lines"
j2_clean
j2_new "$J2/v1-damaged"
journal_v1 "$STORE" "$v1_1" "$(printf '%s\n' "$v1_4" | sed 's/,status,done,/,status,finished,/')" "$v1_6"
j2_refused 1 "duban: $J:3: the value is not a status key
duban: $J is damaged: nothing was recorded; mend the lines above (duban check lists them)" \
	note 56 -m 升级
[ "$(head -n 1 "$J")" = "$JOURNAL_HEADER_V1" ] || fail "header: $(head -n 1 "$J")"

# --- lines deleted or changed -------------------------------------------------

j2_tamper_store() {
	j2_new "$J2/tamper"
	j2_ok progress 1 50 --date 2024-06-01
	j2_ok note 2 -m 二 --date 2024-06-02
	j2_ok note 3 4 5 -m 三项 --date 2024-06-03
	j2_ok done 6 --date 2024-06-04
	cp "$J" "$J2/tamper.good"
}

t "a line deleted from the middle: check names the record after it, and writers refuse"
j2_tamper_store
sum2=$(sed -n 3p "$J" | sed 's/.*,//')
sed -i 3d "$J"
run check
expect_status 1
expect_stdout_empty
expect_stderr "duban: $J:3: the record written before this one (sum $sum2) is not in the journal: was a line deleted or changed?
duban: 1 damaged journal lines"
j2_refused 1 "duban: $J:3: the record written before this one (sum $sum2) is not in the journal: was a line deleted or changed?
duban: $J is damaged: nothing was recorded; mend the lines above (duban check lists them)" \
	note 7 -m x
run list --format tsv
expect_status 0
expect_stderr "duban: warning: $J:3: the record written before this one (sum $sum2) is not in the journal: was a line deleted or changed?
duban: warning: lines that cannot be read are left out, and a record may be missing; run 'duban check'"
cp "$J2/tamper.good" "$J"
j2_clean

t "a line of a batch deleted: check names the broken link and the batch"
j2_tamper_store
batch=$(sed -n 4p "$J" | cut -c1-16)
sed -i 5d "$J"
run check
expect_status 1
expect_stdout_empty
expect_stderr "duban: $J:5: the record written before this one (sum $(sed -n 5p "$J2/tamper.good" | sed 's/.*,//')) is not in the journal: was a line deleted or changed?
duban: $J:4: batch $batch has 2 of its 3 records (lines 4 to 5; a write was interrupted, or a line deleted): they are left out; mend the damaged lines first
duban: 1 damaged journal lines"
j2_refused 1 "duban: $J:5: the record written before this one (sum $(sed -n 5p "$J2/tamper.good" | sed 's/.*,//')) is not in the journal: was a line deleted or changed?
duban: $J is damaged: nothing was recorded; mend the lines above (duban check lists them)" \
	note 7 -m x

t "a figure changed in place, 50 to 05: check names the line and the link after it, and writers refuse"
j2_tamper_store
sum1=$(sed -n 2p "$J" | sed 's/.*,//')
sed -i '2s/,progress,50,/,progress,05,/' "$J"
cmp -s "$J" "$J2/tamper.good" && fail "sed changed nothing"
problems="$J:2: the line does not match its sum: it was changed after it was written
$J:3: the record written before this one (sum $sum1) is not in the journal: was a line deleted or changed?"
run check
expect_status 1
expect_stdout_empty
expect_stderr "$(echo "$problems" | sed 's/^/duban: /')
duban: 2 damaged journal lines"
for cmd in "note 7 -m x" "progress 1 60" "undo"; do
	# shellcheck disable=SC2086
	j2_refused 1 "$(echo "$problems" | sed 's/^/duban: /')
duban: $J is damaged: nothing was recorded; mend the lines above (duban check lists them)" $cmd
done
# the changed record is not believed: item 1 is not at 5 percent
run list --format tsv
expect_status 0
[ "$(awk -F'\t' '$1 == 1 { print $13, $14 }' "$OUT")" = "not-started 0" ] ||
	fail "item 1: $(awk -F'\t' '$1 == 1 { print $13, $14 }' "$OUT")"
cp "$J2/tamper.good" "$J"
j2_clean
run list --format tsv
[ "$(awk -F'\t' '$1 == 1 { print $13, $14 }' "$OUT")" = "in-progress 50" ] ||
	fail "item 1: $(awk -F'\t' '$1 == 1 { print $13, $14 }' "$OUT")"

# --- targets by key ---------------------------------------------------------------

t "a target added in front of an item's targets: the figures recorded stay on their targets"
j2_new "$J2/keys"
j2_ok note 2 -m 前 --date 2024-06-01
j2_ok actual 1 1 42 --date 2024-06-02
j2_ok actual 1 2 38 --date 2024-06-02
tail -n 1 "$J" | grep -q ',2024-06-02,1,actual,38,总产值,督办室,,' ||
	fail "the figure does not name its target: $(tail -n 1 "$J")"
sed -i 's/,规上工业企业数量>40家;总产值>60亿元$/,亩均税收>10万元;规上工业企业数量>40家;总产值>60亿元/' "$STORE/items.csv"
grep -q '亩均税收' "$STORE/items.csv" || fail "items.csv not edited"
j2_clean
run show 1
sed -n '/^Targets/,/^History/p' "$OUT" >"$J2/targets"
printf '%s\n' 'Targets       1  亩均税收>10万元' \
	'              2  规上工业企业数量>40家  actual 42家 (2024-06-02)' \
	'              3  总产值>60亿元  actual 38亿元 (2024-06-02)' \
	'History       2024-06-02  actual #3 = 38亿元  督办室' >"$J2/targets.want"
same_bytes "$J2/targets.want" "$J2/targets"
j2_ok actual 1 3 45 --date 2024-06-03
expect_stdout "recorded item 1: actual #3 = 45亿元 (entry $(tail -n 1 "$J" | cut -c1-10))"
tail -n 1 "$J" | grep -q ',2024-06-03,1,actual,45,总产值,督办室,,' || fail "last line: $(tail -n 1 "$J")"
run show 1
grep -qx '              3  总产值>60亿元  actual 45亿元 (2024-06-03)' "$OUT" ||
	fail "show 1: $(grep 总产值 "$OUT")"
j2_ok log 1 --format tsv
[ "$(tail -n +2 "$OUT" | cut -f6,7 | tr '\t\n' '= ')" = "45=3 38=3 42=2 " ] ||
	fail "log 1: $(tail -n +2 "$OUT" | cut -f6,7 | tr '\t\n' '= ')"

t "a target renamed in items.csv orphans its figures: check names them, writers refuse"
# a record after them, linked to the last: its link still holds
j2_ok note 3 -m 之后 --date 2024-06-03
cp "$STORE/items.csv" "$J2/items.good"
sed -i 's/;总产值>60亿元$/;工业总产值>60亿元/' "$STORE/items.csv"
orphan='item 1 has no target "总产值": was the target renamed or removed in items.csv? (restore it there)'
run check
expect_status 1
expect_stdout_empty
expect_stderr "duban: $J:4: $orphan
duban: $J:5: $orphan
duban: 2 damaged journal lines"
for cmd in "note 2 -m x" "actual 1 2 50"; do
	# shellcheck disable=SC2086
	j2_refused 1 "duban: $J:4: $orphan
duban: $J:5: $orphan
duban: $J is damaged: nothing was recorded; mend the lines above (duban check lists them)" $cmd
done
# readers go on without them
run show 1
expect_status 0
expect_stderr "duban: warning: $J:4: $orphan
duban: warning: $J:5: $orphan
duban: warning: lines that cannot be read are left out, and a record may be missing; run 'duban check'"
grep -qx '              3  工业总产值>60亿元' "$OUT" || fail "show 1: $(grep 总产值 "$OUT")"
# the name given back: all is as it was
cp "$J2/items.good" "$STORE/items.csv"
j2_clean
run show 1
grep -qx '              3  总产值>60亿元  actual 45亿元 (2024-06-03)' "$OUT" ||
	fail "show 1: $(grep 总产值 "$OUT")"

# --- undo --batch -------------------------------------------------------------------

t "undo --batch cancels every record of a command not undone yet, and says which"
j2_new "$J2/batch"
j2_ok note 1 2 3 4 -m 批量 --date 2024-06-01
e1=$(sed -n 2p "$J" | cut -c1-10)
e2=$(sed -n 3p "$J" | cut -c1-10)
e3=$(sed -n 4p "$J" | cut -c1-10)
e4=$(sed -n 5p "$J" | cut -c1-10)
j2_ok undo "$e2" --date 2024-06-02
# named by any record of the batch: the third
j2_ok undo --batch "$e3" --date 2024-06-02
printf 'cancelled entry %s of item 1: note, by 督办室, for 2024-06-01\nrecorded item 1: undo %s (entry ID)\ncancelled entry %s of item 3: note, by 督办室, for 2024-06-01\nrecorded item 3: undo %s (entry ID)\ncancelled entry %s of item 4: note, by 督办室, for 2024-06-01\nrecorded item 4: undo %s (entry ID)\n' \
	"$e1" "$e1" "$e3" "$e3" "$e4" "$e4" >"$J2/said.want"
sed 's/(entry [0-9a-f]\{10\})$/(entry ID)/' "$OUT" >"$J2/said"
same_bytes "$J2/said.want" "$J2/said"
# the three undos are one batch of their own
[ "$(tail -n 3 "$J" | awk -F, '{ print $(NF - 2) }' | sort -u)" = "$(tail -n 3 "$J" | head -n 1 | cut -c1-16)/3" ] ||
	fail "the undos are not one batch: $(tail -n 3 "$J" | awk -F, '{ print $(NF - 2) }' | tr '\n' ' ')"
j2_clean
run log --format tsv
[ "$(tail -n +2 "$OUT" | awk -F'\t' '$5 == "note" && $9 == 1' | wc -l)" = 4 ] ||
	fail "not the 4 notes undone"
j2_refused 1 "duban: every record of batch $(sed -n 2p "$J" | cut -c1-16) is undone already" \
	undo --batch "$e1"
# an undo of the whole batch undone: its records come back
undos=$(tail -n 1 "$J" | cut -c1-10)
j2_ok undo --batch "$undos" --date 2024-06-03
run log --format tsv
[ "$(tail -n +2 "$OUT" | awk -F'\t' '$5 == "note" && $9 == 0' | cut -f4 | sort -n | tr '\n' ' ')" = "1 3 4 " ] ||
	fail "notes standing: $(tail -n +2 "$OUT" | awk -F'\t' '$5 == "note" && $9 == 0' | cut -f4 | tr '\n' ' ')"

t "--batch is an option of undo only, and takes an entry id"
j2_refused 2 "duban note: unrecognized option '--batch'
duban: --batch is an option of undo
Try 'duban note --help'." note 1 --batch -m x
j2_refused 2 "duban done: unrecognized option '--batch'
duban: --batch is an option of undo
Try 'duban done --help'." done 1 --batch
j2_refused 2 "duban: undo --batch takes an entry id of the batch
Try 'duban undo --help'." undo --batch
j2_refused 2 "duban: no entry \"0123456789\" in the journal (ids are in duban log)
Try 'duban undo --help'." undo --batch 0123456789

unset DUBAN_USER
STORE=$J2_SAVED_STORE
