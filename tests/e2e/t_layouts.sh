# import on plans laid out in every way the office has seen: one small
# document per layout or kind of noise (tests/fixtures/layouts), each with
# what a careful clerk reads in it, written by hand before the document was
# imported.  Labels inline, on lines of their own and in prose; （牵头）
# marks; the first unit leading; numbering 1. （1） ① 一是; leaders named by
# headings, with offices; text tables by TAB, "|" and a cell a line; Word
# tables with merged cells and cells of several paragraphs; deadlines per
# item, section and plan; GBK, CRLF, UTF-16 and lost line breaks.

L=tests/fixtures/layouts

for expected in "$L"/*.expect.json; do
	stem=${expected%.expect.json}
	doc=$(ls "$stem".txt "$stem".docx 2>/dev/null | head -n 1)
	t "layout $(basename "$stem"): every item reads as the clerk reads it"
	"$DUBAN" import --format json "$doc" >"$OUT" 2>"$ERR"
	status=$?
	want=$(jq '.exit // empty' "$expected")
	[ -z "$want" ] || expect_status "$want"
	jq -e 'type == "array"' "$OUT" >/dev/null ||
		fail "not a JSON array: $(head -c 300 "$OUT") $(cat "$ERR")"
	jq -r --slurpfile got "$OUT" -f tests/e2e/layouts.jq "$expected" \
		>"$TMP/layout.diff" || fail "jq failed"
	[ ! -s "$TMP/layout.diff" ] || fail "$(cat "$TMP/layout.diff")"
done
