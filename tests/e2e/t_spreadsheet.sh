# Sheets through a real spreadsheet: a fill-in sheet opened in LibreOffice,
# filled in and saved back as CSV, then merged.  LibreOffice re-types what
# reads as a number, in the read-only columns too: it must not be blamed
# on the unit.

SP_SAVED_STORE=$STORE
STORE="$TMP/spreadsheet"
SP="$TMP/spreadsheet-files"
rm -rf "$STORE" "$SP"
mkdir -p "$SP"
"$DUBAN" --store "$STORE" init >/dev/null 2>&1 || fail "init failed"
export DUBAN_USER=督办室
"$DUBAN" --store "$STORE" note 8 -m '3.10' --date 2024-06-02 >/dev/null 2>&1
"$DUBAN" --store "$STORE" note 6 -m '50%' --date 2024-06-02 >/dev/null 2>&1

# sp_libreoffice IN OUTDIR: IN opened in LibreOffice as UTF-8 CSV and saved
# as UTF-8 CSV in OUTDIR, as a unit would with File > Save.
sp_libreoffice() {
	soffice -env:UserInstallation="file://$TMP/lo-profile" --headless \
		--infilter="CSV:44,34,76,1" \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' \
		--outdir "$2" "$1" >"$TMP/soffice.out" 2>&1 ||
		fail "soffice failed: $(cat "$TMP/soffice.out")"
}

t "a CSV sheet filled in and saved back by LibreOffice merges"
"$DUBAN" --store "$STORE" --as-of 2024-06-30 sheet --unit 区商务局 \
	--period 2024-06 -o "$SP/sheet.csv" || fail "sheet failed"
# typed as a clerk types: a percent with its sign, a figure grouped
"$CSVEDIT" "$SP/sheet.csv" 8:N=推进中 8:O=60% 8:Q=1,234 \
	>"$SP/filled.csv" || fail "csvedit failed"
mkdir -p "$SP/lo"
sp_libreoffice "$SP/filled.csv" "$SP/lo"
# what LibreOffice made of it: the notes shown as numbers, the figure
# without its comma, the percent its own way
grep -q '^6,.*,50\.00%,' "$SP/lo/filled.csv" || fail "item 6 not re-typed: $(grep '^6,' "$SP/lo/filled.csv")"
grep -q '^8,.*,3\.1,.*"推进中",60\.00%,,1234,' "$SP/lo/filled.csv" ||
	fail "item 8 not re-typed: $(grep '^8,' "$SP/lo/filled.csv")"
run merge "$SP/lo/filled.csv"
expect_status 0
[ ! -s "$ERR" ] || fail "stderr: $(cat "$ERR")"
run log --format tsv
sed -n 2,4p "$OUT" | awk -F'\t' '{ print $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" $8 }' | tac >"$SP/out"
cat >"$SP/want" <<'EOF2'
2024-06-30|8|status|in-progress||区商务局
2024-06-30|8|progress|60||区商务局
2024-06-30|8|actual|1234|1|区商务局
EOF2
cmp -s "$SP/out" "$SP/want" || fail "journal: $(cat "$SP/out")"

t "a read-only cell changed to another number is still refused"
sed 's/^\(8,.*\),3\.1,/\1,3.2,/' "$SP/lo/filled.csv" >"$SP/changed.csv"
grep -q ',3\.2,' "$SP/changed.csv" || fail "the edit did not take"
cp "$STORE/journal.csv" "$SP/journal.before"
run merge "$SP/changed.csv"
expect_status 1
grep -q 'column I (最近进展): changed: only the 本期 columns are filled in (it was "3.10")' "$ERR" ||
	fail "stderr: $(cat "$ERR")"
same_bytes "$SP/journal.before" "$STORE/journal.csv"

unset DUBAN_USER
STORE=$SP_SAVED_STORE
