# Closure review (办结审核) and evidence: with review = yes in store.conf a
# clerk's done is 申请办结 until the office approves (销号) or returns (退回)
# it; --evidence keeps a file under its SHA-256, and check verifies it.
# Every item of the bundled plan is due 2024-12-31.  A store of this
# file's own.

RV_SAVED_STORE=$STORE
STORE="$TMP/review"
fresh_store
printf 'name,unit,role\n李娜,区商务局,clerk\n督办室,,office\n' >"$STORE/people.csv"
printf 'review = yes\n' >>"$STORE/store.conf"

# rv_line N: line N of the journal (1 is its header).  rv_journal: its hash.
rv_line() { sed -n "$1p" "$STORE/journal.csv"; }
rv_journal() { sha256sum "$STORE/journal.csv"; }

# rv_row ID ASOF: item ID as of ASOF, as
# id|status|percent|health|review_requested|closures_returned
rv_row() {
	"$DUBAN" --store "$STORE" --as-of "$2" list --format tsv |
		awk -F'\t' -v id="$1" '
			NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
			$1 == id { print $1 "|" $col["status"] "|" $col["percent"] "|" \
				$col["health"] "|" $col["review_requested"] "|" \
				$col["closures_returned"] }'
}

t "review = yes: a clerk's done awaits review, and the item is not done yet"
run progress 7 60 --by 李娜 --date 2024-04-30
expect_status 0
run done 7 --by 李娜 --date 2024-05-10 -m 已完成抱团项目
expect_status 0
grep -qx 'recorded item 7: done, awaiting review (申请办结) (entry [0-9a-f]\{10\})' "$OUT" ||
	fail "stdout: $(cat "$OUT")"
[ "$(rv_line 3 | cut -d, -f5-8)" = "close-request,,,李娜" ] ||
	fail "journal: $(rv_line 3)"
# 2024-06-30: 182 of 366 days gone, 序时 49%; at 60% it is on schedule
[ "$(rv_row 7 2024-06-30)" = "7|in-progress|60|on-schedule|2024-05-10|0" ] ||
	fail "row: $(rv_row 7 2024-06-30)"
run --as-of 2024-06-30 show 7
grep -q "^ *reported done on 2024-05-10, awaiting the office's review" "$OUT" ||
	fail "show: $(cat "$OUT")"
run --as-of 2024-06-30 list --unit 区商务局
grep -q '^ *7 .*申请办结' "$OUT" || fail "list: $(cat "$OUT")"
run done 7 --by 李娜
expect_status 1
expect_stderr "duban: item 7 awaits the office's review already (reported done on 2024-05-10)"

t "a clerk cannot approve or return; the journal is untouched"
before=$(rv_journal)
run approve 7 --by 李娜
expect_status 1
expect_stderr "duban: only the office (督查室) may approve, and 李娜 is not of it in $STORE/people.csv"
run return 7 --by 李娜 -m 材料不全
expect_status 1
expect_stderr "duban: only the office (督查室) may return, and 李娜 is not of it in $STORE/people.csv"
[ "$(rv_journal)" = "$before" ] || fail "the journal changed"

t "return sends it back to in progress, and counts; a return needs a reason"
run return 7 --by 督办室
expect_status 2
expect_stderr "duban: return needs a note saying why: -m TEXT
Try 'duban return --help'."
run return 7 --by 督办室 -m 缺少验收材料 --date 2024-05-20
expect_status 0
grep -qx 'recorded item 7: closure returned (退回) (entry [0-9a-f]\{10\})' "$OUT" ||
	fail "stdout: $(cat "$OUT")"
[ "$(rv_row 7 2024-06-30)" = "7|in-progress|60|on-schedule||1" ] ||
	fail "row: $(rv_row 7 2024-06-30)"
run return 7 --by 督办室 -m 再次退回
expect_status 1
expect_stderr "duban: item 7 awaits no review (a unit's done awaits it where store.conf says review = yes)"

t "the office's approve makes it done as of the day the unit reported"
run done 7 --by 李娜 --date 2024-06-05
expect_status 0
# approved after the deadline, reported before it: done on time
run approve 7 --by 督办室 --date 2025-01-05
expect_status 0
grep -qx 'recorded item 7: status 已完成 (entry [0-9a-f]\{10\})' "$OUT" ||
	fail "stdout: $(cat "$OUT")"
[ "$(rv_row 7 2025-01-10)" = "7|done|100|done||1" ] ||
	fail "row: $(rv_row 7 2025-01-10)"
# before the approval it was still awaiting review
[ "$(rv_row 7 2024-12-31)" = "7|in-progress|60|behind|2024-06-05|1" ] ||
	fail "row before approval: $(rv_row 7 2024-12-31)"

t "the office's own done is done; approve asks which when both wait"
run done 9 --by 督办室 --date 2024-07-01
expect_status 0
grep -qx 'recorded item 9: status 已完成 (entry [0-9a-f]\{10\})' "$OUT" ||
	fail "stdout: $(cat "$OUT")"
run done 8 --by 李娜 --date 2024-07-01
expect_status 0
run extend 8 2025-03-31 --request -m 签约推迟 --by 李娜 --date 2024-07-02
expect_status 0
run approve 8 --by 督办室
expect_status 2
expect_stderr "duban: item 8 awaits both a closure review and an extension: say approve --closure or --extension"
run approve 8 --closure --by 督办室 --date 2024-07-03
expect_status 0
[ "$(rv_row 8 2024-07-10)" = "8|done|100|done||0" ] ||
	fail "row: $(rv_row 8 2024-07-10)"

t "--evidence keeps the file under its SHA-256; the log and show name it"
printf '验收意见：同意销号。\n' >"$TMP/验收单.PDF"
hash=$(sha256sum "$TMP/验收单.PDF" | cut -d' ' -f1)
run done 10 --by 李娜 --date 2024-08-01 --evidence "$TMP/验收单.PDF"
expect_status 0
grep -qx "recorded item 10: evidence ${hash%${hash#????????????}}… (entry [0-9a-f]\{10\})" "$OUT" ||
	fail "stdout: $(cat "$OUT")"
cmp -s "$TMP/验收单.PDF" "$STORE/evidence/$hash.pdf" || fail "no copy at evidence/$hash.pdf"
run log 10 --format csv
[ "$(sed -n 2p "$OUT" | cut -d, -f4-8,10)" = "10,evidence,$hash.pdf,,李娜,验收单.PDF" ] ||
	fail "log: $(cat "$OUT")"
# both records are one batch
[ "$(rv_line 12 | cut -d, -f5,10)" = "evidence,$(rv_line 11 | cut -d, -f10)" ] ||
	fail "not one batch: $(rv_line 11) / $(rv_line 12)"
run --as-of 2024-08-31 show 10
[ "$(grep -A1 '^Evidence' "$OUT" | sed 's/^ *//')" = "Evidence      2024-08-01  验收单.PDF
evidence/$hash.pdf" ] || fail "show: $(cat "$OUT")"
# the file's name is no note
! grep -qx ' *验收单.PDF' "$OUT" || fail "the file name shown as a note: $(cat "$OUT")"
run check
expect_status 0

t "the same file twice is kept once; a missing file records nothing"
run note 11 --by 李娜 -m 同一份材料 --evidence "$TMP/验收单.PDF"
expect_status 0
[ "$(ls "$STORE/evidence" | wc -l)" = 1 ] || fail "evidence/: $(ls "$STORE/evidence")"
before=$(rv_journal)
run note 11 --by 李娜 -m 材料 --evidence "$TMP/no-such.pdf"
expect_status 1
case $(cat "$ERR") in "duban: $TMP/no-such.pdf: "*) ;; *) fail "stderr: $(cat "$ERR")" ;; esac
[ "$(rv_journal)" = "$before" ] || fail "the journal changed"

t "a plain undo takes back the record, not the evidence that backs it"
run undo --by 李娜
expect_status 0
grep -q '^cancelled entry [0-9a-f]\{10\} of item 11: note, by 李娜, for ' "$OUT" ||
	fail "undo: $(cat "$OUT")"
run log 11 --format csv
[ "$(awk -F, 'NR > 1 { print $5 ":" $9 }' "$OUT" | tr '\n' ' ')" = "undo:0 evidence:0 note:1 " ] ||
	fail "log: $(cat "$OUT")"

t "check fails when an evidence file is altered or missing"
printf '改过了\n' >>"$STORE/evidence/$hash.pdf"
run check
expect_status 1
now=$(sha256sum "$STORE/evidence/$hash.pdf" | cut -d' ' -f1)
expect_stderr "duban: $STORE/journal.csv:12: item 10: $STORE/evidence/$hash.pdf: the evidence file was altered: its SHA-256 is now ${now%${now#????????????????}}…"
rm "$STORE/evidence/$hash.pdf"
run check
expect_status 1
expect_stderr "duban: $STORE/journal.csv:12: item 10: $STORE/evidence/$hash.pdf: the evidence file is missing: No such file or directory"
cp "$TMP/验收单.PDF" "$STORE/evidence/$hash.pdf"
run check
expect_status 0

t "the index gives what the CSV files give"
for asof in 2024-05-15 2024-06-30 2025-01-10; do
	"$DUBAN" --store "$STORE" --as-of "$asof" list --format csv >"$TMP/ix.csv" 2>&1
	DUBAN_NO_INDEX=1 "$DUBAN" --store "$STORE" --as-of "$asof" list --format csv >"$TMP/csv.csv" 2>&1
	same_bytes "$TMP/ix.csv" "$TMP/csv.csv"
done

t "store.conf: review takes yes or no, and a bad value is refused with its line"
cp "$STORE/store.conf" "$TMP/review.conf.saved"
printf '# duban store settings\nreview = maybe\n' >"$STORE/store.conf"
run list
expect_status 1
expect_stderr "duban: $STORE/store.conf:2: review \"maybe\" is not yes or no"
cp "$TMP/review.conf.saved" "$STORE/store.conf"
run rules --format tsv
grep -qx 'review	yes	.*' "$OUT" || fail "rules: $(cat "$OUT")"

t "a review is dated on or after the done it settles, and settles one thing"
run done 13 --by 李娜 --date 2024-09-10
expect_status 0
before=$(rv_journal)
run approve 13 --by 督办室 --date 2024-09-09
expect_status 1
expect_stderr "duban: item 13 was reported done on 2024-09-10: its review cannot be dated 2024-09-09, before it"
run return 13 --by 督办室 -m 早了 --date 2024-09-01
expect_status 1
expect_stderr "duban: item 13 was reported done on 2024-09-10: its review cannot be dated 2024-09-01, before it"
run approve 11 --by 督办室
expect_status 1
expect_stderr "duban: item 11 awaits nothing of the office: no done to review, no extension asked for"
run approve 13 --closure --extension --by 督办室
expect_status 2
expect_stderr "duban: approve takes --closure or --extension, not both
Try 'duban approve --help'."
[ "$(rv_journal)" = "$before" ] || fail "the journal changed"

t "a closure the office settled cannot be undone from under it"
run return 13 --by 督办室 -m 缺照片 --date 2024-09-12
expect_status 0
settled=$(tail -n 1 "$STORE/journal.csv" | cut -c1-10)
run undo --by 李娜
expect_status 1
expect_stderr "duban: the office settled item 13's closure since (entry $settled): undo that first"
run undo --by 督办室
expect_status 0
run undo --by 李娜
expect_status 0
grep -q '^cancelled entry [0-9a-f]\{10\} of item 13: done, awaiting review' "$OUT" ||
	fail "undo: $(cat "$OUT")"

t "--evidence: a name that would break the journal, a pipe, a damaged copy"
printf 'x' >"$TMP/$(printf 'bad\001.pdf')"
run note 11 --by 李娜 -m 材料 --evidence "$TMP/$(printf 'bad\001.pdf')"
expect_status 2
expect_stderr "duban: the evidence file's name holds a control character
Try 'duban note --help'."
mkfifo "$TMP/pipe.pdf"
run note 11 --by 李娜 -m 材料 --evidence "$TMP/pipe.pdf"
expect_status 1
expect_stderr "duban: $TMP/pipe.pdf: a device, pipe or socket, not a regular file: duban does not use it"
printf '坏了\n' >"$STORE/evidence/$hash.pdf"
run note 12 --by 李娜 -m 重新提交 --evidence "$TMP/验收单.PDF"
expect_status 0
cmp -s "$TMP/验收单.PDF" "$STORE/evidence/$hash.pdf" || fail "the damaged copy was kept"
run check
expect_status 0

t "a unit's sheet with a done asks for review once, however often it is sent"
"$DUBAN" --store "$STORE" --as-of 2024-06-30 sheet --unit 区商务局 --period 2024-06 \
	-o "$TMP/rv-sheet.csv" || fail "sheet"
# item 2's 本期状态 (column N)
"$CSVEDIT" "$TMP/rv-sheet.csv" 2:N=已完成 >"$TMP/rv-filled.csv" || fail "csvedit"
run merge "$TMP/rv-filled.csv"
expect_status 0
grep -qx 'recorded item 2: done, awaiting review (申请办结) (entry [0-9a-f]\{10\})' "$OUT" ||
	fail "first merge: $(cat "$OUT")"
run merge "$TMP/rv-filled.csv"
expect_status 0
grep -q "nothing new for 区商务局, 2024-06: the journal has its 1 record already" "$OUT" ||
	fail "second merge: $(cat "$OUT")"

t "zh_CN: the review in Chinese"
LC_ALL=zh_CN.UTF-8 run log --format table 7
grep -q '申请办结，待审核' "$OUT" || fail "log: $(cat "$OUT")"
grep -q '办结申请被退回' "$OUT" || fail "log: $(cat "$OUT")"
LC_ALL=zh_CN.UTF-8 run --as-of 2024-08-31 show 10
grep -q '^佐证材料' "$OUT" || fail "show: $(cat "$OUT")"

STORE=$RV_SAVED_STORE
