/*
 * test_extract — the targets read from a task's text: comparisons, ranges,
 * "各", a target's own date, subjects taken around the figure, and the
 * numbers that are part of names and are no targets.
 */
#include "testutil.h"

#include "duban/arena.h"
#include "duban/extract.h"
#include "duban/strbuf.h"
#include "duban/target.h"

/* The targets field extracted from text, which must parse back. */
static void expect(const char *text, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	struct duban_error err;
	struct arena a = ARENA_INIT;
	struct target *t;
	size_t n;

	assert_int_equal(sb_reset(&sb), 0);
	if (targets_extract(text, &sb, &err))
		fail_msg("extract failed: %s", err.msg);
	if (strcmp(sb.s, want) != 0)
		fail_msg("%s\n  got  \"%s\"\n  want \"%s\"", text, sb.s, want);
	if (targets_parse(sb.s, &a, &t, &n, &err))
		fail_msg("\"%s\" does not parse: %s", sb.s, err.msg);
	arena_release(&a);
	sb_release(&sb);
}

static void test_comparisons(void **state)
{
	(void)state;
	/* 突破, 超 → > */
	expect("力争规上工业企业数量突破40家，总产值突破60亿元。",
	       "规上工业企业数量>40家;总产值>60亿元");
	expect("力争年度投资超300亿元。", "年度投资>300亿元");
	expect("力争入选省市重点人才工程超60人，让青云谱成为人才集聚地。",
	       "入选省市重点人才工程>60人");
	expect("亿元以上企业研发机构覆盖率超70%。",
	       "亿元以上企业研发机构覆盖率>70%");
	/* 以上, 不少于, 达…以上 → >= */
	expect("举办大型节假日促消费活动6场以上，吸引顾客。",
	       "大型节假日促消费活动>=6场");
	expect("新增停车泊位1000个以上，加快构建交通圈。",
	       "新增停车泊位>=1000个");
	expect("全年培训不少于500人。", "全年培训>=500人");
	expect("充分就业社区比例达60%以上。", "充分就业社区比例>=60%");
	/* a plain figure → = */
	expect("力争盘活低效用地140亩，让“存量”变“增量”。", "盘活低效用地=140亩");
	expect("力争全年招引项目80个，签约金额200亿元。",
	       "全年招引项目=80个;签约金额=200亿元");
	expect("每千人口拥有4.1个托位。", "每千人口托位=4.1个");
	/* 不超过 / 以内 → <=, 低于 → < */
	expect("单位能耗不超过0.5吨。", "单位能耗<=0.5吨");
	expect("重大火灾事故5次以内。", "重大火灾事故<=5次");
	expect("失业率低于5%。", "失业率<5%");
}

static void test_range(void **state)
{
	(void)state;
	expect("力争建设市级以上科技创新平台1-2家，", "市级以上科技创新平台=1-2家");
	expect("新增市级以上科技创新平台1～2家。", "新增市级以上科技创新平台=1-2家");
}

static void test_each(void **state)
{
	(void)state;
	expect("坚持见缝插绿，力争新增口袋公园、“席地而坐”示范点各2个。",
	       "新增口袋公园=2个;新增“席地而坐”示范点=2个");
}

static void test_own_date(void **state)
{
	(void)state;
	expect("力争每年新增2幢“亿元楼”，2026年底“亿元楼”突破13幢，让楼宇成为园区。",
	       "每年新增“亿元楼”=2幢;“亿元楼”>13幢@2026-12-31");
	expect("2025年6月底前……", "");
	expect("力争2025年6月底绿道突破20公里。", "绿道>20公里@2025-06-30");
}

static void test_subjects(void **state)
{
	(void)state;
	/* the generic verb dropped, the words after the measure word kept */
	expect("推动175个重大重点项目早开工、早建设、早投产、早达效，力争年度投资超300亿元。",
	       "重大重点项目=175个;年度投资>300亿元");
	expect("实施16个老旧小区改造工程，力争旧改覆盖率超90%。",
	       "老旧小区改造工程=16个;旧改覆盖率>90%");
	expect("推进14个“幸福社区”建设。", "“幸福社区”建设=14个");
	expect("推动25所幼儿园通过省级标准化评估认定，提升达标率。",
	       "幼儿园通过省级标准化评估认定=25所");
	expect("打造“一日游”精品线路3条，让游客有玩头。", "“一日游”精品线路=3条");
	/* a kept verb; examples ending in 等 dropped */
	expect("力争打通江联南路、航空东路等5条断头路。", "打通断头路=5条");
	expect("启动警民路、洪腾南路等9条道路建设。力争9个安置房周边道路建设项目全面完工，",
	       "启动道路建设=9条;安置房周边道路建设项目全面完工=9个");
	expect("全力完成楞上村等4个项目回迁，让居民早日搬新家。", "完成项目回迁=4个");
	expect("推动新地、洪都等3所学校投入使用，力争新增学位5460个。",
	       "学校投入使用=3所;新增学位=5460个");
	expect("大力引进2所省市级重点中学合作办学。", "引进省市级重点中学合作办学=2所");
	/* a shared closing action, 工作 left off */
	expect("开展171个排水单元、25条市政道路地下管网改造整治工作。",
	       "排水单元改造整治=171个;市政道路地下管网改造整治=25条");
	/* other units */
	expect("改造绿地3.5万平方米，新建绿道12公里。",
	       "改造绿地=3.5万平方米;新建绿道=12公里");
}

static void test_names_not_targets(void **state)
{
	(void)state;
	expect("加速推进1985、“京3+”等产业园项目，力争重点改造盘活废旧厂房2处以上，",
	       "重点改造盘活废旧厂房>=2处");
	expect("落实南昌新“人才10条”，开展“百场校招”等活动。", "");
	expect("建设“15分钟政务服务圈”，让企业多用精力跑市场。", "");
	expect("构建15分钟政务服务圈。", "");
	expect("打造“10分钟就业服务圈”。", "");
	expect("加大臭氧、PM2.5、PM10污染治理力度。", "");
	expect("推进医保订单式服务2.0版，实现应保尽保。", "");
	expect("建设“5+2就业之家”。", "");
	expect("建设5+2就业之家。", "");
	expect("加速推进京3+产业园。", "");
	expect("推动实现“一社区一民警”。", "");
	expect("推进三个老旧小区改造，建设一批园区。", "");
	expect("以九〇八医院为代表的军队医疗。", "");
	expect("完成第3季度任务5项。", "完成第3季度任务=5项");
	expect("工期3个月。", "");
	expect("到2024年底完成。", "");
}

static void test_edges(void **state)
{
	(void)state;
	expect("", "");
	expect("没有数字。", "");
	/* no subject, or a reserved character in it: left out */
	expect("5家。", "");
	expect("a=b企业5家。", "");
	expect("40家", "");
	/* a figure the targets syntax does not take: a range from high to
	 * low, a part longer than TARGET_FIGURE_MAX */
	expect("完成2-0家。", "");
	expect("新增平台3～1家。", "");
	expect("完成1234567890123456789012345家。", "");
	expect("完成1-1234567890123456789012345家。", "");
	expect("完成123456789012345678901234家。",
	       "完成=123456789012345678901234家");
	expect("新增平台2-2家。", "新增平台=2-2家");
	/* blanks at the ends of a subject are dropped, and a subject of
	 * blanks is none */
	expect("5家\t", "");
	expect("项目5个 \t。", "项目=5个");
	expect("新增 5家 示范企业 。", "新增 示范企业=5家");
	/* a subject across a line break or holding a control character is
	 * no target (a subject is a journal key, one line); the others stay */
	expect("新增\n企业5家，项目3个。", "企业=5家;项目=3个");
	expect("新增\t企业5家。", "新增企业=5家");
	expect("新增\xc2\x85企业5家；引进人才10名。", "引进人才=10名");
}

/* No more targets than a field of items.csv holds: "新增点0、…、点255各2个
 * 示…" gives 256 targets of about 400 bytes, of which the first 160 fit in
 * 65536 bytes. */
static void test_field_limit(void **state)
{
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT, last = STRBUF_INIT;
	struct duban_error err;
	size_t count = 1;

	(void)state;
	sb_puts(&text, "新增");
	for (int i = 0; i < 256; i++)
		sb_printf(&text, "%s点%d", i ? "、" : "", i);
	sb_puts(&text, "各2个");
	sb_puts(&last, ";新增点159");
	for (int i = 0; i < 130; i++) {
		sb_puts(&text, "示");
		sb_puts(&last, "示");
	}
	sb_puts(&text, "。");
	sb_puts(&last, "=2个");
	assert_int_equal(sb_reset(&out), 0);
	assert_int_equal(targets_extract(text.s, &out, &err), 0);
	for (const char *p = out.s; (p = strchr(p, ';')); p++)
		count++;
	assert_int_equal(count, 160);
	assert_int_equal(out.len, 65169);
	assert_string_equal(out.s + out.len - last.len, last.s);
	sb_release(&last);
	sb_release(&out);
	sb_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comparisons),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_each),
		cmocka_unit_test(test_own_date),
		cmocka_unit_test(test_subjects),
		cmocka_unit_test(test_names_not_targets),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_field_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
