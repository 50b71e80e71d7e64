/*
 * fields — the third stage of import: the body of one item (its text and
 * the annotation that assigns it) split into fields through the lexicon
 * (lexicon.h).
 *
 * The annotation is found in this order:
 *   1. a bracket group closing the body — 〔〕 （） () [] ［］ 【】, a 。
 *      after it allowed — that holds a label ("〔牵头领导：…；责任单位：…〕")
 *      or reads as prose ("（X牵头，Y、Z配合）", "（A、B等负责）");
 *   2. else the first label in the body, with what follows it (labels on
 *      their own lines, or inline without brackets);
 *   3. else "分工：X牵头，…" as prose.
 * Only the last bracket group of a body can be its annotation: brackets
 * inside the task text ("(不含6亩)") stay text.
 *
 * In a labelled annotation a field runs to the next label.  A deadline
 * given as the last clause of the last field, or of prose, without its
 * own label ("…，6月底完成") is the deadline.
 */
#ifndef DUBAN_FIELDS_H
#define DUBAN_FIELDS_H

#include <stdbool.h>

#include "duban/lexicon.h"

/* A range [b, e) of the body; b is NULL when the field is absent. */
struct span {
	const char *b, *e;
};

struct fields {
	struct span text;		/* the task text */
	struct span f[LEX_KINDS];	/* the fields LEX_LEADERS..LEX_DEADLINE */
	bool prose;			/* read from verbs, not labels */
	bool joint;			/* units named jointly ("A、B等负责"),
					 * without one to lead */
	enum lex_kind repeated;		/* a label given twice, or LEX_NONE */
};

/* Splits body into out.  Returns true if body has an annotation; false
 * (out->text the whole body) if it has none. */
bool fields_read(const char *body, struct fields *out);

/* Whether body ends with a whole annotation: in brackets, or "分工：…"
 * prose; false, and *open set, while an opening bracket is not closed. */
bool fields_closed(const char *body, bool *open);

/* Whether [b, e) reads as a deadline phrase ("6月底完成", "年内持续推进"). */
bool fields_is_deadline(const char *b, const char *e);

#endif
