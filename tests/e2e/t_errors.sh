# A malformed items.csv: one line naming file and line, exit 1, for every
# command that reads the plan.

HDR='id,section,section_title,subsection,subsection_title,text,leaders,lead_units,participants,deadline,deadline_text,targets'
ROW='1,1,s,1,ss,做事,甲,区甲局,,2024-12-31,2024年12月底,'

# bad_plan EXPECTED-MESSAGE: items.csv in $TMP/bad (written by the caller)
# makes list, show, units and leaders fail with exactly that line.
bad_plan() {
	for cmd in list "show 1" units leaders; do
		# shellcheck disable=SC2086
		"$DUBAN" --store "$TMP/bad" $cmd >"$OUT" 2>"$ERR"
		status=$?
		expect_status 1
		expect_stdout_empty
		expect_stderr "duban: $TMP/bad/items.csv:$1"
	done
}

plan() {
	mkdir -p "$TMP/bad"
	printf "$@" >"$TMP/bad/items.csv"
}

t "an unknown header column"
plan '%s,owner\n%s,x\n' "$HDR" "$ROW"
bad_plan '1: unknown column "owner" in the header'

t "a missing header column"
plan '%s\n%s\n' "${HDR%,targets}" "${ROW%,}"
bad_plan '1: the header has no "targets" column'

t "a row with the wrong number of fields"
plan '%s\n%s\n%s,extra\n' "$HDR" "$ROW" "2${ROW#1}"
bad_plan '3: 13 fields where the header has 12'

t "a non-numeric id"
plan '%s\n%s\n' "$HDR" "x${ROW#1}"
bad_plan '2: id "x" is not a whole number from 1 to 999999999'

t "a duplicate id"
plan '%s\n%s\n%s\n%s\n' "$HDR" "$ROW" "2${ROW#1}" "$ROW"
bad_plan '4: id 1 is already used on line 2'

t "an impossible date"
plan '%s\n%s\n' "$HDR" "$(echo "$ROW" | sed 's/2024-12-31/2024-02-30/')"
bad_plan '2: deadline "2024-02-30" is not a date'

t "a malformed target"
plan '%s\n%s件数40件\n' "$HDR" "$ROW"
bad_plan '2: target "件数40件" has no comparison (> >= = <= <)'

t "bytes that are not UTF-8, and GBK named as such"
plan '%s\n1,1,s,1,ss,\377\376,甲,区甲局,,2024-12-31,x,\n' "$HDR"
bad_plan '2: bytes that are not UTF-8 text'
plan '%s\n1,1,s,1,ss,\307\340\324\306\306\327,甲,区甲局,,2024-12-31,x,\n' "$HDR"
bad_plan "2: the file is not UTF-8 but looks like GBK; convert it with: iconv -f GBK -t UTF-8 $TMP/bad/items.csv"

t "an unterminated quote names the line it opened on"
plan '%s\n%s\n2,1,s,1,ss,"做事\n还在引号里\n' "$HDR" "$ROW"
bad_plan '3: a quoted field opened here never closes'

t "an empty file"
plan ''
bad_plan '1: the file is empty'

t "an absurdly long field is an error, not a crash"
mkdir -p "$TMP/bad"
{ echo "$HDR"; printf '1,1,s,1,ss,'; head -c 200000 /dev/zero | tr '\0' 'a'; echo ',甲,区甲局,,2024-12-31,x,'; } >"$TMP/bad/items.csv"
bad_plan '2: a field longer than the limit of 65536 bytes (or memory ran out)'

t "a plan in CRLF with a byte order mark loads"
plan '\357\273\277%s\r\n%s\r\n' "$HDR" "$ROW"
"$DUBAN" --store "$TMP/bad" list --format tsv >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_ids "1"

t "a mistyped command names the closest one"
"$DUBAN" --store "$TMP/bad" lsit >"$OUT" 2>"$ERR"
status=$?
expect_status 2
expect_stdout_empty
expect_stderr "duban: \"lsit\" is not a duban command; did you mean list?
Try 'duban --help'."
"$DUBAN" --store "$TMP/bad" xyzzy >"$OUT" 2>"$ERR"
status=$?
expect_status 2
expect_stderr "duban: \"xyzzy\" is not a duban command
Try 'duban --help'."

t "a mistyped option names the closest one"
"$DUBAN" --store "$TMP/bad" list --uint 区甲局 >"$OUT" 2>"$ERR"
status=$?
expect_status 2
expect_stdout_empty
expect_stderr "duban list: unrecognized option '--uint'
duban: did you mean --unit?
Try 'duban list --help'."
"$DUBAN" --store "$TMP/bad" log --sortt=date >"$OUT" 2>"$ERR"
expect_stderr "duban log: unrecognized option '--sortt=date'
duban: did you mean --sort?
Try 'duban log --help'."
"$DUBAN" --stroe "$TMP/bad" list >"$OUT" 2>"$ERR"
status=$?
expect_status 2
# (getopt names the program as it was run on the first line)
grep -q "unrecognized option '--stroe'" "$ERR" || fail "before the command: $(cat "$ERR")"
[ "$(sed -n 2p "$ERR")" = "duban: did you mean --store?" ] || fail "before the command: $(cat "$ERR")"
"$DUBAN" --store "$TMP/bad" list --zzzzzz >"$OUT" 2>"$ERR"
expect_stderr "duban list: unrecognized option '--zzzzzz'
Try 'duban list --help'."

t "an option of other commands names them, not a look-alike"
"$DUBAN" --store "$TMP/bad" list --within 3 >"$OUT" 2>"$ERR"
expect_status 2
expect_stderr "duban list: unrecognized option '--within'
duban: --within is an option of due, remind
Try 'duban list --help'."
"$DUBAN" --store "$TMP/bad" show 1 --excel >"$OUT" 2>"$ERR"
expect_stderr "duban show: unrecognized option '--excel'
duban: --excel is an option of export
Try 'duban show --help'."
"$DUBAN" --store "$TMP/bad" note 1 --grep x >"$OUT" 2>"$ERR"
expect_stderr "duban note: unrecognized option '--grep'
duban: --grep is an option of list, overdue, due, summary, targets, export
Try 'duban note --help'."
