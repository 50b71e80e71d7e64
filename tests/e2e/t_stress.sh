# stress: many writers at once, writers killed at random moments, a write
# that fails part-way, and a store that cannot be written as it should.
#
# Every check is on counts and contents, never on timing: a sleep only
# gives the processes a chance to overlap or to be caught mid-write.
# The file is sourced by /bin/sh (dash here): no $RANDOM, no arrays.

ST="$TMP/stress"	# scratch space of this file
mkdir -p "$ST"

# Notes per writer in the concurrency test, rounds of each writer in the
# race, rounds of the crash test, and the wait before each crash: at least
# st_wait ms, and up to st_pause ms more, at random.
# A sanitizer build starts every process about ten times slower (make asan
# runs this file too): it gets a quarter of the notes and a third of the
# rounds; under valgrind (make valgrind) a process takes a second or more,
# so there are fewer still, and longer waits to let some writes finish
# before the kill.  DUBAN_STRESS_FULL=1 runs them all.
st_writes=100
st_race=25
st_rounds=30
st_wait=0
st_pause=300
if [ -n "$DUBAN_STRESS_FULL" ]; then
	:
elif grep -q __asan_init "$DUBAN" 2>/dev/null; then
	st_writes=25
	st_rounds=10
	echo "  (stress: a sanitizer build: $st_writes notes per writer, $st_rounds crash rounds; DUBAN_STRESS_FULL=1 for all)"
elif grep -q valgrind "$DUBAN" 2>/dev/null; then
	st_writes=6
	st_race=5
	st_rounds=4
	st_wait=1500
	st_pause=3000
	echo "  (stress: under valgrind: $st_writes notes per writer, $st_race race rounds, $st_rounds crash rounds; DUBAN_STRESS_FULL=1 for all)"
fi
st_total=$((8 * st_writes))

# st_rand N: a random number from 0 to N-1.
st_rand() {
	echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % $1 ))
}

# st_store DIR: a fresh store in DIR.
st_store() {
	rm -rf "$1"
	"$DUBAN" --store "$1" init >/dev/null 2>&1 || fail "init $1 failed"
}

# st_run DIR ARGS...: like run, on the store DIR.
st_run() {
	st_dir=$1
	shift
	"$DUBAN" --store "$st_dir" "$@" >"$OUT" 2>"$ERR"
	status=$?
}

# st_wait_for FILE: waits (10 s at most) until FILE exists.
st_wait_for() {
	st_n=0
	while [ ! -e "$1" ] && [ $st_n -lt 1000 ]; do
		sleep 0.01
		st_n=$((st_n + 1))
	done
	[ -e "$1" ] || fail "$1 never appeared"
}

# st_no_stderr: the last run said nothing on stderr.
st_no_stderr() {
	[ ! -s "$ERR" ] || fail "stderr: $(head -c 600 "$ERR")"
}

# st_lines FILE: its number of lines.
st_lines() {
	wc -l <"$1" | tr -d ' '
}

# --- 1. concurrency --------------------------------------------------------

t "8 writers at once, $st_writes notes each: each note recorded once, in its writer's order"
S="$ST/conc"
st_store "$S"
rm -f "$ST"/conc-fail.*
st_pids=""
for k in 1 2 3 4 5 6 7 8; do
	(
		i=1
		while [ $i -le $st_writes ]; do
			"$DUBAN" --store "$S" note $(( (k * 7 + i) % 56 + 1 )) \
				-m "w$k-$i" --by "w$k" >/dev/null 2>>"$ST/conc-fail.$k" ||
				echo "w$k-$i exited $?" >>"$ST/conc-fail.$k"
			i=$((i + 1))
		done
	) &
	st_pids="$st_pids $!"
done
for p in $st_pids; do
	wait "$p"
done
cat "$ST"/conc-fail.* >"$ST/conc-fail" 2>/dev/null
[ ! -s "$ST/conc-fail" ] || fail "writers failed: $(head -c 600 "$ST/conc-fail")"
st_run "$S" log --format tsv
expect_status 0
tail -n +2 "$OUT" >"$ST/conc-log"
[ "$(st_lines "$ST/conc-log")" = $st_total ] || fail "log has $(st_lines "$ST/conc-log") rows, expected $st_total"
for k in 1 2 3 4 5 6 7 8; do
	i=1
	while [ $i -le $st_writes ]; do
		echo "w$k-$i"
		i=$((i + 1))
	done
done | sort >"$ST/conc-want"
cut -f10 "$ST/conc-log" | sort >"$ST/conc-got"
cmp -s "$ST/conc-want" "$ST/conc-got" ||
	fail "the notes are not the $st_total written, each once:$(diff "$ST/conc-want" "$ST/conc-got" | head -20 | sed 's/^/    /')"
# "by" is the writer that wrote the note
awk -F '\t' '{ split($10, p, "-"); if ($8 != p[1]) { print "note " $10 " by " $8; exit 1 } }' \
	"$ST/conc-log" >"$ST/conc-diff" || fail "$(cat "$ST/conc-diff")"
[ "$(st_lines "$S/journal.csv")" = $((st_total + 1)) ] ||
	fail "journal.csv has $(st_lines "$S/journal.csv") lines, expected $((st_total + 1))"
# the writers took turns: one chain, each line linked to the one before
expect_chained "$S/journal.csv"
st_run "$S" check
expect_status 0
expect_stdout "$S: 56 items, $st_total records: no problems"
st_no_stderr

t "8 writers at once: the fold order keeps each writer's sequence, and is the line order"
# log lists newest first in fold order (recorded, entry): reversed, it is
# the fold order.  Each writer's notes must come 1, 2, 3 ... in it.
tac "$ST/conc-log" >"$ST/conc-fold"
awk -F '\t' -v n=$st_writes '
{
	split($10, p, "-")
	w = p[1]; i = p[2] + 0
	if (i != last[w] + 1) { print "writer " w ": note " i " after note " last[w] + 0; bad = 1 }
	last[w] = i
	if (NR > 1 && $2 == prev) { print "two records recorded at " $2; bad = 1 }
	prev = $2
}
END {
	for (k = 1; k <= 8; k++)
		if (last["w" k] != n) { print "writer w" k " ends at " last["w" k] + 0; bad = 1 }
	exit bad
}' "$ST/conc-fold" >"$ST/conc-diff" || fail "$(head -20 "$ST/conc-diff")"
# writes are serialised and each is recorded after the latest: appending
# order, recorded order and fold order are one
tail -n +2 "$S/journal.csv" | cut -d, -f1 >"$ST/conc-lines"
cut -f1 "$ST/conc-fold" >"$ST/conc-folded"
cmp -s "$ST/conc-lines" "$ST/conc-folded" || fail "journal lines are not in fold order"

t "writers racing on one item's progress leave it at the latest record's value"
S="$ST/race"
st_store "$S"
rm -f "$ST"/race-fail.*
st_pids=""
for k in 1 2 3 4; do
	(
		i=1
		while [ $i -le $st_race ]; do
			pct=$(( (k * 37 + i * 13) % 101 ))
			case $k in
			1|2) set -- progress 20 "$pct" ;;
			3) set -- progress 20 21 "$pct%" ;;	# two items in one record set
			4) if [ $((i % 2)) = 0 ]; then set -- note 20 -m "n$i"
			   else set -- progress 21 20 "$pct"; fi ;;
			esac
			"$DUBAN" --store "$S" "$@" --by "r$k" >/dev/null 2>>"$ST/race-fail.$k" ||
				echo "r$k-$i ($*) exited $?" >>"$ST/race-fail.$k"
			i=$((i + 1))
		done
	) &
	st_pids="$st_pids $!"
done
for p in $st_pids; do
	wait "$p"
done
cat "$ST"/race-fail.* >"$ST/race-fail" 2>/dev/null
[ ! -s "$ST/race-fail" ] || fail "writers failed: $(head -c 600 "$ST/race-fail")"
st_run "$S" log --format tsv
expect_status 0
tail -n +2 "$OUT" >"$ST/race-log"
# progress records: one each from writers 1 and 2, two from writer 3, and
# two from writer 4 in its odd rounds; notes: writer 4's even rounds
st_progress=$((4 * st_race + 2 * ((st_race + 1) / 2)))
st_notes=$((st_race / 2))
[ "$(awk -F '\t' '$5 == "progress"' "$ST/race-log" | wc -l)" -eq $st_progress ] ||
	fail "$(awk -F '\t' '$5 == "progress"' "$ST/race-log" | wc -l) progress records, expected $st_progress"
[ "$(awk -F '\t' '$5 == "note"' "$ST/race-log" | wc -l)" -eq $st_notes ] ||
	fail "$(awk -F '\t' '$5 == "note"' "$ST/race-log" | wc -l) notes, expected $st_notes"
st_run "$S" list --format tsv
expect_status 0
for item in 20 21; do
	# the newest progress record of the item (log is newest first)
	want=$(awk -F '\t' -v it=$item '$4 == it && $5 == "progress" { print $6; exit }' "$ST/race-log")
	got=$(awk -F '\t' -v it=$item 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "percent") c = i }
		NR > 1 && $1 == it { print $c }' "$OUT")
	[ -n "$want" ] && [ "$want" = "$got" ] ||
		fail "item $item: list says $got%, the latest progress record says $want%"
done
st_run "$S" check
expect_status 0
expect_stdout "$S: 56 items, $((st_progress + st_notes)) records: no problems"

# --- 2. crashes ------------------------------------------------------------

t "writers killed at random moments: the store loads and keeps every reported write"
S="$ST/crash"
st_store "$S"
: >"$ST/crash-ok"
st_pad=$(head -c 6000 /dev/zero | tr '\0' x)	# long records tear more easily
if ! command -v setsid >/dev/null 2>&1; then
	echo "  (stress: skipped the killed writers: no setsid command)"
	st_rounds=0
fi
round=1
while [ $round -le $st_rounds ]; do
	st_pgids=""
	st_pids=""
	for k in 1 2 3; do
		rm -f "$ST/crash-pid.$k"
		# in a session of its own, so that one kill takes the loop and
		# the duban it is running; the leader writes its pid (the
		# group's id) first, whole: a file that appears is never empty
		setsid sh -c '
			echo $$ >"$5.tmp" && mv "$5.tmp" "$5"
			duban=$1 store=$2 tag=$3 ok=$4 pad=$6 k=$7 i=1
			while [ -e "$store/items.csv" ]; do	# ends if the test is gone
				case $((i % 3)) in
				0) note="$tag-$i $pad" ;;
				*) note="$tag-$i" ;;
				esac
				"$duban" --store "$store" note $(( (k + i) % 56 + 1 )) \
					-m "$note" --by "w$k" >/dev/null 2>&1 &&
					echo "$tag-$i" >>"$ok"
				i=$((i + 1))
			done' sh "$DUBAN" "$S" "r$round-w$k" "$ST/crash-ok.$round.$k" \
			"$ST/crash-pid.$k" "$st_pad" "$k" </dev/null &
		st_pids="$st_pids $!"
	done
	for k in 1 2 3; do
		st_wait_for "$ST/crash-pid.$k"
		st_pgids="$st_pgids $(cat "$ST/crash-pid.$k")"
	done
	st_ms=$((st_wait + $(st_rand $st_pause)))
	sleep "$((st_ms / 1000)).$(printf '%03d' $((st_ms % 1000)))"
	for g in $st_pgids; do
		kill -s KILL -- "-$g" 2>/dev/null
	done
	for p in $st_pids; do
		wait "$p" 2>/dev/null
	done
	# only whole lines of the logs count (a kill could cut one)
	for k in 1 2 3; do
		f="$ST/crash-ok.$round.$k"
		[ -f "$f" ] || continue
		if [ -n "$(tail -c 1 "$f")" ]; then sed '$d' "$f"; else cat "$f"; fi >>"$ST/crash-ok"
	done
	st_run "$S" check
	if [ -s "$ERR" ]; then
		# a write cut by the kill: check fails on the torn last line
		# and on nothing else (the next write cuts it off)
		if [ "$status" -ne 1 ] ||
		   grep -qv "^duban: $S/journal.csv:[0-9]*: the last line is incomplete" "$ERR"; then
			fail "round $round: check exited $status: $(cat "$OUT" "$ERR")"
		fi
		st_torn=$((${st_torn:-0} + 1))
	elif [ "$status" -ne 0 ] ||
	     ! grep -qx "$S: 56 items, [0-9]* records: no problems" "$OUT"; then
		fail "round $round: check exited $status: $(cat "$OUT" "$ERR")"
	fi
	st_run "$S" list --format tsv
	[ "$status" -eq 0 ] || fail "round $round: list exited $status: $(cat "$ERR")"
	st_run "$S" log --format tsv
	[ "$status" -eq 0 ] || fail "round $round: log exited $status: $(cat "$ERR")"
	tail -n +2 "$OUT" | cut -f10 | sed 's/ .*//' | sort >"$ST/crash-have"
	sort "$ST/crash-ok" >"$ST/crash-want"
	comm -23 "$ST/crash-want" "$ST/crash-have" >"$ST/crash-lost"
	[ ! -s "$ST/crash-lost" ] ||
		fail "round $round: writes reported as done are not in the log: $(head -5 "$ST/crash-lost" | tr '\n' ' ')"
	round=$((round + 1))
done
[ $st_rounds -eq 0 ] || [ "$(st_lines "$ST/crash-ok")" -gt 0 ] ||
	fail "no write succeeded in $st_rounds rounds"
echo "  (stress: $(st_lines "$ST/crash-ok") writes reported in $st_rounds killed rounds; ${st_torn:-0} left a torn last line)"
st_run "$S" note 1 -m "after the crashes" --by survivor
expect_status 0
st_run "$S" check
expect_status 0
st_no_stderr
[ -z "$(tail -c 1 "$S/journal.csv")" ] || fail "journal.csv does not end with a newline"
# what the kills cut off left no gap in the chain
expect_chained "$S/journal.csv"

t "a torn last line is a warning for readers and cut off by the next write"
# st_torn_warning: stderr is one warning about line $n of the journal.
st_torn_warning() {
	[ "$(st_lines "$ERR")" = 1 ] &&
		grep -q "^duban: warning: $S/journal.csv:$n: .*incomplete" "$ERR" ||
		fail "stderr is not one warning about the torn line $n: $(cat "$ERR")"
}
S="$ST/crash"
cp "$S/journal.csv" "$ST/torn-before"
n=$(( $(st_lines "$S/journal.csv") + 1 ))
printf '0123456789abcdef0123456789abcdef,2024-06-30T14:05:09.1' >>"$S/journal.csv"
# check says so, and fails
st_run "$S" check
expect_status 1
[ "$(cat "$ERR")" = "duban: $S/journal.csv:$n: the last line is incomplete (a write was interrupted); the next update cuts it off" ] ||
	fail "check: $(cat "$ERR")"
st_run "$S" list --format tsv
expect_status 0
st_torn_warning
st_run "$S" log --format tsv
expect_status 0
st_torn_warning
cmp -s "$ST/torn-before" "$S/journal.csv" && fail "the torn line was not added"
st_run "$S" note 2 -m "mended" --by survivor
expect_status 0
st_torn_warning
head -c "$(wc -c <"$ST/torn-before")" "$S/journal.csv" >"$ST/torn-head"
same_bytes "$ST/torn-before" "$ST/torn-head"
tail -n +"$n" "$S/journal.csv" >"$ST/torn-tail"
[ "$(st_lines "$ST/torn-tail")" = 1 ] &&
	grep -Eq ',note,,,survivor,mended,[0-9a-f]{16}/1,[0-9a-f]{16},[0-9a-f]{16}$' "$ST/torn-tail" ||
	fail "after the cut: $(cat "$ST/torn-tail")"
expect_chained "$S/journal.csv"
st_run "$S" check
expect_status 0
st_no_stderr

# --- 3. a write that fails part-way ---------------------------------------

# st_fsize BYTES CMD...: runs CMD with files limited to at least BYTES and
# less than BYTES + 1024 (prlimit counts bytes; the shell's ulimit -f
# counts blocks of 512 or 1024 bytes, found out here by trying).
st_fsize() {
	st_bytes=$1
	shift
	if command -v prlimit >/dev/null 2>&1; then
		prlimit --fsize="$st_bytes" "$@"
		return
	fi
	if [ -z "$st_block" ]; then
		rm -f "$ST/block"
		(ulimit -f 1; head -c 4096 /dev/zero >"$ST/block") 2>/dev/null
		st_block=$(wc -c <"$ST/block" | tr -d ' ')
	fi
	(ulimit -f $(( (st_bytes + st_block - 1) / st_block )); "$@")
}

t "a write past the file size limit fails, says so on one line, and leaves the journal as it was"
S="$ST/fsize"
st_store "$S"
st_run "$S" note 1 -m "before the limit" --by a
expect_status 0
cp "$S/journal.csv" "$ST/fsize-before"
size=$(wc -c <"$S/journal.csv" | tr -d ' ')
long=$(head -c 4000 /dev/zero | tr '\0' y)
st_fsize $((size + 10)) "$DUBAN" --store "$S" note 2 -m "$long" --by a >"$OUT" 2>"$ERR"
status=$?
expect_status 1
expect_stdout_empty
[ "$(st_lines "$ERR")" = 1 ] && grep -q "^duban: $S/journal.csv: .*File too large" "$ERR" ||
	fail "stderr is not one line about journal.csv: $(cat "$ERR")"
same_bytes "$ST/fsize-before" "$S/journal.csv"
st_run "$S" check
expect_status 0
expect_stdout "$S: 56 items, 1 records: no problems"
st_no_stderr

t "several items at once past the limit: none recorded, even when the first fits"
long=$(head -c 3000 /dev/zero | tr '\0' z)
st_fsize $((size + 3200)) "$DUBAN" --store "$S" note 3 4 5 -m "$long" --by a >"$OUT" 2>"$ERR"
status=$?
expect_status 1
[ "$(st_lines "$ERR")" = 1 ] && grep -q "^duban: $S/journal.csv: " "$ERR" ||
	fail "stderr is not one line about journal.csv: $(cat "$ERR")"
same_bytes "$ST/fsize-before" "$S/journal.csv"
st_run "$S" note 3 4 5 -m "$long" --by a
expect_status 0
st_run "$S" check
expect_status 0
expect_stdout "$S: 56 items, 4 records: no problems"

t "a new journal that cannot get its first record leaves a store that loads"
S="$ST/fsize-new"
st_store "$S"
st_fsize 200 "$DUBAN" --store "$S" note 1 -m "$long" --by a >"$OUT" 2>"$ERR"
status=$?
expect_status 1
grep -q "^duban: $S/journal.csv: " "$ERR" || fail "stderr: $(cat "$ERR")"
[ ! -s "$S/journal.csv" ] || fail "journal.csv holds $(wc -c <"$S/journal.csv") bytes"
st_run "$S" check
expect_status 0
st_no_stderr
st_run "$S" note 1 -m "now it fits" --by a
expect_status 0
[ "$(head -n 1 "$S/journal.csv")" = "$JOURNAL_HEADER_V2" ] ||
	fail "no header: $(head -n 1 "$S/journal.csv")"
expect_chained "$S/journal.csv"
st_run "$S" check
expect_status 0
expect_stdout "$S: 56 items, 1 records: no problems"

# --- 4. other faults ---------------------------------------------------------

t "a read-only store: writing fails with a clear message, reading works"
S="$ST/ro"
st_store "$S"
st_run "$S" note 1 -m "already there" --by a
cp "$S/journal.csv" "$ST/ro-before"
# root may write anything whatever the modes: then the store is used as
# another user (setpriv, util-linux), else the case is skipped
st_as=""
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		st_as="setpriv --reuid=65534 --regid=65534 --clear-groups"
		chmod 711 "$TMP" "$ST"	# let that user reach the store
	else
		st_as=skip
	fi
fi
if [ "$st_as" = skip ]; then
	echo "  (stress: skipped the read-only store: running as root without setpriv)"
else
	chmod 444 "$S"/*
	chmod 555 "$S"
	$st_as "$DUBAN" --store "$S" note 1 -m "must not be written" --by a >"$OUT" 2>"$ERR"
	status=$?
	expect_status 1
	expect_stdout_empty
	expect_stderr "duban: $S/lock: cannot open the lock: Permission denied"
	same_bytes "$ST/ro-before" "$S/journal.csv"
	$st_as "$DUBAN" --store "$S" log --format tsv >"$OUT" 2>"$ERR"
	status=$?
	expect_status 0
	st_no_stderr
	[ "$(tail -n +2 "$OUT" | cut -f10)" = "already there" ] || fail "log: $(cat "$OUT")"
	$st_as "$DUBAN" --store "$S" check >"$OUT" 2>"$ERR"
	status=$?
	expect_status 0
	expect_stdout "$S: 56 items, 1 records: no problems"
	# a writable lock but a read-only journal
	chmod 755 "$S"
	chmod 666 "$S/lock"
	$st_as "$DUBAN" --store "$S" note 1 -m "must not be written" --by a >"$OUT" 2>"$ERR"
	status=$?
	expect_status 1
	expect_stderr "duban: $S/journal.csv: cannot open for writing: Permission denied"
	same_bytes "$ST/ro-before" "$S/journal.csv"
	chmod 755 "$S"
	chmod 644 "$S"/*
	[ -n "$st_as" ] && chmod 700 "$TMP" "$ST"
fi

t "a journal.csv that is a directory: every command fails with one clear line"
S="$ST/jdir"
st_store "$S"
mkdir "$S/journal.csv"
st_run "$S" note 1 -m x --by a
expect_status 1
expect_stdout_empty
expect_stderr "duban: $S/journal.csv: a directory, not a regular file: duban does not use it"
[ -z "$(ls -A "$S/journal.csv")" ] || fail "something was written into the directory"
st_run "$S" log
expect_status 1
expect_stderr "duban: $S/journal.csv: a directory, not a regular file: duban does not use it"
st_run "$S" check
expect_status 1
expect_stderr "duban: $S/journal.csv: a directory, not a regular file: duban does not use it"

t "a writer waits for the lock another process holds, then records"
S="$ST/lock"
st_store "$S"
if ! command -v flock >/dev/null 2>&1; then
	echo "  (stress: skipped the held lock: no flock command)"
else
	rm -f "$ST/held" "$ST/release"
	flock "$S/lock" sh -c 'touch "$1/held"; while [ ! -e "$1/release" ]; do sleep 0.02; done' \
		sh "$ST" &
	st_holder=$!
	st_wait_for "$ST/held"
	"$DUBAN" --store "$S" note 7 -m "waited" --by patient >"$ST/lock-out" 2>"$ST/lock-err" &
	st_writer=$!
	sleep 0.3
	# it cannot have finished while the lock is held (the limit is 30 s)
	kill -0 "$st_writer" 2>/dev/null || fail "the writer did not wait for the lock"
	[ ! -s "$S/journal.csv" ] || fail "the writer wrote while the lock was held"
	touch "$ST/release"
	wait "$st_holder"
	wait "$st_writer"
	status=$?
	expect_status 0
	[ ! -s "$ST/lock-err" ] || fail "stderr: $(cat "$ST/lock-err")"
	st_run "$S" log --format tsv
	[ "$(tail -n +2 "$OUT" | cut -f4,8,10)" = "$(printf '7\tpatient\twaited')" ] ||
		fail "log: $(cat "$OUT")"
	st_run "$S" check
	expect_status 0
fi

t "items.csv missing: writers and readers fail with one clear line"
S="$ST/noitems"
st_store "$S"
st_run "$S" note 1 -m "kept" --by a
cp "$S/journal.csv" "$ST/noitems-before"
rm "$S/items.csv"
st_run "$S" note 1 -m x --by a
expect_status 1
expect_stdout_empty
expect_stderr "duban: $S: no store here (no items.csv); create one with: duban init $S"
same_bytes "$ST/noitems-before" "$S/journal.csv"
st_run "$S" list
expect_status 1
expect_stderr "duban: $S: no store here (no items.csv); create one with: duban init $S"
st_run "$S" check
expect_status 1
expect_stderr "duban: $S: no store here (no items.csv)"

unset S k i p g f n pct item want got long size round
