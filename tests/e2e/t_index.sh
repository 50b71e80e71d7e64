# The index: every report read through it is the report the CSV files give
# (DUBAN_NO_INDEX=1), byte for byte, on generated stores: fresh, warm,
# after appends, during appends, and after the index was cut short, taken
# from another store, or outlived an items.csv edited with its times kept.

: "${MAKEPLAN:?MAKEPLAN must name bench/make-plan}"
: "${MAKEJOURNAL:?MAKEJOURNAL must name bench/make-journal}"

IX=$TMP/ix
mkdir -p "$IX"
# the generated store: 240 items, ten records an item, the year 2024
GS=$IX/gen
"$MAKEPLAN" 240 <"$(dirname "$0")/../../data/items.csv" >"$IX/plan.csv"
"$DUBAN" init "$GS" --from "$IX/plan.csv" >/dev/null 2>&1 || fail "init failed"
"$MAKEJOURNAL" 240 2400 >"$GS/journal.csv"

# The reports compared: each an argument list, one per line (show reads
# its items and their records alone, through the index).
REPORTS="list --format csv
list --format json
list --unit 区商务局 --format tsv
list --status done --format csv
list --health red --format csv
overdue --format csv
due --format csv
summary --format csv
summary --by leader --format csv
targets --format csv
overdue --format json
export
show 1 7 12
show 3 56 --format json"

# same_reports STORE [ARGS...]: every report on STORE, with ARGS before
# it, through the index and from the CSV files alone: the same stdout,
# stderr and exit status.
same_reports() {
	sr_store=$1
	shift
	# a loop fed by a here-document runs in this shell: its fail() counts
	while IFS= read -r sr_cmd; do
		# the words of the report, split on purpose
		# shellcheck disable=SC2086
		"$DUBAN" --store "$sr_store" "$@" $sr_cmd >"$IX/a.out" 2>"$IX/a.err"
		sr_a=$?
		# shellcheck disable=SC2086
		DUBAN_NO_INDEX=1 "$DUBAN" --store "$sr_store" "$@" $sr_cmd \
			>"$IX/b.out" 2>"$IX/b.err"
		sr_b=$?
		[ "$sr_a" -eq "$sr_b" ] ||
			fail "$sr_cmd: exit $sr_a through the index, $sr_b without"
		cmp -s "$IX/a.out" "$IX/b.out" ||
			fail "$sr_cmd: stdout differs:$(diff "$IX/b.out" "$IX/a.out" | head -n 8 | sed 's/^/    /')"
		cmp -s "$IX/a.err" "$IX/b.err" ||
			fail "$sr_cmd: stderr differs:$(diff "$IX/b.err" "$IX/a.err" | head -n 8 | sed 's/^/    /')"
		[ -s "$IX/b.out" ] || fail "$sr_cmd: printed nothing"
	done <<-EOF
	$REPORTS
	EOF
}

# stamp FILE: its inode, size and modification time, to tell whether it
# was written again.
stamp() {
	stat -c '%i %s %Y.%y' "$1"
}

t "the first read writes the index; it and every later read give the CSV files' reports"
DUBAN_NO_INDEX=1 "$DUBAN" --store "$GS" list >/dev/null 2>&1
[ ! -e "$GS/index" ] || fail "DUBAN_NO_INDEX=1 wrote an index"
same_reports "$GS" --as-of 2025-01-10
[ -s "$GS/index" ] || fail "no index was written"
before=$(stamp "$GS/index")
same_reports "$GS" --as-of 2025-01-10
same_reports "$GS" --as-of 2024-12-31
[ "$(stamp "$GS/index")" = "$before" ] || fail "an index up to date was written again"

t "a date before the latest record's reads the journal, and gives its state as of then"
same_reports "$GS" --as-of 2024-06-30
run_gs() { "$DUBAN" --store "$GS" "$@" >"$OUT" 2>"$ERR"; status=$?; }
# done_count: the items done, summed over summary's rows
done_count() {
	awk -F, 'NR > 1 { n += $3 } END { print n + 0 }' "$OUT"
}
run_gs --as-of 2024-06-30 summary --format csv
expect_status 0
[ "$(done_count)" -eq 0 ] || fail "done by 2024-06-30: $(done_count)"
run_gs --as-of 2025-01-10 summary --format csv
[ "$(done_count)" -gt 0 ] || fail "none done by 2025-01-10"

t "records appended since the index are folded on top of it"
before=$(stamp "$GS/index")
for i in 1 2 3; do
	DUBAN_USER=区商务局 "$DUBAN" --store "$GS" progress "$i" "$((60 + i))" \
		-m "第$i次追加" >/dev/null 2>&1 || fail "progress $i failed"
done
DUBAN_USER=区商务局 "$DUBAN" --store "$GS" done 6 -m 办结 >/dev/null 2>&1 ||
	fail "done failed: $("$DUBAN" --store "$GS" done 6 2>&1)"
same_reports "$GS"
[ "$(stamp "$GS/index")" = "$before" ] ||
	fail "the index was written again for four appended records"
run_gs export
grep -q '第3次追加' "$OUT" || fail "the appended note is not shown"
grep -q '^6,.*,done,100,' "$OUT" || fail "item 6 is not done: $(grep '^6,' "$OUT")"

t "an undo of an indexed record: the index is written anew, the reports still equal"
run_gs log 1 --format tsv
first=$(tail -n 1 "$OUT" | cut -f1)	# the oldest, from the generated journal
[ -n "$first" ] || fail "no record of item 1: $(cat "$OUT")"
DUBAN_USER=区商务局 "$DUBAN" --store "$GS" undo "$first" >/dev/null 2>&1 ||
	fail "undo $first failed: $("$DUBAN" --store "$GS" undo "$first" 2>&1)"
same_reports "$GS"
[ "$(stamp "$GS/index")" != "$before" ] || fail "the index was not written anew"

t "reads during appends each give the state of some moment"
# a copy of the store, its journal as it is now: the moments to match
cp -r "$GS" "$IX/moments"
base=$(wc -l <"$GS/journal.csv")
(
	for i in 1 2 3 4 5 6 7 8; do
		DUBAN_USER=区商务局 "$DUBAN" --store "$GS" progress 10 "$((10 + i))" \
			-m "并发$i" >/dev/null 2>&1 || echo "progress $i failed"
	done
) >"$IX/writer.log" &
writer=$!
n=0
while kill -0 "$writer" 2>/dev/null && [ "$n" -lt 40 ]; do
	n=$((n + 1))
	"$DUBAN" --store "$GS" export >"$IX/read.$n" 2>"$IX/read.$n.err" ||
		fail "read $n failed: $(cat "$IX/read.$n.err")"
done
wait "$writer"
[ ! -s "$IX/writer.log" ] || fail "$(cat "$IX/writer.log")"
[ "$n" -gt 0 ] || fail "no read ran during the appends"
# the export of every moment from the CSV files alone
: >"$IX/moments.md5"
for k in 0 1 2 3 4 5 6 7 8; do
	head -n "$((base + k))" "$GS/journal.csv" >"$IX/moments/journal.csv"
	DUBAN_NO_INDEX=1 "$DUBAN" --store "$IX/moments" export | md5sum >>"$IX/moments.md5"
done
i=1
while [ "$i" -le "$n" ]; do
	[ ! -s "$IX/read.$i.err" ] || fail "read $i said: $(cat "$IX/read.$i.err")"
	grep -qx "$(md5sum <"$IX/read.$i")" "$IX/moments.md5" ||
		fail "read $i is the state of no moment"
	i=$((i + 1))
done
same_reports "$GS"

# index_kept: a read keeps the index as it is (believes it).
index_kept() {
	ik=$(stamp "$GS/index")
	"$DUBAN" --store "$GS" list >/dev/null 2>&1
	[ "$(stamp "$GS/index")" = "$ik" ]
}

t "an index cut short is not believed: the reports still equal, and it is written anew"
rm "$GS/index"
"$DUBAN" --store "$GS" list >/dev/null 2>&1
index_kept || fail "an index up to date was not kept"
size=$(stat -c %s "$GS/index")
for len in 0 100 1000 $((size / 2)) $((size - 1)); do
	truncate -s "$len" "$GS/index"
	same_reports "$GS"
	[ "$(stat -c %s "$GS/index")" -eq "$size" ] || fail "cut to $len: not written anew"
	index_kept || fail "cut to $len: the index written anew is not kept"
done

t "the index of another store is not believed"
OS=$IX/other
"$DUBAN" init "$OS" >/dev/null 2>&1 || fail "init failed"
DUBAN_USER=区商务局 "$DUBAN" --store "$OS" progress 1 77 -m 另一个 >/dev/null 2>&1
"$DUBAN" --store "$OS" list >/dev/null 2>&1
cp "$OS/index" "$GS/index"
same_reports "$GS"
cp "$GS/index" "$OS/index"
same_reports "$OS"

t "items.csv edited in place with its times kept: the edit is shown"
"$DUBAN" --store "$GS" list >/dev/null 2>&1
touch -r "$GS/items.csv" "$IX/times"
sleep 1.1	# past the second in which an edit may keep every time
python3 - "$GS/items.csv" <<'EOF'
import sys
path = sys.argv[1]
with open(path, "r+b") as f:
    data = f.read()
    at = data.index("力争".encode())
    f.seek(at)
    f.write("务必".encode())
EOF
touch -r "$IX/times" "$GS/items.csv"
same_reports "$GS"
run_gs list --grep 务必 --format tsv
expect_status 0
[ "$(wc -l <"$OUT")" -eq 2 ] || fail "the edited text is not found: $(cat "$OUT")"

t "check compares the index with the CSV files, and passes when they agree"
"$DUBAN" --store "$GS" list >/dev/null 2>&1
run_gs check
expect_status 0
expect_stdout "$GS: 240 items, $(($(wc -l <"$GS/journal.csv") - 1)) records: no problems"

t "check fails on an index that reads as sound but disagrees with the CSV files; --repair removes it"
: "${IXFORGE:?IXFORGE must name tests/tools/ixforge}"
"$IXFORGE" "$GS" 5 77 || fail "ixforge failed"
line=$(grep -n '^5,' "$GS/items.csv" | cut -d: -f1)
run_gs check
expect_status 1
expect_stderr "duban: $GS/index: does not match items.csv and journal.csv (the item on line $line of items.csv); duban check --repair removes it"
[ -f "$GS/index" ] || fail "check alone removed the index"
run_gs check --repair
expect_status 0
grep -qxF "$GS/index: removed, as it does not match items.csv and journal.csv" "$OUT" ||
	fail "check --repair said: $(cat "$OUT")"
[ ! -e "$GS/index" ] || fail "the index is still there"
run_gs check
expect_status 0
same_reports "$GS"

t "recording on an item reads that item alone: items.csv is not opened, the journal only past the index"
BIN=${DUBAN_BIN:-$DUBAN}
"$DUBAN" --store "$GS" list >/dev/null 2>&1
DUBAN_USER=区商务局 "$DUBAN" --store "$GS" progress 21 31 >/dev/null 2>&1
# LeakSanitizer cannot run under ptrace: a sanitizer build is traced
# without it
NOLEAKS="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
strace -f -e trace=openat,read,pread64 -o "$IX/trace" env "$NOLEAKS" \
	DUBAN_USER=区商务局 "$BIN" --store "$GS" progress 22 33 -m 单项 \
	>"$OUT" 2>"$ERR"
status=$?
expect_status 0
grep -q "^recorded item 22: progress 33%" "$OUT" || fail "stdout: $(cat "$OUT")"
! grep -q 'items\.csv"' "$IX/trace" || fail "items.csv was opened: $(grep 'items\.csv' "$IX/trace")"
grep -q 'journal\.csv".*O_APPEND' "$IX/trace" || fail "the journal was not appended to"
# the most read at once: the records past the index and the line before
most=$(sed -n 's/.* = \([0-9][0-9]*\)$/\1/p' "$IX/trace" | sort -n | tail -n 1)
[ "${most:-0}" -lt 8192 ] || fail "$most bytes read at once"
same_reports "$GS"
DUBAN_NO_INDEX=1 "$DUBAN" --store "$GS" check >"$OUT" 2>"$ERR" || fail "check: $(cat "$ERR")"

t "show reads its items alone: items.csv is not opened, the journal only where their records are"
"$DUBAN" --store "$GS" list >/dev/null 2>&1
strace -f -e trace=openat,read,pread64 -o "$IX/trace" env "$NOLEAKS" \
	"$BIN" --store "$GS" show 22 >"$OUT" 2>"$ERR"
status=$?
expect_status 0
grep -q "单项" "$OUT" || fail "the last record of item 22 is not shown: $(cat "$OUT")"
! grep -q 'items\.csv"' "$IX/trace" || fail "items.csv was opened"
most=$(sed -n 's/.* = \([0-9][0-9]*\)$/\1/p' "$IX/trace" | sort -n | tail -n 1)
[ "${most:-0}" -lt 8192 ] || fail "$most bytes read at once"
