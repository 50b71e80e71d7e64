# The .docx and .xlsx machinery is a module of its own (office.h): loaded
# by the commands that read or write those files, and by no other; one
# that cannot be loaded is named in one line, and the rest of duban works.

# the real binary, not a wrapper around it (make valgrind's)
BIN=${DUBAN_BIN:-$DUBAN}
OF=$TMP/office
mkdir -p "$OF"
fresh_store

# loaded_libs CMD...: the shared objects duban opens for CMD, one per line
loaded_libs() {
	LD_DEBUG=files "$BIN" --store "$STORE" "$@" 2>&1 >/dev/null |
		sed -n 's/.*file=\([^ ]*\) .*\[0\];  *needed by.*/\1/p; s/.*file=\([^ ]*\) .*\[0\];  *dynamically loaded by.*/\1/p' |
		sort -u
}

t "reading and recording load no .docx or .xlsx machinery"
for cmd in "list" "overdue" "summary" "export" "show 3" "check"; do
	# the words of the command, split on purpose
	# shellcheck disable=SC2086
	libs=$(loaded_libs $cmd)
	echo "$libs" | grep -q '^libcsv' || fail "$cmd: libcsv is not among [$libs]"
	if echo "$libs" | grep -q -e libzip -e libxml2 -e libxlsxwriter -e duban-office; then
		fail "$cmd loads $(echo "$libs" | grep -e libzip -e libxml2 -e libxlsxwriter -e duban-office | tr '\n' ' ')"
	fi
done
libs=$(DUBAN_USER=区商务局 loaded_libs progress 3 20)
if echo "$libs" | grep -q -e libzip -e libxml2 -e libxlsxwriter -e duban-office; then
	fail "progress loads the office module"
fi

t "a workbook written loads the module, and with it libxlsxwriter"
libs=$(loaded_libs export -o "$OF/plan.xlsx")
for want in duban-office.so libxlsxwriter libzip libxml2; do
	echo "$libs" | grep -q "$want" || fail "export -o plan.xlsx: $want is not among [$(echo "$libs" | tr '\n' ' ')]"
done
[ -s "$OF/plan.xlsx" ] || fail "no workbook written"

t "a module that cannot be loaded is named in one line; the other commands work"
mkdir -p "$OF/bin"
cp "$BIN" "$OF/bin/duban"
echo "not a shared object" >"$OF/bin/duban-office.so"
"$OF/bin/duban" --store "$STORE" export -o "$OF/again.xlsx" >"$OUT" 2>"$ERR"
status=$?
expect_status 1
[ "$(wc -l <"$ERR")" -eq 1 ] || fail "stderr: $(cat "$ERR")"
grep -q "^duban: cannot load the .docx and .xlsx module: .*duban-office.so" "$ERR" ||
	fail "stderr: $(cat "$ERR")"
[ ! -e "$OF/again.xlsx" ] || fail "a workbook was written"
"$OF/bin/duban" --store "$STORE" list --format csv >"$OUT" 2>"$ERR"
status=$?
expect_status 0
[ "$(wc -l <"$OUT")" -eq 57 ] || fail "list printed $(wc -l <"$OUT") lines"

t "a module of another build is refused, not called"
# a shared object that has the module's name and symbol table but not its
# build: any other shared object of the system will do
cp "$(ldd "$BIN" | sed -n 's/.*libcsv[^ ]* => \([^ ]*\) .*/\1/p')" "$OF/bin/duban-office.so"
"$OF/bin/duban" --store "$STORE" init "$OF/s" --from "$OF/plan.xlsx" >"$OUT" 2>"$ERR"
status=$?
expect_status 1
grep -q "^duban: cannot load the .docx and .xlsx module: .*duban-office.so is of another build of duban" "$ERR" ||
	fail "stderr: $(cat "$ERR")"
