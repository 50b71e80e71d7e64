/*
 * duban — the command-line front end: the locale, the options before the
 * command, and running the command the table names (src/cmd/cmd.c).
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "duban/i18n.h"

#ifndef DUBAN_VERSION
#define DUBAN_VERSION "0.1.0"
#endif
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* Where the message catalogues are: $DUBAN_LOCALEDIR when set; else
 * locale/ beside the binary when there is such a directory, as in an
 * uninstalled build (build/duban and build/locale); else LOCALEDIR, where
 * make install puts them. */
static const char *locale_dir(char *buf, size_t size)
{
	const char *env = getenv("DUBAN_LOCALEDIR");
	struct stat st;
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0 || (size_t)n >= size - sizeof("/locale"))
		return LOCALEDIR;
	buf[n] = '\0';
	if (!(slash = strrchr(buf, '/')))
		return LOCALEDIR;
	strcpy(slash, "/locale");
	return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? buf : LOCALEDIR;
}

/* Whether the command's output may go through a pager: --help is short
 * and goes to stdout as it is. */
static bool pages(const struct command *c, int argc, char **argv)
{
	if (!(c->flags & CMD_PAGES))
		return false;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "--no-pager") == 0)
			return false;
	return true;
}

/* Runs the command and makes sure its output really reached stdout: a full
 * disk or a closed pipe must not look like success. */
static int run_command(const struct command *c, int argc, char **argv,
		       struct context *ctx)
{
	char name[64];
	pid_t pager = 0;
	int status;

	ctx->command = c->name;
	ctx->options = c->options;
	/* getopt names argv[0] in its complaints: "duban list: …" */
	snprintf(name, sizeof(name), "duban %s", c->name);
	if (pages(c, argc, argv))
		pager = start_pager(ctx);
	argv[0] = name;
	ctx->argv = argv;
	optind = 0;	/* the command parses its own argv from the start */
	status = c->fn(argc, argv, ctx);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, _("duban: cannot write the output: %s\n"),
			strerror(errno));
		if (status == EXIT_OK)
			status = EXIT_FAILURE_DATA;
	}
	stop_pager(pager);
	return status;
}

int main(int argc, char **argv)
{
	struct context ctx = { .format = FORMAT_TABLE, .color = COLOR_AUTO,
			       .out = stdout };
	const struct command *c;
	char locale_buf[4096];
	int opt;

	/* A write past a file size limit must fail with EFBIG, not kill us
	 * half-way: the journal is then cut back to its last whole record. */
	signal(SIGXFSZ, SIG_IGN);
	setlocale(LC_ALL, "");
	/* Figures like "4.1" are read with strtod: keep the C decimal point. */
	setlocale(LC_NUMERIC, "C");
	/* Messages, tables and help follow LC_MESSAGES (LC_ALL, LANGUAGE);
	 * English when it is C, POSIX or en. */
	bindtextdomain("duban", locale_dir(locale_buf, sizeof(locale_buf)));
	textdomain("duban");
	ctx.as_of = date_today();

	ctx.argv = argv;
	/* "+": stop at the command name; what follows is the command's. */
	while ((opt = getopt_long(argc, argv, "+", global_options, NULL)) != -1) {
		int status;

		if (opt == 'V') {
			printf("duban %s\n", DUBAN_VERSION);
			return EXIT_OK;
		}
		status = common_option(&ctx, opt, optarg);
		if (status >= 0)
			return status;
	}
	if (optind >= argc) {
		print_global_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[optind], "help") == 0) {
		if (optind + 1 < argc && command_find(argv[optind + 1])) {
			print_command_help(argv[optind + 1]);
			return EXIT_OK;
		}
		print_global_help(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[optind], "__complete") == 0)	/* for the scripts */
		return complete_words(&ctx, argc - optind - 1, argv + optind + 1);
	c = command_find(argv[optind]);
	if (!c)
		return unknown_command(&ctx, argv[optind]);
	return run_command(c, argc - optind, argv + optind, &ctx);
}
