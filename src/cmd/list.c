/* duban list and duban show: the items of the plan. */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/query.h"
#include "duban/text.h"

enum {
	OPT_UNIT = OPT_COMMAND_BASE, OPT_PARTICIPANT, OPT_INVOLVING,
	OPT_LEADER, OPT_SECTION, OPT_GREP,
};

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
	{ "deadline", N_("Deadline"), FIELD_BOTH },
	{ "deadline_text", N_("Deadline as written"), FIELD_MACHINE },
	{ "targets", N_("Targets"), FIELD_MACHINE },
	/* last on the terminal, where it can be cut to fit */
	{ "text", N_("Task"), FIELD_TABLE | FIELD_ELASTIC },
};

#define NFIELDS (sizeof(item_fields) / sizeof(*item_fields))

static void item_cells(const struct item *it, struct cell *c)
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
	c[10] = CELL_TEXT_OF(it->deadline_text);
	c[11] = CELL_TARGETS_OF(it->targets, it->ntargets);
	c[12] = CELL_TEXT_OF(it->text);
}

/* Renders the items at positions[0..n) of t in ctx's format. */
static int render_items(struct context *ctx, const struct table *t,
			const size_t *positions, size_t n)
{
	struct render r;
	struct cell cells[NFIELDS];
	int rc = 0;

	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), item_fields, NFIELDS);
	for (size_t i = 0; i < n && rc == 0; i++) {
		item_cells(&t->items[positions[i]], cells);
		rc = render_row(&r, cells);
	}
	return finish_render(&r, rc);
}

static int parse_list_options(int argc, char **argv, struct context *ctx,
			      struct filter *f)
{
	static const struct option options[] = {
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "participant", required_argument, NULL, OPT_PARTICIPANT },
		{ "involving", required_argument, NULL, OPT_INVOLVING },
		{ "leader", required_argument, NULL, OPT_LEADER },
		{ "section", required_argument, NULL, OPT_SECTION },
		{ "grep", required_argument, NULL, OPT_GREP },
		COMMON_OPTIONS
	};
	int opt, status;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case OPT_UNIT: f->unit = optarg; break;
		case OPT_PARTICIPANT: f->participant = optarg; break;
		case OPT_INVOLVING: f->involving = optarg; break;
		case OPT_LEADER: f->leader = optarg; break;
		case OPT_GREP: f->grep = optarg; break;
		case OPT_SECTION:
			if (filter_parse_section(optarg, &f->section, &f->subsection))
				return usage_error(ctx, _("--section takes a section "
							  "number such as 2, 二 or 2.1, "
							  "not \"%s\""), optarg);
			break;
		default:
			if ((status = common_option(ctx, opt, optarg)) >= 0)
				return status;
		}
	}
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""), argv[optind]);
	return -1;
}

int cmd_list(int argc, char **argv, struct context *ctx)
{
	struct filter f = { 0 };
	struct table t = TABLE_INIT;
	struct duban_error err;
	size_t *positions = NULL, n = 0;
	int status = parse_list_options(argc, argv, ctx, &f);

	if (status >= 0)
		return status;
	if (load_plan(ctx, &t))
		return EXIT_FAILURE_DATA;
	if (filter_check_names(&f, &t, &err)) {
		print_error(&err);
		status = EXIT_USAGE;
	} else if (filter_select(&f, &t, &positions, &n, &err)) {
		print_error(&err);
		status = EXIT_FAILURE_DATA;
	} else {
		status = render_items(ctx, &t, positions, n);
	}
	mem_free(positions);
	table_release(&t);
	return status;
}

/* --- show ----------------------------------------------------------------- */

/* Labels of the fields in a shown item, in their order. */
static const char *const show_labels[] = {
	N_("Section"), N_("Leaders"), N_("Lead units"), N_("Participants"),
	N_("Deadline"), N_("Targets"),
};

#define NLABELS (sizeof(show_labels) / sizeof(*show_labels))
/* Text is indented this much under its label. */
#define SHOW_INDENT 2
/* Text is wrapped at no more than this, even on a wide terminal. */
#define SHOW_WIDTH_MAX 100

static void put_label(FILE *out, const char *label, size_t width, bool color)
{
	const char *l = _(label);

	fprintf(out, color ? "\033[1m%s\033[0m" : "%s", l);
	for (size_t w = text_width(l); w < width + 2; w++)
		putc(' ', out);
}

static void put_joined(FILE *out, const struct names *names)
{
	for (size_t i = 0; i < names->n; i++)
		fprintf(out, "%s%s", i ? "、" : "", names->v[i]);
	if (names->n == 0)
		fputs("—", out);
	putc('\n', out);
}

/* Prints s wrapped at width columns, each line indented. */
static int put_wrapped(FILE *out, const char *s, size_t indent, size_t width)
{
	size_t max = strlen(s) + 1;
	struct text_line *lines = mem_calloc(max, sizeof(*lines));
	long n;

	if (!lines)
		return -1;
	n = text_wrap(s, width > indent + 10 ? width - indent : 10, lines, max);
	for (long i = 0; i < n; i++) {
		size_t len = lines[i].len;

		while (len && s[lines[i].start + len - 1] == ' ')
			len--;
		fprintf(out, "%*s%.*s\n", (int)indent, "", (int)len,
			s + lines[i].start);
	}
	mem_free(lines);
	return n < 0 ? -1 : 0;
}

static int show_item(struct context *ctx, const struct item *it, size_t width,
		     bool color)
{
	FILE *out = ctx->out;
	size_t lw = 0;
	char date[DATE_BUFSIZE], target[512];

	for (size_t i = 0; i < NLABELS; i++)
		if (text_width(_(show_labels[i])) > lw)
			lw = text_width(_(show_labels[i]));
	fprintf(out, color ? "\033[1m%s %ld\033[0m\n" : "%s %ld\n", _("Item"), it->id);
	if (put_wrapped(out, it->text, SHOW_INDENT, width))
		return -1;
	put_label(out, show_labels[0], lw, color);
	fprintf(out, "%d.%d  %s / %s\n", it->section, it->subsection,
		it->section_title, it->subsection_title);
	put_label(out, show_labels[1], lw, color);
	put_joined(out, &it->leaders);
	put_label(out, show_labels[2], lw, color);
	put_joined(out, &it->lead_units);
	put_label(out, show_labels[3], lw, color);
	put_joined(out, &it->participants);
	put_label(out, show_labels[4], lw, color);
	if (it->deadline == DATE_NONE)
		fprintf(out, "%s (%s)\n", _("none"), it->deadline_text);
	else
		fprintf(out, "%s (%s)\n", date_format(it->deadline, date),
			it->deadline_text);
	put_label(out, show_labels[5], lw, color);
	if (it->ntargets == 0)
		fputs("—\n", out);
	for (size_t i = 0; i < it->ntargets; i++) {
		target_format(&it->targets[i], target, sizeof(target));
		if (i)
			fprintf(out, "%*s", (int)(lw + 2), "");
		fprintf(out, "%zu  %s\n", i + 1, target);
	}
	return 0;
}

int cmd_show(int argc, char **argv, struct context *ctx)
{
	static const struct option options[] = { COMMON_OPTIONS };
	struct table t = TABLE_INIT;
	size_t *positions = NULL, n = 0;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1)
		if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	if (optind >= argc)
		return usage_error(ctx, _("show needs at least one item id"));
	if (load_plan(ctx, &t))
		return EXIT_FAILURE_DATA;
	positions = mem_calloc((size_t)(argc - optind), sizeof(size_t));
	status = positions ? EXIT_OK : EXIT_FAILURE_DATA;
	/* All ids are checked before anything is shown. */
	for (int i = optind; i < argc && status == EXIT_OK; i++) {
		const struct item *it;
		long id;

		if (parse_id_arg(ctx, argv[i], &id)) {
			status = EXIT_USAGE;
		} else if (!(it = table_find(&t, id))) {
			fprintf(stderr, _("duban: no item %ld in the plan\n"), id);
			status = EXIT_USAGE;
		} else {
			positions[n++] = (size_t)(it - t.items);
		}
	}
	if (status == EXIT_OK && ctx->format != FORMAT_TABLE) {
		status = render_items(ctx, &t, positions, n);
	} else if (status == EXIT_OK) {
		size_t width = output_width(ctx);
		bool color = output_color(ctx);

		if (width == 0 || width > SHOW_WIDTH_MAX)
			width = width ? SHOW_WIDTH_MAX : 80;
		for (size_t i = 0; i < n && status == EXIT_OK; i++) {
			if (i)
				putc('\n', ctx->out);
			if (show_item(ctx, &t.items[positions[i]], width, color))
				status = EXIT_FAILURE_DATA;
		}
	}
	mem_free(positions);
	table_release(&t);
	return status;
}
