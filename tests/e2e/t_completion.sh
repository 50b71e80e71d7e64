# completion: the scripts, and the words duban offers them.

# cp_bash WORDS...: what bash's completion offers for the last word.
cp_bash() {
	bash -c "$("$DUBAN" completion bash)
duban() { \"$DUBAN\" --store \"$STORE\" \"\$@\"; }
COMP_WORDS=(\"\$@\"); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); _duban
printf '%s\n' \"\${COMPREPLY[@]}\"" cp "$@"
}

t "completion bash: commands, options, units, leaders, ids, statuses"
[ "$(cp_bash duban li)" = "list" ] || fail "li: $(cp_bash duban li)"
[ "$(cp_bash duban list --un)" = "--unit" ] || fail "--un: $(cp_bash duban list --un)"
[ "$(cp_bash duban list --unit 区商)" = "区商务局" ] || fail "区商: $(cp_bash duban list --unit 区商)"
[ "$(cp_bash duban list --leader 杨)" = "杨峰" ] || fail "杨: $(cp_bash duban list --leader 杨)"
[ "$(cp_bash duban list --status 推)" = "推进中" ] || fail "--status 推: $(cp_bash duban list --status 推)"
[ "$(cp_bash duban overdue --hea)" = "--health" ] || fail "overdue --hea: $(cp_bash duban overdue --hea)"
[ "$(cp_bash duban show 5 | tr '\n' ' ')" = "5 50 51 52 53 54 55 56 " ] ||
	fail "show 5: $(cp_bash duban show 5 | tr '\n' ' ')"
[ "$(cp_bash duban s | tr '\n' ' ')" = "show start summary sheet " ] ||
	fail "s: $(cp_bash duban s | tr '\n' ' ')"
[ -z "$(cp_bash duban xyz)" ] || fail "xyz: $(cp_bash duban xyz)"

t "completion zsh and fish print their scripts; anything else is a usage error"
run completion zsh
expect_status 0
grep -q '^autoload -U +X bashcompinit && bashcompinit$' "$OUT" || fail "zsh: $(head -n 2 "$OUT")"
grep -q '^complete -F _duban duban$' "$OUT" || fail "zsh: no complete line"
run completion fish
expect_status 0
grep -q "^complete -c duban -f -a '(__duban_complete)'\$" "$OUT" || fail "fish: $(cat "$OUT")"
run completion tcsh
expect_status 2
expect_stderr "duban: completion takes bash, zsh or fish, not \"tcsh\"
Try 'duban completion --help'."

t "completion offers a command's options as its table holds them"
[ "$(cp_bash duban undo -- | tr '\n' ' ')" = "--message --date --by --batch --store --format --color --colour --as-of --help --no-pager " ] ||
	fail "undo --: $(cp_bash duban undo -- | tr '\n' ' ')"
[ "$(cp_bash duban done -- | tr '\n' ' ')" = "--message --date --by --evidence --store --format --color --colour --as-of --help --no-pager " ] ||
	fail "done --: $(cp_bash duban done -- | tr '\n' ' ')"
[ "$(cp_bash duban --v)" = "--version" ] || fail "--v: $(cp_bash duban --v)"

t "every command's --help names every long option it takes"
"$DUBAN" --help >"$TMP/global-help" 2>&1 || fail "duban --help"
for c in $(cp_bash duban ''); do
	"$DUBAN" "$c" --help >"$TMP/help" 2>&1 || fail "$c --help"
	for o in $(cp_bash duban "$c" --); do
		grep -q -e "$o\\b" "$TMP/help" "$TMP/global-help" ||
			fail "duban $c --help does not name $o"
	done
done
[ "$(cp_bash duban '' | wc -l)" = 35 ] || fail "commands: $(cp_bash duban '' | tr '\n' ' ')"
