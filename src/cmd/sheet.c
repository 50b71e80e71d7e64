/*
 * duban sheet and duban missing: the monthly reporting round (月调度).
 *
 * sheet writes a fill-in sheet for one lead unit, as export --excel writes
 * (UTF-8 byte order mark, CRLF, Chinese headers, formulas neutralised):
 * first three lines that say whose sheet it is, for which month and from
 * which plan (an FNV-1a 64-bit checksum of items.csv, in hex), then one row
 * per item the unit leads (分工 牵头) and then per item it takes part in
 * (参加), with the item as it stands and empty columns to fill in.
 *
 * missing lists the lead units with open items and no record by that unit
 * dated in the period.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "duban/csvwrite.h"
#include "duban/i18n.h"
#include "duban/match.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/strbuf.h"
#include "duban/tally.h"

enum { OPT_OUTPUT = OPT_COMMAND_BASE, OPT_PERIOD, OPT_ALL };

#define PLAN_FILE_MAX (1024L * 1024 * 1024)

/* A period: one calendar month. */
struct period {
	int year, month;
	date_t first, last;
	char text[16];		/* "2024-06" */
};

static int period_set(struct period *p, int y, int m)
{
	if (date_from_ymd(y, m, 1, &p->first) ||
	    date_from_ymd(y, m, date_days_in_month(y, m), &p->last))
		return -1;
	p->year = y;
	p->month = m;
	snprintf(p->text, sizeof(p->text), "%04d-%02d", y % 10000, m % 100);
	return 0;
}

/* Parses "YYYY-MM". */
static int period_parse(const char *s, struct period *p)
{
	char buf[16];
	date_t d;
	int y, m, dd;

	if (strlen(s) != 7 || s[4] != '-')
		return -1;
	snprintf(buf, sizeof(buf), "%s-01", s);
	if (date_parse(buf, &d))
		return -1;
	date_to_ymd(d, &y, &m, &dd);
	return period_set(p, y, m);
}

static void period_of(date_t d, struct period *p)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	period_set(p, y, m);
}

/* The FNV-1a 64-bit hash of the store's items.csv, as 16 hex digits. */
static int plan_checksum(const struct store_session *ss, char hex[17])
{
	struct duban_error err;
	char path[4096], *data;
	size_t n;
	uint64_t h = 0xcbf29ce484222325ULL;

	if (store_file(ss->dir, STORE_ITEMS, path, sizeof(path), &err) ||
	    file_read_all(path, PLAN_FILE_MAX, &data, &n, &err)) {
		print_error(&err);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)data[i];
		h *= 0x100000001b3ULL;
	}
	mem_free(data);
	snprintf(hex, 17, "%016" PRIx64, h);
	return 0;
}

/* A CSV row being built, Excel style. */
struct row {
	struct strbuf sb;
	bool first;
	int rc;
};

static void field(struct row *r, const char *s)
{
	if (!r->first)
		r->rc |= sb_add(&r->sb, ",", 1);
	r->first = false;
	r->rc |= csv_append_guarded(&r->sb, s);
}

static void number_field(struct row *r, long n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", n);
	field(r, buf);
}

static void end_row(struct row *r)
{
	r->rc |= sb_puts(&r->sb, "\r\n");
	r->first = true;
}

static size_t plan_most_targets(const struct table *t)
{
	size_t most = 0;

	for (size_t i = 0; i < t->n; i++)
		if (t->items[i].ntargets > most)
			most = t->items[i].ntargets;
	return most;
}

static void item_row(struct row *r, const struct item *it,
		     const struct item_state *st, const char *role,
		     size_t ntargets)
{
	char date[DATE_BUFSIZE], goal[512];

	number_field(r, it->id);
	field(r, role);
	field(r, it->text);
	field(r, it->deadline != DATE_NONE ? date_format(it->deadline, date)
					   : it->deadline_text);
	field(r, status_label(st->status));
	number_field(r, state_percent(st));
	field(r, st->last_note ? st->last_note->note : "");
	for (size_t k = 0; k < ntargets; k++) {
		goal[0] = '\0';
		if (k < it->ntargets)
			target_format(&it->targets[k], goal, sizeof(goal));
		field(r, goal);
	}
	for (size_t k = 0; k < 3 + ntargets; k++)
		field(r, "");	/* 本期状态, 本期进度, 本期进展, 本期实际k */
	end_row(r);
}

/* Builds the sheet of unit into doc (reset first). */
static int build_sheet(const struct store_session *ss,
		       const struct plan_state *ps, const char *unit,
		       const struct period *p, const char *sum,
		       struct strbuf *doc)
{
	struct row r = { STRBUF_INIT, true, 0 };
	size_t ntargets = plan_most_targets(&ss->plan);
	char buf[64];

	r.rc |= sb_reset(&r.sb) | sb_puts(&r.sb, "\xEF\xBB\xBF");
	field(&r, "填报单位"); field(&r, unit); end_row(&r);
	field(&r, "报送期间"); field(&r, p->text); end_row(&r);
	field(&r, "方案校验码"); field(&r, sum); end_row(&r);
	field(&r, "序号"); field(&r, "分工"); field(&r, "重点工作");
	field(&r, "完成时限"); field(&r, "当前状态"); field(&r, "当前进度(%)");
	field(&r, "最近进展");
	for (size_t k = 1; k <= ntargets; k++) {
		snprintf(buf, sizeof(buf), "目标%zu", k);
		field(&r, buf);
	}
	field(&r, "本期状态"); field(&r, "本期进度(%)"); field(&r, "本期进展");
	for (size_t k = 1; k <= ntargets; k++) {
		snprintf(buf, sizeof(buf), "本期实际%zu", k);
		field(&r, buf);
	}
	end_row(&r);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ss->plan.n; i++) {
			const struct item *it = &ss->plan.items[i];
			bool lead = units_match(&it->lead_units, unit);

			if (pass == 0 ? lead
				      : !lead && units_match(&it->participants, unit))
				item_row(&r, it, &ps->items[i],
					 pass == 0 ? "牵头" : "参加", ntargets);
		}
	if (r.rc) {
		sb_release(&r.sb);
		fprintf(stderr, _("duban: out of memory\n"));
		return EXIT_FAILURE_DATA;
	}
	sb_release(doc);
	*doc = r.sb;
	return EXIT_OK;
}

static int write_file(const char *path, const struct strbuf *doc)
{
	struct duban_error err;

	if (file_replace(path, doc->s, doc->len, &err)) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	return EXIT_OK;
}

/* Writes the sheet of every lead unit into dir, as dir/UNIT.csv. */
static int write_all(const struct store_session *ss,
		     const struct plan_state *ps, const char *dir,
		     const struct period *p, const char *sum)
{
	struct tally ty = TALLY_INIT;
	struct strbuf doc = STRBUF_INIT, path = STRBUF_INIT;
	int status = EXIT_OK;

	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, _("duban: %s: %s\n"), dir, strerror(errno));
		return EXIT_FAILURE_DATA;
	}
	if (tally_units(&ty, &ss->plan)) {
		fprintf(stderr, _("duban: out of memory\n"));
		return EXIT_FAILURE_DATA;
	}
	for (size_t i = 0; i < ty.n && status == EXIT_OK; i++) {
		const char *u = ty.v[i].name;

		if (ty.v[i].count[ROLE_LEAD] == 0)
			continue;
		status = build_sheet(ss, ps, u, p, sum, &doc);
		if (status != EXIT_OK)
			break;
		if (sb_reset(&path) || sb_puts(&path, dir) || sb_puts(&path, "/")) {
			status = EXIT_FAILURE_DATA;
			break;
		}
		for (const char *c = u; *c && status == EXIT_OK; c++)
			if (sb_add(&path, *c == '/' ? "_" : c, 1))
				status = EXIT_FAILURE_DATA;
		if (status == EXIT_OK && sb_puts(&path, ".csv"))
			status = EXIT_FAILURE_DATA;
		if (status == EXIT_OK)
			status = write_file(path.s, &doc);
	}
	sb_release(&doc);
	sb_release(&path);
	tally_release(&ty);
	return status;
}

int cmd_sheet(int argc, char **argv, struct context *ctx)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "all", no_argument, NULL, OPT_ALL },
		COMMON_OPTIONS
	};
	const char *output = NULL, *unit = NULL, *period_arg = NULL;
	bool all = false;
	struct period p;
	struct filter f = { 0 };
	struct selection sel;
	struct strbuf doc = STRBUF_INIT;
	char sum[17];
	int opt, status;

	while ((opt = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		switch (opt) {
		case 'o': output = optarg; break;
		case OPT_UNIT: unit = optarg; break;
		case OPT_PERIOD: period_arg = optarg; break;
		case OPT_ALL: all = true; break;
		default:
			if ((status = common_option(ctx, opt, optarg)) >= 0)
				return status;
		}
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""), argv[optind]);
	if (all == (unit != NULL))
		return usage_error(ctx, _("sheet takes --unit U or --all"));
	if (!output)
		return usage_error(ctx, all ? _("sheet --all needs -o DIR")
					    : _("sheet needs -o FILE"));
	if (ctx->format != FORMAT_TABLE && ctx->format != FORMAT_CSV)
		return usage_error(ctx, _("sheet writes CSV"));
	if (period_arg && period_parse(period_arg, &p))
		return usage_error(ctx, _("--period takes a month such as 2024-06, "
					  "not \"%s\""), period_arg);
	if (!period_arg)
		period_of(ctx->as_of, &p);
	f.unit = unit;
	if ((status = select_items(ctx, &f, &sel)) != EXIT_OK)
		return status;
	if (plan_checksum(&sel.ss, sum))
		status = EXIT_FAILURE_DATA;
	else if (all)
		status = write_all(&sel.ss, &sel.ps, output, &p, sum);
	else if ((status = build_sheet(&sel.ss, &sel.ps, unit, &p, sum, &doc)) == EXIT_OK)
		status = write_file(output, &doc);
	release_selection(&sel);
	sb_release(&doc);
	return status;
}

static const struct field missing_fields[] = {
	{ "unit", N_("Unit"), FIELD_BOTH },
	{ "open", N_("Open items"), FIELD_BOTH | FIELD_RIGHT },
};

/* True if the journal has a live record by unit dated in p. */
static bool reported(const struct journal *j, const char *unit,
		     const struct period *p)
{
	for (size_t i = 0; i < j->n; i++) {
		const struct entry *e = &j->v[i];

		if (e->kind == ENTRY_UNDO || e->undone || e->date < p->first ||
		    e->date > p->last || !e->by)
			continue;
		if (strcmp(e->by, unit) == 0 || unit_matches(unit, e->by))
			return true;
	}
	return false;
}

int cmd_missing(int argc, char **argv, struct context *ctx)
{
	static const struct option options[] = {
		{ "period", required_argument, NULL, OPT_PERIOD },
		COMMON_OPTIONS
	};
	const char *period_arg = NULL;
	struct period p;
	struct filter f = { 0 };
	struct selection sel;
	struct tally ty = TALLY_INIT;
	struct render r;
	int opt, status, rc = 0;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt == OPT_PERIOD)
			period_arg = optarg;
		else if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""), argv[optind]);
	if (!period_arg)
		return usage_error(ctx, _("missing needs --period YYYY-MM"));
	if (period_parse(period_arg, &p))
		return usage_error(ctx, _("--period takes a month such as 2024-06, "
					  "not \"%s\""), period_arg);
	if ((status = select_items(ctx, &f, &sel)) != EXIT_OK)
		return status;
	if (tally_units(&ty, &sel.ss.plan)) {
		fprintf(stderr, _("duban: out of memory\n"));
		release_selection(&sel);
		return EXIT_FAILURE_DATA;
	}
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), missing_fields,
		     sizeof(missing_fields) / sizeof(*missing_fields));
	for (size_t u = 0; u < ty.n && rc == 0; u++) {
		const char *unit = ty.v[u].name;
		long open = 0;

		if (ty.v[u].count[ROLE_LEAD] == 0)
			continue;
		for (size_t i = 0; i < sel.ss.plan.n; i++)
			if (names_contain(&sel.ss.plan.items[i].lead_units, unit) &&
			    sel.ps.items[i].status != STATUS_DONE)
				open++;
		if (open == 0 || reported(&sel.ss.journal, unit, &p))
			continue;
		struct cell cells[] = { CELL_TEXT_OF(unit), CELL_INT_OF(open) };
		rc = render_row(&r, cells);
	}
	status = finish_render(&r, rc);
	tally_release(&ty);
	release_selection(&sel);
	return status;
}
