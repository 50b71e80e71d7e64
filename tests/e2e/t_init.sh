# init, and how a store is chosen.

t "init writes the bundled plan byte for byte, with store.conf and .gitattributes"
rm -rf "$STORE"
run init
expect_status 0
expect_stdout "created the store $STORE with 56 items"
same_bytes data/items.csv "$STORE/items.csv"
grep -qx 'format = 1' "$STORE/store.conf" || fail "store.conf has no 'format = 1'"
grep -qx 'journal.csv merge=union' "$STORE/.gitattributes" || fail ".gitattributes has no union merge"

t "init refuses a directory that already holds a store, and leaves it alone"
cp "$STORE/items.csv" "$TMP/before.csv"
run init
expect_status 1
expect_stderr "duban: $STORE: already holds a store (items.csv)"
same_bytes "$TMP/before.csv" "$STORE/items.csv"

t "init --from a bad plan names the file and line, and writes nothing"
printf 'id,section,section_title,subsection,subsection_title,text,leaders,lead_units,participants,deadline,deadline_text,targets\n1,1,s,1,ss,做事,甲,区甲局,,2024-12-31,2024年12月底,\n2,1,s,1,ss,做事,甲,区甲局,,2024-13-31,2024年13月底,\n' >"$TMP/bad.csv"
run --store "$TMP/new" init --from "$TMP/bad.csv"
expect_status 1
expect_stderr "duban: $TMP/bad.csv:3: deadline \"2024-13-31\" is not a date"
[ ! -e "$TMP/new" ] || fail "a store directory was created"

t "init --from a good plan keeps its bytes"
printf '\357\273\277id,section,section_title,subsection,subsection_title,text,leaders,lead_units,participants,deadline,deadline_text,targets\r\n7,1,s,1,ss,"做事，""好""",甲,区甲局,,2024-12-31,2024年12月底,件数>3件\r\n' >"$TMP/good.csv"
"$DUBAN" init "$TMP/s2" --from "$TMP/good.csv" >"$OUT" 2>"$ERR"
status=$?
expect_status 0
expect_stdout "created the store $TMP/s2 with 1 items"
same_bytes "$TMP/good.csv" "$TMP/s2/items.csv"

t "a named store that does not exist is an error, not a new store"
run_bare --store "$TMP/nowhere" list
expect_status 1
expect_stderr "duban: $TMP/nowhere: no store here (no items.csv); create one with: duban init $TMP/nowhere"
[ ! -e "$TMP/nowhere" ] || fail "the store directory was created"

t "the first run with no store creates the default store and says so"
rm -rf "$HOME"
run_bare list --unit 区商务局 --format tsv
expect_status 0
expect_stderr "duban: created the default store $HOME/.local/share/duban from the bundled plan"
expect_ids "2 3 5 6 7 8 13"
same_bytes data/items.csv "$HOME/.local/share/duban/items.csv"
run_bare list --unit 区商务局 --format tsv
[ ! -s "$ERR" ] || fail "said something the second time: $(cat "$ERR")"

t "XDG_DATA_HOME and DUBAN_STORE choose the store"
XDG_DATA_HOME="$TMP/xdg" run_bare units --format tsv
[ -f "$TMP/xdg/duban/items.csv" ] || fail "no store under XDG_DATA_HOME"
DUBAN_STORE="$TMP/s2" run_bare list --format tsv
expect_status 0
expect_ids "7"

t "init takes at most one directory"
run_bare init "$TMP/a" "$TMP/b"
expect_status 2
[ ! -e "$TMP/a" ] || fail "created a store all the same"

fresh_store
