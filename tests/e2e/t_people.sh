# people.csv: who is who.  A clerk's records are their unit's report
# (missing, log --unit), --mine lists a user's own items.  A store of this
# file's own, as of June 2024.

PP_SAVED_STORE=$STORE
STORE="$TMP/people"
rm -rf "$STORE"
"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init failed"
printf '\357\273\277name,unit,role\r\n王芳,区住建局,联络员\r\n李强,区住建局（旧改办）,clerk\r\n杨峰,,leader\r\n督办室,,office\r\n' >"$STORE/people.csv"

# pp_ids ARGS...: the ids list prints for ARGS, one line.
pp_ids() {
	"$DUBAN" --store "$STORE" --as-of 2024-06-30 list --format tsv "$@" |
		awk -F'\t' 'NR > 1 { printf "%s ", $1 }'
}

t "missing: a clerk's report under their own name is their unit's, exactly"
run --as-of 2024-06-30 missing --period 2024-06 --format tsv
expect_status 0
grep -q '^区住建局	' "$OUT" || fail "区住建局 not missing before: $(cat "$OUT")"
grep -q '^区住建局（旧改办）	' "$OUT" || fail "区住建局（旧改办） not missing before"
DUBAN_USER=王芳 "$DUBAN" --store "$STORE" note 30 -m 已开工 --date 2024-06-10 >/dev/null 2>&1 ||
	fail "王芳's note"
run --as-of 2024-06-30 missing --period 2024-06 --format tsv
expect_status 0
! grep -q '^区住建局	' "$OUT" || fail "区住建局 still missing after its clerk reported"
grep -q '^区住建局（旧改办）	' "$OUT" || fail "区住建局（旧改办） counted by 区住建局's clerk"
# in another month, not
run --as-of 2024-07-31 missing --period 2024-07 --format tsv
grep -q '^区住建局	' "$OUT" || fail "区住建局 not missing in July"
# the other clerk reports for 区住建局（旧改办） alone
DUBAN_USER=李强 "$DUBAN" --store "$STORE" note 36 -m 摸底 --date 2024-06-12 >/dev/null 2>&1 ||
	fail "李强's note"
run --as-of 2024-06-30 missing --period 2024-06 --format tsv
! grep -q '^区住建局（旧改办）	' "$OUT" || fail "区住建局（旧改办） still missing"

t "list --mine: a clerk's unit, a leader's own items"
[ "$(DUBAN_USER=王芳 pp_ids --mine)" = "$(pp_ids --unit 区住建局)" ] ||
	fail "王芳: $(DUBAN_USER=王芳 pp_ids --mine)"
[ "$(DUBAN_USER=李强 pp_ids --mine)" = "$(pp_ids --unit 区住建局（旧改办）)" ] ||
	fail "李强: $(DUBAN_USER=李强 pp_ids --mine)"
[ "$(DUBAN_USER=李强 pp_ids --mine)" = "30 36 " ] || fail "李强's items: $(DUBAN_USER=李强 pp_ids --mine)"
[ "$(DUBAN_USER=杨峰 pp_ids --mine)" = "$(pp_ids --leader 杨峰)" ] ||
	fail "杨峰: $(DUBAN_USER=杨峰 pp_ids --mine)"
DUBAN_USER=张三 run list --mine
expect_status 2
expect_stdout_empty
expect_stderr "duban: --mine: 张三 is not in people.csv, so whose items are yours is not known (add a line: name,unit,role)"
DUBAN_USER=督办室 run list --mine
expect_status 2
expect_stderr "duban: --mine: people.csv gives 督办室 no unit"

t "log: by whom, for which unit, in which month, by report date"
DUBAN_USER=督办室 "$DUBAN" --store "$STORE" progress 30 40 --date 2024-05-20 >/dev/null 2>&1
DUBAN_USER=区住建局 "$DUBAN" --store "$STORE" note 31 -m 自报 --date 2024-06-03 >/dev/null 2>&1
run log --format tsv --by 王芳
awk -F'\t' 'NR > 1 { print $3 "|" $4 "|" $8 "|" $10 }' "$OUT" >"$TMP/pp"
[ "$(cat "$TMP/pp")" = "2024-06-10|30|王芳|已开工" ] || fail "--by: $(cat "$TMP/pp")"
# for 区住建局: its clerk's and its own, not 李强's nor the office's
run log --format tsv --unit 区住建局
awk -F'\t' 'NR > 1 { print $8 }' "$OUT" | tr '\n' ' ' >"$TMP/pp"
[ "$(cat "$TMP/pp")" = "区住建局 王芳 " ] || fail "--unit: $(cat "$TMP/pp")"
run log --format tsv --period 2024-05
awk -F'\t' 'NR > 1 { print $3 "|" $4 }' "$OUT" >"$TMP/pp"
[ "$(cat "$TMP/pp")" = "2024-05-20|30" ] || fail "--period: $(cat "$TMP/pp")"
# newest recorded first by default; newest report date first with --sort date
run log --format tsv
awk -F'\t' 'NR > 1 { print $3 }' "$OUT" | tr '\n' ' ' >"$TMP/pp"
[ "$(cat "$TMP/pp")" = "2024-06-03 2024-05-20 2024-06-12 2024-06-10 " ] || fail "recorded order: $(cat "$TMP/pp")"
run log --format tsv --sort date
awk -F'\t' 'NR > 1 { print $3 }' "$OUT" | tr '\n' ' ' >"$TMP/pp"
[ "$(cat "$TMP/pp")" = "2024-06-12 2024-06-10 2024-06-03 2024-05-20 " ] || fail "--sort date: $(cat "$TMP/pp")"
run log --sort size
expect_status 2
expect_stderr "duban: --sort takes recorded or date, not \"size\"
Try 'duban log --help'."

t "people.csv that cannot be trusted stops every command, naming its line"
cp "$STORE/people.csv" "$TMP/people.saved"
printf 'name,unit,role\n王芳,住建局,clerk\n' >"$STORE/people.csv"
run list
expect_status 1
expect_stdout_empty
expect_stderr "duban: $STORE/people.csv:2: the plan has no unit \"住建局\" (write it exactly as items.csv does)"
cp "$TMP/people.saved" "$STORE/people.csv"

STORE=$PP_SAVED_STORE
