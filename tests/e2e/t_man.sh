# the manual pages: English and Chinese, rendered as man renders them.

for page in doc/duban.1 doc/zh_CN/duban.1; do
	t "$page renders without troff warnings"
	# -k: preconv, as man runs it; -ww: every warning
	groff -k -man -Tutf8 -ww "$page" >"$TMP/man.txt" 2>"$TMP/man.err" ||
		fail "groff failed: $(cat "$TMP/man.err")"
	[ ! -s "$TMP/man.err" ] || fail "troff warns: $(head -n 5 "$TMP/man.err")"
	# a line that starts with a dot is a request unless escaped: the
	# word must reach the page
	grep -q '\.docx' "$TMP/man.txt" || fail "no .docx on the page"

	t "$page names every command"
	col -b <"$TMP/man.txt" >"$TMP/man.plain"
	for c in $("$DUBAN" __complete 1 duban ''); do
		grep -qw -- "$c" "$TMP/man.plain" || fail "no $c on the page"
	done
done
