# data/items.csv against its source document, character for character.
#
# The document's item lines read "N.TEXT〔牵头领导：…；责任单位：…；参加单位：…。
# 完成时限：…〕" under headings "一、TITLE" (the first is "1、 TITLE") and
# "（一）TITLE".  This reads them independently of duban and compares every
# field of `duban list --format tsv`.

t "every item's text, headings, names and deadline match the source document"
run list --format tsv
expect_status 0
tail -n +2 "$OUT" >"$TMP/items.tsv"
awk -F '\t' '
function strip(s) { gsub(/、|，|;/, "", s); return s }
function field(block, label,    i, rest, j) {
	i = index(block, label "：")
	if (!i) return ""
	rest = substr(block, i + length(label "："))
	j = index(rest, "；"); if (j) rest = substr(rest, 1, j - 1)
	j = index(rest, "。"); if (j) rest = substr(rest, 1, j - 1)
	return rest
}
BEGIN { split("一 二 三 四 五 六 七 八 九 十", cn, " ") }
NR == FNR { row[$1] = $0; next }
{
	line = $0
	sub(/\r$/, "", line)
	sub(/^[ \t]+/, "", line)
	sub(/^\[bookmark: _GoBack\]/, "", line)
	if (match(line, /^1、 */)) { sec = 1; sectitle = substr(line, RLENGTH + 1); next }
	for (k = 1; k <= 10; k++) {
		if (index(line, cn[k] "、") == 1) { sec = k; sectitle = substr(line, length(cn[k] "、") + 1); next }
		if (index(line, "（" cn[k] "）") == 1) { sub_ = k; subtitle = substr(line, length("（" cn[k] "）") + 1); next }
	}
	if (!match(line, /^[0-9]+\./)) next
	id = substr(line, 1, RLENGTH - 1)
	rest = substr(line, RLENGTH + 1)
	open = index(rest, "〔")
	text = substr(rest, 1, open - 1)
	block = substr(rest, open)
	seen[id] = 1
	if (!(id in row)) { print "item " id " is missing"; bad = 1; next }
	split(row[id], f, "\t")
	if (f[2] != sec || f[3] != sectitle) { print "item " id ": section " f[2] " " f[3]; bad = 1 }
	if (f[4] != sub_ || f[5] != subtitle) { print "item " id ": subsection " f[4] " " f[5]; bad = 1 }
	if (f[6] != text) { print "item " id ": text differs"; bad = 1 }
	if (strip(f[7]) != strip(field(block, "牵头领导"))) { print "item " id ": leaders " f[7]; bad = 1 }
	if (strip(f[8]) != strip(field(block, "责任单位"))) { print "item " id ": lead units " f[8]; bad = 1 }
	if (strip(f[9]) != strip(field(block, "参加单位"))) { print "item " id ": participants " f[9]; bad = 1 }
	dl = field(block, "完成时限"); sub(/〕$/, "", dl)
	if (f[11] != dl) { print "item " id ": deadline text " f[11]; bad = 1 }
	n++
}
END {
	for (id in row) if (!(id in seen)) { print "item " id " is not in the document"; bad = 1 }
	if (n != 56) { print n " items in the document, expected 56"; bad = 1 }
	exit bad
}' "$TMP/items.tsv" data/qingyunpu-2024-key-tasks.txt >"$TMP/diff" || fail "$(cat "$TMP/diff")"

t "multi-valued fields keep collective designations whole"
run show 6 --format json
grep -q '"participants":\["区重点公共建设项目管理中心","各相关街道、镇、集聚区"\]' "$OUT" || fail "item 6 participants: $(cat "$OUT")"
run show 54 --format json
grep -q '"participants":\["区安委会相关成员单位","各街道、镇、集聚区"\]' "$OUT" || fail "item 54 participants"
run show 17 --format json
grep -q '"participants":\["各街道、镇"\]' "$OUT" || fail "item 17 participants"

t "every target's figure stands in its item's text"
run list --format tsv
awk -F '\t' 'NR > 1 && $12 != "" {
	n = split($12, ts, ";")
	for (i = 1; i <= n; i++) {
		t = ts[i]; sub(/@.*/, "", t)
		match(t, /[0-9]+(\.[0-9]+)?(-[0-9]+)?/)
		fig = substr(t, RSTART, RLENGTH)
		if (!index($6, fig)) { print "item " $1 ": " fig " not in text"; bad = 1 }
		count++
	}
}
END { if (count != 43) { print count " targets, expected 43"; bad = 1 }; exit bad }' "$OUT" >"$TMP/diff" || fail "$(cat "$TMP/diff")"

t "numbers that are part of names are not targets"
run list --format tsv
awk -F '\t' 'NR > 1 && ($12 ~ /1985|人才10|15分钟|PM2|2\.0|5\+2|10分钟/) { print "item " $1 ": " $12; bad = 1 } END { exit bad }' "$OUT" >"$TMP/diff" || fail "$(cat "$TMP/diff")"
