# import on real plans from other places, in other layouts: every complete
# item of each document of tests/fixtures/corpus (15 public plans, each
# with a hand-made expected extraction) reads exactly as expected, field by
# field: number, task text, leaders, lead units, participants, deadline.

CORPUS=tests/fixtures/corpus

for expected in "$CORPUS"/*.expected.json; do
	doc=${expected%.expected.json}.txt
	name=$(basename "$doc" .txt)
	t "corpus $name: every complete item reads as its expected file says"
	"$DUBAN" import --format json "$doc" >"$OUT" 2>"$ERR"
	status=$?
	jq -e 'type == "array"' "$OUT" >/dev/null ||
		fail "not a JSON array: $(head -c 300 "$OUT")"
	jq -r --slurpfile got "$OUT" -f tests/e2e/corpus.jq "$expected" \
		>"$TMP/corpus.out" || fail "jq failed"
	want=$(jq '[.items[] | select(.truncated != true)] | length' "$expected")
	got=$(grep -c '^ok ' "$TMP/corpus.out")
	[ "$want" -gt 0 ] || fail "no complete item in $expected"
	[ "$got" = "$want" ] ||
		fail "$got of $want items as expected: $(grep -v '^ok ' "$TMP/corpus.out")"
done

t "corpus: a document the corpus cuts off reports its last item, not a crash"
run_bare import --format csv "$CORPUS/01_xianan-2023.txt"
expect_status 1
expect_stderr "duban: $CORPUS/01_xianan-2023.txt:37: item 13: no lead unit (责任单位)
duban: $CORPUS/01_xianan-2023.txt: warning: 12 item(s) print no deadline (完成时限); they are due 2023-12-31, the end of the plan year (--deadline DATE sets another)
duban: $CORPUS/01_xianan-2023.txt: 1 problem(s); the other 12 items were written"
[ "$(grep -c . "$OUT")" = 13 ] || fail "$(grep -c . "$OUT") lines of items.csv, not 13"
