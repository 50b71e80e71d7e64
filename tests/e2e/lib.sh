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

# Isolate every run from the caller's settings: English messages (LANGUAGE
# would outrank LC_ALL=C.UTF-8), and the catalogues of the build under
# test, for the tests that ask for another language (t_i18n.sh).
# On a pseudo-terminal no pager, unless a test asks for one: a pager would
# wait for keys no one presses.
unset DUBAN_STORE NO_COLOR COLUMNS LANGUAGE LANG LC_MESSAGES PAGER
export HOME="$TMP/home" XDG_DATA_HOME="" LC_ALL=C.UTF-8 DUBAN_PAGER=cat
DUBAN_LOCALEDIR=${DUBAN_LOCALEDIR:-$(cd "$(dirname "${DUBAN_BIN:-$DUBAN}")" &&
	pwd)/locale}
export DUBAN_LOCALEDIR

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

# --- journal.csv by hand -----------------------------------------------------
#
# A test that writes records itself gives them what duban writes: format 2
# lines, each with its batch, the sum of the line before it (prev) and its
# own sum.  RECORD is always the 9 fields entry..note, as CSV.

JOURNAL_HEADER_V1='entry,recorded,date,item,kind,value,target,by,note'
JOURNAL_HEADER_V2="$JOURNAL_HEADER_V1,batch,prev,sum"

# journal_sum TEXT: the first 16 hex digits of the SHA-256 of TEXT (a line
# up to the comma before its sum).
journal_sum() {
	printf '%s' "$1" | sha256sum | cut -c1-16
}

# journal_last_sum FILE: the sum field of the last line of FILE (of the
# last line that ends in one, when a test put a broken line last); nothing
# when there is none (only the header), or FILE is empty or missing.
journal_last_sum() {
	[ -s "$1" ] || return 0
	grep -E ',[0-9a-f]{16}$' "$1" | tail -n 1 | sed 's/.*,//'
}

# journal_line 'RECORD' [BATCH [PREV]]: the format 2 line of RECORD, with
# its newline.  BATCH is "<first 16 hex digits of the entry>/1" when empty
# or not given, PREV empty when not given.
journal_line() {
	_jr="$1,${2:-$(printf '%s' "$1" | cut -c1-16)/1},$3"
	printf '%s,%s\n' "$_jr" "$(journal_sum "$_jr")"
}

# journal_add STORE_DIR 'RECORD' [BATCH [PREV]]: appends RECORD to the
# journal of STORE_DIR (made with the format 2 header if it is empty or
# missing), linked to its last line unless PREV is given.
journal_add() {
	_jf="$1/journal.csv"
	[ -s "$_jf" ] || printf '%s\n' "$JOURNAL_HEADER_V2" >"$_jf"
	if [ $# -ge 4 ]; then
		_jp=$4
	else
		_jp=$(journal_last_sum "$_jf")
	fi
	journal_line "$2" "$3" "$_jp" >>"$_jf"
}

# journal_v1 STORE_DIR 'RECORD'...: writes the journal of STORE_DIR whole
# in format 1: its header, then the RECORDs, one a line.
journal_v1() {
	_jf="$1/journal.csv"
	shift
	printf '%s\n' "$JOURNAL_HEADER_V1" "$@" >"$_jf"
}

# expect_chained FILE [N]: FILE is a format 2 journal written by one writer
# at a time: the header, then lines each ending in its right sum and naming
# the sum of the line before it as prev (none for the first).  With N, only
# the last N lines are checked (each sum is a process: a long journal
# takes a while).
expect_chained() {
	[ "$(head -n 1 "$1")" = "$JOURNAL_HEADER_V2" ] ||
		fail "$1: header $(head -n 1 "$1")"
	[ -z "$(tail -c 1 "$1")" ] || fail "$1 does not end with a newline"
	_jn=1
	_jp=""
	_jbad=""
	if [ -n "$2" ] && [ "$(wc -l <"$1")" -gt $(($2 + 1)) ]; then
		_jn=$(($(wc -l <"$1") - $2))
		_jp=$(sed -n "${_jn}p" "$1" | sed 's/.*,//')
	fi
	tail -n +$((_jn + 1)) "$1" >"$TMP/chained" || return
	while IFS= read -r _jl; do
		_jn=$((_jn + 1))
		_jb=${_jl%,*}
		if [ "$(journal_sum "$_jb")" != "${_jl##*,}" ]; then
			_jbad="$_jbad line $_jn: wrong sum;"
		else
			# after a merge the first of several parents is the line before
			_jq=${_jb##*,}
			[ "${_jq%%;*}" = "$_jp" ] ||
				_jbad="$_jbad line $_jn: prev $_jq, not $_jp;"
		fi
		_jp=${_jl##*,}
	done <"$TMP/chained"
	[ -z "$_jbad" ] || fail "$1 is not chained:$_jbad"
}

# expect_linked FILE: FILE is a format 2 journal whose lines each end in
# their right sum and name as prev the sum of some line of FILE (or none):
# a journal merged from copies, whose chains fork where the copies parted.
expect_linked() {
	[ "$(head -n 1 "$1")" = "$JOURNAL_HEADER_V2" ] ||
		fail "$1: header $(head -n 1 "$1")"
	_jn=1
	_jbad=""
	tail -n +2 "$1" >"$TMP/linked" || return
	sed 's/.*,//' "$TMP/linked" | sort >"$TMP/linked.sums"
	while IFS= read -r _jl; do
		_jn=$((_jn + 1))
		_jb=${_jl%,*}
		_jp=${_jb##*,}
		if [ "$(journal_sum "$_jb")" != "${_jl##*,}" ]; then
			_jbad="$_jbad line $_jn: wrong sum;"
		else
			# every parent, one or several after a merge, is a line's sum
			for _jq in $(echo "$_jp" | tr ';' ' '); do
				grep -qx "$_jq" "$TMP/linked.sums" ||
					_jbad="$_jbad line $_jn: prev $_jq is no line's sum;"
			done
		fi
	done <"$TMP/linked"
	[ -z "$_jbad" ] || fail "$1 is not linked:$_jbad"
}
