#!/bin/sh
# Makes the README's pictures of the 通报 from the month it walks through:
# the bundled plan, two units' June sheets filled in and merged, and the
# bulletin of 2024-06 as of 2024-06-30.
#
#   docs/bulletin-pictures.sh [BUILD]     (BUILD: where duban is, "build")
#
# writes docs/bulletin-html.png (the HTML page in headless Chromium) and
# docs/bulletin-docx.png (the first page of the PDF LibreOffice makes of
# the .docx).  Needs what make check installs.
set -eu

build=${1:-build}
duban="$build/duban"
csvedit="$build/tests/csvedit"
[ -x "$csvedit" ] || make --no-print-directory BUILD="$build" "$csvedit"
work=$(mktemp -d "${TMPDIR:-/tmp}/duban-pictures.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DUBAN_STORE="$work/store" DUBAN_USER=督查室 LC_ALL=zh_CN.UTF-8

"$duban" init >/dev/null
printf 'name,unit,role\n李娜,区商务局,clerk\n王强,区住建局,clerk\n督查室,,office\n' \
	>"$DUBAN_STORE/people.csv"
printf 'office = 青云谱区人民政府督查室\nplan_title = 2024年区政府工作报告重点工作\n' \
	>>"$DUBAN_STORE/store.conf"
"$duban" sheet --all --period 2024-06 --as-of 2024-06-25 -o "$work/6月调度表" >/dev/null
mkdir "$work/收回"
"$csvedit" "$work/6月调度表/区商务局.csv" 2:N=推进中 2:O=60 \
	2:P=已签约数字经济项目3个 3:N=推进中 3:O=55 3:P=已举办促消费活动4场 \
	6:N=已完成 6:O=100 6:P=塑料八厂改造完成 >"$work/收回/区商务局.csv"
"$csvedit" "$work/6月调度表/区住建局.csv" 31:N=推进中 31:O=50 \
	31:P=江联南路已通车 >"$work/收回/区住建局.csv"
"$duban" merge --as-of 2024-06-28 "$work"/收回/*.csv >/dev/null
"$duban" bulletin --period 2024-06 --as-of 2024-06-30 -o "$work/通报.html" >/dev/null
"$duban" bulletin --period 2024-06 --as-of 2024-06-30 -o "$work/通报.docx" >/dev/null

chromium --headless --no-sandbox --disable-gpu --no-first-run \
	--user-data-dir="$work/chromium" --hide-scrollbars \
	--window-size=900,1500 --screenshot="$work/html.png" \
	"file://$work/通报.html" >/dev/null 2>&1
soffice -env:UserInstallation="file://$work/lo" --headless \
	--convert-to pdf --outdir "$work" "$work/通报.docx" >/dev/null 2>&1
pdftoppm -f 1 -l 1 -r 80 -png "$work/通报.pdf" "$work/page"
cp "$work/html.png" docs/bulletin-html.png
cp "$work"/page-*1.png docs/bulletin-docx.png
echo "docs/bulletin-html.png docs/bulletin-docx.png"
