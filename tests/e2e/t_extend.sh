# Extensions (延期): extend, extend --request, approve, refuse.  An item is
# judged by the deadline granted, from the day the grant reports on; the
# plan's deadline is kept beside it.  Every item of the bundled plan is
# due 2024-12-31, and its period starts 2024-01-01.  A store of this file's
# own.

EX_SAVED_STORE=$STORE
STORE="$TMP/extend"
fresh_store
export DUBAN_USER=督办室

# ex_row ID ASOF: the list row of item ID as of ASOF, as
# id|deadline|health|light|deadline_extended|extensions|deadline_requested
ex_row() {
	"$DUBAN" --store "$STORE" --as-of "$2" list --format tsv |
		awk -F'\t' -v id="$1" '
			NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
			$1 == id { print $1 "|" $col["deadline"] "|" $col["health"] "|" \
				$col["light"] "|" $col["deadline_extended"] "|" \
				$col["extensions"] "|" $col["deadline_requested"] }'
}

# ex_overdue ASOF: the ids overdue lists as of ASOF, with their days late
# and the deadline it judged by, one "id:days:deadline" each.
ex_overdue() {
	"$DUBAN" --store "$STORE" --as-of "$1" overdue --format tsv |
		awk -F'\t' 'NR > 1 { printf "%s:%s:%s ", $1, $2, $3 }'
}

t "extend: an item granted a later deadline is not overdue before it, and is after it"
[ "$(ex_row 5 2025-01-10)" = "5|2024-12-31|overdue|red||0|" ] ||
	fail "before: $(ex_row 5 2025-01-10)"
run extend 5 2025-03-31 -m 拆迁受阻 --date 2024-12-20
expect_status 0
grep -qx 'recorded item 5: deadline extended to 2025-03-31 (entry [0-9a-f]\{10\})' "$OUT" ||
	fail "stdout: $(cat "$OUT")"
# 2025-01-10: 376 of the 456 days from 2024-01-01 to 2025-03-31 have gone,
# 序时 82% (rounded down), and the item is at 0%: behind, not overdue
[ "$(ex_row 5 2025-01-10)" = "5|2024-12-31|behind|yellow|2025-03-31|1|" ] ||
	fail "2025-01-10: $(ex_row 5 2025-01-10)"
case " $(ex_overdue 2025-01-10)" in *" 5:"*) fail "5 overdue on 2025-01-10" ;; esac
case " $(ex_overdue 2025-01-10)" in *" 6:10:2024-12-31 "*) ;;
	*) fail "6 not 10 days overdue on 2025-01-10: $(ex_overdue 2025-01-10)" ;; esac
# the deadline day counts whole; the day after, one day late
case " $(ex_overdue 2025-03-31)" in *" 5:"*) fail "5 overdue on its new deadline" ;; esac
case " $(ex_overdue 2025-04-01)" in *" 5:1:2025-03-31 "*) ;;
	*) fail "5 not 1 day overdue on 2025-04-01: $(ex_overdue 2025-04-01)" ;; esac
# before the day the grant reports on, the plan's deadline holds
[ "$(ex_row 5 2024-12-19)" = "5|2024-12-31|behind|yellow||0|" ] ||
	fail "2024-12-19: $(ex_row 5 2024-12-19)"

t "extend: a grant reported on a later day changes nothing before that day"
run extend 6 2025-06-30 -m 资金未到位 --date 2025-01-15
expect_status 0
case " $(ex_overdue 2025-01-14)" in *" 6:14:2024-12-31 "*) ;;
	*) fail "6 not 14 days overdue on 2025-01-14: $(ex_overdue 2025-01-14)" ;; esac
case " $(ex_overdue 2025-01-15)" in *" 6:"*) fail "6 overdue on 2025-01-15" ;; esac

t "show prints both deadlines; log names the grant"
run --as-of 2025-01-10 show 5
expect_status 0
grep -qx 'Deadline      2024-12-31 (2024年12月底)' "$OUT" || fail "no plan deadline: $(cat "$OUT")"
grep -qx '              extended to 2025-03-31 (1 extension)' "$OUT" ||
	fail "no extended deadline: $(cat "$OUT")"
run log --format tsv 5
expect_status 0
[ "$(awk -F'\t' 'NR > 1 { print $3 "|" $5 "|" $6 "|" $10 }' "$OUT")" = "2024-12-20|extend|2025-03-31|拆迁受阻" ] ||
	fail "log: $(cat "$OUT")"

t "extend: a second grant counts twice; a date not later is refused, the journal untouched"
run extend 5 2025-05-31 -m 再次延期 --date 2025-03-01
expect_status 0
[ "$(ex_row 5 2025-03-10)" = "5|2024-12-31|behind|yellow|2025-05-31|2|" ] ||
	fail "twice: $(ex_row 5 2025-03-10)"
cp "$STORE/journal.csv" "$TMP/extend.journal"
run extend 5 2025-05-31 -m 同一天
expect_status 1
expect_stdout_empty
expect_stderr "duban: item 5 cannot be given the deadline 2025-05-31: it is not later (it is due 2025-05-31)"
run extend 5 7 2025-04-30 -m 提前
expect_status 1
expect_stderr "duban: item 5 cannot be given the deadline 2025-04-30: it is not later (it is due 2025-05-31)"
same_bytes "$STORE/journal.csv" "$TMP/extend.journal"
run extend 5 2025-09-30
expect_status 2
expect_stderr "duban: extend needs a reason: -m TEXT
Try 'duban extend --help'."
run extend 5 2025-13-01 -m 原因
expect_status 2
expect_stderr "duban: \"2025-13-01\" is not a date (write 2024-09-30)
Try 'duban extend --help'."
same_bytes "$STORE/journal.csv" "$TMP/extend.journal"

t "export: 延期至 beside 完成时限"
run --as-of 2025-03-10 export
expect_status 0
head -n 1 "$OUT" | grep -q '^id,section,text,leaders,lead_units,participants,deadline,deadline_extended,status,' ||
	fail "header: $(head -n 1 "$OUT")"
[ "$(awk -F, '$1 == 5 { print $7 "|" $8 }' "$OUT")" = "2024-12-31|2025-05-31" ] ||
	fail "row 5: $(awk -F, '$1 == 5' "$OUT")"
[ "$(awk -F, '$1 == 8 { print $7 "|" $8 }' "$OUT")" = "2024-12-31|" ] ||
	fail "row 8: $(awk -F, '$1 == 8' "$OUT")"

t "people.csv: a clerk asks, only the office grants, approves or refuses"
printf 'name,unit,role\n王芳,区住建局,clerk\n督办室,,office\n' >"$STORE/people.csv"
cp "$STORE/journal.csv" "$TMP/extend.journal"
DUBAN_USER=王芳 run extend 7 2025-02-28 -m 施工延误
expect_status 1
expect_stdout_empty
expect_stderr "duban: only the office (督查室) may extend, and 王芳 is not of it in $STORE/people.csv"
same_bytes "$STORE/journal.csv" "$TMP/extend.journal"
DUBAN_USER=王芳 run extend 7 8 2025-02-28 -m 施工延误 --request --date 2025-01-05
expect_status 0
[ "$(ex_row 7 2025-01-10)" = "7|2024-12-31|overdue|red||0|2025-02-28" ] ||
	fail "asked: $(ex_row 7 2025-01-10)"
run --as-of 2025-01-10 show 7
grep -qx '              extension to 2025-02-28 asked for, not yet settled' "$OUT" ||
	fail "show: $(cat "$OUT")"
DUBAN_USER=王芳 run approve 7
expect_status 1
expect_stderr "duban: only the office (督查室) may approve, and 王芳 is not of it in $STORE/people.csv"
run approve 7 --date 2025-01-08
expect_status 0
grep -qx 'recorded item 7: deadline extended to 2025-02-28 (entry [0-9a-f]\{10\})' "$OUT" ||
	fail "approve said: $(cat "$OUT")"
[ "$(ex_row 7 2025-01-10)" = "7|2024-12-31|behind|yellow|2025-02-28|1|" ] ||
	fail "approved: $(ex_row 7 2025-01-10)"
run approve 7
expect_status 1
expect_stderr "duban: item 7 has no extension asked for (duban extend --request asks)"
run refuse 8
expect_status 2
expect_stderr "duban: refuse needs a note saying why: -m TEXT
Try 'duban refuse --help'."
run refuse 8 -m 理由不充分 --date 2025-01-09
expect_status 0
grep -qx 'recorded item 8: extension to 2025-02-28 refused (entry [0-9a-f]\{10\})' "$OUT" ||
	fail "refuse said: $(cat "$OUT")"
[ "$(ex_row 8 2025-01-10)" = "8|2024-12-31|overdue|red||0|" ] ||
	fail "refused: $(ex_row 8 2025-01-10)"
# the request is settled as of the day refused, pending the day before
[ "$(ex_row 8 2025-01-08)" = "8|2024-12-31|overdue|red||0|2025-02-28" ] ||
	fail "before the refusal: $(ex_row 8 2025-01-08)"

t "undo of a grant: the plan's deadline again"
id=$(awk -F, '$4 == 6 && $5 == "extend" { print $1 }' "$STORE/journal.csv")
run undo "$id"
expect_status 0
case " $(ex_overdue 2025-01-20)" in *" 6:20:2024-12-31 "*) ;;
	*) fail "6 not overdue again after the undo: $(ex_overdue 2025-01-20)" ;; esac

t "the index gives what the CSV files give, extensions and all"
for asof in 2025-01-10 2025-03-10; do
	"$DUBAN" --store "$STORE" --as-of "$asof" list --format csv >"$TMP/ix.csv" 2>&1
	DUBAN_NO_INDEX=1 "$DUBAN" --store "$STORE" --as-of "$asof" list --format csv >"$TMP/csv.csv" 2>&1
	same_bytes "$TMP/ix.csv" "$TMP/csv.csv"
done
[ -f "$STORE/index" ] || fail "no index was written"
run check
expect_status 0

t "zh_CN: the grant and the refusal in Chinese"
LC_ALL=zh_CN.UTF-8 run --as-of 2025-03-10 show 5
grep -qx ' *延期至 2025-05-31（共延期 2 次）' "$OUT" || fail "show: $(cat "$OUT")"
LC_ALL=zh_CN.UTF-8 run log --format table 8
grep -q '驳回延期至 2025-02-28 的申请' "$OUT" || fail "log: $(cat "$OUT")"

unset DUBAN_USER
STORE=$EX_SAVED_STORE
