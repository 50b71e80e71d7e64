/*
 * duban bulletin: the 通报, the numbered bulletin the office sends each
 * month to leaders and units.  Its skeleton is the one published 通报
 * share: a heading with the issue, the office and the date; 一、总体情况
 * (counts by standing and light, targets met); 二、分单位情况 (a chart
 * and a table per lead unit with its rank and the change in it); 三、滞后
 * 和逾期事项 (named by unit and item, with their last progress); 四、未报送
 * 情况; 五、下步要求 (the office's own text); and the full item table as
 * 附件.
 *
 * Every figure is the one summary, overdue and missing give for the same
 * --as-of day, and everything is computed for that day, so an old 通报
 * comes out again as it was (but for records added or undone since).
 * The output is chosen by -o's extension: .docx (to edit before
 * sending), .html (to print or mail), .md; without -o, Markdown on
 * stdout, a preview that issues nothing.  A bulletin written to a file is
 * entered in bulletins.csv, from which the next takes its number.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "cmd/changes.h"
#include "cmd/cmd.h"
#include "cmd/rank.h"
#include "cmd/reporting.h"
#include "duban/bulletin.h"
#include "duban/health.h"
#include "duban/i18n.h"
#include "duban/lock.h"
#include "duban/mem.h"
#include "duban/office.h"
#include "duban/sheet.h"
#include "duban/store.h"
#include "duban/summary.h"
#include "duban/text.h"

enum { OPT_BULLETIN_PERIOD = OPT_COMMAND_BASE, OPT_ISSUE,
       OPT_BULLETIN_SINCE };

static const struct option bulletin_options[] = {
	{ "period", required_argument, NULL, OPT_BULLETIN_PERIOD },
	{ "issue", required_argument, NULL, OPT_ISSUE },
	{ "since", required_argument, NULL, OPT_BULLETIN_SINCE },
	{ "output", required_argument, NULL, 'o' },
	COMMON_OPTIONS
};

static int cmd_bulletin(int argc, char **argv, struct context *ctx);

const struct command cmd_bulletin_entry = {
	.name = "bulletin",
	.fn = cmd_bulletin,
	.summary = N_("the 通报: the numbered bulletin to leaders and units"),
	.usage = N_(
		"usage: duban bulletin --period YYYY-MM [--issue N] [--since DATE|last]\n"
		"                      [-o FILE.docx|FILE.html|FILE.md] [--as-of DATE]\n"
		"\n"
		"Writes the 通报 as of --as-of (today by default): the overall\n"
		"counts, each lead unit's figures and rank, the items behind and\n"
		"overdue, the units that did not report in the period, the\n"
		"office's requirements (bulletin-requirements.txt in the store,\n"
		"else a place to write them) and every item as an attachment.\n"
		"The figures are those of summary, overdue and missing.\n"
		"\n"
		"  --period YYYY-MM  the reporting month (for 未报送)\n"
		"  --issue N         its number (default: that of the bulletin of\n"
		"                    the same period and day in bulletins.csv,\n"
		"                    else one more than the last there)\n"
		"  --since DATE      add what changed since DATE (as diff); \"last\"\n"
		"                    is the day of the last bulletin before this\n"
		"  -o, --output FILE  .docx (Word, to edit), .html (one page, to\n"
		"                    print) or .md; the bulletin is then entered in\n"
		"                    bulletins.csv.  Without it, Markdown on stdout.\n"
		"\n"
		"The masthead's office and the plan's title are office and\n"
		"plan_title of store.conf.\n"),
	.options = bulletin_options,
};

enum bulletin_format { AS_MARKDOWN, AS_HTML, AS_DOCX };

struct request {
	struct period period;
	long issue;			/* 0: the next */
	const char *since_arg;		/* NULL, "last" or a date */
	const char *output;		/* NULL: stdout */
	enum bulletin_format format;
};

/* Everything the bulletin says, gathered before a word is written. */
struct facts {
	const struct session *ss;
	const struct plan_state *ps;
	date_t as_of;
	date_t since;			/* DATE_NONE: no changes section */
	date_t ranked_since;		/* the day the rank change is from;
					 * DATE_NONE: none */
	long issue;
	const struct period *period;
	struct summary by_unit;
	const struct group **figures;	/* per score of now: the unit's
					 * group in by_unit */
	struct health *health;		/* per item */
	long lights[LIGHT_COUNT];
	struct scores now, then;
	struct plan_state then_state;
	struct tally unreported;
	struct strbuf requirements;
	bool has_requirements;
	struct roster roster;
};

/* --- words and figures ---------------------------------------------------- */

/* part of whole as a percent with one decimal, rounded half up. */
static const char *share(long part, long whole, char buf[24])
{
	long tenths = whole ? (part * 1000 + whole / 2) / whole : 0;

	snprintf(buf, 24, "%ld.%ld%%", tenths / 10, tenths % 10);
	return buf;
}

/* A day as the office writes it: 2024年6月30日. */
static const char *long_date(date_t d, char buf[48])
{
	int y, m, day;

	date_to_ymd(d, &y, &m, &day);
	/* TRANSLATORS: a day in a bulletin: year, month, day */
	snprintf(buf, 48, _("%1$d-%2$02d-%3$02d"), y, m, day);
	return buf;
}

static const char *month_name(const struct period *p, char buf[48])
{
	/* TRANSLATORS: a month in a bulletin: year, month */
	snprintf(buf, 48, _("%1$d-%2$02d"), p->year, p->month);
	return buf;
}

/* The lead units of it, "、" between them. */
static int join_units(struct strbuf *sb, const struct names *units)
{
	if (sb_reset(sb))
		return -1;
	for (size_t k = 0; k < units->n; k++)
		if (sb_puts(sb, k ? "、" : "") || sb_puts(sb, units->v[k]))
			return -1;
	return 0;
}

/* The task's text cut to about 36 characters, with "…" when cut: a
 * table row names the task; the attachment holds it whole. */
static int short_text(struct strbuf *sb, const char *text)
{
	size_t width, n = text_prefix_fitting(text, 72, &width);

	return sb_reset(sb) || sb_add(sb, text, n) ||
	       (text[n] && sb_puts(sb, "…")) ? -1 : 0;
}

/* What the item last reported: its last note and the day, "nothing
 * reported" when it has no record. */
static int last_progress(struct strbuf *sb, const struct item_state *st)
{
	char day[DATE_BUFSIZE];

	if (sb_reset(sb))
		return -1;
	if (st->last_note)
		return sb_printf(sb, _("%1$s (%2$s)"), st->last_note->note,
				 date_format(st->last_note->date, day));
	if (st->last)
		return sb_printf(sb, _("%d%%, no note (%s)"),
				 state_percent(st),
				 date_format(st->last->date, day));
	return sb_puts(sb, _("nothing reported"));
}

/* --- gathering -------------------------------------------------------------- */

static int gather_health(struct facts *fx)
{
	const struct table *t = &fx->ss->plan;

	if (!(fx->health = mem_calloc(t->n ? t->n : 1, sizeof(*fx->health))))
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		health_of(&t->items[i], &fx->ps->items[i], fx->as_of,
			  &fx->ss->settings, &fx->health[i]);
		fx->lights[fx->health[i].light]++;
	}
	return 0;
}

/* Each scored unit's figures in by_unit, found through a tally of the
 * units' names (by_unit's groups are in the order it shows them). */
static int find_figures(struct facts *fx)
{
	struct tally at = TALLY_INIT;
	int rc = 0;

	fx->figures = mem_calloc(fx->now.n ? fx->now.n : 1,
				 sizeof(*fx->figures));
	if (!fx->figures)
		return -1;
	for (size_t i = 0; i < fx->by_unit.names.n && rc == 0; i++)
		rc = tally_intern(&at, fx->by_unit.stats[i].name) != (long)i;
	for (size_t i = 0; i < fx->now.n && rc == 0; i++) {
		long g = tally_intern(&at, fx->now.v[i].unit);

		if (g < 0)
			rc = -1;
		else if ((size_t)g < fx->by_unit.names.n)
			fx->figures[i] = &fx->by_unit.stats[g];
	}
	tally_release(&at);
	return rc;
}

static int gather(struct facts *fx, const struct selection *sel,
		  struct duban_error *err)
{
	const struct session *ss = &sel->ss;
	char path[4096];

	if (summary_count(&fx->by_unit, BY_UNIT, &ss->plan, &sel->ps,
			  sel->positions, sel->n, fx->as_of, &ss->settings,
			  err))
		return -1;
	if (gather_health(fx) ||
	    unreported_units(&fx->unreported, ss, &sel->ps, fx->period))
		return error_nomem(err);
	if (fx->ranked_since != DATE_NONE
	    ? load_changes_base(&fx->then_state, &fx->then, &fx->now, sel,
				&fx->roster, fx->ranked_since, fx->as_of, err)
	    : score_units(&fx->now, ss, &fx->roster, &sel->ps, fx->as_of, err))
		return -1;
	if (find_figures(fx))
		return error_nomem(err);
	if (store_file(ss->dir, STORE_REQUIREMENTS, path, sizeof(path), err))
		return -1;
	return bulletin_requirements_load(&fx->requirements,
					  &fx->has_requirements, path, path,
					  err);
}

static void release_facts(struct facts *fx)
{
	summary_release(&fx->by_unit);
	mem_free(fx->figures);
	mem_free(fx->health);
	release_scores(&fx->now);
	release_scores(&fx->then);
	state_release(&fx->then_state);
	tally_release(&fx->unreported);
	sb_release(&fx->requirements);
	roster_release(&fx->roster);
}

/* --- writing ---------------------------------------------------------------- */

/* Appends a paragraph printf-style, as long as it comes out: the list
 * of units that did not report has no bound. */
static int para(struct bulletin *b, enum doc_kind kind,
		struct duban_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int para(struct bulletin *b, enum doc_kind kind,
		struct duban_error *err, const char *fmt, ...)
{
	va_list ap;
	char *buf;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(buf = mem_alloc((size_t)n + 1)))
		return error_nomem(err);
	va_start(ap, fmt);
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = bulletin_add(b, kind, buf, NULL, err);
	mem_free(buf);
	return rc;
}

static const char *office_name(const struct settings *s)
{
	return *s->office ? s->office : _("Supervision Office");
}

static const char *plan_title(const struct settings *s)
{
	return *s->plan_title ? s->plan_title : _("the key tasks");
}

static int write_heading(struct bulletin *b, const struct facts *fx,
			 struct duban_error *err)
{
	const struct settings *s = &fx->ss->settings;
	char day[48], month[48], name[512];

	snprintf(name, sizeof(name), _("Bulletin No. %1$ld: %2$s"), fx->issue,
		 plan_title(s));
	/* TRANSLATORS: the language of the bulletin, as HTML names it */
	return bulletin_set_name(b, name, _("en"), err) ||
	       bulletin_add(b, DOC_TITLE, _("Supervision Bulletin"), NULL,
			    err) ||
	       para(b, DOC_ISSUE, err, _("No. %ld"), fx->issue) ||
	       bulletin_add(b, DOC_MASTHEAD, office_name(s),
			    long_date(fx->as_of, day), err) ||
	       para(b, DOC_SUBJECT, err, _("On the progress of %s"),
		    plan_title(s)) ||
	       para(b, DOC_PARAGRAPH, err, _("Here is how %1$s stand as "
		    "of %2$s; the reporting period is %3$s."), plan_title(s),
		    day, month_name(fx->period, month)) ? -1 : 0;
}

/* --- 一、总体情况 --- */

/* Counts the changes into n[kind]. */
static int count_change(const struct change *c, void *arg)
{
	long *n = arg;

	n[c->kind]++;
	return 0;
}

struct change_rows {
	struct bulletin *b;
	struct duban_error *err;
};

static int change_row(const struct change *c, void *arg)
{
	struct change_rows *cr = arg;
	char item[24];

	snprintf(item, sizeof(item), "%ld", c->item);
	return bulletin_add_row(cr->b, (const char *[]){
		c->item ? item : "", c->unit, change_label(c->kind),
		c->before_label, c->after_label }, cr->err);
}

/* What changed since --since, as diff gives it: a sentence and a table. */
static int write_changes(struct bulletin *b, const struct facts *fx,
			 struct duban_error *err)
{
	struct change_sides sd = {
		.ss = fx->ss, .then = &fx->then_state, .now = fx->ps,
		.since = fx->since, .as_of = fx->as_of,
		.before = &fx->then, .after = &fx->now,
	};
	struct change_rows cr = { b, err };
	long n[CH_COUNT] = { 0 };
	char day[48];

	sd.fn = count_change;
	sd.arg = n;
	if (each_change(&sd))
		return error_nomem(err);
	if (para(b, DOC_PARAGRAPH, err, _("Since %1$s: newly done %2$ld, "
		 "reopened %3$ld, newly overdue %4$ld, lights changed %5$ld, "
		 "deadlines extended %6$ld, closures returned %7$ld, units "
		 "moved in rank %8$ld."), long_date(fx->since, day),
		 n[CH_DONE], n[CH_REOPENED], n[CH_OVERDUE], n[CH_LIGHT],
		 n[CH_EXTENDED], n[CH_RETURNED], n[CH_RANK]))
		return -1;
	for (int k = 0; k < CH_COUNT; k++)
		if (n[k]) {
			sd.fn = change_row;
			sd.arg = &cr;
			return bulletin_add_table(b, 5, (const char *[]){
					_("Item"), _("Unit"), _("What changed"),
					_("Before"), _("After") }, 1u, 2u, err) ||
			       each_change(&sd) ? -1 : 0;
		}
	return 0;
}

static int write_overall(struct bulletin *b, const struct facts *fx,
			 struct duban_error *err)
{
	const struct group *t = &fx->by_unit.total;
	char s1[24], s2[24], s3[24], s4[24];
	int rc;

	rc = bulletin_add(b, DOC_HEADING, _("I. Overall"), NULL, err) ||
	     para(b, DOC_PARAGRAPH, err, _("Items: %1$ld.  Done: %2$ld "
		  "(%3$s), %4$ld of them after the deadline.  On schedule: "
		  "%5$ld (%6$s).  Behind: %7$ld (%8$s).  Overdue: %9$ld "
		  "(%10$s).  Average progress: %11$ld%%."), t->items,
		  t->done, share(t->done, t->items, s1), t->done_late,
		  t->on_schedule, share(t->on_schedule, t->items, s2),
		  t->behind, share(t->behind, t->items, s3), t->overdue,
		  share(t->overdue, t->items, s4), group_average(t)) ||
	     para(b, DOC_PARAGRAPH, err, _("Lights: %1$ld red, %2$ld "
		  "yellow, %3$ld blue, %4$ld green."), fx->lights[LIGHT_RED],
		  fx->lights[LIGHT_YELLOW], fx->lights[LIGHT_BLUE],
		  fx->lights[LIGHT_GREEN]);
	if (!rc && t->targets)
		rc = para(b, DOC_PARAGRAPH, err, _("Quantified targets: "
			  "%1$ld, met: %2$ld (%3$s)."), t->targets,
			  t->targets_met, share(t->targets_met, t->targets,
						s1));
	if (!rc && fx->since != DATE_NONE)
		rc = write_changes(b, fx, err);
	return rc;
}

/* --- 二、分单位情况 --- */

static const struct group *unit_figures(const struct facts *fx,
					const struct score *u)
{
	return fx->figures[u - fx->now.v];
}

/* How far a unit moved since the day ranks are compared with: "↑2",
 * "↓1", "—" for no move, "" when there is no such day. */
static const char *rank_move(const struct facts *fx, const struct score *u,
			     char buf[24])
{
	long was;

	if (fx->ranked_since == DATE_NONE)
		return "";
	was = fx->then.v[u - fx->now.v].rank;
	if (was == u->rank)
		return "—";
	snprintf(buf, 24, "%s%ld", was > u->rank ? "↑" : "↓",
		 labs(was - u->rank));
	return buf;
}

static bool any_group(const struct scores *sc)
{
	for (size_t i = 0; i < sc->n; i++)
		if (*sc->v[i].group)
			return true;
	return false;
}

static int unit_row(struct bulletin *b, const struct facts *fx,
		    const struct score *u, const struct group *g, bool groups,
		    struct duban_error *err)
{
	char n[6][24], rate[24], points[24], rank[24], move[24];
	const char *row[11];
	size_t k = 0;

	snprintf(n[0], 24, "%ld", g->items);
	snprintf(n[1], 24, "%ld", g->done);
	snprintf(n[2], 24, "%ld", g->on_schedule);
	snprintf(n[3], 24, "%ld", g->behind);
	snprintf(n[4], 24, "%ld", g->overdue);
	snprintf(points, sizeof(points), "%ld", u->points);
	snprintf(rank, sizeof(rank), "%ld", u->rank);
	if (groups)	/* as rank shows a unit in no group */
		row[k++] = *u->group ? u->group : "—";
	row[k++] = u->unit;
	for (int c = 0; c < 5; c++)
		row[k++] = n[c];
	row[k++] = share(g->done, g->items, rate);
	row[k++] = points;
	row[k++] = rank;
	row[k++] = rank_move(fx, u, move);
	return bulletin_add_row(b, row, err);
}

static int write_units(struct bulletin *b, const struct facts *fx,
		       struct duban_error *err)
{
	bool groups = any_group(&fx->now);
	const char *head[11];
	size_t k = 0;
	int rc;

	rc = bulletin_add(b, DOC_HEADING, _("II. By unit"), NULL, err) ||
	     bulletin_add(b, DOC_PARAGRAPH, groups
			  ? _("Each lead unit's items, by its group and its "
			      "rank in it (duban rank):")
			  : _("Each lead unit's items, by rank (duban rank):"),
			  NULL, err) ||
	     bulletin_add_chart(b, _("Items of each lead unit"),
				(const char *[DOC_SEGMENTS]){ _("Done"),
				_("On schedule"), _("Behind"), _("Overdue") },
				err);
	for (size_t i = 0; i < fx->now.n && rc == 0; i++) {
		const struct score *u = fx->now.order[i];
		const struct group *g = unit_figures(fx, u);

		if (g)
			rc = bulletin_add_bar(b, u->unit, (long[DOC_SEGMENTS]){
				g->done, g->on_schedule, g->behind,
				g->overdue }, err);
	}
	if (groups)
		head[k++] = _("Group");
	head[k++] = _("Unit");
	head[k++] = _("Items");
	head[k++] = _("Done");
	head[k++] = _("On schedule");
	head[k++] = _("Behind");
	head[k++] = _("Overdue");
	head[k++] = _("Done %");
	head[k++] = _("Points");
	head[k++] = _("Rank");
	head[k++] = _("Change");
	rc = rc || bulletin_add_table(b, k, head, groups ? 0x7fcu : 0x3feu,
				      0, err);
	for (size_t i = 0; i < fx->now.n && rc == 0; i++) {
		const struct score *u = fx->now.order[i];
		const struct group *g = unit_figures(fx, u);

		if (g)
			rc = unit_row(b, fx, u, g, groups, err);
	}
	return rc;
}

/* --- 三、滞后和逾期事项 --- */

struct late {
	long days;
	size_t pos;
};

static int most_late_first(const void *pa, const void *pb)
{
	const struct late *a = pa, *b = pb;

	if (a->days != b->days)
		return a->days > b->days ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/* The overdue items, most overdue first (as duban overdue lists them),
 * then those behind, in plan order: positions into *out, how many
 * returned (-1 when memory runs out). */
static long lagging_items(const struct facts *fx, size_t **out)
{
	const struct table *t = &fx->ss->plan;
	struct late *late = mem_calloc(t->n ? t->n : 1, sizeof(*late));
	size_t *v = mem_calloc(t->n ? t->n : 1, sizeof(*v)), n = 0, nlate = 0;

	if (!late || !v) {
		mem_free(late);
		mem_free(v);
		return -1;
	}
	for (size_t i = 0; i < t->n; i++)
		if (fx->health[i].standing == STANDING_OVERDUE)
			late[nlate++] = (struct late){
				fx->health[i].days_overdue, i };
	qsort(late, nlate, sizeof(*late), most_late_first);
	for (size_t i = 0; i < nlate; i++)
		v[n++] = late[i].pos;
	for (size_t i = 0; i < t->n; i++)
		if (fx->health[i].standing == STANDING_BEHIND)
			v[n++] = i;
	mem_free(late);
	*out = v;
	return (long)n;
}

static int lagging_row(struct bulletin *b, const struct facts *fx, size_t i,
		       struct strbuf bufs[3], struct duban_error *err)
{
	const struct item *it = &fx->ss->plan.items[i];
	const struct item_state *st = &fx->ps->items[i];
	const struct health *h = &fx->health[i];
	char id[24], deadline[DATE_BUFSIZE], standing[96];

	snprintf(id, sizeof(id), "%ld", it->id);
	if (h->standing == STANDING_OVERDUE)
		snprintf(standing, sizeof(standing), _("%ld days overdue"),
			 h->days_overdue);
	else
		snprintf(standing, sizeof(standing), _("%1$d%%, %2$d%% "
			 "expected"), state_percent(st), h->elapsed);
	if (join_units(&bufs[0], &it->lead_units) ||
	    short_text(&bufs[1], it->text) || last_progress(&bufs[2], st))
		return error_nomem(err);
	return bulletin_add_row(b, (const char *[]){ id, bufs[0].s, bufs[1].s,
		date_format(state_deadline(it, st), deadline), standing,
		bufs[2].s }, err);
}

static int write_lagging(struct bulletin *b, const struct facts *fx,
			 struct duban_error *err)
{
	const struct group *t = &fx->by_unit.total;
	struct strbuf bufs[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	size_t *v = NULL;
	long n = lagging_items(fx, &v);
	int rc = n < 0 ? error_nomem(err) : 0;

	rc = rc || bulletin_add(b, DOC_HEADING, _("III. Behind and overdue"),
				NULL, err);
	if (!rc && n == 0)
		rc = bulletin_add(b, DOC_PARAGRAPH, _("No item is behind or "
				  "overdue."), NULL, err);
	else if (!rc)
		rc = para(b, DOC_PARAGRAPH, err, _("Overdue: %1$ld.  Behind "
			  "schedule: %2$ld.  They are:"), t->overdue,
			  t->behind) ||
		     bulletin_add_table(b, 6, (const char *[]){ _("Item"),
			     _("Lead units"), _("Task"), _("Deadline"),
			     _("Standing"), _("Latest progress") }, 1u, 2u, err);
	for (long k = 0; k < n && rc == 0; k++)
		rc = lagging_row(b, fx, v[k], bufs, err);
	for (int k = 0; k < 3; k++)
		sb_release(&bufs[k]);
	mem_free(v);
	return rc;
}

/* --- 四、未报送情况 --- */

static int write_unreported(struct bulletin *b, const struct facts *fx,
			    struct strbuf *sb, struct duban_error *err)
{
	const struct tally *u = &fx->unreported;
	char month[48];
	int rc;

	month_name(fx->period, month);
	rc = sb_reset(sb) ? error_nomem(err) : 0;
	rc = rc || bulletin_add(b, DOC_HEADING, _("IV. Units that did not report"),
			  NULL, err);
	if (!rc && u->n == 0)
		return para(b, DOC_PARAGRAPH, err, _("Every lead unit with "
			    "open items reported for %s."), month);
	for (size_t i = 0; i < u->n && rc == 0; i++)
		rc = sb_puts(sb, i ? "、" : "") || sb_puts(sb, u->v[i].name)
		     ? error_nomem(err) : 0;
	rc = rc || para(b, DOC_PARAGRAPH, err, _("Lead units with open "
			"items that reported nothing for %1$s: %2$zu (%3$s)."),
			month, u->n, sb->s) ||
	     bulletin_add_table(b, 2, (const char *[]){ _("Unit"),
				_("Open items") }, 2u, 0, err);
	for (size_t i = 0; i < u->n && rc == 0; i++) {
		char open[24];

		snprintf(open, sizeof(open), "%ld", u->v[i].count[ROLE_LEAD]);
		rc = bulletin_add_row(b, (const char *[]){ u->v[i].name, open },
				      err);
	}
	return rc;
}

/* --- 五、下步要求 and the attachment --- */

static int write_requirements(struct bulletin *b, const struct facts *fx,
			      struct duban_error *err)
{
	const char *s = fx->requirements.s;
	struct strbuf line = STRBUF_INIT;
	int rc = bulletin_add(b, DOC_HEADING, _("V. Next steps"), NULL, err);

	if (!rc && !*fx->requirements.s)	/* no file, or blank */
		/* TRANSLATORS: the file name stays as it is */
		return bulletin_add(b, DOC_PLACEHOLDER, _("[The office's "
				    "requirements for the next stage: write "
				    "them here, or keep them in "
				    "bulletin-requirements.txt in the store "
				    "to have them in every bulletin.]"), NULL,
				    err);
	/* bulletin_requirements_load() ends every line with a newline */
	for (const char *nl; rc == 0 && s && (nl = strchr(s, '\n')); s = nl + 1)
		rc = sb_reset(&line) || sb_add(&line, s, (size_t)(nl - s))
		     ? error_nomem(err)
		     : bulletin_add(b, DOC_PARAGRAPH, line.s, NULL, err);
	sb_release(&line);
	return rc;
}

static int attachment_row(struct bulletin *b, const struct facts *fx,
			  size_t i, struct strbuf bufs[3],
			  struct duban_error *err)
{
	const struct item *it = &fx->ss->plan.items[i];
	const struct item_state *st = &fx->ps->items[i];
	char id[24], deadline[DATE_BUFSIZE], percent[24];

	snprintf(id, sizeof(id), "%ld", it->id);
	snprintf(percent, sizeof(percent), "%d%%", state_percent(st));
	if (join_units(&bufs[0], &it->lead_units) ||
	    join_units(&bufs[1], &it->leaders) || last_progress(&bufs[2], st))
		return error_nomem(err);
	return bulletin_add_row(b, (const char *[]){ id, it->text, bufs[1].s,
		bufs[0].s, date_format(state_deadline(it, st), deadline),
		percent, standing_label(fx->health[i].standing), bufs[2].s },
		err);
}

static int write_attachment(struct bulletin *b, const struct facts *fx,
			    struct duban_error *err)
{
	struct strbuf bufs[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	int rc = bulletin_add(b, DOC_ANNEX, _("Attachment: every item"),
			      NULL, err) ||
		 bulletin_add_table(b, 8, (const char *[]){ _("Item"),
			 _("Task"), _("Leaders"), _("Lead units"),
			 _("Deadline"), _("Progress"), _("Standing"),
			 _("Latest progress") }, 0x21u, 0xcu, err);

	for (size_t i = 0; i < fx->ss->plan.n && rc == 0; i++)
		rc = attachment_row(b, fx, i, bufs, err);
	for (int k = 0; k < 3; k++)
		sb_release(&bufs[k]);
	return rc;
}

static int write_bulletin(struct bulletin *b, const struct facts *fx,
			  struct duban_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = write_heading(b, fx, err) || write_overall(b, fx, err) ||
		 write_units(b, fx, err) || write_lagging(b, fx, err) ||
		 write_unreported(b, fx, &sb, err) ||
		 write_requirements(b, fx, err) || write_attachment(b, fx, err);

	sb_release(&sb);
	return rc ? -1 : 0;
}

/* --- output ------------------------------------------------------------------ */

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n > k && strcasecmp(s + n - k, tail) == 0;
}

/* The format -o's name asks for.  Returns 0, or -1 for none we write. */
static int format_of(const char *path, enum bulletin_format *f)
{
	if (ends_with(path, ".docx"))
		*f = AS_DOCX;
	else if (ends_with(path, ".html") || ends_with(path, ".htm"))
		*f = AS_HTML;
	else if (ends_with(path, ".md"))
		*f = AS_MARKDOWN;
	else
		return -1;
	return 0;
}

/* Writes b to out (NULL: stdout) as f.  Returns 0, or -1 (err). */
static int emit(const struct bulletin *b, enum bulletin_format f,
		const char *out, struct duban_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	const struct office *o;
	int rc;

	if (f == AS_DOCX)
		return (o = office_load(err)) ? o->bulletin_docx(b, out, err)
					      : -1;
	rc = f == AS_HTML ? bulletin_html(b, &sb, err)
			  : bulletin_markdown(b, &sb, err);
	if (rc == 0 && out)
		rc = file_replace(out, sb.s, sb.len, err);
	else if (rc == 0 && (fwrite(sb.s, 1, sb.len, stdout) != sb.len ||
			     fflush(stdout)))
		rc = error_set(err, NULL, 0, _("cannot write: %s"),
			       strerror(errno));
	sb_release(&sb);
	return rc;
}

/* --- the register --------------------------------------------------------- */

/* Refuses issue number n for period when the register has it for
 * another month already. */
static int check_issue(const struct bulletin_register *r, long n,
		       const struct period *period, const char *name,
		       struct duban_error *err)
{
	const struct bulletin_issue *is = bulletin_register_find(r, n);

	if (!is || strcmp(is->period, period->text) == 0)
		return 0;
	return error_set(err, name, is->line, _("issue %1$ld is the bulletin "
			 "for %2$s already: give another --issue"), n,
			 is->period);
}

/* The number the bulletin of rq as of as_of takes by register r (name in
 * messages): --issue N, else that of the same bulletin issued before
 * (written again, or in another format), else the next.  Returns it, or
 * -1 (err) when it is another month's or past the last there can be. */
static long issue_number(const struct bulletin_register *r,
			 const struct request *rq, date_t as_of,
			 const char *name, struct duban_error *err)
{
	const struct bulletin_issue *same =
		bulletin_register_same(r, rq->period.text, as_of);
	long n = rq->issue ? rq->issue : same ? same->number
			   : bulletin_register_next(r);

	if (n > BULLETIN_ISSUE_MAX)
		return error_set(err, name, 0, _("the register holds issue "
				 "%d, the last there can be: give --issue"),
				 BULLETIN_ISSUE_MAX);
	return check_issue(r, n, &rq->period, name, err) ? -1 : n;
}

/* Whether r has issue n for period as of as_of already. */
static bool entered(const struct bulletin_register *r, long n,
		    const char *period, date_t as_of)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].number == n && r->v[i].as_of == as_of &&
		    strcmp(r->v[i].period, period) == 0)
			return true;
	return false;
}

/* Writes bulletin b, numbered number, to rq's file and enters it in the
 * register, both under the store's exclusive lock, once the register
 * still gives it that number: two bulletins made at once never share
 * one, and a file is written only for a number entered.  Returns 0; 1,
 * writing nothing, when the register now gives another number (another
 * bulletin was issued meanwhile); or -1 with err filled. */
static int publish(const char *dir, const struct request *rq, date_t as_of,
		   long number, const struct bulletin *b,
		   struct duban_error *err)
{
	struct bulletin_register r = BULLETIN_REGISTER_INIT;
	struct store_lock lock = STORE_LOCK_INIT;
	struct bulletin_issue is = { .number = number, .as_of = as_of };
	char path[4096];
	long now;
	int rc = store_file(dir, STORE_BULLETINS, path, sizeof(path), err) ||
		 store_lock(dir, true, &lock, err) ||
		 bulletin_register_load(&r, path, path, err) ? -1 : 0;

	if (rc == 0 && (now = issue_number(&r, rq, as_of, path, err)) < 0)
		rc = -1;
	else if (rc == 0 && now != number)
		rc = 1;		/* taken meanwhile: to be made again */
	snprintf(is.period, sizeof(is.period), "%s", rq->period.text);
	/* entered first: a file whose number the next bulletin could take
	 * again would be worse than a number taken by no file */
	if (rc == 0 && !entered(&r, number, is.period, as_of) &&
	    (rc = bulletin_register_add(&r, &is, path, err)) == 0 &&
	    (rc = emit(b, rq->format, rq->output, err)) != 0)
		bulletin_register_add(&r, NULL, path, NULL);	/* as it was */
	else if (rc == 0 && entered(&r, number, is.period, as_of))
		rc = emit(b, rq->format, rq->output, err);
	store_unlock(&lock);
	bulletin_register_release(&r);
	return rc;
}

/* --- the command ------------------------------------------------------------ */

static int parse_bulletin_options(int argc, char **argv, struct context *ctx,
				  struct request *rq)
{
	const char *period = NULL;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "o:", bulletin_options,
				  NULL)) != -1) {
		char *end;

		switch (opt) {
		case OPT_BULLETIN_PERIOD:
			period = optarg;
			break;
		case OPT_ISSUE:
			rq->issue = strtol(optarg, &end, 10);
			if (*optarg < '1' || *optarg > '9' || *end ||
			    rq->issue > BULLETIN_ISSUE_MAX)
				return usage_error(ctx, _("--issue takes a "
						   "number from 1 to 999999, "
						   "not \"%s\""), optarg);
			break;
		case OPT_BULLETIN_SINCE:
			rq->since_arg = optarg;
			break;
		case 'o':
			rq->output = optarg;
			if (format_of(optarg, &rq->format))
				return usage_error(ctx, _("-o names a .docx, "
						   ".html or .md file, not "
						   "\"%s\""), optarg);
			break;
		default:
			if ((status = common_option(ctx, opt, optarg)) >= 0)
				return status;
		}
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind]);
	if (!period)
		return usage_error(ctx, _("bulletin needs --period YYYY-MM"));
	if (period_parse(period, &rq->period))
		return usage_error(ctx, _("--period takes a month such as "
				   "2024-06, not \"%s\""), period);
	if (rq->period.first > ctx->as_of)
		return usage_error(ctx, _("the period %s begins after --as-of"),
				   rq->period.text);
	return -1;
}

/* The day --since names: a date, or "last", the day of the latest
 * bulletin before as_of.  Returns the exit status, EXIT_OK to go on. */
static int since_day(struct context *ctx, const struct request *rq,
		     const struct bulletin_register *r, date_t *since)
{
	const struct bulletin_issue *last;

	*since = DATE_NONE;
	if (!rq->since_arg)
		return EXIT_OK;
	if (strcmp(rq->since_arg, "last") == 0) {
		if (!(last = bulletin_register_before(r, ctx->as_of))) {
			char day[DATE_BUFSIZE];

			fprintf(stderr, _("duban: bulletins.csv has no "
					  "bulletin before %s for --since "
					  "last\n"),
				date_format(ctx->as_of, day));
			return EXIT_FAILURE_DATA;
		}
		*since = last->as_of;
	} else if (date_parse(rq->since_arg, since) || *since == DATE_NONE) {
		return usage_error(ctx, _("--since takes a date such as "
				   "2024-06-30 or \"last\", not \"%s\""),
				   rq->since_arg);
	}
	if (*since >= ctx->as_of)
		return usage_error(ctx, _("--since must come before --as-of"));
	return EXIT_OK;
}

/* Reads the register, and settles the issue's number and the days
 * compared with.  Returns the exit status, EXIT_OK to go on. */
static int settle_issue(struct context *ctx, const struct request *rq,
			const struct session *ss, struct facts *fx)
{
	struct bulletin_register r = BULLETIN_REGISTER_INIT;
	const struct bulletin_issue *last;
	struct duban_error err;
	char path[4096];
	int status = EXIT_OK;

	if (store_file(ss->dir, STORE_BULLETINS, path, sizeof(path), &err) ||
	    bulletin_register_load(&r, path, path, &err) ||
	    (fx->issue = issue_number(&r, rq, ctx->as_of, path, &err)) < 0) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	} else if ((status = since_day(ctx, rq, &r, &fx->since)) == EXIT_OK) {
		last = bulletin_register_before(&r, ctx->as_of);
		fx->ranked_since = fx->since != DATE_NONE ? fx->since
				   : last ? last->as_of : DATE_NONE;
	}
	bulletin_register_release(&r);
	return status;
}

/* Makes the bulletin of rq into b, numbered *issue, from the store as
 * it is now (its directory into dir).  Returns the exit status. */
static int make_bulletin(struct context *ctx, const struct request *rq,
			 struct bulletin *b, long *issue, char *dir,
			 size_t size)
{
	struct filter f = { 0 };
	struct selection sel;
	struct facts fx = {
		.period = &rq->period, .as_of = ctx->as_of,
		.by_unit = SUMMARY_INIT,
		.then_state = PLAN_STATE_INIT, .unreported = TALLY_INIT,
		.requirements = STRBUF_INIT, .roster = ROSTER_INIT,
	};
	struct duban_error err;
	int status;

	fx.now = fx.then = (struct scores){ .index = TALLY_INIT };
	if ((status = select_items_with_records(ctx, &f, &sel)) != EXIT_OK)
		return status;
	fx.ss = &sel.ss;
	fx.ps = &sel.ps;
	snprintf(dir, size, "%s", sel.ss.dir);
	if ((status = settle_issue(ctx, rq, &sel.ss, &fx)) == EXIT_OK &&
	    (status = load_roster(&sel.ss, &fx.roster)) == EXIT_OK &&
	    (gather(&fx, &sel, &err) || write_bulletin(b, &fx, &err))) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	}
	*issue = fx.issue;
	release_facts(&fx);
	release_selection(&sel);	/* its shared lock too, for publish() */
	return status;
}

/* How many times a bulletin is made again when others take its number
 * while it is made. */
#define PUBLISH_TRIES 5

static int cmd_bulletin(int argc, char **argv, struct context *ctx)
{
	struct request rq = { .format = AS_MARKDOWN };
	struct bulletin b = BULLETIN_INIT;
	struct duban_error err;
	char dir[4096];
	long issue = 0;
	int status = parse_bulletin_options(argc, argv, ctx, &rq), rc = 1;

	if (status >= 0)
		return status;
	if (ctx->format != FORMAT_TABLE)
		return usage_error(ctx, _("bulletin writes Markdown, HTML or "
				   "Word (by -o's name), not --format"));
	for (int tries = 0; rc == 1 && tries < PUBLISH_TRIES; tries++) {
		bulletin_release(&b);
		status = make_bulletin(ctx, &rq, &b, &issue, dir, sizeof(dir));
		if (status != EXIT_OK)
			break;
		if (!rq.output)
			rc = emit(&b, rq.format, NULL, &err);
		else
			rc = publish(dir, &rq, ctx->as_of, issue, &b, &err);
	}
	if (status == EXIT_OK && rc) {
		if (rc == 1)
			error_set(&err, NULL, 0, _("other bulletins took its "
				  "number %d times while it was made"),
				  PUBLISH_TRIES);
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	} else if (status == EXIT_OK && rq.output) {
		printf(_("bulletin No. %1$ld written to %2$s\n"), issue,
		       rq.output);
	}
	bulletin_release(&b);
	return status;
}
