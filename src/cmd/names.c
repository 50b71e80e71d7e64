/* duban units and duban leaders: who is named in the plan, and how often. */
#include "cmd/cmd.h"
#include "duban/i18n.h"
#include "duban/tally.h"

static const struct field unit_fields[] = {
	{ "unit", N_("Unit"), FIELD_BOTH },
	{ "lead", N_("Leads"), FIELD_BOTH | FIELD_RIGHT },
	{ "participant", N_("Takes part"), FIELD_BOTH | FIELD_RIGHT },
};

static const struct field leader_fields[] = {
	{ "leader", N_("Leader"), FIELD_BOTH },
	{ "lead", N_("Leads"), FIELD_BOTH | FIELD_RIGHT },
};

static int render_tally(struct context *ctx, const struct tally *ty,
			const struct field *fields, size_t nfields)
{
	struct render r;
	int rc = 0;

	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), fields, nfields);
	for (size_t i = 0; i < ty->n && rc == 0; i++) {
		const struct tally_entry *e = &ty->v[i];
		struct cell cells[] = {
			CELL_TEXT_OF(e->name),
			CELL_INT_OF(e->count[ROLE_LEAD]),
			CELL_INT_OF(e->count[ROLE_PARTICIPANT]),
		};

		rc = render_row(&r, cells);
	}
	return finish_render(&r, rc);
}

/* units and leaders take only the options every command takes. */
static const struct option names_options[] = { COMMON_OPTIONS };

/* The shared body of units and leaders: parse, load, tally, render. */
static int names_command(int argc, char **argv, struct context *ctx,
			 int (*count)(struct tally *, const struct table *),
			 const struct field *fields, size_t nfields)
{
	struct session ss;
	struct tally ty = TALLY_INIT;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "", names_options, NULL)) != -1)
		if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""), argv[optind]);
	if (open_store(ctx, &ss, false))
		return EXIT_FAILURE_DATA;
	if (count(&ty, &ss.plan)) {
		fprintf(stderr, _("duban: out of memory\n"));
		status = EXIT_FAILURE_DATA;
	} else {
		tally_sort(&ty);
		status = render_tally(ctx, &ty, fields, nfields);
	}
	tally_release(&ty);
	close_store(&ss);
	return status;
}

static int cmd_units(int argc, char **argv, struct context *ctx);

const struct command cmd_units_entry = {
	.name = "units",
	.fn = cmd_units,
	.summary = N_("every unit, with the items it leads and takes part in"),
	.usage = N_(
		"usage: duban units\n"),
	.options = names_options,
	.flags = CMD_PAGES,
};

static int cmd_units(int argc, char **argv, struct context *ctx)
{
	return names_command(argc, argv, ctx, tally_units, unit_fields,
			     sizeof(unit_fields) / sizeof(*unit_fields));
}

static int cmd_leaders(int argc, char **argv, struct context *ctx);

const struct command cmd_leaders_entry = {
	.name = "leaders",
	.fn = cmd_leaders,
	.summary = N_("every leader, with the items each leads"),
	.usage = N_(
		"usage: duban leaders\n"),
	.options = names_options,
	.flags = CMD_PAGES,
};

static int cmd_leaders(int argc, char **argv, struct context *ctx)
{
	return names_command(argc, argv, ctx, tally_leaders, leader_fields,
			     sizeof(leader_fields) / sizeof(*leader_fields));
}
