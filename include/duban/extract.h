/*
 * extract — the quantified targets of a task's text, in items.csv's targets
 * syntax (see target.h).
 *
 * A target is an Arabic figure (4.1, 1000, a range 1-2) followed by a unit
 * (家 亿元 万元 个 场 亩 幢 处 条 所 人 位 % 平方米 公里 …), outside “quotes”,
 * not touching a Latin letter, "+" or "." (PM2.5, PM10, 5+2, 京3+), not
 * after 第.  So 1985 (no unit), “人才10条”, “15分钟政务服务圈”, 2.0版 and
 * Chinese numerals (一社区一民警) are not targets; nor is a range from high
 * to low (5-3个) or a figure longer than TARGET_FIGURE_MAX, which the
 * targets syntax does not take.
 *
 * The comparison: 突破/超/超过 before the figure → ">", 不少于/不低于
 * before or 以上 after → ">=" (达…以上 too), 不超过 before or 以内/以下
 * after → "<=", 低于 → "<", else "=".
 *
 * The subject is taken from the clause (from the last ，。；： or the end
 * of the previous target up to the figure), then:
 *   - leading 力争, 全力, 大力, 努力, 积极, 加快, 确保, 争取, 进一步 are
 *     dropped, and a leading date "2026年底" / "2026年6月底" becomes the
 *     target's own date ("@2026-12-31");
 *   - a leading generic verb (推动 推进 实施 建设 举办 打造 开展) is
 *     dropped; a specific one (新增 打通 启动 完成 引进) is kept, and
 *     examples between it and the figure ending in 等 are dropped
 *     ("打通江联南路、航空东路等5条断头路" → 打通断头路);
 *   - the comparison word and a trailing 达/达到/拥有 are dropped;
 *   - the words after the measure word up to the next punctuation are
 *     added ("推动175个重大重点项目…" → 重大重点项目), without a final
 *     工作, cut before a parallel list ("…项目早开工、早建设" → …项目);
 *     when they stop at "、" before the next figure, the next target's
 *     closing action words are shared ("171个排水单元、25条市政道路地下管网
 *     改造整治工作" → 排水单元改造整治, 市政道路地下管网改造整治);
 *   - "A、B各2个" gives one target each (the verb shared).
 * A target whose subject would be empty or hold ; @ < > = is left out, and
 * so are the targets past 256, or past what a field of items.csv holds
 * (CSV_FIELD_MAX bytes).
 */
#ifndef DUBAN_EXTRACT_H
#define DUBAN_EXTRACT_H

#include "duban/error.h"
#include "duban/strbuf.h"

/* Appends the targets found in text to out, as the targets field "a;b;c"
 * (nothing when there is none).  Returns 0, or -1 with err filled when
 * memory runs out. */
int targets_extract(const char *text, struct strbuf *out,
		    struct duban_error *err);

#endif
