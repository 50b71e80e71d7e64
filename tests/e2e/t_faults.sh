# faults: what duban does when the system fails it — a write cut short by
# the file size limit, a store it may not write, a lock another process
# holds, files of the store missing or unreadable, a store reached through
# a symlink.  Each case checks the exact one-line message, the exit status,
# and that the store's files are byte for byte as they were.
#
# Root may read and write whatever the modes say, so when the tests run as
# root the cases of a missing permission run duban as nobody (setpriv,
# util-linux), and are skipped without setpriv; the cases of an immutable
# file (chattr +i) need root and a file system that keeps the attribute.
# t_stress.sh and t_journal.sh have more: a journal write cut short, a
# read-only store, a journal that is a directory, a writer that waits for
# the lock and then records, a missing items.csv.

F="$TMP/faults"	# scratch space of this file
mkdir -p "$F"

# f_store DIR: a fresh store in DIR with one record in its journal.
f_store() {
	rm -rf "$1"
	{ "$DUBAN" --store "$1" init &&
		"$DUBAN" --store "$1" note 1 -m "已有记录" --by a --date 2024-05-01; } \
		>/dev/null 2>&1 || fail "cannot make the store $1"
}

# f_run DIR ARGS...: duban ARGS on the store DIR, like run.
f_run() {
	f_dir=$1
	shift
	"$DUBAN" --store "$f_dir" "$@" >"$OUT" 2>"$ERR"
	status=$?
}

# f_as DIR ARGS...: the same, as an unprivileged user when the tests run as
# root.
f_as() {
	f_dir=$1
	shift
	$f_user "$DUBAN" --store "$f_dir" "$@" >"$OUT" 2>"$ERR"
	status=$?
}

# f_names DIR: the names in DIR but the lock (which holds the pid of the
# last writer) and the index (a copy a reader may write), on one line.
f_names() {
	(cd "$1" && ls -A | grep -vx -e lock -e index | tr '\n' ' ')
}

# f_save DIR: keeps a copy of the store DIR's files; f_unchanged DIR: DIR
# holds the same names and each file the same bytes.
f_save() {
	rm -rf "$F/saved"
	mkdir "$F/saved"
	for f_n in $(f_names "$1"); do
		cp -p "$1/$f_n" "$F/saved/$f_n" || fail "cannot copy $1/$f_n"
	done
}
f_unchanged() {
	[ "$(f_names "$1")" = "$(f_names "$F/saved")" ] ||
		fail "$1 holds [$(f_names "$1")], it held [$(f_names "$F/saved")]"
	for f_n in $(f_names "$F/saved"); do
		cmp -s "$F/saved/$f_n" "$1/$f_n" || fail "$1/$f_n changed"
	done
}

# f_fsize BYTES CMD...: runs CMD with files limited to at least BYTES and
# less than BYTES + 1024 (prlimit counts bytes; the shell's ulimit -f
# counts blocks of 512 or 1024 bytes, found out here by trying).  The
# limit applies to stderr's file as well: BYTES must exceed any message.
f_fsize() {
	f_bytes=$1
	shift
	if command -v prlimit >/dev/null 2>&1; then
		prlimit --fsize="$f_bytes" "$@"
		return
	fi
	if [ -z "$f_block" ]; then
		rm -f "$F/block"
		(ulimit -f 1; head -c 4096 /dev/zero >"$F/block") 2>/dev/null
		f_block=$(wc -c <"$F/block" | tr -d ' ')
	fi
	(ulimit -f $(( (f_bytes + f_block - 1) / f_block )); "$@")
}

# f_no_stderr: the last run said nothing on stderr.
f_no_stderr() {
	[ ! -s "$ERR" ] || fail "stderr: $(head -c 600 "$ERR")"
}

# Who may not write what the modes forbid: nobody when root, else the user
# running the tests.
f_user=""
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		f_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
		chmod 711 "$TMP" "$F"	# let that user reach the stores
	else
		f_user=skip
		echo "  (faults: skipped the cases of a missing permission: running as root without setpriv)"
	fi
fi

# Whether files here can be made immutable.
f_chattr=""
if [ "$(id -u)" -eq 0 ] && command -v chattr >/dev/null 2>&1 &&
   : >"$F/probe" && chattr +i "$F/probe" 2>/dev/null; then
	chattr -i "$F/probe"
	f_chattr=yes
	# an interrupted run must still be able to remove $TMP
	trap 'chattr -i "$F/immutable" "$F/immutable/lock" \
		"$F/immutable/journal.csv" 2>/dev/null; rm -rf "$TMP"' EXIT
else
	echo "  (faults: skipped the immutable files: not root, or no chattr +i here)"
fi
rm -f "$F/probe"

# --- 1. writes cut short ----------------------------------------------------

t "init cut short by the file size limit: one line, exit 1, no store and no temporary file"
S="$F/init"
rm -rf "$S"
mkdir "$S"
f_fsize 20000 "$DUBAN" init "$S" >"$OUT" 2>"$ERR"
status=$?
expect_status 1
expect_stdout_empty
expect_stderr "duban: $S/items.csv: cannot write: File too large"
# the settings are in place; items.csv, the mark of a store, is not
[ "$(f_names "$S")" = ".gitattributes .gitignore sheet.key store.conf " ] || fail "$S holds [$(f_names "$S")]"
f_run "$S" list
expect_status 1
expect_stderr "duban: $S: no store here (no items.csv); create one with: duban init $S"
cp data/items.csv "$F/plan.csv"
f_fsize 20000 "$DUBAN" init "$S" --from "$F/plan.csv" >"$OUT" 2>"$ERR"
status=$?
expect_status 1
expect_stderr "duban: $S/items.csv: cannot write: File too large"
[ "$(f_names "$S")" = ".gitattributes .gitignore sheet.key store.conf " ] || fail "$S holds [$(f_names "$S")]"
same_bytes data/items.csv "$F/plan.csv"

t "init run again after being cut short makes the whole store"
"$DUBAN" init "$S" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout "created the store $S with 56 items"
same_bytes data/items.csv "$S/items.csv"
f_run "$S" check
expect_status 0
expect_stdout "$S: 56 items, 0 records: no problems"

t "progress of several items cut short part-way: none recorded, the journal as it was"
S="$F/progress"
f_store "$S"
f_save "$S"
size=$(wc -c <"$S/journal.csv" | tr -d ' ')
long=$(head -c 3000 /dev/zero | tr '\0' p)
# room for the first record and part of the second
f_fsize $((size + 3300)) "$DUBAN" --store "$S" progress 2 3 5 40 -m "$long" \
	--date 2024-05-02 >"$OUT" 2>"$ERR"
status=$?
expect_status 1
expect_stdout_empty
expect_stderr "duban: $S/journal.csv: cannot write: File too large; nothing was recorded"
f_unchanged "$S"
f_run "$S" list --format tsv
awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 && ($1 == 2 || $1 == 3 || $1 == 5) { print $1, $c["status"], $c["percent"] }' \
	"$OUT" >"$F/states"
[ "$(cat "$F/states")" = "$(printf '2 not-started 0\n3 not-started 0\n5 not-started 0')" ] ||
	fail "items 2, 3 and 5: $(cat "$F/states")"
f_run "$S" progress 2 3 5 40 -m "$long" --date 2024-05-02
expect_status 0
f_run "$S" check
expect_status 0
expect_stdout "$S: 56 items, 4 records: no problems"

t "sheet -o cut short: FILE as it was, no temporary file, the store untouched"
S="$F/sheet"
f_store "$S"
f_save "$S"
rm -rf "$F/out"
mkdir "$F/out"
printf 'the old sheet\n' >"$F/out/sheet.csv"
f_fsize 2000 "$DUBAN" --store "$S" sheet --unit 区商务局 --as-of 2024-06-30 \
	-o "$F/out/sheet.csv" >"$OUT" 2>"$ERR"
status=$?
expect_status 1
expect_stdout_empty
expect_stderr "duban: $F/out/sheet.csv: cannot write: File too large"
[ "$(cat "$F/out/sheet.csv")" = "the old sheet" ] || fail "the old sheet was changed"
[ "$(f_names "$F/out")" = "sheet.csv " ] || fail "in $F/out: $(f_names "$F/out")"
f_unchanged "$S"

# --- 2. a store duban may not write ----------------------------------------

t "a store directory that may not be written: the first record cannot make journal.csv"
if [ "$f_user" = skip ]; then
	echo "  (faults: skipped)"
else
	S="$F/rodir"
	rm -rf "$S"
	"$DUBAN" init "$S" >/dev/null 2>&1 || fail "init failed"
	f_run "$S" list	# a reader makes the lock file
	chmod 666 "$S/lock"
	chmod 555 "$S"
	f_save "$S"
	f_as "$S" note 1 -m "must not be written" --by a
	expect_status 1
	expect_stdout_empty
	expect_stderr "duban: $S/journal.csv: cannot open for writing: Permission denied"
	f_as "$S" export -o "$S/sheet.csv"
	expect_status 1
	expect_stderr "duban: $S/sheet.csv: cannot create a temporary file: Permission denied"
	f_unchanged "$S"
	f_as "$S" list --format tsv
	expect_status 0
	f_no_stderr
	[ "$(wc -l <"$OUT" | tr -d ' ')" = 57 ] || fail "list gave $(wc -l <"$OUT") lines"
	chmod 755 "$S"
fi

t "init where the parent directory may not be written: one line, nothing made"
if [ "$f_user" = skip ]; then
	echo "  (faults: skipped)"
else
	rm -rf "$F/ro-parent"
	mkdir "$F/ro-parent"
	chmod 555 "$F/ro-parent"
	$f_user "$DUBAN" init "$F/ro-parent/store" >"$OUT" 2>"$ERR"
	status=$?
	expect_status 1
	expect_stdout_empty
	expect_stderr "duban: $F/ro-parent/store: cannot create the directory: Permission denied"
	[ -z "$(f_names "$F/ro-parent")" ] || fail "made: $(f_names "$F/ro-parent")"
	chmod 755 "$F/ro-parent"
fi

t "an immutable journal: writers fail naming it, readers go on"
if [ -z "$f_chattr" ]; then
	echo "  (faults: skipped)"
else
	S="$F/immutable"
	f_store "$S"
	f_save "$S"
	chattr +i "$S/journal.csv"
	f_run "$S" note 1 -m "must not be written" --by a
	expect_status 1
	expect_stdout_empty
	expect_stderr "duban: $S/journal.csv: cannot open for writing: Operation not permitted"
	f_run "$S" log --format tsv
	expect_status 0
	f_no_stderr
	[ "$(tail -n +2 "$OUT" | cut -f10)" = "已有记录" ] || fail "log: $(cat "$OUT")"
	chattr -i "$S/journal.csv"
	f_unchanged "$S"
fi

t "an immutable store directory and lock: readers go on without the lock, writers stop at it"
if [ -z "$f_chattr" ]; then
	echo "  (faults: skipped)"
else
	S="$F/immutable"
	f_save "$S"
	chattr +i "$S/lock" "$S"
	f_run "$S" list --format tsv
	expect_status 0
	f_no_stderr
	f_run "$S" check
	expect_status 0
	expect_stdout "$S: 56 items, 1 records: no problems"
	f_run "$S" note 1 -m "must not be written" --by a
	expect_status 1
	expect_stdout_empty
	expect_stderr "duban: $S/lock: cannot open the lock: Operation not permitted"
	f_run "$S" export -o "$S/sheet.csv"
	expect_status 1
	expect_stderr "duban: $S/sheet.csv: cannot create a temporary file: Operation not permitted"
	chattr -i "$S" "$S/lock"
	f_unchanged "$S"
fi

# --- 3. a lock another process holds -----------------------------------------

# f_hold MODE DIR: flock(1) takes DIR's lock, exclusive (-x) or shared (-s),
# and holds it until f_release; $f_holder is its pid, the lock's holder.
f_hold() {
	rm -f "$F/held" "$F/release"
	flock "$1" -o "$2/lock" sh -c \
		'touch "$1"; while [ ! -e "$2" ]; do sleep 0.02; done' \
		sh "$F/held" "$F/release" &
	f_holder=$!
	f_n=0
	while [ ! -e "$F/held" ] && [ $f_n -lt 1000 ]; do
		sleep 0.01
		f_n=$((f_n + 1))
	done
	[ -e "$F/held" ] || fail "flock never took the lock"
}
f_release() {
	touch "$F/release"
	wait "$f_holder"
}

if ! command -v flock >/dev/null 2>&1; then
	echo "  (faults: skipped the held locks: no flock command)"
else

t "a writer gives up on a lock held past DUBAN_LOCK_WAIT, naming the holder, and records nothing"
S="$F/lock"
f_store "$S"
f_save "$S"
f_hold -x "$S"
export DUBAN_LOCK_WAIT=1
f_run "$S" note 1 -m "must not be written" --by a
expect_status 1
expect_stdout_empty
expect_stderr "duban: $S/lock: the store is locked by another process (pid $f_holder) and stayed so for 1 s"
# a reader waits for a writer as well
export DUBAN_LOCK_WAIT=0
f_run "$S" list
expect_status 1
expect_stdout_empty
expect_stderr "duban: $S/lock: the store is locked by another process (pid $f_holder)"
f_release
f_unchanged "$S"
f_run "$S" note 1 -m "after the holder" --by a
expect_status 0
unset DUBAN_LOCK_WAIT

t "a lock shared by readers lets readers in and keeps writers out"
S="$F/lock"
f_save "$S"
f_hold -s "$S"
export DUBAN_LOCK_WAIT=0
f_run "$S" list --format tsv
expect_status 0
f_no_stderr
f_run "$S" check
expect_status 0
expect_stdout "$S: 56 items, 2 records: no problems"
f_run "$S" note 1 -m "must not be written" --by a
expect_status 1
expect_stdout_empty
expect_stderr "duban: $S/lock: the store is locked by another process (pid $f_holder)"
f_release
f_unchanged "$S"
unset DUBAN_LOCK_WAIT

t "a holder killed with SIGKILL leaves no lock behind"
S="$F/lock"
f_hold -x "$S"
export DUBAN_LOCK_WAIT=0
f_run "$S" note 1 -m "must not be written" --by a
expect_status 1
expect_stderr "duban: $S/lock: the store is locked by another process (pid $f_holder)"
kill -s KILL "$f_holder"
wait "$f_holder" 2>/dev/null
f_run "$S" note 1 -m "after the kill" --by a
expect_status 0
f_no_stderr
touch "$F/release"	# ends the holder's command, left running
unset DUBAN_LOCK_WAIT
f_run "$S" log -n 1 --format tsv
[ "$(tail -n +2 "$OUT" | cut -f10)" = "after the kill" ] || fail "log: $(cat "$OUT")"

t "a store reached through a symlink shares the real directory's lock"
ln -s "$S" "$F/lock-link"
f_save "$S"
f_hold -x "$S"
export DUBAN_LOCK_WAIT=0
f_run "$F/lock-link" note 1 -m "must not be written" --by a
expect_status 1
expect_stderr "duban: $F/lock-link/lock: the store is locked by another process (pid $f_holder)"
unset DUBAN_LOCK_WAIT
f_release
f_unchanged "$S"

fi	# flock

t "DUBAN_LOCK_WAIT must be a number of seconds"
S="$F/lock"
f_store "$S"
f_save "$S"
for w in soon -1 1.5 86401; do
	DUBAN_LOCK_WAIT=$w "$DUBAN" --store "$S" note 1 -m x --by a >"$OUT" 2>"$ERR"
	status=$?
	expect_status 1
	expect_stdout_empty
	expect_stderr "duban: DUBAN_LOCK_WAIT \"$w\" is not a number of seconds from 0 to 86400"
done
f_unchanged "$S"

# --- 4. files of the store missing or unreadable -------------------------------

t "items.csv that cannot be read: every command fails naming it"
if [ "$f_user" = skip ]; then
	echo "  (faults: skipped)"
else
	S="$F/unreadable"
	f_store "$S"
	chmod 666 "$S/lock"
	chmod 000 "$S/items.csv"
	f_save "$S"
	for cmd in list "note 1 -m x --by a" check; do
		# shellcheck disable=SC2086
		f_as "$S" $cmd
		expect_status 1
		expect_stdout_empty
		expect_stderr "duban: $S/items.csv: cannot open: Permission denied"
	done
	f_unchanged "$S"
	chmod 644 "$S/items.csv"
fi

t "items.csv that is a directory: every command fails naming it"
S="$F/itemsdir"
f_store "$S"
mv "$S/items.csv" "$F/items.saved"
mkdir "$S/items.csv"
for cmd in list "note 1 -m x --by a" check export; do
	# shellcheck disable=SC2086
	f_run "$S" $cmd
	expect_status 1
	expect_stdout_empty
	expect_stderr "duban: $S/items.csv: cannot read: Is a directory"
done
[ -z "$(ls -A "$S/items.csv")" ] || fail "something was written into the directory"
rmdir "$S/items.csv"

t "journal.csv that cannot be read: writers and readers fail naming it"
if [ "$f_user" = skip ]; then
	echo "  (faults: skipped)"
else
	S="$F/unreadable"
	chmod 000 "$S/journal.csv"
	f_save "$S"
	for cmd in list "note 1 -m x --by a" log check; do
		# shellcheck disable=SC2086
		f_as "$S" $cmd
		expect_status 1
		expect_stdout_empty
		expect_stderr "duban: $S/journal.csv: cannot open: Permission denied"
	done
	f_unchanged "$S"
	chmod 644 "$S/journal.csv"
fi

t "store.conf that cannot be read: commands that use the settings fail naming it"
if [ "$f_user" = skip ]; then
	echo "  (faults: skipped)"
else
	S="$F/unreadable"
	chmod 000 "$S/store.conf"
	f_save "$S"
	for cmd in list "note 1 -m x --by a" overdue; do
		# shellcheck disable=SC2086
		f_as "$S" $cmd
		expect_status 1
		expect_stdout_empty
		expect_stderr "duban: $S/store.conf: cannot open: Permission denied"
	done
	f_unchanged "$S"
	chmod 644 "$S/store.conf"
fi

t "no store.conf: the store reads as format 1 with the default settings, and none is written"
S="$F/noconf"
f_store "$S"
rm "$S/store.conf"
f_save "$S"
f_run "$S" due --as-of 2024-12-16 --format tsv
expect_status 0
f_no_stderr
# warn_days is 15 by default: items due 2024-12-31 are due, none later
[ "$(tail -n +2 "$OUT" | wc -l | tr -d ' ')" -gt 0 ] || fail "due found nothing"
f_run "$S" check
expect_status 0
expect_stdout "$S: 56 items, 1 records: no problems"
f_unchanged "$S"

# --- 5. a store reached through a symlink --------------------------------------

t "a store that is a symlink: records go to the real directory, the link stays"
R="$F/real"
f_store "$R"
rm -f "$F/link"
ln -s "$R" "$F/link"
f_run "$F/link" note 2 -m "through the link" --by a
expect_status 0
f_run "$R" log --format tsv
expect_status 0
[ "$(tail -n +2 "$OUT" | cut -f4,10 | tr '\t\n' ': ')" = "2:through the link 1:已有记录 " ] ||
	fail "log: $(cat "$OUT")"
[ -L "$F/link" ] || fail "the link was replaced"
f_run "$F/link" export -o "$F/link/sheet.csv"
expect_status 0
[ -f "$R/sheet.csv" ] && [ ! -L "$R/sheet.csv" ] || fail "the sheet is not in $R"
[ -L "$F/link" ] || fail "the link was replaced"

t "init through a symlink to an empty directory makes the store there"
rm -rf "$F/empty" "$F/link2"
mkdir "$F/empty"
ln -s "$F/empty" "$F/link2"
"$DUBAN" init "$F/link2" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout "created the store $F/link2 with 56 items"
same_bytes data/items.csv "$F/empty/items.csv"
[ -L "$F/link2" ] || fail "the link was replaced"

t "a dangling symlink is no store, and init through it fails naming the file"
rm -f "$F/dangling"
ln -s "$F/nowhere" "$F/dangling"
f_run "$F/dangling" list
expect_status 1
expect_stdout_empty
expect_stderr "duban: $F/dangling: no store here (no items.csv); create one with: duban init $F/dangling"
"$DUBAN" init "$F/dangling" >"$OUT" 2>"$ERR"
status=$?
expect_status 1
expect_stdout_empty
expect_stderr "duban: $F/dangling/store.conf: cannot create a temporary file: No such file or directory"
[ ! -e "$F/nowhere" ] || fail "$F/nowhere was made"

[ -n "$f_user" ] && [ "$f_user" != skip ] && chmod 700 "$TMP" "$F"
unset S R size long w cmd
