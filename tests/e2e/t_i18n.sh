# i18n: the zh_CN catalogue is complete and up to date, and tables,
# messages and help follow the locale: Chinese under zh_CN.UTF-8, English
# under C.UTF-8; keys of CSV, TSV and JSON stay English in both.

I18N="$TMP/i18n"

# zh ARGS... / en ARGS...: duban on the store $I18N, in Chinese or English.
zh() {
	LC_ALL=zh_CN.UTF-8 "$DUBAN" --store "$I18N" "$@" >"$OUT" 2>"$ERR"
	status=$?
}
en() {
	LC_ALL=C.UTF-8 "$DUBAN" --store "$I18N" "$@" >"$OUT" 2>"$ERR"
	status=$?
}

# expect_no_english FILE...: the FILEs hold no English words once what
# stays untranslated is taken out: options (--unit, -m), placeholders and
# names of formats in capitals (DIR, UTF-8, CSV), $VARIABLES, file names,
# command names and the values options take.
expect_no_english() {
	_en=$(cat "$@" | sed -E \
		-e 's/\b(not-started|in-progress|green|blue|yellow|red|recorded|date)\b//g' \
		-e 's/--?[a-z][a-z0-9-]*//g' \
		-e 's/\$[A-Z_]+//g' \
		-e 's/eval "[^"]*"|make install|~\/\.bashrc//g' \
		-e 's/[A-Za-z_./]*(\.csv|\.conf|\.txt|\.docx|\.xlsx|\.gitattributes|\.mo|\.html|\.md)\b//g' \
		-e 's/\b[A-Z][A-Z0-9_-]*\b//g' \
		-e 's/\b(duban|init|list|show|units|leaders|start|progress|done|block|reopen|note|actual|undo|extend|approve|refuse|return|milestone|rules|log|overdue|due|summary|targets|export|sheet|merge|missing|rank|remind|diff|bulletin|import|check|completion|bash|zsh|fish|less)\b//g' \
		-e 's/\b(table|csv|tsv|json|auto|always|never|unit|leader|section|utf-8|gbk|warn_days|report_day|escalate_months|item|percent|text|key|value|add|remove|review|yes|last|office|plan_title|fsync|iconv|Excel|WPS|Word|Markdown|not-started|in-progress|blocked)\b//g' |
		grep -oE '[A-Za-z]{2,}' | sort -u | tr '\n' ' ')
	[ -z "$_en" ] || fail "English words left: $_en"
}

t "the zh_CN.UTF-8 locale is installed (scripts/install-deps makes it)"
locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8' ||
	fail "no zh_CN.UTF-8 locale: run scripts/install-deps (or locale-gen zh_CN.UTF-8)"

t "po/zh_CN.po translates every message, none of them fuzzy"
msgfmt --check --statistics -o /dev/null po/zh_CN.po 2>"$TMP/po-stats" ||
	fail "msgfmt --check: $(cat "$TMP/po-stats")"
grep -qE '^[0-9]+ translated messages\.$' "$TMP/po-stats" ||
	fail "po/zh_CN.po: $(cat "$TMP/po-stats")"

t "po/duban.pot and po/zh_CN.po hold the messages of the sources, no more"
${MAKE:-make} -s --no-print-directory pot POT="$TMP/fresh.pot" \
	>/dev/null 2>"$TMP/xgettext" || fail "make pot: $(cat "$TMP/xgettext")"
msgcmp -N --use-untranslated po/duban.pot "$TMP/fresh.pot" >"$TMP/msgcmp" 2>&1 &&
	[ ! -s "$TMP/msgcmp" ] ||
	fail "po/duban.pot is out of date (make pot):$(sed 's/^/    /' "$TMP/msgcmp")"
msgcmp -N --use-untranslated "$TMP/fresh.pot" po/duban.pot >"$TMP/msgcmp" 2>&1 &&
	[ ! -s "$TMP/msgcmp" ] ||
	fail "po/duban.pot has messages the sources lost (make pot):$(sed 's/^/    /' "$TMP/msgcmp")"
msgcmp -N po/zh_CN.po "$TMP/fresh.pot" >"$TMP/msgcmp" 2>&1 &&
	[ ! -s "$TMP/msgcmp" ] ||
	fail "po/zh_CN.po does not match the sources (make pot update-po, then translate):$(sed 's/^/    /' "$TMP/msgcmp")"

# A store of its own, with a few records, for the screens below.
rm -rf "$I18N"
"$DUBAN" --store "$I18N" init >/dev/null 2>&1 || fail "init failed"
"$DUBAN" --store "$I18N" progress 20 40 --date 2024-03-01 --by 区国投集团 \
	-m "已完成资产划转" >/dev/null 2>&1 || fail "progress failed"
"$DUBAN" --store "$I18N" actual 20 1 120 --date 2024-06-28 --by 区国投集团 \
	>/dev/null 2>&1 || fail "actual failed"

t "zh_CN: --help and every command's help are Chinese"
zh --help
expect_status 0
[ "$(head -n 4 "$OUT")" = "用法：duban [--store DIR] [--format FMT] [--color WHEN] [--as-of DATE]
            COMMAND [ARGS]

督办政府工作任务（责任分工方案）：每项任务由谁负责，推进到了哪一步。" ] ||
	fail "--help begins: $(head -n 4 "$OUT")"
grep -qx '  overdue   已过完成时限仍未完成的事项，逾期最久的在前' "$OUT" ||
	fail "no overdue line in --help"
cp "$OUT" "$TMP/help-all"
for c in $("$DUBAN" __complete 1 duban ''); do
	zh "$c" --help
	expect_status 0
	cp "$OUT" "$TMP/help-$c"
done
expect_no_english "$TMP"/help-*
zh start --help
expect_stdout '用法：duban start ID... [-m NOTE] [--date DATE] [--by NAME]

  -m, --message TEXT  备注（任意文字，保留换行）
  --date DATE         记录所报送的日期（默认为今天）
  --by NAME           登记人（默认为 $DUBAN_USER，否则为登录名）
  --evidence FILE     佐证材料文件（会议纪要、照片、验收单等），按其
                      SHA-256 存入库中；可多次给出

给出多个序号时，全部登记或全部不登记。'

t "zh_CN: list is a table with Chinese headers"
COLUMNS=100 zh list --unit 区国投集团 --as-of 2024-06-30
expect_status 0
# the unit's column, the filter's, is left out; the task wraps in its column
expect_stdout '序号  牵头领导  完成时限    状态    进度  序时  重点工作
  20  徐志勇    2024-12-31  推进中    40  滞后  深化国有企业改革，完善现代企业治理体系，推动国投集团
                                                拓展业务领域，力争总资产突破170亿元，营业收入超10亿
                                                元。'

t "zh_CN: overdue"
COLUMNS=100 zh overdue --unit 区国投集团 --as-of 2025-01-10
expect_status 0
expect_stdout '序号  逾期天数  完成时限    牵头领导  状态    进度  重点工作
  20        10  2024-12-31  徐志勇    推进中    40  深化国有企业改革，完善现代企业治理体系，推动国投
                                                    集团拓展业务领域，力争总资产突破170亿元，营业收
                                                    入超10亿元。'

t "zh_CN: summary names its group column by what it groups"
zh summary --unit 区国投集团 --as-of 2024-06-30
expect_status 0
expect_stdout '单位        事项  已完成  逾期完成  序时推进  滞后  逾期  平均进度  目标  已达成  进度
区国投集团     1       0         0         0     1     0        40     2       0  ████████
合计           1       0         0         0     1     0        40     2       0  ████████'
zh summary --by leader --unit 区国投集团 --as-of 2024-06-30
[ "$(head -n 1 "$OUT")" = "牵头领导  事项  已完成  逾期完成  序时推进  滞后  逾期  平均进度  目标  已达成  进度" ] ||
	fail "summary --by leader: $(head -n 1 "$OUT")"
zh summary --by section --unit 区国投集团 --as-of 2024-06-30
head -n 1 "$OUT" | grep -q '^板块  ' || fail "summary --by section: $(head -n 1 "$OUT")"

t "zh_CN: show"
COLUMNS=80 zh show 20 --as-of 2024-06-30
expect_status 0
expect_stdout '事项 20
  深化国有企业改革，完善现代企业治理体系，推动国投集团拓展业务领域，力争总资产突
  破170亿元，营业收入超10亿元。
板块      3.1  深化改革创新，激活城南发展动能 / 推进更深层次改革
牵头领导  徐志勇
责任单位  区国投集团
参加单位  —
完成时限  2024-12-31（2024年12月底）
状态      推进中  40%  （最近填报 2024-06-28）
          已完成资产划转
目标      1  总资产>170亿元  实际 120亿元（2024-06-28）
          2  营业收入>10亿元
进展记录  2024-06-28  实际值 #1 = 120亿元  区国投集团
          2024-03-01  进度 40%  区国投集团  已完成资产划转'

t "zh_CN: errors, the library's and the command line's"
zh list --unit 商务局
expect_status 2
expect_stdout_empty
expect_stderr 'duban: 方案中没有单位“商务局”；是否要找 区商务局？'
zh show 99
expect_status 2
expect_stderr 'duban: 方案中没有第99项'
zh list --format xml
expect_status 2
expect_stderr "duban: --format 只能是 table、csv、tsv 或 json，不能是“xml”
请运行 'duban list --help' 查看用法。"
zh progress 20 140
expect_status 2
expect_stderr "duban: “140”不是 0 到 100 之间的百分比
请运行 'duban progress --help' 查看用法。"
printf 'id,section\n' >"$TMP/i18n-items.csv"
zh init "$TMP/i18n-bad" --from "$TMP/i18n-items.csv"
expect_status 1
expect_stderr "duban: $TMP/i18n-items.csv:1: 表头中没有“section_title”列"

t "zh_CN: CSV, TSV and JSON keep their English keys and status keys"
zh list --unit 区国投集团 --as-of 2024-06-30 --format tsv
head -n 1 "$OUT" >"$TMP/zh.tsv"
cut -f 13,15,16 "$OUT" | tail -n 1 >>"$TMP/zh.tsv"
en list --unit 区国投集团 --as-of 2024-06-30 --format tsv
head -n 1 "$OUT" >"$TMP/en.tsv"
cut -f 13,15,16 "$OUT" | tail -n 1 >>"$TMP/en.tsv"
same_bytes "$TMP/zh.tsv" "$TMP/en.tsv"
grep -q '^id	section	' "$TMP/zh.tsv" || fail "TSV header: $(head -n 1 "$TMP/zh.tsv")"
grep -qx 'in-progress	behind	yellow' "$TMP/zh.tsv" || fail "TSV keys: $(tail -n 1 "$TMP/zh.tsv")"
zh summary --unit 区国投集团 --as-of 2024-06-30 --format json
cp "$OUT" "$TMP/zh.json"
en summary --unit 区国投集团 --as-of 2024-06-30 --format json
same_bytes "$TMP/zh.json" "$OUT"

t "C.UTF-8: the same screens in English"
COLUMNS=100 en list --unit 区国投集团 --as-of 2024-06-30
expect_stdout 'ID  Leaders  Deadline    Status   %  Health  Task
20  徐志勇   2024-12-31  推进中  40  滞后    深化国有企业改革，完善现代企业治理体系，推动国投集团拓
                                             展业务领域，力争总资产突破170亿元，营业收入超10亿元。'
zh summary --unit 区国投集团 --as-of 2024-06-30
en summary --unit 区国投集团 --as-of 2024-06-30
head -n 1 "$OUT" | grep -q '^Group       Items  Done  Late  On schedule  Behind  Overdue  Avg %  Targets  Met  Progress$' ||
	fail "summary header: $(head -n 1 "$OUT")"
en list --unit 商务局
expect_stderr 'duban: no unit "商务局" in the plan; did you mean 区商务局?'
en --help
head -n 1 "$OUT" | grep -q '^usage: duban \[--store DIR\]' || fail "--help: $(head -n 1 "$OUT")"

t "the language comes from LANG when LC_ALL is not set, and C and POSIX are English"
env -u LC_ALL LANG=zh_CN.UTF-8 "$DUBAN" --store "$I18N" show 99 >"$OUT" 2>"$ERR"
expect_stderr 'duban: 方案中没有第99项'
for l in C POSIX; do
	env LC_ALL=$l "$DUBAN" --store "$I18N" show 99 >"$OUT" 2>"$ERR"
	expect_stderr 'duban: no item 99 in the plan'
done

t "DUBAN_LOCALEDIR names where the catalogues are"
mkdir -p "$TMP/no-catalogues"
DUBAN_LOCALEDIR="$TMP/no-catalogues" LC_ALL=zh_CN.UTF-8 "$DUBAN" --store "$I18N" \
	show 99 >"$OUT" 2>"$ERR"
expect_stderr 'duban: no item 99 in the plan'
