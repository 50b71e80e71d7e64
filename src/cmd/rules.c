/*
 * duban rules: the office's own rules as the store has them — every key of
 * store.conf with the value in force (set, or the default) and what it
 * means, so that a threshold or a score is never a guess.
 */
#include <stdlib.h>

#include "cmd/cmd.h"
#include "duban/i18n.h"
#include "duban/settings.h"

static const struct option rules_options[] = {
	COMMON_OPTIONS
};

static int cmd_rules(int argc, char **argv, struct context *ctx);

const struct command cmd_rules_entry = {
	.name = "rules",
	.fn = cmd_rules,
	.summary = N_("the rules of store.conf in force, and what each means"),
	.usage = N_(
		"usage: duban rules [--format FORMAT]\n"
		"\n"
		"Lists every rule store.conf may set (key = value, one a line), the\n"
		"value in force (the store's, else the default) and what it means.\n"
		"A bad rule is refused by every command with its line.\n"),
	.options = rules_options,
};

static const struct field rules_fields[] = {
	{ "key", N_("Rule"), FIELD_BOTH | FIELD_WHOLE },
	{ "value", N_("Value"), FIELD_BOTH | FIELD_WHOLE },
	{ "meaning", N_("Meaning"), FIELD_BOTH | FIELD_ELASTIC },
};

#define NRULES (sizeof(rules_fields) / sizeof(*rules_fields))

static int cmd_rules(int argc, char **argv, struct context *ctx)
{
	struct session ss;
	struct render r;
	int opt, status, rc = 0;

	while ((opt = getopt_long(argc, argv, "", rules_options, NULL)) != -1)
		if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	if (optind < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind]);
	if (open_store_as(ctx, &ss, SESSION_STATE))
		return EXIT_FAILURE_DATA;
	render_begin(&r, ctx->format, ctx->out, output_width(ctx),
		     output_color(ctx), rules_fields, NRULES);
	for (size_t i = 0; i < settings_rule_count && rc == 0; i++) {
		char value[SETTINGS_TEXT_MAX + DATE_BUFSIZE];

		settings_value(&ss.settings, i, value, sizeof(value));
		rc = render_row(&r, (struct cell[NRULES]){
			CELL_TEXT_OF(settings_rules[i].key),
			CELL_TEXT_OF(value),
			CELL_TEXT_OF(_(settings_rules[i].doc)),
		});
	}
	status = finish_render(&r, rc);
	close_store(&ss);
	return status;
}
