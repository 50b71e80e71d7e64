# trust: the lock and the journal are never reached through a symbolic
# link someone planted, holding the lock needs write access, a lock file
# replaced while writers run loses no record, and what a note holds never
# reaches a terminal raw.
#
# The tests of a store another user can write run as root, that other user
# being nobody (setpriv); they are skipped, and say so, when not root.

TR=$(mktemp -d "${TMPDIR:-/tmp}/duban-trust.XXXXXX")
chmod 755 "$TR"
trap 'rm -rf "$TMP" "$TR"' EXIT

# Notes per writer while the lock is replaced; fewer on slow builds.
tr_writes=60
if grep -q __asan_init "$DUBAN" 2>/dev/null; then
	tr_writes=20
elif grep -q valgrind "$DUBAN" 2>/dev/null; then
	tr_writes=3
fi

# tr_store DIR: a fresh store in DIR that everyone may write to.
tr_store() {
	rm -rf "$1"
	"$DUBAN" --store "$1" init >/dev/null 2>&1 || fail "init $1 failed"
	chmod 777 "$1"
}

# as_nobody CMD...: runs CMD as the unprivileged user nobody.
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}

t "a new store keeps its lock, its index and temporary files out of git"
tr_store "$TR/git"
[ "$(cat "$TR/git/.gitignore")" = "/lock
/index
*.tmp??????" ] || fail ".gitignore: $(cat "$TR/git/.gitignore")"

t "a note that could fool a terminal is shown defused; CSV and JSON keep it exact"
tr_store "$TR/term"
# U+202E (right-to-left override) and U+0085 (a C1 control)
note=$(printf 'a\342\200\256b\302\205c')
"$DUBAN" --store "$TR/term" note 1 -m "$note" >/dev/null 2>&1 || fail "note failed"
run --store "$TR/term" show 1
expect_status 0
grep -q "$(printf 'a\357\277\275b\357\277\275c')" "$OUT" || fail "show: $(grep -a 'a.*c' "$OUT" | od -c | head -3)"
if grep -q "$(printf '\342\200\256')" "$OUT" || grep -q "$(printf '\302\205')" "$OUT"; then
	fail "show printed the raw characters"
fi
run --store "$TR/term" log
grep -q "$(printf 'a\357\277\275b\357\277\275c')" "$OUT" || fail "log: $(tail -n 1 "$OUT")"
run --store "$TR/term" log --format json
[ "$(jq -r '.[0].note' "$OUT")" = "$note" ] || fail "JSON changed the note"
run --store "$TR/term" log --format csv
grep -q "$note" "$OUT" || fail "CSV changed the note"
# an error naming such a name says it defused too
run --store "$TR/term" list --unit "$note"
expect_status 2
grep -q "$(printf '\342\200\256')" "$ERR" && fail "an error printed the raw characters"

t "check names a record from a machine whose clock ran ahead, and fails"
tr_store "$TR/clock"
"$DUBAN" --store "$TR/clock" note 1 -m 今天 >/dev/null 2>&1 || fail "note failed"
ahead=$(date -u -d '+400 days' +%Y-%m-%dT%H:%M:%S.000000+00:00)
journal_add "$TR/clock" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,$ahead,2024-06-30,5,progress,40,,快钟,"
run --store "$TR/clock" check
expect_status 1
expect_stdout_empty
expect_stderr "duban: $TR/clock/journal.csv:3: entry aaaaaaaaaa is recorded at $ahead, 399 days ahead of this machine's clock: was its writer's clock wrong?"

if [ "$(id -u)" -ne 0 ]; then
	echo "  (trust: not root: the tests of a store another user can write are skipped)"
else

t "a lock planted as a symbolic link by another user is refused, and its target is untouched"
tr_store "$TR/s1"
printf 'precious\n' >"$TR/victim"
as_nobody ln -s "$TR/victim" "$TR/s1/lock" || fail "nobody could not plant the link"
run --store "$TR/s1" note 1 -m 记录
expect_status 1
expect_stderr "duban: $TR/s1/lock: a symbolic link: duban does not follow it here; remove it"
[ "$(cat "$TR/victim")" = precious ] || fail "the link's target was changed: $(cat "$TR/victim")"
[ ! -e "$TR/s1/journal.csv" ] || fail "a record was written"
# a reader refuses it just the same
run --store "$TR/s1" list
expect_status 1
expect_stderr "duban: $TR/s1/lock: a symbolic link: duban does not follow it here; remove it"

t "a dangling journal.csv link is refused, and nothing is created where it points"
tr_store "$TR/s2"
as_nobody ln -s "$TR/made-by-root" "$TR/s2/journal.csv" || fail "nobody could not plant the link"
run --store "$TR/s2" note 1 -m 记录
expect_status 1
expect_stderr "duban: $TR/s2/journal.csv: a symbolic link: duban does not follow it here; remove it"
[ ! -e "$TR/made-by-root" ] || fail "root created the link's target"
run --store "$TR/s2" list
expect_status 1
expect_stderr "duban: $TR/s2/journal.csv: a symbolic link: duban does not follow it here; remove it"

t "a journal.csv that is a link to a real file is not followed either"
tr_store "$TR/s3"
"$DUBAN" --store "$TR/s3" note 1 -m 一 >/dev/null 2>&1 || fail "note failed"
mv "$TR/s3/journal.csv" "$TR/elsewhere.csv"
ln -s "$TR/elsewhere.csv" "$TR/s3/journal.csv"
cp "$TR/elsewhere.csv" "$TR/before.csv"
run --store "$TR/s3" note 1 -m 二
expect_status 1
cmp -s "$TR/before.csv" "$TR/elsewhere.csv" || fail "the file behind the link changed"

t "only who may write the lock may read it, so a reader cannot hold off the writers"
tr_store "$TR/s4"
chmod 755 "$TR/s4"
"$DUBAN" --store "$TR/s4" note 1 -m 一 >/dev/null 2>&1 || fail "note failed"
[ "$(stat -c %a "$TR/s4/lock")" = 600 ] || fail "lock mode $(stat -c %a "$TR/s4/lock")"
as_nobody flock -n -x "$TR/s4/lock" true 2>/dev/null &&
	fail "nobody, who cannot write the store, took the lock"
# a lock left readable by an older duban is made so when a writer opens it
chmod 644 "$TR/s4/lock"
"$DUBAN" --store "$TR/s4" note 1 -m 二 >/dev/null 2>&1 || fail "note failed"
[ "$(stat -c %a "$TR/s4/lock")" = 600 ] || fail "lock mode $(stat -c %a "$TR/s4/lock")"
# the reader still reads, without the lock
run_as_reader=$(as_nobody "$DUBAN" --store "$TR/s4" --format csv log 2>&1 | wc -l)
[ "$run_as_reader" = 3 ] || fail "nobody read $run_as_reader lines of the log"

t "a lock file replaced again and again while 8 writers record: every acknowledged record is kept"
tr_store "$TR/s5"
"$DUBAN" --store "$TR/s5" note 1 -m 起 >/dev/null 2>&1 || fail "note failed"
: >"$TR/replacing"
(
	while [ -e "$TR/replacing" ]; do
		cp "$TR/s5/lock" "$TR/s5/lock.new" 2>/dev/null &&
			mv -f "$TR/s5/lock.new" "$TR/s5/lock"
	done
) &
replacer=$!
w=1
writers=""
while [ $w -le 8 ]; do
	(
		i=1
		while [ $i -le $tr_writes ]; do
			"$DUBAN" --store "$TR/s5" note 1 -m "w$w-$i" >/dev/null 2>&1 &&
				echo "w$w-$i" >>"$TR/acked.$w"
			i=$((i + 1))
		done
	) &
	writers="$writers $!"
	w=$((w + 1))
done
for p in $writers; do wait "$p"; done
rm -f "$TR/replacing"
wait "$replacer"
cat "$TR"/acked.* | sort >"$TR/acked"
"$DUBAN" --store "$TR/s5" --format csv log -n 100000 >"$OUT" 2>"$ERR"
grep -o 'w[0-9]*-[0-9]*' "$OUT" | sort >"$TR/kept"
[ "$(wc -l <"$TR/acked")" -gt 0 ] || fail "no write was acknowledged"
missing=$(comm -23 "$TR/acked" "$TR/kept" | wc -l)
[ "$missing" = 0 ] || fail "$missing acknowledged records lost: $(comm -23 "$TR/acked" "$TR/kept" | head -5)"
[ "$(sort "$TR/kept" | uniq -d | wc -l)" = 0 ] || fail "a record kept twice"
"$DUBAN" --store "$TR/s5" check >/dev/null 2>&1 || fail "check finds the journal damaged"
echo "  (trust: $(wc -l <"$TR/acked") records acknowledged while the lock was replaced, all kept)"

fi

t "two copies of a store kept in git, both written to, merge with no conflict into one state"
if ! command -v git >/dev/null 2>&1; then
	fail "git is missing: scripts/install-deps installs it"
else
	G="$TR/git-merge"
	rm -rf "$G"
	mkdir -p "$G"
	export GIT_AUTHOR_NAME=督办室 GIT_AUTHOR_EMAIL=office@example.invalid \
		GIT_COMMITTER_NAME=督办室 GIT_COMMITTER_EMAIL=office@example.invalid
	"$DUBAN" --store "$G/office" init >/dev/null 2>&1 || fail "init failed"
	"$DUBAN" --store "$G/office" note 1 -m 起 --by 督办室 >/dev/null 2>&1 || fail "note failed"
	(cd "$G/office" && git init -q && git add -A && git commit -qm plan) ||
		fail "git init failed"
	git clone -q "$G/office" "$G/unit" || fail "git clone failed"
	"$DUBAN" --store "$G/office" progress 2 40 --by 督办室 >/dev/null 2>&1 || fail "progress failed"
	"$DUBAN" --store "$G/office" note 3 -m 办公室 --by 督办室 >/dev/null 2>&1 || fail "note failed"
	"$DUBAN" --store "$G/unit" progress 2 60 --by 区商务局 >/dev/null 2>&1 || fail "progress failed"
	"$DUBAN" --store "$G/unit" done 5 --by 区商务局 >/dev/null 2>&1 || fail "done failed"
	(cd "$G/office" && git add -A && git commit -qm office) || fail "commit failed"
	(cd "$G/unit" && git add -A && git commit -qm unit) || fail "commit failed"
	[ -z "$(cd "$G/unit" && git ls-files lock)" ] || fail "git tracks the lock"
	(cd "$G/office" && git pull -q --no-rebase "$G/unit" >"$TR/pull.out" 2>&1) ||
		fail "the pull stopped: $(cat "$TR/pull.out")"
	[ -z "$(cd "$G/office" && git status --porcelain)" ] ||
		fail "left unmerged: $(cd "$G/office" && git status --porcelain)"
	run --store "$G/office" check
	expect_status 0
	run --store "$G/office" log --format csv
	[ "$(grep -c . "$OUT")" = 6 ] || fail "$(grep -c . "$OUT") lines in the merged log: $(cat "$OUT")"
	run --store "$G/office" list --format csv
	# item 2: the unit's 60 was recorded after the office's 40
	[ "$(grep '^2,' "$OUT" | cut -d, -f14)" = 60 ] ||
		fail "item 2: $(grep '^2,' "$OUT")"
	[ "$(grep '^5,' "$OUT" | cut -d, -f13)" = done ] ||
		fail "item 5: $(grep '^5,' "$OUT")"
fi
