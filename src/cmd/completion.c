/*
 * duban completion: scripts for bash, zsh and fish, which ask duban itself
 * (duban __complete) for the words that may come next: commands, the
 * options a command's usage names, the units and leaders of the store,
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

int cmd_completion(int argc, char **argv, struct context *ctx)
{
	static const struct option options[] = { COMMON_OPTIONS };
	int opt, status;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1)
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

#define NELEMS(a) (sizeof(a) / sizeof(*(a)))

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

/* The options of a command (NULL: those before any command): every
 * "--option" its usage names, those of list too where it says "filters of
 * list", and the options every command takes; each once, into
 * out[0..OPTIONS_MAX) (storage that the next call reuses).  Returns how
 * many. */
static size_t command_options(const char *command, const char **out)
{
	static const char *const common[] = {
		"--store", "--format", "--color", "--as-of", "--no-pager",
		"--help",
	};
	static char seen[OPTIONS_MAX][32];
	const char *usage = command ? command_usage(command) : NULL;
	const char *texts[2] = { usage, NULL };
	size_t n = 0;

	if (usage && strstr(usage, "filters of list"))
		texts[1] = command_usage("list");
	for (size_t t = 0; t < 2 && texts[t]; t++)
		for (const char *p = strstr(texts[t], "--"); p; p = strstr(p + 2, "--")) {
			size_t len = 2, k;

			while (len < sizeof(*seen) - 1 &&
			       ((p[len] >= 'a' && p[len] <= 'z') || p[len] == '-'))
				len++;
			if (len == 2 || n == OPTIONS_MAX - NELEMS(common))
				continue;
			memcpy(seen[n], p, len);
			seen[n][len] = '\0';
			for (k = 0; k < n && strcmp(seen[k], seen[n]); k++)
				;
			if (k == n)	/* named twice in the usage: once */
				out[n] = seen[n], n++;
		}
	for (size_t i = 0; i < NELEMS(common); i++) {
		size_t k;

		for (k = 0; k < n && strcmp(out[k], common[i]); k++)
			;
		if (k == n)
			out[n++] = common[i];
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

/* The unit or leader names of the store that start with prefix. */
static void offer_names(struct context *ctx, bool leaders, const char *prefix)
{
	struct store_session ss;
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
	struct store_session ss;
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

/* Whether the command takes item ids as its arguments. */
static bool takes_ids(const char *command)
{
	static const char *const takers[] = {
		"show", "start", "progress", "done", "block", "reopen", "note",
		"actual", "log",
	};

	for (size_t i = 0; i < sizeof(takers) / sizeof(*takers); i++)
		if (strcmp(command, takers[i]) == 0)
			return true;
	return false;
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
		for (size_t i = 0; command_name(i); i++)
			offer(command_name(i), cur);
		return EXIT_OK;
	}
	if (*cur == '-')
		offer_options(command, cur);
	else if (cword >= 2 && offer_values(ctx, words[cword - 1], cur))
		;
	else if (takes_ids(command))
		offer_ids(ctx, cur);
	return EXIT_OK;
}
