/*
 * lexicon — the words plans use to say who does what: one table of labels
 * (牵头单位, 配合单位, 完成时限 …) and their synonyms, shared by the
 * importer's inline annotations, its labelled lines and the header cells
 * of tables.
 *
 *   kind            labels (and their traditional forms)
 *   LEX_NUMBER      序号 编号                                 (header cells)
 *   LEX_TEXT        重点工作 工作任务 任务内容 主要任务 目标任务 …  (header cells)
 *   LEX_SECTION     所属部分 所属板块 板块 所属领域 工作板块 类别     (header cells)
 *   LEX_STATUS      状态 当前状态 完成状态 推进状态              (a ledger's header)
 *   LEX_PERCENT     进度 完成进度 当前进度 完成比例 完成率        (a ledger's header)
 *   LEX_PROGRESS    最近进展 进展情况 工作进展 推进情况 完成情况 … (a ledger's header)
 *   LEX_LEADERS     牵头领导 责任领导 分管领导 分管县领导 …
 *   LEX_LEAD        牵头单位 牵头责任单位 主要责任单位 牵头部门 牵头负责部门
 *                   责任科室 主办单位
 *   LEX_UNITS       责任单位 责任部门
 *   LEX_PARTICIPANTS 参加单位 配合单位 协办单位 协作单位 主要协作单位 …
 *   LEX_DEADLINE    完成时限 完成时间 时限 时间节点 完成期限
 *
 * What changes when another label is present: LEX_UNITS (责任单位) names
 * the lead units when the same item names no LEX_LEAD; beside a 牵头单位
 * it names the supporting units, as participants.
 *
 * Prose assignments use verbs instead of labels: "X牵头，Y、Z配合",
 * "A、B等负责", "X牵头，Y等按职责分工负责", "国务院各部门分别负责".
 *
 * Name lists are split on 、，,；; outside brackets.  A part after one that
 * starts with 各 stays with it while it is a bare kind of place
 * ("各街道、镇、集聚区"); a part starting with 有关/相关 after one that has
 * 有关/相关 stays with it ("县政府有关部门、有关直属单位"); a trailing
 * "等", "等部门" or "等相关部门" is dropped; "（牵头）" after a name marks a
 * lead unit; blanks between two units separate them ("区财政局
 * 区自然资源局").  A leader's name loses the office and notes around it
 * ("王磊副县长", "县长朱伟", "李明（县委常委、常务副县长）").
 */
#ifndef DUBAN_LEXICON_H
#define DUBAN_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

#include "duban/arena.h"
#include "duban/table.h"

enum lex_kind {
	LEX_NONE = -1,
	LEX_NUMBER, LEX_TEXT, LEX_SECTION, LEX_STATUS, LEX_PERCENT,
	LEX_PROGRESS, LEX_LEADERS, LEX_LEAD, LEX_UNITS,
	LEX_PARTICIPANTS, LEX_DEADLINE, LEX_KINDS
};

/* The Chinese name of a kind for messages, e.g. "责任单位". */
const char *lexicon_name(enum lex_kind k);

/* The kind of the label that starts at s and is followed by a colon (： or
 * :, blanks allowed between), its length with the colon in *len; LEX_NONE
 * if there is none.  Only the kinds an annotation holds (LEX_LEADERS to
 * LEX_DEADLINE) are read. */
enum lex_kind lexicon_label_at(const char *s, size_t *len);

/* The kind a table header cell names (blanks inside it ignored:
 * "分 管 县领导"), or LEX_NONE. */
enum lex_kind lexicon_header(const char *cell);

/* The length of the verb at s that ends a list of units in prose: 牵头
 * when lead is true; 配合, 协助, 参与, 负责, 按职责分工负责 … otherwise.
 * 0 if there is none. */
size_t lexicon_verb_at(const char *s, bool lead);

/* A list of names split out of [b, e) by the rules above, each a string in
 * arena a.  Names marked "（牵头）" go to lead (if not NULL) instead of out.
 * Returns 0, -1 out of memory, -2 over LEXICON_NAMES_MAX names. */
int lexicon_split_names(struct arena *a, const char *b, const char *e,
			struct names *out, struct names *lead);

/* Leaders split out of [b, e): on list separators, and on the blanks of a
 * table that pads two-character names to three ("陆 明俞 悦" is 陆明 and
 * 俞悦).  Returns as lexicon_split_names. */
int lexicon_split_leaders(struct arena *a, const char *b, const char *e,
			  struct names *out);

/* Most names a list holds. */
#define LEXICON_NAMES_MAX 1000

/* The length of the office at s ("副区长", "县长", "主任"), or 0. */
size_t lexicon_office_at(const char *s);

/* Whether [b, e) ends like the name of an organ (…局, …委, …办, …中心). */
bool lexicon_organ_like(const char *b, const char *e);

/* Whether [b, e) states that the first unit listed leads
 * ("列第一位者为牵头或汇总单位，下同"). */
bool lexicon_first_leads_rule(const char *b, const char *e);

#endif
