# import: a plan document in plain text read into items.csv, targets
# included: the bundled document must give data/items.csv byte for byte.

I="$TMP/import"
rm -rf "$I"
mkdir -p "$I"
PLAN=data/qingyunpu-2024-key-tasks.txt

t "import of the bundled document gives data/items.csv byte for byte, targets included"
run_bare import --format csv "$PLAN"
expect_status 0
[ ! -s "$ERR" ] || fail "stderr not empty: $(cat "$ERR")"
cmp -s data/items.csv "$OUT" ||
	fail "differs from data/items.csv: $(diff data/items.csv "$OUT" | head -n 20)"

t "the imported plan is a plan duban loads"
"$DUBAN" import "$PLAN" -o "$I/plan.csv" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout_empty
"$DUBAN" init "$I/store" --from "$I/plan.csv" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout "created the store $I/store with 56 items"

t "-o writes the same bytes as standard output"
run_bare import --format csv "$PLAN"
same_bytes "$OUT" "$I/plan.csv"

t "the same document in GBK with CRLF is detected and read the same"
iconv -f UTF-8 -t GBK "$PLAN" | sed 's/$/\r/' >"$I/plan-gbk.txt"
run_bare import --format csv "$I/plan-gbk.txt"
expect_status 0
same_bytes "$I/plan.csv" "$OUT"
run_bare import --format csv --encoding gbk "$I/plan-gbk.txt"
expect_status 0
same_bytes "$I/plan.csv" "$OUT"
run_bare import --format csv --encoding utf-8 "$I/plan-gbk.txt"
expect_status 1
expect_stdout_empty
expect_stderr "duban: $I/plan-gbk.txt:1: bytes that are not UTF-8"

t "a UTF-8 byte order mark is accepted"
{ printf '\357\273\277'; cat "$PLAN"; } >"$I/plan-bom.txt"
run_bare import --format csv "$I/plan-bom.txt"
expect_status 0
same_bytes "$I/plan.csv" "$OUT"

# A document with unreadable blocks, lines numbered in the comments.
cat >"$I/bad.txt" <<'DOC'
2024年区重点工作责任分工方案
一、发展经济
1.任务一。〔牵头领导：甲；责任单位：区商务局。完成时限：2024年12月底〕
2.任务二。〔牵头领导：甲；参加单位：各街道、镇。完成时限：2024年底〕
3.任务三。〔责任单位：区科工局〕

4.任务四。〔责任单位：区科工局。完成时限：明年春天〕
4.任务四again。〔责任单位：区科工局。完成时限：2024年底〕
5.任务五。（责任领导：乙；牵头单位：区财政局；配合单位：区直相关单位，各相关街道、镇、集聚区；完成时间：三季度末）
DOC

t "unreadable blocks are reported by line; the rest is written, exit 1"
run_bare import --format csv "$I/bad.txt"
expect_status 1
expect_stderr "duban: $I/bad.txt:4: item 2: no lead unit (责任单位)
duban: $I/bad.txt:7: item 4: deadline \"明年春天\" is not a date
duban: $I/bad.txt:8: item 4: number repeated (item 4 is at line 7)
duban: $I/bad.txt: warning: 1 item(s) print no deadline (完成时限); they are due 2024-12-31, the end of the plan year (--deadline DATE sets another)
duban: $I/bad.txt: 3 problem(s); the other 3 items were written"
expect_stdout "id,section,section_title,subsection,subsection_title,text,leaders,lead_units,participants,deadline,deadline_text,targets
1,1,发展经济,0,,任务一。,甲,区商务局,,2024-12-31,2024年12月底,
3,1,发展经济,0,,任务三。,,区科工局,,2024-12-31,,
5,1,发展经济,0,,任务五。,乙,区财政局,区直相关单位;各相关街道、镇、集聚区,2024-09-30,三季度末,"

t "without -o, import shows what it read: one row per item, written or not, with its line and flags"
run_bare import "$I/bad.txt"
expect_status 1
expect_stdout "No.  Line  Task           Leaders  Lead units  Participants                          Deadline    Flags
1       3  任务一。       甲       区商务局                                          2024-12-31
2       4  任务二。       甲                   各街道、镇                            2024-12-31  no-unit、not-written
3       5  任务三。                区科工局                                          2024-12-31  deadline-from-year
4       7  任务四。                区科工局                                                      not-written
4       8  任务四again。           区科工局                                          2024-12-31  not-written
5       9  任务五。       乙       区财政局    区直相关单位、各相关街道、镇、集聚区  2024-09-30"
expect_stderr "duban: $I/bad.txt:4: item 2: no lead unit (责任单位)
duban: $I/bad.txt:7: item 4: deadline \"明年春天\" is not a date
duban: $I/bad.txt:8: item 4: number repeated (item 4 is at line 7)
duban: $I/bad.txt: warning: 1 item(s) print no deadline (完成时限); they are due 2024-12-31, the end of the plan year (--deadline DATE sets another)"

t "import --format json gives the review's rows, every field, with each item's problems"
run_bare import --format json "$I/bad.txt"
expect_status 1
[ "$(jq length "$OUT")" = 6 ] || fail "$(jq length "$OUT") rows"
[ "$(jq -c '.[1]' "$OUT")" = '{"number":"2","id":2,"line":4,"section":1,"section_title":"发展经济","subsection":0,"subsection_title":"","text":"任务二。","leaders":["甲"],"lead_units":[],"participants":["各街道、镇"],"deadline":"2024-12-31","deadline_text":"2024年底","flags":["no-unit","not-written"],"problems":["item 2: no lead unit (责任单位)"]}' ] ||
	fail "row 2: $(jq -c '.[1]' "$OUT")"
[ "$(jq -c '[.[] | [.number, .line, .lead_units, .deadline_text, .flags]]' "$OUT")" = \
  '[["1",3,["区商务局"],"2024年12月底",[]],["2",4,[],"2024年底",["no-unit","not-written"]],["3",5,["区科工局"],"",["deadline-from-year"]],["4",7,["区科工局"],"明年春天",["not-written"]],["4",8,["区科工局"],"2024年底",["not-written"]],["5",9,["区财政局"],"三季度末",[]]]' ] ||
	fail "rows: $(jq -c '[.[] | [.number, .line, .lead_units, .deadline_text, .flags]]' "$OUT")"
[ "$(jq -r '.[3].problems[0]' "$OUT")" = 'item 4: deadline "明年春天" is not a date' ] ||
	fail "row 4 problems: $(jq -c '.[3].problems' "$OUT")"

t "--deadline, --year, --first-is-lead and --leader-from-heading say what a document leaves open"
printf '通知\n一、张三牵头工作\n1.任务一〔责任单位：区甲局、区乙局〕\n2.任务二〔责任单位：区丙局。完成时限：6月底〕\n' >"$I/open.txt"
run_bare import --format csv "$I/open.txt"
expect_status 1
expect_stderr "duban: $I/open.txt:4: item 2: deadline \"6月底\" needs the plan's year, which the document does not give (--year YYYY)
duban: $I/open.txt: warning: 1 item(s) print no deadline (完成时限) and the document names no year; they are open-ended (--deadline DATE or --year YYYY sets one)
duban: $I/open.txt: 1 problem(s); the other 1 items were written"
run_bare import --format csv --year 2025 --deadline 2025-11-30 --first-is-lead --leader-from-heading "$I/open.txt"
expect_status 0
expect_stdout "id,section,section_title,subsection,subsection_title,text,leaders,lead_units,participants,deadline,deadline_text,targets
1,1,张三牵头工作,0,,任务一,张三,区甲局,区乙局,2025-11-30,,
2,1,张三牵头工作,0,,任务二,张三,区丙局,,2025-06-30,6月底,"
run_bare import --year 25 "$I/open.txt"
expect_status 2
run_bare import --deadline 明天 "$I/open.txt"
expect_status 2

t "--strict: any problem is fatal and no file is written"
run_bare import --format csv --strict "$I/bad.txt" -o "$I/strict.csv"
expect_status 1
expect_stdout_empty
grep -q "3 problem(s); nothing written (--strict)" "$ERR" || fail "stderr: $(cat "$ERR")"
grep -q "bad.txt:4: item 2: no lead unit" "$ERR" || fail "stderr: $(cat "$ERR")"
[ ! -e "$I/strict.csv" ] || fail "--strict wrote a file"

t "--strict leaves an existing output file untouched"
cp "$I/plan.csv" "$I/keep.csv"
run_bare import --format csv --strict "$I/bad.txt" -o "$I/keep.csv"
expect_status 1
same_bytes "$I/plan.csv" "$I/keep.csv"

t "-o is atomic: a write cut short by a file size limit leaves the old file and no partial one"
mkdir -p "$I/atomic"
printf 'old\n' >"$I/atomic/items.csv"
(ulimit -f 8; "$DUBAN" import "$PLAN" -o "$I/atomic/items.csv") >"$OUT" 2>"$ERR"
status=$?
expect_status 1
[ "$(cat "$I/atomic/items.csv")" = old ] || fail "the old file was changed"
[ "$(ls -A "$I/atomic")" = items.csv ] || fail "left behind: $(ls -A "$I/atomic")"

t "a document that is neither UTF-8 nor GBK, or has no item, is refused"
printf '2024年\n一、甲\n\377\376\377\n' >"$I/binary.txt"
run_bare import --format csv "$I/binary.txt" -o "$I/none.csv"
expect_status 1
expect_stderr "duban: $I/binary.txt:3: bytes that are not UTF-8 (nor GBK); convert it with iconv -f ENCODING -t UTF-8"
[ ! -e "$I/none.csv" ] || fail "a file was written"
printf '2024年计划\n一、总体\n没有任务\n' >"$I/empty.txt"
run_bare import --format csv "$I/empty.txt"
expect_status 1
expect_stderr "duban: $I/empty.txt: no items: no numbered task with its 责任单位"

t "import's command line"
run_bare import
expect_status 2
run_bare import --format csv "$PLAN" --encoding latin1
expect_status 2
expect_stderr "duban: --encoding takes utf-8 or gbk, not \"latin1\"
Try 'duban import --help'."
run_bare import --format csv "$I/missing.txt"
expect_status 1
run_bare import --help
expect_status 0
grep -q 'Targets are' "$OUT" || fail "--help does not say how targets are extracted"

t "init --from a plan document makes a store of exactly what import reads"
rm -rf "$I/from-txt" "$I/from-docx" "$I/from-bad"
run_bare init "$I/from-txt" --from "$PLAN"
expect_status 0
expect_stdout "created the store $I/from-txt with 56 items"
same_bytes data/items.csv "$I/from-txt/items.csv"
run_bare init "$I/from-docx" --from tests/fixtures/qingyunpu-2024-key-tasks.docx
expect_status 0
same_bytes data/items.csv "$I/from-docx/items.csv"
printf '2024年\n一、总体\n1.做事〔牵头领导：甲；责任单位：区甲局。完成时限：2024年12月底〕\n2.缺块\n' >"$I/half.txt"
run_bare init "$I/from-bad" --strict --from "$I/half.txt"
expect_status 1
expect_stdout_empty
expect_stderr "duban: $I/half.txt:4: item 2: no lead unit (责任单位)
duban: $I/half.txt: 1 problem(s); nothing written (--strict)"
[ ! -e "$I/from-bad" ] || fail "--strict made a store from part of a plan"

t "init --from a plan document with problems makes a store of the readable items, exit 1"
run_bare init "$I/from-half" --from "$I/half.txt"
expect_status 1
expect_stdout "created the store $I/from-half with 1 items"
expect_stderr "duban: $I/half.txt:4: item 2: no lead unit (责任单位)
duban: $I/half.txt: 1 problem(s); the other 1 items were written"
[ "$(cut -d, -f1,8 "$I/from-half/items.csv")" = "id,lead_units
1,区甲局" ] || fail "items.csv: $(cat "$I/from-half/items.csv")"
