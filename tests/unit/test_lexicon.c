/*
 * test_lexicon — the one table of labels, the verbs of prose assignments,
 * and the splitting of name lists: collective designations kept whole,
 * "等…" dropped, lead marks, padded leader names.
 */
#include <stdbool.h>

#include "testutil.h"

#include "duban/lexicon.h"

static struct arena A = ARENA_INIT;

static int teardown(void **state)
{
	(void)state;
	arena_release(&A);
	return 0;
}

static void join(const struct names *nm, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < nm->n; i++) {
		if (i)
			strncat(buf, "|", size - strlen(buf) - 1);
		strncat(buf, nm->v[i], size - strlen(buf) - 1);
	}
}

/* Splits s; the names joined with "|", and those marked "（牵头）". */
static void assert_split(const char *s, const char *want, const char *lead)
{
	struct names out, marked;
	char got[1024];

	assert_int_equal(lexicon_split_names(&A, s, s + strlen(s), &out,
					     &marked), 0);
	join(&out, got, sizeof(got));
	assert_string_equal(got, want);
	join(&marked, got, sizeof(got));
	assert_string_equal(got, lead);
}

static void assert_leaders(const char *s, const char *want)
{
	struct names out;
	char got[1024];

	assert_int_equal(lexicon_split_leaders(&A, s, s + strlen(s), &out), 0);
	join(&out, got, sizeof(got));
	assert_string_equal(got, want);
}

static void test_labels(void **state)
{
	static const struct {
		const char *s;
		enum lex_kind k;
		size_t len;
	} cases[] = {
		{ "牵头领导：杨峰", LEX_LEADERS, 15 },
		{ "责任单位:区商务局", LEX_UNITS, 13 },
		{ "牵头责任单位：县卫健委", LEX_LEAD, 21 },
		{ "主要协作单位:各乡镇", LEX_PARTICIPANTS, 19 },
		{ "完成时限 ：2024年", LEX_DEADLINE, 16 },
		{ "牽頭單位:州行政審批服務局", LEX_LEAD, 13 },
		{ "責任單位:州司法局", LEX_UNITS, 13 },
		{ "分管领导: 王五", LEX_LEADERS, 13 },
		{ "协办单位：各街道", LEX_PARTICIPANTS, 15 },
	};
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		n = 0;
		assert_int_equal(lexicon_label_at(cases[i].s, &n), cases[i].k);
		assert_int_equal(n, cases[i].len);
	}
	/* a label without its colon is a word of the text */
	assert_int_equal(lexicon_label_at("责任单位要抓好落实", &n), LEX_NONE);
	/* the header-only kinds are not labels of an annotation */
	assert_int_equal(lexicon_label_at("序号：1", &n), LEX_NONE);
}

static void test_headers(void **state)
{
	(void)state;
	assert_int_equal(lexicon_header("序号"), LEX_NUMBER);
	assert_int_equal(lexicon_header("工 作 任 务"), LEX_TEXT);
	assert_int_equal(lexicon_header("分 管 县领导"), LEX_LEADERS);
	assert_int_equal(lexicon_header("牵头负责部门"), LEX_LEAD);
	assert_int_equal(lexicon_header("责任单位"), LEX_UNITS);
	assert_int_equal(lexicon_header("责任主体与协同单位"), LEX_PARTICIPANTS);
	assert_int_equal(lexicon_header("完成时限"), LEX_DEADLINE);
	/* a note in brackets after the label */
	assert_int_equal(lexicon_header("责任单位（排第一的为牵头单位）"),
			 LEX_UNITS);
	assert_int_equal(lexicon_header("1-10月推进情况"), LEX_NONE);
	assert_int_equal(lexicon_header("责任"), LEX_NONE);
	assert_int_equal(lexicon_header(""), LEX_NONE);
}

static void test_verbs(void **state)
{
	(void)state;
	assert_int_equal(lexicon_verb_at("牵头，区财政局配合", true),
			 strlen("牵头"));
	assert_int_equal(lexicon_verb_at("配合", false), strlen("配合"));
	assert_int_equal(lexicon_verb_at("按职责分工负责", false),
			 strlen("按职责分工负责"));
	assert_int_equal(lexicon_verb_at("等相关部门按职责分工负责", false),
			 strlen("等相关部门按职责分工负责"));
	assert_int_equal(lexicon_verb_at("牵头", false), 0);
	assert_int_equal(lexicon_verb_at("配合", true), 0);
}

static void test_split(void **state)
{
	(void)state;
	assert_split("区发改委、区财政局", "区发改委|区财政局", "");
	assert_split("区发改局、区林业局,区经发集团，相关乡镇办",
		     "区发改局|区林业局|区经发集团|相关乡镇办", "");
	/* 各 keeps the bare kinds of place after it, not an organ */
	assert_split("各街道、镇、集聚区", "各街道、镇、集聚区", "");
	assert_split("各相关街道、镇、集聚区；区财政局",
		     "各相关街道、镇、集聚区|区财政局", "");
	assert_split("各乡镇人民政府、经济开发区管委会",
		     "各乡镇人民政府|经济开发区管委会", "");
	assert_split("各镇、团委", "各镇|团委", "");
	/* 、 inside brackets does not split */
	assert_split("各县（市、区）、州直各部门", "各县（市、区）|州直各部门", "");
	assert_split("县发改局(粮食局)、县农业农村局",
		     "县发改局(粮食局)|县农业农村局", "");
	/* 有关 after 有关 */
	assert_split("各乡镇人民政府、经济开发区管委会,县政府有关部门、有关直属单位",
		     "各乡镇人民政府|经济开发区管委会|县政府有关部门、有关直属单位",
		     "");
	assert_split("市政局、相关街道", "市政局|相关街道", "");
	/* a trailing 等… goes */
	assert_split("省商务厅、财政厅、河南银保监局等相关部门",
		     "省商务厅|财政厅|河南银保监局", "");
	assert_split("区水务局等部门,区国投公司", "区水务局|区国投公司", "");
	assert_split("省发改委、省工业和信息化厅等", "省发改委|省工业和信息化厅",
		     "");
	/* a lead mark, and the first-leads rule that is no unit */
	assert_split("区发改委（牵头）、区财政局", "区财政局", "区发改委");
	assert_split("财政局、发改局、工商联(列第一位者为牵头或汇总单位,下同)",
		     "财政局|发改局|工商联", "");
	assert_split(" 、，；", "", "");
	/* blanks between two units, not inside a name */
	assert_split("区财政局 区自然资源局", "区财政局|区自然资源局", "");
	assert_split("区财政局  各街道", "区财政局|各街道", "");
	assert_split("区 财政局", "区 财政局", "");
}

static void test_split_leaders(void **state)
{
	(void)state;
	assert_leaders("杨峰", "杨峰");
	assert_leaders("徐志勇、杨峰", "徐志勇|杨峰");
	assert_leaders("俞 悦", "俞悦");
	assert_leaders("陆 明俞 悦", "陆明|俞悦");
	assert_leaders("张三 李四", "张三|李四");
	assert_leaders("欧阳 明", "欧阳明");
	/* offices and notes are no part of a name */
	assert_leaders("王磊副县长", "王磊");
	assert_leaders("县长朱伟", "朱伟");
	assert_leaders("李明（县委常委、常务副县长）", "李明");
	assert_leaders("李明(副县长)、王芳", "李明|王芳");
	assert_leaders("赵敏同志", "赵敏");
	/* a name that is only an office stays what it is */
	assert_leaders("区长", "区长");
	assert_leaders("", "");
}

static void test_first_leads_rule(void **state)
{
	static const char yes[] = "列第一位者为牵头或汇总单位,下同";
	static const char also[] = "排第一的为牵头单位";
	static const char no[] = "各牵头单位要切实承担起牵头协调职责";

	(void)state;
	assert_true(lexicon_first_leads_rule(yes, yes + strlen(yes)));
	assert_true(lexicon_first_leads_rule(also, also + strlen(also)));
	assert_false(lexicon_first_leads_rule(no, no + strlen(no)));
}

static void test_too_many_names(void **state)
{
	static char buf[(LEXICON_NAMES_MAX + 1) * 9];
	struct names out;

	(void)state;
	buf[0] = '\0';
	for (int i = 0; i < LEXICON_NAMES_MAX; i++)
		strcat(buf, i ? "、单位" : "单位");
	assert_int_equal(lexicon_split_names(&A, buf, buf + strlen(buf), &out,
					     NULL), 0);
	assert_int_equal(out.n, LEXICON_NAMES_MAX);
	strcat(buf, "、单位");
	assert_int_equal(lexicon_split_names(&A, buf, buf + strlen(buf), &out,
					     NULL), -2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_verbs),
		cmocka_unit_test_teardown(test_split, teardown),
		cmocka_unit_test_teardown(test_split_leaders, teardown),
		cmocka_unit_test(test_first_leads_rule),
		cmocka_unit_test_teardown(test_too_many_names, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
