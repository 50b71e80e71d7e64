/* duban list and duban show: the items of the plan. */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "duban/evidence.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/query.h"
#include "duban/text.h"

/* An item's fields: every column of items.csv for the machine formats, a
 * readable few for the terminal, the task text taking what width is left. */
static const struct field item_fields[] = {
	{ "id", N_("ID"), FIELD_BOTH | FIELD_RIGHT },
	{ "section", N_("Section"), FIELD_MACHINE },
	{ "section_title", N_("Section title"), FIELD_MACHINE },
	{ "subsection", N_("Subsection"), FIELD_MACHINE },
	{ "subsection_title", N_("Subsection title"), FIELD_MACHINE },
	{ "text", N_("Task"), FIELD_MACHINE },
	{ "leaders", N_("Leaders"), FIELD_BOTH },
	{ "lead_units", N_("Lead units"), FIELD_BOTH },
	{ "participants", N_("Participants"), FIELD_MACHINE },
	{ "deadline", N_("Deadline"), FIELD_MACHINE },
	/* on the terminal the deadline judged by, a granted one if any */
	{ "deadline", N_("Deadline"), FIELD_TABLE },
	{ "deadline_text", N_("Deadline as written"), FIELD_MACHINE },
	{ "targets", N_("Targets"), FIELD_MACHINE },
	{ "status", N_("Status"), FIELD_MACHINE },
	{ "status", N_("Status"), FIELD_TABLE | FIELD_WHOLE },
	/* TRANSLATORS: the header of the percent done column */
	{ "percent", N_("%"), FIELD_BOTH | FIELD_RIGHT },
	{ "health", N_("Health"), FIELD_MACHINE },
	{ "light", N_("Light"), FIELD_MACHINE },
	{ "health", N_("Health"), FIELD_TABLE | FIELD_WHOLE },
	{ "deadline_extended", N_("Extended to"), FIELD_MACHINE },
	{ "extensions", N_("Extensions"), FIELD_MACHINE },
	{ "deadline_requested", N_("Extension asked for"), FIELD_MACHINE },
	{ "review_requested", N_("Awaiting review since"), FIELD_MACHINE },
	{ "closures_returned", N_("Closures returned"), FIELD_MACHINE },
	/* last on the terminal, wrapped in the width left over */
	{ "text", N_("Task"), FIELD_TABLE | FIELD_ELASTIC },
};

#define NFIELDS (sizeof(item_fields) / sizeof(*item_fields))

static void item_cells(const struct item *it, const struct item_state *st,
		       const struct health *h, struct cell *c)
{
	c[0] = CELL_INT_OF(it->id);
	c[1] = CELL_INT_OF(it->section);
	c[2] = CELL_TEXT_OF(it->section_title);
	c[3] = CELL_INT_OF(it->subsection);
	c[4] = CELL_TEXT_OF(it->subsection_title);
	c[5] = CELL_TEXT_OF(it->text);
	c[6] = CELL_NAMES_OF(&it->leaders);
	c[7] = CELL_NAMES_OF(&it->lead_units);
	c[8] = CELL_NAMES_OF(&it->participants);
	c[9] = CELL_DATE_OF(it->deadline);
	c[10] = CELL_DATE_OF(state_deadline(it, st));
	c[11] = CELL_TEXT_OF(it->deadline_text);
	c[12] = CELL_TARGETS_OF(it->targets, it->ntargets);
	c[13] = CELL_TEXT_OF(status_key(st->status));
	/* on the terminal, a done that awaits review says so */
	c[14] = CELL_TEXT_OF(st->closing != DATE_NONE ? "申请办结"
			     : status_label(st->status));
	c[15] = CELL_INT_OF(state_percent(st));
	c[16] = CELL_TEXT_OF(standing_key(h->standing));
	c[17] = CELL_TEXT_OF(light_key(h->light));
	c[18] = CELL_TEXT_OF(standing_label(h->standing));
	c[18].light = h->light;
	c[18].has_light = true;
	c[19] = CELL_DATE_OF(st->extended);
	c[20] = CELL_INT_OF(st->extensions);
	c[21] = CELL_DATE_OF(st->requested);
	c[22] = CELL_DATE_OF(st->closing);
	c[23] = CELL_INT_OF(st->returns);
	c[24] = CELL_TEXT_OF(it->text);
}

/* Renders the items at positions[0..n) of the store, whose states are
 * ps, in ctx's format; f (or NULL) is the filter that chose them. */
static int render_items(struct context *ctx, const struct session *ss,
			const struct plan_state *ps, const size_t *positions,
			size_t n, const struct filter *f)
{
	const struct table *t = &ss->plan;
	struct render r;
	struct cell cells[NFIELDS];
	int rc = 0;

	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), item_fields, NFIELDS);
	if (f)
		render_ask_filter(&r, f);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct item *it = &t->items[positions[i]];
		const struct item_state *st = &ps->items[positions[i]];
		struct health h;

		health_of(it, st, ctx->as_of, &ss->settings, &h);
		item_cells(it, st, &h, cells);
		rc = render_row(&r, cells);
	}
	return finish_render(&r, rc);
}

static const struct option list_options[] = { FILTER_OPTIONS, COMMON_OPTIONS };

static int cmd_list(int argc, char **argv, struct context *ctx);

const struct command cmd_list_entry = {
	.name = "list",
	.fn = cmd_list,
	.summary = N_("list items, filtered by unit, leader, section or text"),
	.usage = N_(
		"usage: duban list [--unit U] [--participant U] [--involving U]\n"
		"                  [--leader NAME] [--section N[.M]] [--grep TEXT]\n"
		"                  [--status S] [--health L] [--mine]\n"
),
	.more = filter_options_help,
	.options = list_options,
	.flags = CMD_PAGES,
};

static int cmd_list(int argc, char **argv, struct context *ctx)
{
	struct filter f = { 0 };
	struct selection sel;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "", list_options, NULL)) != -1)
		if ((status = filter_option(ctx, opt, optarg, &f)) >= 0)
			return status;
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind]);
	if ((status = select_items(ctx, &f, &sel)) != EXIT_OK)
		return status;
	status = render_items(ctx, &sel.ss, &sel.ps, sel.positions, sel.n, &f);
	release_selection(&sel);
	return status;
}

/* --- show ----------------------------------------------------------------- */

/* Labels of the fields in a shown item, in their order. */
static const char *const show_labels[] = {
	N_("Section"), N_("Leaders"), N_("Lead units"), N_("Participants"),
	N_("Deadline"), N_("Status"), N_("Targets"), N_("Evidence"),
	N_("History"),
};

enum { L_SECTION, L_LEADERS, L_LEAD_UNITS, L_PARTICIPANTS, L_DEADLINE,
       L_STATUS, L_TARGETS, L_EVIDENCE, L_HISTORY, NLABELS };

/* Text is indented this much under its label. */
#define SHOW_INDENT 2
/* Text is wrapped at no more than this, even on a wide terminal. */
#define SHOW_WIDTH_MAX 100

/* How show prints: where, how wide, in colour or not. */
struct show_out {
	FILE *out;
	size_t width;		/* wrap text at this */
	size_t label_width;	/* the widest label */
	bool color;
	date_t as_of;		/* history: records reporting up to this day */
};

static void put_label(const struct show_out *so, int label)
{
	const char *l = _(show_labels[label]);

	fprintf(so->out, so->color ? "\033[1m%s\033[0m" : "%s", l);
	for (size_t w = text_width(l); w < so->label_width + 2; w++)
		putc(' ', so->out);
}

/* Starts a continuation line under the previous label's value. */
static void put_continuation(const struct show_out *so)
{
	fprintf(so->out, "%*s", (int)(so->label_width + 2), "");
}

/* A line of text may end this many columns short, to end after
 * punctuation (text_fill). */
#define SHOW_SLACK 6

/* Prints raw wrapped at width columns: CRs left out, tabs as blanks, and
 * what must not reach a terminal raw (text_unsafe_len: escapes,
 * bidirectional overrides) as U+FFFD; its lines start indent columns in,
 * the first only if first_indent.  names: breaks between names.  Returns
 * 0, or -1 out of memory. */
static int put_wrapped(FILE *out, const char *raw, size_t indent,
		       bool first_indent, size_t width, bool names)
{
	struct strbuf plain = STRBUF_INIT, safe = STRBUF_INIT;
	struct text_line *lines = NULL;
	const char *s;
	long n = -1;
	int rc = -1;

	width = width > indent + 10 ? width - indent : 10;
	for (const char *p = raw; *p; p++)
		if (*p != '\r' && sb_add(&plain, *p == '\t' ? " " : p, 1))
			goto out;
	if (text_defuse(plain.s ? plain.s : "", &safe))
		goto out;
	s = safe.s ? safe.s : "";
	if (!(lines = mem_calloc(strlen(s) + 1, sizeof(*lines))))
		goto out;
	n = text_fill(s, width, names ? SIZE_MAX
				      : width / 4 < SHOW_SLACK ? width / 4 : SHOW_SLACK,
		      lines, strlen(s) + 1);
	for (long i = 0; i < n; i++) {
		if ((i || first_indent) && lines[i].len)
			fprintf(out, "%*s", (int)indent, "");
		fprintf(out, "%.*s\n", (int)lines[i].len, s + lines[i].start);
	}
	if (n == 0)
		putc('\n', out);
	rc = n < 0 ? -1 : 0;
out:
	mem_free(lines);
	sb_release(&plain);
	sb_release(&safe);
	return rc;
}

/* Prints text as the value beside a label, wrapped to the width left, its
 * later lines under the first. */
static int put_value(const struct show_out *so, const char *text, bool names)
{
	return put_wrapped(so->out, text, so->label_width + 2, false, so->width,
			   names);
}

/* Prints the value of a label that is a list of names, or "—". */
static int put_joined(const struct show_out *so, const struct names *names)
{
	struct strbuf b = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < names->n && !rc; i++)
		rc = sb_puts(&b, i ? "、" : "") || sb_puts(&b, names->v[i]);
	if (!rc)
		rc = put_value(so, names->n ? b.s : "—", true);
	sb_release(&b);
	return rc;
}

static int show_status(const struct show_out *so, const struct item_state *st)
{
	char date[DATE_BUFSIZE];
	struct strbuf b = STRBUF_INIT;
	int rc;

	put_label(so, L_STATUS);
	rc = sb_printf(&b, "%s  %d%%", status_label(st->status), state_percent(st));
	if (!rc && st->last_date != DATE_NONE)
		rc = sb_printf(&b, _("  (last report %s)"),
			       date_format(st->last_date, date));
	if (!rc)
		rc = put_value(so, b.s, false);
	if (!rc && st->closing != DATE_NONE) {
		put_continuation(so);
		rc = sb_reset(&b) ||
		     sb_printf(&b, _("reported done on %s, awaiting the "
				     "office's review (申请办结)"),
			       date_format(st->closing, date)) ||
		     put_value(so, b.s, false);
	}
	if (!rc && st->returns) {
		put_continuation(so);
		rc = sb_reset(&b) ||
		     sb_printf(&b, ngettext("%d closure returned (退回)",
					    "%d closures returned (退回)",
					    (unsigned long)st->returns),
			       st->returns) ||
		     put_value(so, b.s, false);
	}
	if (!rc && st->last_note) {
		put_continuation(so);
		rc = put_value(so, st->last_note->note, false);
	}
	sb_release(&b);
	return rc;
}

/* The files that back the item's records, oldest first: the day and the
 * file's name as given, then where the store keeps it, on a line of its
 * own and never wrapped, so that it can be copied whole. */
static int show_evidence(const struct show_out *so, const struct item *it,
			 const struct session *ss)
{
	const struct journal *j = &ss->journal;
	char date[DATE_BUFSIZE];
	struct strbuf b = STRBUF_INIT;
	bool any = false;
	int rc = 0;

	for (size_t i = 0; i < j->n && !rc; i++) {
		const struct entry *e = &j->v[i];

		if (e->item != it->id || e->kind != ENTRY_EVIDENCE ||
		    e->undone || e->date > so->as_of)
			continue;
		if (!any)
			put_label(so, L_EVIDENCE);
		else
			put_continuation(so);
		rc = sb_reset(&b) ||
		     sb_printf(&b, "%s  %s", date_format(e->date, date),
			       e->note) ||
		     put_value(so, b.s, false);
		put_continuation(so);
		fprintf(so->out, "%s/%s\n", EVIDENCE_DIR, e->figure);
		any = true;
	}
	sb_release(&b);
	return rc;
}

static int show_targets(const struct show_out *so, const struct item *it,
			const struct item_state *st)
{
	char target[512], date[DATE_BUFSIZE];
	struct strbuf b = STRBUF_INIT;
	int rc = 0;

	put_label(so, L_TARGETS);
	if (it->ntargets == 0)
		rc = put_value(so, "—", false);
	for (size_t i = 0; i < it->ntargets && !rc; i++) {
		const struct entry *a = st->actuals[i];

		target_format(&it->targets[i], target, sizeof(target));
		if (i)
			put_continuation(so);
		rc = sb_reset(&b) || sb_printf(&b, "%zu  %s", i + 1, target);
		if (!rc && a)
			rc = sb_printf(&b, _("  actual %s%s (%s)"), a->figure,
				       it->targets[i].unit,
				       date_format(a->date, date));
		if (!rc)
			rc = put_value(so, b.s, false);
	}
	sb_release(&b);
	return rc;
}

/* The item's records, newest first. */
static int show_history(const struct show_out *so, const struct item *it,
			const struct session *ss)
{
	char what[256], date[DATE_BUFSIZE];
	const struct journal *j = &ss->journal;
	struct strbuf b = STRBUF_INIT;
	bool any = false;
	int rc = 0;

	put_label(so, L_HISTORY);
	for (size_t i = j->n; i-- > 0 && !rc;) {
		const struct entry *e = &j->v[i];

		if (e->item != it->id || e->date > so->as_of)
			continue;
		if (any)
			put_continuation(so);
		describe_entry(e, &ss->plan, what, sizeof(what));
		rc = sb_reset(&b) ||
		     sb_printf(&b, "%s  %s  %s", date_format(e->date, date), what,
			       e->by) ||
		     (*e->note && sb_printf(&b, "  %s", e->note)) ||
		     put_value(so, b.s, false);
		any = true;
	}
	if (!any && !rc)
		rc = put_value(so, "—", false);
	sb_release(&b);
	return rc;
}

/* The deadline granted and the one asked for, under the plan's, when
 * there are. */
static int show_extensions(const struct show_out *so,
			   const struct item_state *st)
{
	char date[DATE_BUFSIZE];
	struct strbuf b = STRBUF_INIT;
	int rc = 0;

	if (st->extended != DATE_NONE) {
		put_continuation(so);
		/* TRANSLATORS: the deadline an extension granted, and how
		 * many were granted */
		rc = sb_printf(&b, ngettext("extended to %s (%d extension)",
					    "extended to %s (%d extensions)",
					    (unsigned long)st->extensions),
			       date_format(st->extended, date), st->extensions) ||
		     put_value(so, b.s, false);
	}
	if (!rc && st->requested != DATE_NONE) {
		put_continuation(so);
		rc = sb_reset(&b) ||
		     sb_printf(&b, _("extension to %s asked for, not yet "
				     "settled"), date_format(st->requested, date)) ||
		     put_value(so, b.s, false);
	}
	sb_release(&b);
	return rc ? -1 : 0;
}

static int show_item(const struct show_out *so, const struct item *it,
		     const struct item_state *st, const struct session *ss)
{
	FILE *out = so->out;
	char date[DATE_BUFSIZE];
	struct strbuf b = STRBUF_INIT;
	int rc;

	fprintf(out, so->color ? "\033[1m%s %ld\033[0m\n" : "%s %ld\n", _("Item"),
		it->id);
	rc = put_wrapped(out, it->text, SHOW_INDENT, true, so->width, false);
	put_label(so, L_SECTION);
	rc = rc || sb_printf(&b, "%d.%d  %s / %s", it->section, it->subsection,
			     it->section_title, it->subsection_title) ||
	     put_value(so, b.s, false);
	put_label(so, L_LEADERS);
	rc = rc || put_joined(so, &it->leaders);
	put_label(so, L_LEAD_UNITS);
	rc = rc || put_joined(so, &it->lead_units);
	put_label(so, L_PARTICIPANTS);
	rc = rc || put_joined(so, &it->participants);
	put_label(so, L_DEADLINE);
	rc = rc || sb_reset(&b);
	/* TRANSLATORS: a deadline, then in brackets as the plan writes it */
	if (!rc)
		rc = sb_printf(&b, _("%s (%s)"), it->deadline == DATE_NONE
			       ? _("none") : date_format(it->deadline, date),
			       it->deadline_text);
	rc = rc || put_value(so, b.s, false) || show_extensions(so, st) ||
	     show_status(so, st) ||
	     show_targets(so, it, st) || show_evidence(so, it, ss) ||
	     show_history(so, it, ss);
	sb_release(&b);
	return rc ? -1 : 0;
}

/* Finds every id argument in the plan, all of them before anything is
 * shown.  Fills positions; returns EXIT_OK or the status to exit with. */
static int find_items(struct context *ctx, const struct table *t, char **ids,
		      int n, size_t *positions)
{
	for (int i = 0; i < n; i++) {
		const struct item *it;
		long id;

		if (parse_id_arg(ctx, ids[i], &id))
			return EXIT_USAGE;
		if (!(it = table_find(t, id))) {
			fprintf(stderr, _("duban: no item %ld in the plan\n"),
				id);
			return EXIT_USAGE;
		}
		positions[i] = (size_t)(it - t->items);
	}
	return EXIT_OK;
}

static int show_items(struct context *ctx, const struct session *ss,
		      const struct plan_state *ps, const size_t *positions,
		      size_t n)
{
	struct show_out so = { ctx->out, output_width(ctx), 0, output_color(ctx),
			       ctx->as_of };

	if (so.width == 0 || so.width > SHOW_WIDTH_MAX)
		so.width = so.width ? SHOW_WIDTH_MAX : 80;
	for (size_t i = 0; i < NLABELS; i++)
		if (text_width(_(show_labels[i])) > so.label_width)
			so.label_width = text_width(_(show_labels[i]));
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc('\n', ctx->out);
		if (show_item(&so, &ss->plan.items[positions[i]],
			      &ps->items[positions[i]], ss))
			return EXIT_FAILURE_DATA;
	}
	return EXIT_OK;
}

static const struct option show_options[] = { COMMON_OPTIONS };

static int cmd_show(int argc, char **argv, struct context *ctx);

const struct command cmd_show_entry = {
	.name = "show",
	.fn = cmd_show,
	.summary = N_("show whole items: text, units, deadline, targets"),
	.usage = N_(
		"usage: duban show ID...\n"
		"\n"
		"Shows each item in full, the task text wrapped to the terminal.\n"),
	.options = show_options,
	.flags = CMD_PAGES | CMD_TAKES_IDS,
};

static int cmd_show(int argc, char **argv, struct context *ctx)
{
	struct session ss;
	struct plan_state ps = PLAN_STATE_INIT;
	struct duban_error err;
	size_t *positions;
	long *ids;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "", show_options, NULL)) != -1)
		if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	if (optind >= argc)
		return usage_error(ctx, _("show needs at least one item id"));
	if (!(ids = parse_id_args(ctx, argv + optind, argc - optind, &status)))
		return status;
	/* those items and their records, not the whole store */
	status = open_store_records(ctx, &ss, ids, (size_t)(argc - optind));
	mem_free(ids);
	if (status)
		return EXIT_FAILURE_DATA;
	positions = mem_calloc((size_t)(argc - optind), sizeof(size_t));
	if (!positions || state_fold(&ps, &ss.plan, &ss.journal, ctx->as_of, &err)) {
		fprintf(stderr, _("duban: out of memory\n"));
		status = EXIT_FAILURE_DATA;
	} else {
		status = find_items(ctx, &ss.plan, argv + optind, argc - optind,
				    positions);
	}
	if (status == EXIT_OK && ctx->format != FORMAT_TABLE)
		status = render_items(ctx, &ss, &ps, positions,
				      (size_t)(argc - optind), NULL);
	else if (status == EXIT_OK)
		status = show_items(ctx, &ss, &ps, positions, (size_t)(argc - optind));
	mem_free(positions);
	state_release(&ps);
	close_store(&ss);
	return status;
}
