# sheet and missing: the monthly fill-in sheet of a unit, and the units that
# have not reported for a month.  A store of this file's own, with records
# dated in June 2024; everything runs --as-of 2024-06-30.

SH_SAVED_STORE=$STORE
STORE="$TMP/sheet"
SH="$TMP/sheet-files"
rm -rf "$STORE" "$SH"
mkdir -p "$SH"
"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init failed"
export DUBAN_USER=督办室
"$DUBAN" --store "$STORE" progress 2 40 --by 区商务局 --date 2024-06-10 >/dev/null 2>&1
"$DUBAN" --store "$STORE" note 5 -m '=SUM(A1)' --date 2024-06-11 >/dev/null 2>&1

SH_HEADER=$(printf '序号\t分工\t重点工作\t牵头领导\t责任单位\t完成时限\t当前状态\t当前进度(%%)\t最近进展\t目标1\t目标2\t目标3\t目标4\t本期状态\t本期进度(%%)\t本期进展\t本期实际1\t本期实际2\t本期实际3\t本期实际4')

# sh_fields NAME: $SH/NAME.csv read back as Excel would (it must have a
# byte order mark and CRLF) into $SH/NAME.tsv.
sh_fields() {
	"$CSVFIELDS" --bom --crlf "$SH/$1.csv" >"$SH/$1.tsv" 2>"$SH/$1.err" ||
		fail "$1.csv is not a well-formed Excel CSV: $(cat "$SH/$1.err")"
}

t "sheet: a unit's fill-in sheet, identified, for Excel"
run --as-of 2024-06-30 sheet --unit 区商务局 -o "$SH/shangwu.csv"
expect_status 0
expect_stdout_empty
[ ! -s "$ERR" ] || fail "stderr not empty: $(cat "$ERR")"
sh_fields shangwu
[ "$(sed -n 1p "$SH/shangwu.tsv")" = "$(printf '填报单位\t区商务局')" ] ||
	fail "line 1: $(sed -n 1p "$SH/shangwu.tsv")"
[ "$(sed -n 2p "$SH/shangwu.tsv")" = "$(printf '报送期间\t2024-06')" ] ||
	fail "line 2: $(sed -n 2p "$SH/shangwu.tsv")"
sed -n 3p "$SH/shangwu.tsv" | grep -Eq "^方案校验码	[0-9a-f]{16}	签发码	D1-[0-9a-f]{64}\$" ||
	fail "line 3: $(sed -n 3p "$SH/shangwu.tsv")"
# the state shown: as of --as-of, from every record up to the latest
got=$(sed -n 4p "$SH/shangwu.tsv")
# ...and the journal's last record then, by its sum: exactly what it held
want=$(printf '数据截至\t2024-06-30\t%s\t%s' "$("$DUBAN" --store "$STORE" log --format tsv | awk -F'\t' 'NR == 2 { print $2 }')" "$(tail -n 1 "$STORE/journal.csv" | sed 's/.*,//')")
[ "$got" = "$want" ] || fail "line 4: $got, expected $want"
[ "$(sed -n 5p "$SH/shangwu.tsv")" = "$SH_HEADER" ] ||
	fail "header: $(sed -n 5p "$SH/shangwu.tsv")"
got=$(tail -n +6 "$SH/shangwu.tsv" | cut -f1,2 | tr '\t\n' ': ')
[ "$got" = "2:牵头 3:牵头 5:牵头 6:牵头 7:牵头 8:牵头 13:牵头 " ] || fail "rows: $got"
# item 2 as it stands (推进中 40%), and every fill-in column empty
got=$(awk -F'\t' '$1 == 2 { print $4 "|" $5 "|" $6 "|" $7 "|" $8 "|" $14 $15 $16 $17 $18 $19 $20 "|" NF }' "$SH/shangwu.tsv")
[ "$got" = "徐志勇、杨峰|区发改委、区科工局、区商务局|2024-12-31|推进中|40||20" ] || fail "item 2: $got"
# the last note, formula-guarded
got=$(awk -F'\t' '$1 == 5 { print $7 "|" $9 }' "$SH/shangwu.tsv")
[ "$got" = "未启动|'=SUM(A1)" ] || fail "item 5: $got"

t "sheet: items the unit takes part in follow, marked 参加"
run --as-of 2024-06-30 sheet --unit 区科工局 --period 2024-07 -o "$SH/kegong.csv"
expect_status 0
sh_fields kegong
[ "$(sed -n 2p "$SH/kegong.tsv")" = "$(printf '报送期间\t2024-07')" ] ||
	fail "line 2: $(sed -n 2p "$SH/kegong.tsv")"
got=$(tail -n +6 "$SH/kegong.tsv" | cut -f1,2 | tr '\t\n' ': ')
[ "$got" = "1:牵头 2:牵头 21:牵头 22:牵头 23:牵头 13:参加 14:参加 15:参加 " ] || fail "rows: $got"
[ "$(sed -n 3p "$SH/kegong.tsv" | cut -f1-2)" = "$(sed -n 3p "$SH/shangwu.tsv" | cut -f1-2)" ] ||
	fail "the plan checksum differs between sheets of one store"

t "sheet: the checksum names the plan"
rm -rf "$TMP/sheet2"
"$DUBAN" --store "$TMP/sheet2" init >/dev/null 2>&1
sed -i 's/支持引导阳光乳业/支持引导阳光乳品/' "$TMP/sheet2/items.csv"
"$DUBAN" --store "$TMP/sheet2" --as-of 2024-06-30 sheet --unit 区商务局 -o "$SH/other.csv" 2>/dev/null
sh_fields other
[ "$(sed -n 3p "$SH/other.tsv" | cut -f1-2)" != "$(sed -n 3p "$SH/shangwu.tsv" | cut -f1-2)" ] ||
	fail "a changed plan keeps its checksum"
rm -rf "$TMP/sheet2"

t "sheet --all: one sheet per lead unit"
run --as-of 2024-06-30 sheet --all -o "$SH/all"
expect_status 0
run units --format tsv
want=$(tail -n +2 "$OUT" | awk -F'\t' '$2 > 0' | wc -l)
got=$(ls "$SH/all" | wc -l)
[ "$got" = "$want" ] || fail "$got files, expected $want"
same_bytes "$SH/all/区商务局.csv" "$SH/shangwu.csv"

t "sheet: a wrong command line exits 2 and writes nothing"
run sheet -o "$SH/x.csv"
expect_status 2
run sheet --unit 区商务局
expect_status 2
run sheet --unit 区商务局 --period 2024-13 -o "$SH/x.csv"
expect_status 2
run sheet --unit 商务局 -o "$SH/x.csv"
expect_status 2
expect_stderr 'duban: no unit "商务局" in the plan; did you mean 区商务局?'
[ ! -e "$SH/x.csv" ] || fail "a file was written"

t "missing: the lead units with open items and no record for the month"
run --as-of 2024-06-30 missing --period 2024-05 --format tsv
expect_status 0
cp "$OUT" "$SH/may.tsv"
run units --format tsv
want=$(tail -n +2 "$OUT" | awk -F'\t' '$2 > 0' | wc -l)
got=$(tail -n +2 "$SH/may.tsv" | wc -l)
[ "$got" = "$want" ] || fail "$got units missing in May, expected all $want"
[ "$(head -1 "$SH/may.tsv")" = "$(printf 'unit\topen')" ] || fail "header: $(head -1 "$SH/may.tsv")"
grep -qx "$(printf '区商务局\t7')" "$SH/may.tsv" || fail "区商务局 not missing in May"
run --as-of 2024-06-30 missing --period 2024-06 --format tsv
expect_status 0
grep -v '^区商务局	' "$SH/may.tsv" >"$SH/june.tsv"
expect_stdout_file "$SH/june.tsv"

t "missing: a unit with every item done is not chased; an undone report is no report"
"$DUBAN" --store "$STORE" done 20 --date 2024-06-05 >/dev/null 2>&1
run --as-of 2024-06-30 missing --period 2024-06 --format tsv
grep -v '^区国投集团	' "$SH/june.tsv" >"$SH/june2.tsv"
expect_stdout_file "$SH/june2.tsv"
"$DUBAN" --store "$STORE" undo >/dev/null 2>&1	# the done of item 20
# a plain undo takes back the caller's own records: the unit's, by it
"$DUBAN" --store "$STORE" undo --by 区商务局 >/dev/null 2>&1	# the note of item 5
"$DUBAN" --store "$STORE" undo --by 区商务局 >/dev/null 2>&1	# the progress of item 2
run --as-of 2024-06-30 missing --period 2024-06 --format tsv
expect_stdout_file "$SH/may.tsv"

t "missing: --period is required"
run missing
expect_status 2
run missing --period June
expect_status 2

unset DUBAN_USER SH_HEADER got want
STORE=$SH_SAVED_STORE
