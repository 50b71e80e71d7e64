/*
 * duban completion: scripts for bash, zsh and fish, which ask duban itself
 * (duban __complete) for the words that may come next: commands, the
 * options of a command's table, the units and leaders of the store,
 * item ids, statuses and lights.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "duban/i18n.h"
#include "duban/match.h"
#include "duban/tally.h"

static const char bash_script[] =
	"# duban's completion for bash: eval \"$(duban completion bash)\"\n"
	"_duban() {\n"
	"\tlocal IFS=$'\\n'\n"
	"\tCOMPREPLY=($(duban __complete \"$COMP_CWORD\" \"${COMP_WORDS[@]}\" "
	"2>/dev/null))\n"
	"}\n"
	"complete -F _duban duban\n";

static const char zsh_script[] =
	"# duban's completion for zsh: eval \"$(duban completion zsh)\"\n"
	"autoload -U +X bashcompinit && bashcompinit\n";

static const char fish_script[] =
	"# duban's completion for fish: duban completion fish | source\n"
	"function __duban_complete\n"
	"\tset -l words (commandline -opc) (commandline -ct)\n"
	"\tduban __complete (math (count $words) - 1) $words 2>/dev/null\n"
	"end\n"
	"complete -c duban -f -a '(__duban_complete)'\n";

static const struct option completion_options[] = { COMMON_OPTIONS };

static int cmd_completion(int argc, char **argv, struct context *ctx);

const struct command cmd_completion_entry = {
	.name = "completion",
	.fn = cmd_completion,
	.summary = N_("print a shell's completion script"),
	.usage = N_(
		"usage: duban completion bash|zsh|fish\n"
		"\n"
		"Prints a script that completes duban's commands, options, unit and\n"
		"leader names, item ids and statuses.  For bash, add to ~/.bashrc:\n"
		"    eval \"$(duban completion bash)\"\n"
		"(make install puts the bash one where bash-completion finds it).\n"),
	.options = completion_options,
};

static int cmd_completion(int argc, char **argv, struct context *ctx)
{
	int opt, status;

	while ((opt = getopt_long(argc, argv, "", completion_options, NULL)) != -1)
		if ((status = common_option(ctx, opt, optarg)) >= 0)
			return status;
	if (argc - optind != 1)
		return usage_error(ctx, _("completion takes bash, zsh or fish"));
	if (strcmp(argv[optind], "bash") == 0) {
		fputs(bash_script, stdout);
	} else if (strcmp(argv[optind], "zsh") == 0) {
		fputs(zsh_script, stdout);
		fputs(bash_script, stdout);
	} else if (strcmp(argv[optind], "fish") == 0) {
		fputs(fish_script, stdout);
	} else {
		return usage_error(ctx, _("completion takes bash, zsh or fish, not "
					  "\"%s\""), argv[optind]);
	}
	return EXIT_OK;
}

/* --- the words --------------------------------------------------------------- */

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void offer(const char *word, const char *prefix)
{
	if (starts(word, prefix))
		printf("%s\n", word);
}

#define OPTIONS_MAX 64

/* The long options of a command as its table gives them (NULL, or a name
 * that is no command: those before any command), "--name" each, into
 * out[0..OPTIONS_MAX) (storage that the next call reuses).  Returns how
 * many. */
static size_t command_options(const char *command, const char **out)
{
	static char names[OPTIONS_MAX][40];
	const struct command *c = command ? command_find(command) : NULL;
	const struct option *o = c ? c->options : global_options;
	size_t n = 0;

	for (; o->name && n < OPTIONS_MAX; o++) {
		snprintf(names[n], sizeof(*names), "--%s", o->name);
		out[n] = names[n];
		n++;
	}
	return n;
}

static void offer_options(const char *command, const char *prefix)
{
	const char *opts[OPTIONS_MAX];
	size_t n = command_options(command, opts);

	for (size_t i = 0; i < n; i++)
		offer(opts[i], prefix);
}

const char *closest_option(const char *command, const char *bad)
{
	const char *opts[OPTIONS_MAX], *best;
	size_t n = command_options(command, opts);

	return names_closest(bad, opts, n, &best, 1) == 1 ? best : NULL;
}

size_t option_commands(const char *option, char *buf, size_t size)
{
	const char *opts[OPTIONS_MAX];
	size_t found = 0, used = 0;

	buf[0] = '\0';
	for (size_t i = 0; command_at(i); i++) {
		const char *name = command_at(i)->name;
		size_t n = command_options(name, opts), k;
		int w;

		for (k = 0; k < n && strcmp(opts[k], option); k++)
			;
		if (k == n)
			continue;
		w = snprintf(buf + used, size - used, "%s%s", found ? ", " : "",
			     name);
		if (w < 0 || (size_t)w >= size - used) {
			buf[used] = '\0';	/* whole names only */
			break;
		}
		used += (size_t)w;
		found++;
	}
	return found;
}

/* The unit or leader names of the store that start with prefix. */
static void offer_names(struct context *ctx, bool leaders, const char *prefix)
{
	struct session ss;
	struct tally ty = TALLY_INIT;

	if (open_store(ctx, &ss, false))
		return;
	if ((leaders ? tally_leaders(&ty, &ss.plan) : tally_units(&ty, &ss.plan)) == 0)
		for (size_t i = 0; i < ty.n; i++)
			offer(ty.v[i].name, prefix);
	tally_release(&ty);
	close_store(&ss);
}

static void offer_ids(struct context *ctx, const char *prefix)
{
	struct session ss;
	char id[32];

	if (open_store(ctx, &ss, false))
		return;
	for (size_t i = 0; i < ss.plan.n; i++) {
		snprintf(id, sizeof(id), "%ld", ss.plan.items[i].id);
		offer(id, prefix);
	}
	close_store(&ss);
}

/* The values an option takes, when they are few and known. */
static bool offer_values(struct context *ctx, const char *option,
			 const char *prefix)
{
	static const char *const statuses[] = {
		"not-started", "in-progress", "done", "blocked",
		"未启动", "推进中", "已完成", "受阻",
	};
	static const char *const lights[] = { "green", "blue", "yellow", "red" };
	static const char *const formats[] = { "table", "csv", "tsv", "json" };
	static const char *const colors[] = { "auto", "always", "never" };
#define OFFER_ALL(list) \
	do { for (size_t k = 0; k < sizeof(list) / sizeof(*list); k++) \
		offer(list[k], prefix); } while (0)

	if (!strcmp(option, "--unit") || !strcmp(option, "--participant") ||
	    !strcmp(option, "--involving"))
		offer_names(ctx, false, prefix);
	else if (!strcmp(option, "--leader"))
		offer_names(ctx, true, prefix);
	else if (!strcmp(option, "--status"))
		OFFER_ALL(statuses);
	else if (!strcmp(option, "--health"))
		OFFER_ALL(lights);
	else if (!strcmp(option, "--format"))
		OFFER_ALL(formats);
	else if (!strcmp(option, "--color"))
		OFFER_ALL(colors);
	else
		return false;
	return true;
#undef OFFER_ALL
}

int complete_words(struct context *ctx, int n, char **words)
{
	long cword;
	const char *cur, *command = NULL;
	char *end;

	if (n < 1)
		return EXIT_USAGE;
	cword = strtol(words[0], &end, 10);
	if (*end || cword < 1)
		return EXIT_USAGE;
	words++;	/* words[0] is "duban" */
	n--;
	cur = cword < n ? words[cword] : "";
	/* the store named on the line is the one to read */
	for (long i = 1; i + 1 < n && i < cword; i++)
		if (strcmp(words[i], "--store") == 0)
			ctx->store_arg = words[i + 1];
	for (long i = 1; i < cword && !command; i++) {
		if (words[i][0] != '-' &&
		    !(i > 1 && strcmp(words[i - 1], "--store") == 0))
			command = words[i];
	}
	if (!command) {
		if (*cur == '-') {
			offer_options(NULL, cur);
			return EXIT_OK;
		}
		for (size_t i = 0; command_at(i); i++)
			offer(command_at(i)->name, cur);
		return EXIT_OK;
	}
	if (*cur == '-')
		offer_options(command, cur);
	else if (cword >= 2 && offer_values(ctx, words[cword - 1], cur))
		;
	else if (command_find(command) &&
		 (command_find(command)->flags & CMD_TAKES_IDS))
		offer_ids(ctx, cur);
	return EXIT_OK;
}
