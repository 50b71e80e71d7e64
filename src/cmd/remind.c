/*
 * duban remind: 催办 digests, one short text per lead unit, worded to
 * paste into an SMS or a DingTalk or WeChat group: its items overdue, due
 * within --within days, milestones coming, closures the office returned,
 * and whether it has reported this month.
 *
 * Everything is as of --as-of, so the same store and day give the same
 * texts: run from cron, it writes the same files again.  With -o DIR each
 * unit's text goes to DIR/UNIT.txt, written whole or not at all.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "cmd/rank.h"
#include "cmd/reporting.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/milestone.h"
#include "duban/roster.h"
#include "duban/store.h"
#include "duban/strbuf.h"

enum { OPT_WITHIN = OPT_COMMAND_BASE };

static const struct option remind_options[] = {
	{ "within", required_argument, NULL, OPT_WITHIN },
	{ "output", required_argument, NULL, 'o' },
	COMMON_OPTIONS
};

static int cmd_remind(int argc, char **argv, struct context *ctx);

const struct command cmd_remind_entry = {
	.name = "remind",
	.fn = cmd_remind,
	.summary = N_("a 催办 digest for each lead unit, to send"),
	.usage = N_(
		"usage: duban remind [--within DAYS] [-o DIR] [--as-of DATE]\n"
		"\n"
		"Writes for each lead unit that has something to be reminded of\n"
		"a short text to paste into an SMS or a work group: its items\n"
		"overdue, those due within DAYS (default warn_days of store.conf),\n"
		"milestones coming in that time that the item has not reached,\n"
		"closures the office returned, and no report yet this month.\n"
		"The same store and day give the same texts.\n"
		"\n"
		"  --within DAYS   how far ahead to look (0 to 3650)\n"
		"  -o, --output DIR\n"
		"                  write each unit's text to DIR/UNIT.txt (DIR is\n"
		"                  made if missing); CSV, TSV and JSON give each\n"
		"                  unit's counts and text instead\n"),
	.options = remind_options,
	.flags = CMD_PAGES,
};

/* What one unit is reminded of, as text clauses in order. */
struct digest {
	const char *unit;
	struct strbuf overdue, due, milestones, returned;
	int noverdue, ndue, nmilestones, nreturned;
	bool unreported;
};

static void release_digests(struct digest *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sb_release(&d[i].overdue);
		sb_release(&d[i].due);
		sb_release(&d[i].milestones);
		sb_release(&d[i].returned);
	}
	mem_free(d);
}

/* Adds one entry to a clause's list, after a separator when it has some. */
static int add_entry(struct strbuf *list, int *count, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int add_entry(struct strbuf *list, int *count, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* TRANSLATORS: between the items of a list in a reminder */
	if ((*count)++ && sb_puts(list, _(", ")))
		return -1;
	return sb_puts(list, buf);
}

/* The milestones of item it due from as_of through last that it has not
 * reached, into d. */
static int add_milestones(struct digest *d, const struct item *it,
			  const struct milestones *ms, int percent,
			  date_t as_of, date_t last)
{
	char day[DATE_BUFSIZE];
	size_t n;
	const struct milestone *m = milestones_of(ms, it->id, &n);
	int rc = 0;

	for (size_t k = 0; k < n && rc == 0; k++)
		if (m[k].date >= as_of && m[k].date <= last &&
		    percent < m[k].percent)
			/* TRANSLATORS: an item, its milestone's day and
			 * percent, and its percent now */
			rc = add_entry(&d->milestones, &d->nmilestones,
				       _("#%ld by %s %d%% (now %d%%)"), it->id,
				       date_format(m[k].date, day),
				       m[k].percent, percent);
	return rc;
}

/* Adds what item i asks of digest d as of as_of. */
static int add_item(struct digest *d, const struct session *ss,
		    const struct plan_state *ps, size_t i, date_t as_of,
		    int within)
{
	const struct item *it = &ss->plan.items[i];
	const struct item_state *st = &ps->items[i];
	date_t dl = state_deadline(it, st);
	char day[DATE_BUFSIZE];
	int rc = 0;

	if (st->status == STATUS_DONE)
		return 0;
	if (dl != DATE_NONE && as_of > dl)
		rc = add_entry(&d->overdue, &d->noverdue,
			       _("#%ld (%ld days late)"), it->id,
			       (long)as_of - dl);
	else if (dl != DATE_NONE && (long)dl - as_of <= within)
		rc = add_entry(&d->due, &d->ndue, _("#%ld (due %s)"), it->id,
			       date_format(dl, day));
	/* sent back, and not asked to be closed again */
	if (rc == 0 && st->returns && st->closing == DATE_NONE)
		rc = add_entry(&d->returned, &d->nreturned, _("#%ld"), it->id);
	return rc ? rc : add_milestones(d, it, &ss->milestones,
					state_percent(st), as_of,
					as_of + within);
}

/* The digests of every lead unit, in the order of the plan's units, and
 * how many.  Returns 0, or -1 when memory runs out. */
static int gather(struct digest **out, size_t *nout, const struct session *ss,
		  const struct plan_state *ps, date_t as_of, int within)
{
	struct tally ty = TALLY_INIT, unreported = TALLY_INIT;
	struct tally where = TALLY_INIT;	/* unit → its digest */
	struct period month;
	struct digest *d = NULL;
	size_t n = 0;
	int rc;

	period_of(as_of, &month);
	rc = tally_units(&ty, &ss->plan) ||
	     unreported_units(&unreported, ss, ps, &month) ||
	     !(d = mem_calloc(ty.n ? ty.n : 1, sizeof(*d))) ? -1 : 0;
	for (size_t u = 0; rc == 0 && u < ty.n; u++) {
		long at;

		if (!ty.v[u].count[ROLE_LEAD])
			continue;
		d[n].unit = ty.v[u].name;
		/* a unit interned here is not among them: no open items */
		at = tally_intern(&unreported, d[n].unit);
		if (at < 0 || tally_intern(&where, d[n].unit) != (long)n) {
			rc = -1;
			break;
		}
		d[n].unreported = unreported.v[at].count[ROLE_LEAD] > 0;
		n++;
	}
	/* each item into the digest of each unit that leads it */
	for (size_t i = 0; rc == 0 && i < ss->plan.n; i++) {
		const struct names *lead = &ss->plan.items[i].lead_units;

		for (size_t k = 0; rc == 0 && k < lead->n; k++) {
			long u = tally_intern(&where, lead->v[k]);

			rc = u < 0 || (size_t)u >= n ? -1
			     : add_item(&d[u], ss, ps, i, as_of, within);
		}
	}
	tally_release(&ty);
	tally_release(&unreported);
	tally_release(&where);
	if (rc) {
		release_digests(d, n);
		return -1;
	}
	*out = d;
	*nout = n;
	return 0;
}

static bool has_news(const struct digest *d)
{
	return d->noverdue || d->ndue || d->nmilestones || d->nreturned ||
	       d->unreported;
}

/* The text of digest d, one clause a line. */
static int digest_text(struct strbuf *b, const struct digest *d,
		       date_t as_of, int within)
{
	char day[DATE_BUFSIZE];
	struct period month;
	int rc;

	period_of(as_of, &month);
	rc = sb_reset(b) ||
	     sb_printf(b, _("[duban reminder] %s, as of %s:\n"), d->unit,
		       date_format(as_of, day));
	if (!rc && d->noverdue)
		rc = sb_printf(b, ngettext("%d item overdue: %s\n",
					   "%d items overdue: %s\n",
					   (unsigned long)d->noverdue),
			       d->noverdue, d->overdue.s);
	if (!rc && d->ndue)
		/* TRANSLATORS: how many items, how many days, the items */
		rc = sb_printf(b, ngettext("%1$d item due within %2$d days: "
					   "%3$s\n",
					   "%1$d items due within %2$d days: "
					   "%3$s\n", (unsigned long)d->ndue),
			       d->ndue, within, d->due.s);
	if (!rc && d->nmilestones)
		rc = sb_printf(b, ngettext("%d milestone coming: %s\n",
					   "%d milestones coming: %s\n",
					   (unsigned long)d->nmilestones),
			       d->nmilestones, d->milestones.s);
	if (!rc && d->nreturned)
		rc = sb_printf(b, ngettext("%d closure returned, to do again: "
					   "%s\n",
					   "%d closures returned, to do again: "
					   "%s\n", (unsigned long)d->nreturned),
			       d->nreturned, d->returned.s);
	if (!rc && d->unreported)
		rc = sb_printf(b, _("nothing reported yet for %s\n"),
			       month.text);
	return rc ? -1 : 0;
}

/* A file name for unit: a "/" in it would name a directory, and is
 * written "_" as sheet --all writes it. */
static int file_name_of(struct strbuf *path, const char *dir,
			const char *unit)
{
	if (sb_reset(path) || sb_puts(path, dir) || sb_puts(path, "/"))
		return -1;
	for (const char *s = unit; *s; s++)
		if (sb_add(path, *s == '/' ? "_" : s, 1))
			return -1;
	return sb_puts(path, ".txt");
}

/* Writes each digest with news to dir/UNIT.txt.  Returns the exit
 * status. */
static int write_digests(const char *dir, const struct digest *d, size_t n,
			 date_t as_of, int within)
{
	struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
	struct duban_error err;
	size_t written = 0;
	int status = EXIT_OK;

	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, _("duban: %s: %s\n"), dir, strerror(errno));
		return EXIT_FAILURE_DATA;
	}
	for (size_t i = 0; i < n && status == EXIT_OK; i++) {
		if (!has_news(&d[i]))
			continue;
		if (digest_text(&text, &d[i], as_of, within) ||
		    file_name_of(&path, dir, d[i].unit)) {
			fprintf(stderr, _("duban: out of memory\n"));
			status = EXIT_FAILURE_DATA;
		} else if (file_replace(path.s, text.s, text.len, &err)) {
			print_error(&err);
			status = EXIT_FAILURE_DATA;
		} else {
			written++;
		}
	}
	if (status == EXIT_OK)
		printf(ngettext("%zu reminder written to %s\n",
				"%zu reminders written to %s\n",
				(unsigned long)written), written, dir);
	sb_release(&text);
	sb_release(&path);
	return status;
}

/* Prints each digest with news, a blank line between two. */
static int print_digests(FILE *out, const struct digest *d, size_t n,
			 date_t as_of, int within)
{
	struct strbuf text = STRBUF_INIT;
	bool any = false;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!has_news(&d[i]))
			continue;
		rc = digest_text(&text, &d[i], as_of, within);
		if (rc == 0)
			fprintf(out, "%s%s", any ? "\n" : "", text.s);
		any = true;
	}
	if (rc == 0 && !any)
		fprintf(stderr, "%s\n", _("duban: no unit has anything to be "
					  "reminded of"));
	sb_release(&text);
	return rc ? EXIT_FAILURE_DATA : EXIT_OK;
}

static const struct field remind_fields[] = {
	{ "unit", N_("Unit"), FIELD_BOTH },
	{ "contact", N_("Contact"), FIELD_BOTH },
	{ "overdue", N_("Overdue"), FIELD_BOTH | FIELD_RIGHT },
	{ "due", N_("Due soon"), FIELD_BOTH | FIELD_RIGHT },
	{ "milestones", N_("Milestones"), FIELD_BOTH | FIELD_RIGHT },
	{ "returned", N_("Returned"), FIELD_BOTH | FIELD_RIGHT },
	{ "unreported", N_("Unreported"), FIELD_BOTH | FIELD_RIGHT },
	{ "text", N_("Text"), FIELD_BOTH | FIELD_ELASTIC },
};

#define NREMIND (sizeof(remind_fields) / sizeof(*remind_fields))

/* Renders each digest with news as a row: its counts and its text. */
static int render_digests(struct context *ctx, const struct digest *d,
			  size_t n, const struct roster *ro, int within)
{
	struct strbuf text = STRBUF_INIT;
	struct render r;
	int rc = 0;

	say_when_empty(N_("no unit has anything to be reminded of"));
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), remind_fields, NREMIND);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct unit_row *row = roster_find(ro, d[i].unit);

		if (!has_news(&d[i]))
			continue;
		rc = digest_text(&text, &d[i], ctx->as_of, within) ||
		     render_row(&r, (struct cell[NREMIND]){
			CELL_TEXT_OF(d[i].unit),
			CELL_TEXT_OF(row ? row->contact : ""),
			CELL_INT_OF(d[i].noverdue), CELL_INT_OF(d[i].ndue),
			CELL_INT_OF(d[i].nmilestones), CELL_INT_OF(d[i].nreturned),
			CELL_INT_OF(d[i].unreported), CELL_TEXT_OF(text.s),
		     });
	}
	sb_release(&text);
	return finish_render(&r, rc);
}

static int cmd_remind(int argc, char **argv, struct context *ctx)
{
	struct filter f = { 0 };
	struct selection sel;
	struct roster ro = ROSTER_INIT;
	struct digest *d = NULL;
	const char *dir = NULL;
	size_t n = 0;
	int within = -1, opt, status;

	while ((opt = getopt_long(argc, argv, "o:", remind_options, NULL)) != -1) {
		if (opt == 'o') {
			dir = optarg;
		} else if (opt == OPT_WITHIN) {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (*optarg < '0' || *optarg > '9' || *end || v > 3650)
				return usage_error(ctx, _("--within takes a "
						   "number of days from 0 to "
						   "3650, not \"%s\""), optarg);
			within = (int)v;
		} else if ((status = common_option(ctx, opt, optarg)) >= 0) {
			return status;
		}
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind]);
	if ((status = select_items_with_records(ctx, &f, &sel)) != EXIT_OK)
		return status;
	if (within < 0)
		within = sel.ss.settings.warn_days;
	if (load_roster(&sel.ss, &ro) != EXIT_OK) {
		status = EXIT_FAILURE_DATA;
	} else if (gather(&d, &n, &sel.ss, &sel.ps, ctx->as_of, within)) {
		fprintf(stderr, _("duban: out of memory\n"));
		status = EXIT_FAILURE_DATA;
	} else if (dir) {
		status = write_digests(dir, d, n, ctx->as_of, within);
	} else if (ctx->format == FORMAT_TABLE) {
		status = print_digests(ctx->out, d, n, ctx->as_of, within);
	} else {
		status = render_digests(ctx, d, n, &ro, within);
	}
	release_digests(d, n);
	roster_release(&ro);
	release_selection(&sel);
	return status;
}
