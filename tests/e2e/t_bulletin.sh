# bulletin: the 通报 as Markdown, as a Word document (opened by LibreOffice
# and made a PDF) and as an HTML page (rendered by headless Chromium).
# Every figure in it is checked against summary, overdue, missing and
# rank for the same day.  A store of this file's own.
#
# The bundled plan with items 8 and 13 due earlier (2024-05-31 and
# 2024-06-15), so that on 2024-06-30 (序时 49%) they are overdue by 30 and
# 15 days.  区商务局's clerk 李娜 reports 2 at 60% on 06-15 (on schedule:
# green) with a note holding a <script>, and 8 at 40% on 05-10; 区住建局's
# clerk reports 31 at 30% on 05-20 (a May report, so 区住建局 is unreported
# for June); the office closes 3 on 03-01.  Every other open item is at 0%:
# behind.

BT_SAVED_STORE=$STORE
STORE="$TMP/bulletin"
BT="$TMP/bulletin-files"
mkdir -p "$BT"
fresh_store
export DUBAN_USER=督办室
"$CSVEDIT" "$STORE/items.csv" 8:J=2024-05-31 13:J=2024-06-15 >"$BT/items.csv" &&
	cp "$BT/items.csv" "$STORE/items.csv" || fail "csvedit items.csv"
printf 'name,unit,role\n李娜,区商务局,clerk\n王强,区住建局,clerk\n督办室,,office\n' \
	>"$STORE/people.csv"
"$DUBAN" --store "$STORE" progress 2 60 --by 李娜 --date 2024-06-15 \
	-m '已签约<script>alert(1)</script>项目3个' >/dev/null || fail "progress 2"
"$DUBAN" --store "$STORE" progress 8 40 --by 李娜 --date 2024-05-10 >/dev/null ||
	fail "progress 8"
"$DUBAN" --store "$STORE" progress 31 30 --by 王强 --date 2024-05-20 \
	-m 完成选址 >/dev/null || fail "progress 31"
"$DUBAN" --store "$STORE" done 3 --date 2024-03-01 >/dev/null || fail "done 3"

# bt_duban ARGS...: duban on this store as of 2024-06-30, stdout only.
bt_duban() {
	"$DUBAN" --store "$STORE" --as-of 2024-06-30 "$@"
}

# section FILE TITLE: the lines of the Markdown section "## TITLE".
section() {
	awk -v h="## $2" '$0 == h { on = 1; next } /^## / { on = 0 } on' "$1"
}

# tenths PART WHOLE: PART of WHOLE as a percent with one decimal.
tenths() {
	awk -v p="$1" -v w="$2" 'BEGIN {
		t = w ? int((p * 1000 + int(w / 2)) / w) : 0
		printf "%d.%d%%", int(t / 10), t % 10 }'
}

t "bulletin: every figure is what summary, overdue, missing and rank give"
run --as-of 2024-06-30 bulletin --period 2024-06 -o "$BT/通报.md"
expect_status 0
expect_stdout "bulletin No. 1 written to $BT/通报.md"
# the totals: the sections hold every item once
set -- $(bt_duban summary --by section --format csv | awk -F, 'NR > 1 {
	for (i = 2; i <= 10; i++) s[i] += $i }
	END { print s[2], s[3], s[4], s[5], s[6], s[7], s[9], s[10] }')
[ "$*" = "56 1 0 1 52 2 43 0" ] || fail "summary totals: $*"
avg=$(bt_duban list --format csv | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++)
	if ($i == "percent") c = i; next } { s += $c; n++ }
	END { print int((2 * s + n) / (2 * n)) }')
expected="Items: $1.  Done: $2 ($(tenths "$2" "$1")), $3 of them after the deadline.  On schedule: $4 ($(tenths "$4" "$1")).  Behind: $5 ($(tenths "$5" "$1")).  Overdue: $6 ($(tenths "$6" "$1")).  Average progress: $avg%."
section "$BT/通报.md" "I. Overall" | grep -qxF "$expected" ||
	fail "overall: $(section "$BT/通报.md" "I. Overall")
	expected: $expected"
section "$BT/通报.md" "I. Overall" |
	grep -qxF "Quantified targets: $7, met: $8 ($(tenths "$8" "$7"))." ||
	fail "targets: $(section "$BT/通报.md" "I. Overall")"
section "$BT/通报.md" "I. Overall" |
	grep -qxF "Lights: $(bt_duban list --health red --format csv | tail -n +2 | wc -l) red, $(bt_duban list --health yellow --format csv | tail -n +2 | wc -l) yellow, 0 blue, 2 green." ||
	fail "lights: $(section "$BT/通报.md" "I. Overall")"
# each lead unit: summary --by unit's counts, rank's score and rank
bt_duban summary --by unit --format csv | awk -F, 'NR > 1 {
	t = $2 ? int(($3 * 1000 + int($2 / 2)) / $2) : 0
	printf "%s|%s|%s|%s|%s|%s|%d.%d%%\n", $1, $2, $3, $5, $6, $7,
		int(t / 10), t % 10 }' | sort >"$BT/summary.units"
bt_duban rank --format csv | awk -F, 'NR > 1 { print $3 "|" $4 "|" $2 }' |
	sort >"$BT/rank.units"
join -t '|' "$BT/summary.units" "$BT/rank.units" |
	sed 's/|/ | /g; s/^/| /; s/$/ |  |/' | sort >"$BT/expected.units"
section "$BT/通报.md" "II. By unit" | awk '/^\| Unit \|/ { on = 1; getline; next }
	on && /^\|/' | sort >"$BT/got.units"
[ "$(wc -l <"$BT/expected.units")" -eq 30 ] || fail "30 lead units expected"
cmp -s "$BT/expected.units" "$BT/got.units" ||
	fail "units differ: $(diff "$BT/expected.units" "$BT/got.units")"
# behind and overdue: overdue's items most overdue first, then those behind
ids=$(section "$BT/通报.md" "III. Behind and overdue" |
	awk -F' \\| ' '/^\| [0-9]/ { sub(/^\| /, "", $1); print $1 }' | tr '\n' ' ')
want=$( (bt_duban overdue --format csv; bt_duban list --health yellow --format csv) |
	awk -F, '$1 ~ /^[0-9]+$/ { print $1 }' | tr '\n' ' ')
[ "$ids" = "$want" ] || fail "lagging [$ids], expected [$want]"
case $ids in "8 13 1 4 5 "*) ;; *) fail "not 8 and 13 first: $ids" ;; esac
section "$BT/通报.md" "III. Behind and overdue" | grep -q '^| 8 | 区商务局 | .* | 2024-05-31 | 30 days overdue | 40%, no note (2024-05-10) |$' ||
	fail "item 8: $(grep '^| 8 |' "$BT/通报.md")"
section "$BT/通报.md" "III. Behind and overdue" | grep -qxF "Overdue: $6.  Behind schedule: $5.  They are:" ||
	fail "lagging counts"
# the units that did not report: missing's, with their open items
bt_duban missing --period 2024-06 --format csv | tail -n +2 |
	sed 's/,/ | /; s/^/| /; s/$/ |/' >"$BT/expected.missing"
section "$BT/通报.md" "IV. Units that did not report" |
	awk '/^\| Unit \|/ { on = 1; getline; next } on && /^\|/' >"$BT/got.missing"
cmp -s "$BT/expected.missing" "$BT/got.missing" ||
	fail "missing differs: $(diff "$BT/expected.missing" "$BT/got.missing")"
grep -q '^| 区住建局 | 6 |$' "$BT/got.missing" || fail "区住建局 reported in May only"
grep -q '区商务局' "$BT/got.missing" && fail "区商务局 reported in June"
# the attachment holds every item, the note escaped for Markdown
[ "$(section "$BT/通报.md" "Attachment: every item" | grep -c '^| [0-9]')" = 56 ] ||
	fail "attachment rows"
grep -qF '已签约\<script\>alert(1)\</script\>项目3个 (2024-06-15)' "$BT/通报.md" ||
	fail "note of item 2: $(grep '^| 2 |' "$BT/通报.md")"
[ "$(cat "$STORE/bulletins.csv")" = "issue,period,as_of
1,2024-06,2024-06-30" ] || fail "bulletins.csv: $(cat "$STORE/bulletins.csv")"

t "bulletin: with peer groups in units.csv, the units by group and by rank in it"
printf 'unit,group,contact\n区商务局,区直部门,\n区住建局,区直部门,\n洪都街道,街道,\n' \
	>"$STORE/units.csv"
run --as-of 2024-06-30 bulletin --period 2024-06
expect_status 0
# 区住建局: 6 yellow, 4 months unreported: -6 - 8 = -14; 区商务局: 2 red,
# 3 yellow, 1 done, 4 months: -6 - 3 + 2 - 8 = -15; 洪都街道: 13 red,
# 5 months: -3 - 10 = -13
[ "$(section "$OUT" "II. By unit" | sed -n '/^| Group |/,/^$/p' | sed -n '1p;3,6p')" = "| Group | Unit | Items | Done | On schedule | Behind | Overdue | Done % | Points | Rank | Change |
| 区直部门 | 区住建局 | 6 | 0 | 0 | 6 | 0 | 0.0% | -14 | 1 |  |
| 区直部门 | 区商务局 | 7 | 1 | 1 | 3 | 2 | 14.3% | -15 | 2 |  |
| 街道 | 洪都街道 | 1 | 0 | 0 | 0 | 1 | 0.0% | -13 | 1 |  |
| — | 区信访局 | 1 | 0 | 0 | 1 | 0 | 0.0% | -11 | 1 |  |" ] ||
	fail "groups: $(section "$OUT" "II. By unit" | sed -n '/^| Group |/,/^$/p' | sed -n '1,6p')"
grep -qxF 'Each lead unit'"'"'s items, by its group and its rank in it (duban rank):' "$OUT" ||
	fail "no word of groups"
rm "$STORE/units.csv"

t "bulletin: the office's name, the plan's title and its 下步要求 from the store"
printf 'office = 青云谱区人民政府督查室\nplan_title = 2024年区政府工作报告重点工作\n' \
	>>"$STORE/store.conf"
run --as-of 2024-06-30 bulletin --period 2024-06
expect_status 0
sed -n 5p "$OUT" | grep -qxF '青云谱区人民政府督查室　　2024-06-30' ||
	fail "masthead: $(sed -n 5p "$OUT")"
grep -qxF '### On the progress of 2024年区政府工作报告重点工作' "$OUT" ||
	fail "subject: $(sed -n 9p "$OUT")"
grep -qxF '> \[The office'"'"'s requirements for the next stage: write them here, or keep them in bulletin-requirements.txt in the store to have them in every bulletin.\]' "$OUT" ||
	fail "no place to write the requirements"
printf '\357\273\277一、压实工作责任。\r\n\r\n二、按月报送进展。\r\n' \
	>"$STORE/bulletin-requirements.txt"
run --as-of 2024-06-30 bulletin --period 2024-06
expect_status 0
[ "$(section "$OUT" "V. Next steps")" = "
一、压实工作责任。

二、按月报送进展。" ] || fail "requirements: $(section "$OUT" "V. Next steps")"
# a preview is not issued
[ "$(wc -l <"$STORE/bulletins.csv")" = 2 ] || fail "preview issued"

t "bulletin -o FILE.docx: LibreOffice opens it; the PDF shows the issue, the figures, the lagging items and the units"
LC_ALL=zh_CN.UTF-8 run --as-of 2024-06-30 bulletin --period 2024-06 -o "$BT/通报.docx"
expect_status 0
expect_stdout "第1期通报已写入 $BT/通报.docx"
mkdir -p "$BT/pdf"
soffice -env:UserInstallation="file://$TMP/lo-bulletin" --headless \
	--convert-to pdf --outdir "$BT/pdf" "$BT/通报.docx" >"$BT/soffice.out" 2>&1 ||
	fail "soffice failed: $(cat "$BT/soffice.out")"
pdftotext -layout "$BT/pdf/通报.pdf" "$BT/通报.txt" || fail "pdftotext failed"
# LibreOffice sets CJK and figures apart: compare without blanks
tr -d ' \n' <"$BT/通报.txt" >"$BT/flat.txt"
tr -d ' ' <"$BT/通报.txt" >"$BT/lines.txt"
for want in 督查通报 第1期 青云谱区人民政府督查室 2024年6月30日 \
	关于2024年区政府工作报告重点工作推进情况的通报 一、总体情况 \
	"$1项重点工作中，已完成$2项、占$(tenths "$2" "$1")（其中逾期完成$3项）；序时推进$4项、占$(tenths "$4" "$1")；滞后$5项、占$(tenths "$5" "$1")；逾期未完成$6项、占$(tenths "$6" "$1")。平均进度$avg%。" \
	"量化指标$7项，已达到$8项、占$(tenths "$8" "$7")。" \
	三、滞后和逾期事项 "逾期未完成$6项，滞后$5项，具体如下：" \
	四、未报送情况 五、下步要求 一、压实工作责任。 附件：重点工作推进情况表; do
	grep -qF "$want" "$BT/flat.txt" || fail "PDF lacks $want"
done
# the lagging items named by number and unit, the overdue first
grep -q '^8区商务局.*2024-05-31逾期30' "$BT/lines.txt" || fail "item 8: $(grep '^8' "$BT/lines.txt")"
# (a list of units breaks between names, not inside one)
grep -A1 '^13区商务局、' "$BT/lines.txt" | head -n 2 >"$BT/item13.txt"
{ head -n 1 "$BT/item13.txt" | grep -q '2024-06-15逾期15天' &&
  tail -n 1 "$BT/item13.txt" | grep -q '^洪都街道'; } ||
	fail "item 13: $(cat "$BT/item13.txt")"
[ "$(grep -n '^8区商务局' "$BT/lines.txt" | head -n 1 | cut -d: -f1)" -lt \
  "$(grep -n '^1区科工局' "$BT/lines.txt" | head -n 1 | cut -d: -f1)" ] ||
	fail "overdue not before behind"
# every unit that did not report, by name
for u in $(cut -d' ' -f2 "$BT/expected.missing"); do
	grep -qF "$u" "$BT/flat.txt" || fail "PDF lacks unreported $u"
done
grep -qF "2024年6月，有未完成事项的牵头单位中有$(wc -l <"$BT/expected.missing")个未报送进展：区科工局、区发改委、" "$BT/flat.txt" ||
	fail "unreported sentence"
# A4, numbered pages; the attachment's pages turned for its wide table
pdfinfo "$BT/pdf/通报.pdf" | grep -q '^Page size: *59[45].* x 84[12].* pts (A4)' || fail "not A4"
pages=$(pdfinfo "$BT/pdf/通报.pdf" | sed -n 's/^Pages: *//p')
annex=1
while [ "$annex" -le "$pages" ] &&
	! pdftotext -f "$annex" -l "$annex" "$BT/pdf/通报.pdf" - | grep -q '^附件'; do
	annex=$((annex + 1))
done
[ "$annex" -gt 1 ] && [ "$annex" -le "$pages" ] || fail "no attachment page"
pdfinfo -f 1 -l "$pages" "$BT/pdf/通报.pdf" |
	sed -n 's/^Page *\([0-9]*\) size: *\([0-9]*\)[.0-9]* x \([0-9]*\).*/\1 \2 \3/p' |
	while read -r page w h; do
		if [ "$page" -lt "$annex" ]; then want="595 841"; else want="841 595"; fi
		[ "$w $h" = "$want" ] || echo "page $page: $w x $h"
	done >"$BT/turned.txt"
[ ! -s "$BT/turned.txt" ] || fail "pages before 附件 upright, from it turned: $(cat "$BT/turned.txt")"
grep -qx '—1—' "$BT/lines.txt" || fail "no page number"
# the same bulletin written again: the same bytes, the same number
cp "$BT/通报.docx" "$BT/first.docx"
LC_ALL=zh_CN.UTF-8 run --as-of 2024-06-30 bulletin --period 2024-06 -o "$BT/通报.docx"
expect_status 0
same_bytes "$BT/first.docx" "$BT/通报.docx"
[ "$(wc -l <"$STORE/bulletins.csv")" = 2 ] || fail "issued twice: $(cat "$STORE/bulletins.csv")"

# chromium_load PAGE DOM LOG: PAGE loaded in headless Chromium, its DOM
# after loading into DOM, what its console said into LOG.
chromium_load() {
	chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$TMP/chromium" --enable-logging=stderr --v=0 \
		--dump-dom "file://$1" >"$2" 2>"$3.raw"
	grep 'CONSOLE' "$3.raw" >"$3"
	return 0
}

t "bulletin -o FILE.html: Chromium renders it with no console error; a <script> in a note stays text"
# the console check sees an error where there is one
printf '<!DOCTYPE html><p>x</p><script>nosuch();</script>\n' >"$BT/bad.html"
chromium_load "$BT/bad.html" "$BT/bad.dom" "$BT/bad.log"
grep -q 'Uncaught ReferenceError: nosuch is not defined' "$BT/bad.log" ||
	fail "the console check sees nothing: $(tail -n 5 "$BT/bad.log.raw")"
LC_ALL=zh_CN.UTF-8 run --as-of 2024-06-30 bulletin --period 2024-06 -o "$BT/通报.html"
expect_status 0
chromium_load "$BT/通报.html" "$BT/通报.dom" "$BT/通报.log"
[ -s "$BT/通报.dom" ] || fail "no DOM: $(tail -n 5 "$BT/通报.log.raw")"
[ ! -s "$BT/通报.log" ] || fail "console: $(cat "$BT/通报.log")"
grep -qi '<script' "$BT/通报.dom" && fail "a script element: $(grep -i '<script' "$BT/通报.dom")"
grep -qF '已签约&lt;script&gt;alert(1)&lt;/script&gt;项目3个（2024-06-15）' "$BT/通报.dom" ||
	fail "the note is not text"
grep -qF '<h2>三、滞后和逾期事项</h2>' "$BT/通报.dom" || fail "no heading 三"
[ "$(grep -c '<section>' "$BT/通报.dom")" = 6 ] || fail "sections"
# one <svg> bar per lead unit, after the longest name
# (区重点公共建设项目管理中心: 26 columns of 6, and 12)
[ "$(grep -o '<rect x="[0-9]*" y="[0-9]*" width="[0-9]*" height="16"' "$BT/通报.dom" |
	sed 's/.* y="\([0-9]*\)".*/\1/' | sort -u | wc -l)" = 30 ] ||
	fail "bars: $(grep -c '<rect' "$BT/通报.dom")"
grep -qF '<text x="162" y="41" text-anchor="end">区信访局</text>' "$BT/通报.dom" ||
	fail "labels: $(grep -o '<text x="[0-9]*" y="41"[^<]*<' "$BT/通报.dom")"
# nothing outside the page
grep -qE ' (src|href)=|url\(' "$BT/通报.html" && fail "refers outside the page"
# printed, it says what the PDF of the Word document says
chromium --headless --no-sandbox --disable-gpu --no-first-run \
	--user-data-dir="$TMP/chromium" --no-pdf-header-footer \
	--print-to-pdf="$BT/html.pdf" "file://$BT/通报.html" >/dev/null 2>&1 ||
	fail "print-to-pdf failed"
pdftotext "$BT/html.pdf" - | tr -d ' \n' >"$BT/html-flat.txt"
for want in 第1期 "$1项重点工作中，已完成$2项" 五、下步要求 附件：重点工作推进情况表; do
	grep -qF "$want" "$BT/html-flat.txt" || fail "printed page lacks $want"
done
pdfinfo "$BT/html.pdf" | grep -q '^Page size: *59[45].* x 84[12].* pts (A4)' || fail "print not A4"

t "bulletin: numbered in turn; --since last adds what changed since the last one"
"$DUBAN" --store "$STORE" done 2 --by 李娜 --date 2024-07-20 >/dev/null || fail "done 2"
run --as-of 2024-07-31 bulletin --period 2024-07 --since last -o "$BT/七月.md"
expect_status 0
expect_stdout "bulletin No. 2 written to $BT/七月.md"
grep -qxF '**No. 2**' "$BT/七月.md" || fail "not No. 2"
[ "$(section "$BT/七月.md" "I. Overall" | grep '^Since')" = "Since 2024-06-30: newly done 1, reopened 0, newly overdue 0, lights changed 0, deadlines extended 0, closures returned 0, units moved in rank $("$DUBAN" --store "$STORE" --as-of 2024-07-31 diff --since 2024-06-30 --format csv | grep -c '^rank,')." ] ||
	fail "since: $(grep '^Since' "$BT/七月.md")"
grep -q '^| 2 | 区发改委、区科工局、区商务局 | done | 推进中 | 2024-07-20 |$' "$BT/七月.md" ||
	fail "change of item 2: $(grep '^| 2 |' "$BT/七月.md" | head -n 2)"
# the rank change is from the last bulletin's day, as diff gives it
move=$("$DUBAN" --store "$STORE" --as-of 2024-07-31 diff --since 2024-06-30 --format csv |
	awk -F, '$1 == "rank" && $3 == "区商务局" {
		print ($4 > $5 ? "↑" $4 - $5 : "↓" $5 - $4); found = 1 }
		END { if (!found) print "—" }')
section "$BT/七月.md" "II. By unit" | grep -q "^| 区商务局 | 7 | 2 | .* | $move |\$" ||
	fail "区商务局 not $move: $(section "$BT/七月.md" "II. By unit" | grep '^| 区商务局 | 7')"
[ "$move" != — ] || fail "区商务局's rank did not move"
[ "$(cat "$STORE/bulletins.csv")" = "issue,period,as_of
1,2024-06,2024-06-30
2,2024-07,2024-07-31" ] || fail "bulletins.csv: $(cat "$STORE/bulletins.csv")"

t "bulletin: an issue number taken, and bad requests, are refused and write nothing"
run --as-of 2024-08-31 bulletin --period 2024-08 --issue 1 -o "$BT/八月.md"
expect_status 1
expect_stderr "duban: $STORE/bulletins.csv:2: issue 1 is the bulletin for 2024-06 already: give another --issue"
[ -e "$BT/八月.md" ] && fail "written anyway"
cp "$STORE/bulletins.csv" "$BT/register.before"
run --as-of 2024-08-31 bulletin --period 2024-08 -o "$BT/no such dir/八月.md"
expect_status 1
[ "$(head -c 7 "$ERR")" = "duban: " ] && [ "$(wc -l <"$ERR")" = 1 ] || fail "stderr: $(cat "$ERR")"
cmp -s "$BT/register.before" "$STORE/bulletins.csv" ||
	fail "entered without its file: $(cat "$STORE/bulletins.csv")"
run bulletin -o "$BT/x.md"
expect_status 2
expect_stderr "duban: bulletin needs --period YYYY-MM
Try 'duban bulletin --help'."
run bulletin --period 2024-06 -o "$BT/x.pdf"
expect_status 2
expect_stderr "duban: -o names a .docx, .html or .md file, not \"$BT/x.pdf\"
Try 'duban bulletin --help'."
run --as-of 2024-06-30 bulletin --period 2024-07
expect_status 2
expect_stderr "duban: the period 2024-07 begins after --as-of
Try 'duban bulletin --help'."
run --as-of 2024-06-30 bulletin --period 2024-06 --since 2024-06-30
expect_status 2
expect_stderr "duban: --since must come before --as-of
Try 'duban bulletin --help'."
run --as-of 2024-06-30 bulletin --period 2024-13
expect_status 2
expect_stderr "duban: --period takes a month such as 2024-06, not \"2024-13\"
Try 'duban bulletin --help'."
run --as-of 2024-06-30 bulletin --period 2024-06 --since 昨天
expect_status 2
expect_stderr "duban: --since takes a date such as 2024-06-30 or \"last\", not \"昨天\"
Try 'duban bulletin --help'."
run --as-of 2024-06-30 bulletin --period 2024-06 --issue 1x
expect_status 2
expect_stderr "duban: --issue takes a number from 1 to 999999, not \"1x\"
Try 'duban bulletin --help'."
run --as-of 2024-06-30 bulletin --period 2024-06 --issue 0
expect_status 2
expect_stderr "duban: --issue takes a number from 1 to 999999, not \"0\"
Try 'duban bulletin --help'."
run --as-of 2024-06-29 bulletin --period 2024-06 --since last
expect_status 1
expect_stderr "duban: bulletins.csv has no bulletin before 2024-06-29 for --since last"
run --as-of 2024-06-30 bulletin --period 2024-06 --format json
expect_status 2
expect_stderr "duban: bulletin writes Markdown, HTML or Word (by -o's name), not --format
Try 'duban bulletin --help'."
printf '1.\n\266\275\262\351\n' >"$STORE/bulletin-requirements.txt"
run --as-of 2024-06-30 bulletin --period 2024-06 -o "$BT/gbk.html"
expect_status 1
expect_stderr "duban: $STORE/bulletin-requirements.txt:2: the file is not UTF-8 but looks like GBK; convert it with: iconv -f GBK -t UTF-8 $STORE/bulletin-requirements.txt"
[ -e "$BT/gbk.html" ] && fail "written anyway"
cmp -s "$BT/register.before" "$STORE/bulletins.csv" ||
	fail "a refused request entered a number: $(cat "$STORE/bulletins.csv")"
[ -z "$(ls "$BT"/x.* 2>/dev/null)" ] || fail "a refused request wrote $(ls "$BT"/x.*)"
printf 'issue,period,as_of\n1,2024-06,昨天\n' >"$STORE/bulletins.csv"
run --as-of 2024-06-30 bulletin --period 2024-06
expect_status 1
expect_stderr "duban: $STORE/bulletins.csv:2: \"昨天\" is not a date (write 2024-03-31)"
# check names both
run check
expect_status 1
expect_stderr "duban: $STORE/bulletins.csv:2: \"昨天\" is not a date (write 2024-03-31)
duban: $STORE/bulletin-requirements.txt:2: the file is not UTF-8 but looks like GBK; convert it with: iconv -f GBK -t UTF-8 $STORE/bulletin-requirements.txt"
rm "$STORE/bulletin-requirements.txt"

t "bulletin: two made at once take two numbers, each file the number entered"
for round in 1 2 3; do
	rm -f "$STORE/bulletins.csv" "$BT"/at-once-*.md
	"$DUBAN" --store "$STORE" --as-of 2024-06-30 bulletin --period 2024-06 \
		-o "$BT/at-once-6.md" >/dev/null 2>"$BT/at-once-6.err" &
	"$DUBAN" --store "$STORE" --as-of 2024-07-31 bulletin --period 2024-07 \
		-o "$BT/at-once-7.md" >/dev/null 2>"$BT/at-once-7.err" &
	wait
	[ ! -s "$BT/at-once-6.err" ] && [ ! -s "$BT/at-once-7.err" ] ||
		fail "round $round: $(cat "$BT"/at-once-*.err)"
	six=$(sed -n 's/^\*\*No\. \([0-9]*\)\*\*$/\1/p' "$BT/at-once-6.md")
	seven=$(sed -n 's/^\*\*No\. \([0-9]*\)\*\*$/\1/p' "$BT/at-once-7.md")
	case $six$seven in 12 | 21) ;; *) fail "round $round: No. $six and No. $seven" ;; esac
	[ "$(sort "$STORE/bulletins.csv")" = "$(printf '%s\n' "$six,2024-06,2024-06-30" \
		"$seven,2024-07,2024-07-31" issue,period,as_of | sort)" ] ||
		fail "round $round: $six and $seven, $(cat "$STORE/bulletins.csv")"
done

t "bulletin: a bulletin entered once however often it is written; the last number there can be"
printf 'issue,period,as_of\n1,2024-06,2024-06-30\n' >"$STORE/bulletins.csv"
run --as-of 2024-07-02 bulletin --period 2024-06 --issue 1 -o "$BT/again.md"
expect_status 0
run --as-of 2024-06-30 bulletin --period 2024-06 -o "$BT/again.html"
expect_status 0
expect_stdout "bulletin No. 1 written to $BT/again.html"
[ "$(cat "$STORE/bulletins.csv")" = "issue,period,as_of
1,2024-06,2024-06-30
1,2024-06,2024-07-02" ] || fail "entered again: $(cat "$STORE/bulletins.csv")"
run --as-of 2024-07-31 bulletin --period 2024-07 --issue 999999 -o "$BT/last.md"
expect_status 0
run --as-of 2024-08-31 bulletin --period 2024-08 -o "$BT/past.md"
expect_status 1
expect_stderr "duban: $STORE/bulletins.csv: the register holds issue 999999, the last there can be: give --issue"
[ -e "$BT/past.md" ] && fail "written anyway"
[ "$(wc -l <"$STORE/bulletins.csv")" = 4 ] || fail "entered: $(cat "$STORE/bulletins.csv")"
printf 'issue,period,as_of\n1,2024-06,2024-06-30\n1,2024-07,2024-07-31\n' >"$STORE/bulletins.csv"
run check
expect_status 1
expect_stderr "duban: $STORE/bulletins.csv:3: issue 1 is the bulletin for 2024-06 on line 2"
rm "$STORE/bulletins.csv"

t "zh_CN: what changed is said in Chinese"
LC_ALL=zh_CN.UTF-8 run --as-of 2025-01-10 bulletin --period 2025-01 --since 2024-12-31
expect_status 0
grep -qxF '| 1 | 区科工局 | 逾期 | 滞后 | 2024-12-31 |' "$OUT" || fail "overdue: $(grep '^| 1 |' "$OUT" | head -n 3)"
grep -qxF '| 1 | 区科工局 | 灯色 | 黄 | 红 |' "$OUT" || fail "light: $(grep '^| 1 |' "$OUT" | head -n 3)"

unset DUBAN_USER
STORE=$BT_SAVED_STORE
