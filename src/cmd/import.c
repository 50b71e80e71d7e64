/*
 * duban import: a plan document (plain text, UTF-8 or GBK) read into
 * items.csv, on standard output or atomically into a file, its targets
 * extracted from each item's text (extract.h).
 */
#include <string.h>

#include "cmd/cmd.h"
#include "duban/i18n.h"
#include "duban/import.h"
#include "duban/store.h"
#include "duban/strbuf.h"

enum { OPT_ENCODING = OPT_COMMAND_BASE, OPT_STRICT };

int cmd_import(int argc, char **argv, struct context *ctx)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "encoding", required_argument, NULL, OPT_ENCODING },
		{ "strict", no_argument, NULL, OPT_STRICT },
		COMMON_OPTIONS
	};
	struct import_result r = IMPORT_RESULT_INIT;
	struct strbuf doc = STRBUF_INIT;
	struct duban_error err;
	enum import_encoding enc = IMPORT_AUTO;
	const char *output = NULL, *path;
	bool strict = false;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case OPT_STRICT:
			strict = true;
			break;
		case OPT_ENCODING:
			if (strcmp(optarg, "gbk") == 0 || strcmp(optarg, "GBK") == 0)
				enc = IMPORT_GBK;
			else if (strcmp(optarg, "utf-8") == 0 ||
				 strcmp(optarg, "UTF-8") == 0)
				enc = IMPORT_UTF8;
			else
				return usage_error(ctx, _("--encoding takes utf-8 or "
							  "gbk, not \"%s\""), optarg);
			break;
		default:
			status = common_option(ctx, opt, optarg);
			if (status >= 0)
				return status;
		}
	}
	if (optind >= argc)
		return usage_error(ctx, _("import needs the FILE to read"));
	if (optind + 1 < argc)
		return usage_error(ctx, _("unexpected argument \"%s\""),
				   argv[optind + 1]);
	if (ctx->format != FORMAT_TABLE && ctx->format != FORMAT_CSV)
		return usage_error(ctx, _("import writes items.csv (CSV); --format "
					  "takes no other value here"));
	path = argv[optind];
	if (import_file(&r, path, enc, &err)) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	for (size_t i = 0; i < r.nproblems; i++)
		fprintf(stderr, "duban: %s:%ld: %s\n", path, r.problems[i].line,
			r.problems[i].msg);
	status = r.nproblems ? EXIT_FAILURE_DATA : EXIT_OK;
	if (r.nproblems && strict) {
		fprintf(stderr, _("duban: %s: %zu problem(s); nothing written "
				  "(--strict)\n"), path, r.nproblems);
		goto out;
	}
	if (r.n == 0) {
		fprintf(stderr, _("duban: %s: no readable item; nothing written\n"),
			path);
		goto out;
	}
	if (import_write_csv(&r, &doc)) {
		fprintf(stderr, _("duban: out of memory\n"));
		status = EXIT_FAILURE_DATA;
		goto out;
	}
	if (output) {
		if (file_replace(output, doc.s, doc.len, &err)) {
			print_error(&err);
			status = EXIT_FAILURE_DATA;
		}
	} else {
		fwrite(doc.s, 1, doc.len, ctx->out);
	}
	if (r.nproblems)
		fprintf(stderr, _("duban: %s: %zu problem(s); the other %zu items "
				  "were written\n"), path, r.nproblems, r.n);
out:
	sb_release(&doc);
	import_release(&r);
	return status;
}
