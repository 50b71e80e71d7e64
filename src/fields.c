/*
 * fields — an item's text and annotation split into fields; see fields.h.
 */
#include <string.h>

#include "duban/date.h"
#include "duban/fields.h"
#include "duban/lexeme.h"
#include "duban/text.h"

static const char *const brackets[][2] = {
	{ "〔", "〕" }, { "（", "）" }, { "(", ")" }, { "[", "]" }, { "［", "］" },
	{ "【", "】" },
};

/* Trims blanks, separators and a final 。 off the body's end. */
static const char *body_end(const char *body)
{
	const char *b = body, *e = body + strlen(body);

	lex_trim(&b, &e, lex_separator);
	return e;
}

/* The opening bracket matching the closing one that ends [body, e), or
 * NULL; the bracket pair in *k. */
static const char *matching_open(const char *body, const char *e, size_t *k)
{
	for (*k = 0; *k < NELEM(brackets); (*k)++) {
		const char *open = brackets[*k][0], *close = brackets[*k][1];
		int depth = 0;

		if (!lex_ends(body, e, close))
			continue;
		for (const char *p = e; p > body;) {
			p = lex_char_before(body, p);
			if (lex_starts(p, close))
				depth++;
			else if (lex_starts(p, open) && --depth == 0)
				return p;
		}
		return NULL;
	}
	return NULL;
}

/* The first label in [b, e), or NULL. */
static const char *first_label(const char *b, const char *e)
{
	size_t n;

	for (const char *p = b; p < e; p += text_char_len(p))
		if (lexicon_label_at(p, &n) != LEX_NONE)
			return p;
	return NULL;
}

bool fields_is_deadline(const char *b, const char *e)
{
	char buf[128];
	date_t d;

	lex_trim(&b, &e, lex_separator);
	/* "区长期护理保险中心" is a unit, whatever words it holds */
	if (b == e || (size_t)(e - b) >= sizeof(buf) || lexicon_organ_like(b, e))
		return false;
	memcpy(buf, b, (size_t)(e - b));
	buf[e - b] = '\0';
	/* any year will do to tell a phrase from a name */
	return date_parse_deadline(buf, 2000, &d) == 0;
}

/* Whether p is a round bracket, which moves *depth. */
static bool paren_step(const char *p, int *depth)
{
	if (lex_starts(p, "（") || *p == '(') {
		++*depth;
		return true;
	}
	if (lex_starts(p, "）") || *p == ')') {
		*depth -= *depth > 0;
		return true;
	}
	return false;
}

/* Where the last clause of [b, e) starts (after its ，,；;), or b. */
static const char *last_clause(const char *b, const char *e)
{
	const char *last = b;
	int depth = 0;

	for (const char *p = b; p < e; p += text_char_len(p))
		if (!paren_step(p, &depth) && !depth &&
		    (lex_starts(p, "，") || lex_starts(p, "；") || *p == ',' ||
		     *p == ';'))
			last = p + text_char_len(p);
	return last;
}

/* Moves a deadline that closes [b, *e) as its last clause into dl. */
static void take_trailing_deadline(const char *b, const char **e,
				   struct span *dl)
{
	const char *c = last_clause(b, *e);

	if (c == b || !fields_is_deadline(c, *e))
		return;
	dl->b = c;
	dl->e = *e;
	lex_trim(&dl->b, &dl->e, lex_separator);
	*e = c;
	lex_trim(&b, e, lex_separator);
}

static bool read_prose(const char *b, const char *e, struct fields *out);
static const char *find_lead_verb(const char *b, const char *e, size_t *n);
static int cut_support_verb(const char *b, const char **e);

/* A labelled list of units that speaks in verbs itself: "责任单位：区商务局
 * 牵头，区市场监管局、各街道配合" leads with 区商务局, the others take part;
 * "区发改委、区财政局按职责分工负责" is the two units, jointly. */
static void units_in_prose(struct fields *out, enum lex_kind k)
{
	struct span *f = &out->f[k];
	struct fields p;
	size_t n;

	if (!f->b || f->b == f->e)
		return;
	memset(&p, 0, sizeof(p));
	if (!find_lead_verb(f->b, f->e, &n) && !cut_support_verb(f->b, &f->e))
		return;
	if (!find_lead_verb(f->b, f->e, &n)) {
		out->joint = k == LEX_UNITS || out->joint;
		lex_trim(&f->b, &f->e, lex_separator);
		return;
	}
	if (!read_prose(f->b, f->e, &p) || !p.f[LEX_LEAD].b)
		return;
	out->f[LEX_LEAD] = p.f[LEX_LEAD];
	if (k == LEX_UNITS)
		*f = (struct span){ NULL, NULL };
	if (p.f[LEX_PARTICIPANTS].b && !out->f[LEX_PARTICIPANTS].b)
		out->f[LEX_PARTICIPANTS] = p.f[LEX_PARTICIPANTS];
	else if (p.f[LEX_PARTICIPANTS].b && k == LEX_UNITS)
		*f = p.f[LEX_PARTICIPANTS];
}

/* Reads the labelled fields of [b, e) into out. */
static void read_labels(const char *b, const char *e, struct fields *out)
{
	enum lex_kind f = LEX_NONE, last = LEX_NONE;
	size_t n;

	for (const char *p = b; p < e;) {
		enum lex_kind g = lexicon_label_at(p, &n);

		if (g == LEX_NONE) {
			p += text_char_len(p);
			continue;
		}
		if (f != LEX_NONE)
			out->f[f].e = p;
		if (out->f[g].b && out->repeated == LEX_NONE)
			out->repeated = g;
		f = last = g;
		out->f[f].b = p + n;
		p += n;
	}
	if (f != LEX_NONE)
		out->f[f].e = e;
	for (int k = 0; k < LEX_KINDS; k++)
		if (out->f[k].b)
			lex_trim(&out->f[k].b, &out->f[k].e, lex_separator);
	if (last != LEX_NONE && last != LEX_DEADLINE && !out->f[LEX_DEADLINE].b)
		take_trailing_deadline(out->f[last].b, &out->f[last].e,
				       &out->f[LEX_DEADLINE]);
	units_in_prose(out, LEX_LEAD);
	units_in_prose(out, LEX_UNITS);
}

/* The first lead verb (牵头) in [b, e) outside brackets, its length in *n. */
static const char *find_lead_verb(const char *b, const char *e, size_t *n)
{
	int depth = 0;

	for (const char *p = b; p < e; p += text_char_len(p))
		if (!paren_step(p, &depth) && !depth &&
		    (*n = lexicon_verb_at(p, true)))
			return p;
	return NULL;
}

/* Cuts a support verb (配合, 负责 …) off the end of [b, *e); returns
 * whether the verb makes the units lead (负责) or support (配合). */
static int cut_support_verb(const char *b, const char **e)
{
	for (const char *p = b; p < *e; p += text_char_len(p)) {
		size_t n = lexicon_verb_at(p, false);

		if (n && p + n == *e) {
			bool leads = lex_ends(p, p + n, "负责") ||
				     lex_ends(p, p + n, "負責") ||
				     lex_ends(p, p + n, "落实");
			*e = p;
			return leads ? 1 : 2;
		}
	}
	return 0;
}

/* Reads prose "X牵头，Y配合" / "A、B等负责" in [b, e).  Returns whether
 * it is prose. */
static bool read_prose(const char *b, const char *e, struct fields *out)
{
	struct span dl = { NULL, NULL }, lead = { NULL, NULL }, rest;
	const char *v;
	size_t n;
	int kind;

	take_trailing_deadline(b, &e, &dl);
	if ((v = find_lead_verb(b, e, &n))) {
		if (v == b)
			return false;	/* 牵头 names no one */
		lead.b = b;
		lead.e = v;
		rest.b = v + n;
		rest.e = e;
		lex_trim(&rest.b, &rest.e, lex_separator);
		cut_support_verb(rest.b, &rest.e);
		if (rest.b < rest.e)
			out->f[LEX_PARTICIPANTS] = rest;
	} else {
		rest.b = b;
		rest.e = e;
		if (!(kind = cut_support_verb(rest.b, &rest.e)))
			return false;
		if (kind == 1) {
			lead = rest;
			out->joint = true;
		} else {
			out->f[LEX_PARTICIPANTS] = rest;
		}
	}
	if (lead.b) {
		lex_trim(&lead.b, &lead.e, lex_separator);
		out->f[LEX_LEAD] = lead;
	}
	out->f[LEX_DEADLINE] = dl;
	out->prose = true;
	return true;
}

/* Reads the annotation [b, e): labelled, or prose. */
static bool read_annotation(const char *b, const char *e, struct fields *out)
{
	if (first_label(b, e)) {
		read_labels(b, e, out);
		return true;
	}
	return read_prose(b, e, out);
}

/* Case 1: a bracket group closing the body. */
static bool closing_group(const char *body, struct fields *out)
{
	const char *e = body_end(body), *open;
	size_t k;

	if (!(open = matching_open(body, e, &k)))
		return false;
	/* "（列第一位者为牵头单位，下同）" is a rule, not who leads */
	if (lexicon_first_leads_rule(open, e))
		return false;
	if (!read_annotation(open + strlen(brackets[k][0]),
			     e - strlen(brackets[k][1]), out))
		return false;
	out->text.e = open;
	return true;
}

/* Case 2: the first label and what follows; an opening bracket just
 * before it belongs to the annotation, with its closing one. */
static bool from_first_label(const char *body, struct fields *out)
{
	const char *e = body + strlen(body), *first = first_label(body, e);
	const char *t = body, *te;

	if (!first)
		return false;
	te = first;
	lex_trim(&t, &te, lex_blank);
	out->text.e = te;
	for (size_t k = 0; k < NELEM(brackets); k++) {
		const char *open = brackets[k][0], *close = brackets[k][1];

		if (lex_ends(t, te, open)) {
			const char *bb = first, *be = e;

			out->text.e = te - strlen(open);
			lex_trim(&bb, &be, lex_separator);
			if (lex_ends(bb, be, close))
				e = be - strlen(close);
			break;
		}
	}
	read_labels(first, e, out);
	return true;
}

/* Case 3: "分工：X牵头，…" without brackets, in [b, e). */
static bool division_prose(const char *b, const char *e, struct fields *out)
{
	static const char *const intro[] = { "部门分工：", "部门分工:", "分工：",
					     "分工:" };

	for (size_t i = 0; i < NELEM(intro); i++) {
		const char *p = b;
		size_t n = strlen(intro[i]);

		while (p + n <= e && memcmp(p, intro[i], n))
			p += text_char_len(p);
		if (p + n <= e && read_prose(p + n, e, out)) {
			out->text.e = p;
			return true;
		}
	}
	return false;
}

/* Labels after prose ("部门分工：X牵头，Y配合" then "完成时限：…"): the
 * units from the prose in the text before the first label. */
static void prose_before_labels(struct fields *out)
{
	struct fields d;

	if (out->f[LEX_LEAD].b || out->f[LEX_UNITS].b ||
	    out->f[LEX_PARTICIPANTS].b)
		return;
	memset(&d, 0, sizeof(d));
	if (!division_prose(out->text.b, out->text.e, &d))
		return;
	out->f[LEX_LEAD] = d.f[LEX_LEAD];
	out->f[LEX_PARTICIPANTS] = d.f[LEX_PARTICIPANTS];
	out->text.e = d.text.e;
	out->prose = true;
	out->joint = d.joint;
}

bool fields_read(const char *body, struct fields *out)
{
	bool found;

	memset(out, 0, sizeof(*out));
	out->repeated = LEX_NONE;
	out->text.b = body;
	out->text.e = body + strlen(body);
	found = closing_group(body, out);
	if (!found) {
		memset(out->f, 0, sizeof(out->f));
		out->repeated = LEX_NONE;
		out->prose = false;
		if ((found = from_first_label(body, out)))
			prose_before_labels(out);
		else
			found = division_prose(body, body_end(body), out);
	}
	if (!found)
		out->text.e = body + strlen(body);
	lex_trim(&out->text.b, &out->text.e, lex_blank);
	return found;
}

bool fields_closed(const char *body, bool *open)
{
	const char *e = body_end(body), *o;
	int depth = 0;
	size_t k;

	for (const char *p = body; *p; p += text_char_len(p))
		for (k = 0; k < NELEM(brackets); k++) {
			if (lex_starts(p, brackets[k][0]))
				depth++;
			else if (lex_starts(p, brackets[k][1]) && depth)
				depth--;
		}
	*open = depth > 0;
	if (*open)
		return false;
	{
		struct fields f;

		memset(&f, 0, sizeof(f));
		f.repeated = LEX_NONE;
		if ((o = matching_open(body, e, &k)))
			return read_annotation(o + strlen(brackets[k][0]),
					       e - strlen(brackets[k][1]), &f);
		return division_prose(body, e, &f);
	}
}
