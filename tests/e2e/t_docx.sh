# import of Word documents: the fixtures were made by LibreOffice from the
# bundled plan and from tests/fixtures/variants.txt (soffice --headless
# --infilter="Text (encoded):UTF8,LF,,," --convert-to docx).  The first 11
# columns are compared with cut, as no field of these plans holds an ASCII
# comma.

D="$TMP/docx"
rm -rf "$D"
mkdir -p "$D"
PLAN_TXT=data/qingyunpu-2024-key-tasks.txt
PLAN_DOCX=tests/fixtures/qingyunpu-2024-key-tasks.docx
VARIANTS=tests/fixtures/variants.docx

t "import of the bundled plan as .docx gives what the text file gives"
run_bare import --format csv "$PLAN_TXT"
expect_status 0
cp "$OUT" "$D/from-txt.csv"
run_bare import --format csv "$PLAN_DOCX"
expect_status 0
[ ! -s "$ERR" ] || fail "stderr not empty: $(cat "$ERR")"
same_bytes "$D/from-txt.csv" "$OUT"
[ "$(wc -l <"$OUT")" -eq 57 ] || fail "$(wc -l <"$OUT") lines, expected 57"
cut -d, -f1-11 data/items.csv >"$D/want.csv"
cut -d, -f1-11 "$OUT" >"$D/got.csv"
same_bytes "$D/want.csv" "$D/got.csv"

t "the bundled plan as a Word table (tests/fixtures/make-table-docx.sh) gives the same items as in paragraphs"
run_bare import --format csv tests/fixtures/qingyunpu-2024-table.docx
expect_status 0
[ ! -s "$ERR" ] || fail "stderr not empty: $(cat "$ERR")"
same_bytes data/items.csv "$OUT"
run_bare import --format json tests/fixtures/qingyunpu-2024-table.docx
expect_status 0
# item 1 is the fifth line: the title, the header row, the section's and
# the subsection's heading rows before it
[ "$(jq -r '.[0] | "\(.number) \(.line) \(.leaders) \(.section_title)"' "$OUT")" = \
  '1 5 ["杨峰"] 坚持产业兴区，筑牢城南崛起支撑' ] ||
	fail "item 1: $(jq -c '.[0]' "$OUT")"

t "a .docx imported with -o is a plan duban loads"
"$DUBAN" import "$PLAN_DOCX" -o "$D/plan.csv" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout_empty
same_bytes "$D/from-txt.csv" "$D/plan.csv"
"$DUBAN" init "$D/store" --from "$D/plan.csv" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout "created the store $D/store with 56 items"

t "a .docx is known by its zip signature whatever its name; --encoding does not apply"
cp "$PLAN_DOCX" "$D/plan.txt"
run_bare import --format csv "$D/plan.txt"
expect_status 0
same_bytes "$D/from-txt.csv" "$OUT"
cp "$PLAN_DOCX" "$D/PLAN.DOCX"
run_bare import --format csv --encoding gbk "$D/PLAN.DOCX"
expect_status 0
same_bytes "$D/from-txt.csv" "$OUT"

t "the variants fixture: other labels and brackets, blocks on the following paragraphs"
run_bare import --format csv "$VARIANTS"
expect_status 0
[ ! -s "$ERR" ] || fail "stderr not empty: $(cat "$ERR")"
cut -d, -f1-11 "$OUT" >"$D/variants.csv"
cat >"$D/variants-want.csv" <<'CSV'
id,section,section_title,subsection,subsection_title,text,leaders,lead_units,participants,deadline,deadline_text
1,1,发展经济,1,工业,推进项目建设（瞪羚）。,张三;李四,区发改委;区住建局（旧改办）,区财政局;各相关街道、镇、集聚区,2025-06-30,2025年6月底前
2,1,发展经济,1,工业,加快招商,王五,区商务局,各街道、镇,2025-09-30,2025年第三季度
3,1,发展经济,2,服务,优化服务,赵六,区政数局,,2025-09-30,三季度末
4,2,民生,0,,推进就业，力争新增就业5100人。,甲,区人社局,各街道、镇、集聚区,2025-12-31,全年
5,2,民生,0,,开展“打通断头路”行动,乙,区住建局,,,长期坚持
CSV
same_bytes "$D/variants-want.csv" "$D/variants.csv"
run_bare import --format csv tests/fixtures/variants.txt
cp "$OUT" "$D/variants-from-txt.csv"
run_bare import --format csv "$VARIANTS"
same_bytes "$D/variants-from-txt.csv" "$OUT"

t "a .docx that is not one, or is damaged, is refused with its name"
printf '一、发展经济\n' >"$D/text.docx"
run_bare import --format csv "$D/text.docx" -o "$D/none.csv"
expect_status 1
expect_stdout_empty
expect_stderr "duban: $D/text.docx: not a .docx file: not a zip archive"
[ ! -e "$D/none.csv" ] || fail "a file was written"
head -c 3000 "$VARIANTS" >"$D/cut.docx"
run_bare import --format csv "$D/cut.docx"
expect_status 1
expect_stderr "duban: $D/cut.docx: a damaged .docx file: the zip archive is cut short or corrupt"
run_bare import --format csv "$D/missing.docx"
expect_status 1
expect_stderr "duban: $D/missing.docx: cannot open: No such file or directory"
