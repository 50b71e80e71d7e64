# Helpers for duban's end-to-end tests, sourced by tests/e2e/run.
#
# A test is a block that starts with `t "what it shows"`, runs duban with
# `run ARGS...` (stdout, stderr and the exit status are kept), and checks
# them with the expect_* helpers.  The first failed check marks the test
# failed and says why; later checks of that test are still run.

: "${DUBAN:?DUBAN must name the duban binary}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/duban-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
STORE="$TMP/store"
OUT="$TMP/stdout"
ERR="$TMP/stderr"
passed=0
failed=0
current=""
current_failed=0

# Isolate every run from the caller's settings.
unset DUBAN_STORE NO_COLOR COLUMNS
export HOME="$TMP/home" XDG_DATA_HOME="" LC_ALL=C.UTF-8

finish_test() {
	[ -z "$current" ] && return
	if [ "$current_failed" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	current=""
}

t() {
	finish_test
	current=$1
	current_failed=0
}

fail() {
	if [ "$current_failed" -eq 0 ]; then
		echo "FAIL: $current"
	fi
	current_failed=1
	echo "  $*"
}

# run ARGS...: duban on the test store.
run() {
	"$DUBAN" --store "$STORE" "$@" >"$OUT" 2>"$ERR"
	status=$?
}

# run_bare ARGS...: duban with no --store.
run_bare() {
	"$DUBAN" "$@" >"$OUT" 2>"$ERR"
	status=$?
}

expect_status() {
	[ "$status" -eq "$1" ] || fail "exit status $status, expected $1; stderr: $(cat "$ERR")"
}

# expect_stdout TEXT: stdout is exactly TEXT and a newline.
expect_stdout() {
	printf '%s\n' "$1" >"$TMP/expected"
	cmp -s "$TMP/expected" "$OUT" ||
		fail "stdout differs:$(diff "$TMP/expected" "$OUT" | sed 's/^/    /')"
}

# expect_stdout_file FILE: stdout is exactly the golden file FILE.
expect_stdout_file() {
	cmp -s "$1" "$OUT" || fail "stdout differs from $1:$(diff "$1" "$OUT" | sed 's/^/    /')"
}

# expect_stderr TEXT: stderr is exactly TEXT and a newline.
expect_stderr() {
	printf '%s\n' "$1" >"$TMP/expected"
	cmp -s "$TMP/expected" "$ERR" ||
		fail "stderr differs:$(diff "$TMP/expected" "$ERR" | sed 's/^/    /')"
}

expect_stdout_empty() {
	[ ! -s "$OUT" ] || fail "stdout not empty: $(head -c 300 "$OUT")"
}

# expect_ids "1 2 3": the ids in the first column of TSV stdout.
expect_ids() {
	got=$(tail -n +2 "$OUT" | cut -f1 | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$1" ] || fail "ids [$got], expected [$1]"
}

# same_bytes A B: files A and B are byte for byte the same.
same_bytes() {
	cmp -s "$1" "$2" || fail "$1 and $2 differ"
}

fresh_store() {
	rm -rf "$STORE"
	"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init failed"
}
