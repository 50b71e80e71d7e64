/* duban init: create a store. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd.h"
#include "duban/bundled.h"
#include "duban/docx.h"
#include "duban/i18n.h"
#include "duban/import.h"
#include "duban/mem.h"
#include "duban/store.h"
#include "duban/xlsx.h"

/* A plan file larger than this is no plan. */
#define PLAN_FILE_MAX (1024L * 1024 * 1024)

enum { OPT_FROM = OPT_COMMAND_BASE, OPT_WITH_STATUS, OPT_DATE };

/* Whether a CSV file is an items.csv: its header starts with "id,". */
static bool is_items_csv(const char *data, size_t n)
{
	if (n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		n -= 3;
	}
	return n >= 3 && memcmp(data, "id,", 3) == 0;
}

/* Whether --from names a plan document (.txt or .docx) or a ledger (a
 * workbook, or a CSV file other than an items.csv) rather than an
 * items.csv. */
static bool is_document(const char *path, const char *data, size_t n)
{
	size_t len = strlen(path);

	if (len > 4 && strcasecmp(path + len - 4, ".csv") == 0)
		return !is_items_csv(data, n);
	return xlsx_is_xlsx(path, data, n) || docx_is_docx(path, data, n) ||
	       (len > 4 && strcasecmp(path + len - 4, ".txt") == 0);
}

/* Loads the plan bytes once to check every row before anything is
 * written; returns the item count, or -1 after printing the error. */
static long validate_plan(const char *buf, size_t n, const char *name)
{
	struct table t = TABLE_INIT;
	struct duban_error err;
	long count;

	if (table_load_buffer(&t, buf, n, name, &err)) {
		print_error(&err);
		return -1;
	}
	count = (long)t.n;
	table_release(&t);
	return count;
}

static const struct option init_options[] = {
	{ "from", required_argument, NULL, OPT_FROM },
	{ "with-status", no_argument, NULL, OPT_WITH_STATUS },
	{ "date", required_argument, NULL, OPT_DATE },
	IMPORT_OPTIONS,
	COMMON_OPTIONS
};

static int cmd_init(int argc, char **argv, struct context *ctx);

const struct command cmd_init_entry = {
	.name = "init",
	.fn = cmd_init,
	.summary = N_("create a store from the bundled plan or a file"),
	.usage = N_(
		"usage: duban init [DIR] [--from FILE] [--strict] [--deadline DATE]\n"
		"                  [--year YYYY] [--first-is-lead] [--encoding ENC]\n"
		"                  [--leader-from-heading | --no-leader-from-heading]\n"
		"                  [--sheet NAME] [--with-status [--date DATE]]\n"
		"\n"
		"Creates a store in DIR (default: the store chosen by --store,\n"
		"$DUBAN_STORE or the per-user default) holding items.csv, store.conf\n"
		"and .gitattributes.  The plan is the one built into duban, or FILE:\n"
		"an items.csv, a plan document (.txt or .docx) or an office's\n"
		"ledger (台账: a workbook, or a CSV file other than an items.csv)\n"
		"read as duban import reads it, with the same options (--sheet\n"
		"picks a workbook's sheet).  FILE is checked in full before\n"
		"anything is written.  From a document, the store holds every item\n"
		"that could be read; the others are reported as FILE:LINE and the\n"
		"exit status is 1.  With --strict, any problem makes no store.\n"
		"\n"
		"  --with-status  record what the ledger's 状态, 进度 and 最近进展\n"
		"                 columns say as each item's starting state, in one\n"
		"                 command's records by you ($DUBAN_USER or the login\n"
		"                 name); a cell that is not a status or a percent is\n"
		"                 reported as FILE:LINE and left out\n"
		"  --date DATE    the day those records report on (default today)\n"),
	.options = init_options,
};

/* init --with-status: the ledger's state of each item, recorded in the
 * store just made.  Returns EXIT_OK, or says why not. */
static int record_starting_state(struct context *ctx, const char *from,
				 struct import_result *r, date_t date)
{
	struct session ss;
	struct duban_error err;
	struct entry *v = NULL;
	char day[DATE_BUFSIZE];
	size_t n = 0, known = r->problems.n;
	int status = EXIT_FAILURE_DATA;
	const char *by = current_user();

	if (!by)
		return usage_error(ctx, _("no user name: set DUBAN_USER"));
	if (open_store(ctx, &ss, true))
		return EXIT_FAILURE_DATA;
	if (import_starting_state(r, &ss.plan, date, by, &v, &n, &err) ||
	    (n && (journal_stamp(&ss.journal, v, n, &err) ||
		   journal_append(ss.journal_path, &ss.journal, v, n, &err)))) {
		print_error(&err);
		goto out;
	}
	for (size_t i = known; i < r->problems.n; i++)
		fprintf(stderr, "duban: %s:%ld: %s\n", from,
			r->problems.v[i].line, r->problems.v[i].msg);
	printf(_("recorded %zu records of the ledger's state, as of %s\n"), n,
	       date_format(date, day));
	status = r->problems.n > known ? EXIT_FAILURE_DATA : EXIT_OK;
out:
	mem_free(v);
	close_store(&ss);
	return status;
}

static int cmd_init(int argc, char **argv, struct context *ctx)
{
	struct import_request q = { IMPORT_OPTIONS_INIT, false };
	const char *from = NULL, *plan;
	char *file_data = NULL, dir[4096];
	struct strbuf imported = STRBUF_INIT;
	struct import_result read = IMPORT_RESULT_INIT;
	struct duban_error err;
	size_t n;
	long count;
	date_t date = date_today();
	bool is_default, with_status = false, from_document = false;
	bool created = false;
	int opt, status = EXIT_FAILURE_DATA, problems = EXIT_OK;

	while ((opt = getopt_long(argc, argv, "", init_options, NULL)) != -1) {
		if (opt == OPT_FROM) {
			from = optarg;
			continue;
		}
		if (opt == OPT_WITH_STATUS) {
			with_status = true;
			continue;
		}
		if (opt == OPT_DATE) {
			if (date_parse(optarg, &date))
				return usage_error(ctx, _("--date \"%s\" is not "
						   "a date (write 2024-06-30)"),
						   optarg);
			continue;
		}
		if ((status = import_option(ctx, opt, optarg, &q)) >= 0)
			return status;
	}
	if (argc - optind > 1)
		return usage_error(ctx, _("init takes at most one directory"));
	if (with_status && !from)
		return usage_error(ctx, _("--with-status reads the state of a "
					  "ledger: name it with --from"));
	status = EXIT_FAILURE_DATA;
	if (store_locate(argc > optind ? argv[optind] : ctx->store_arg, dir,
			 sizeof(dir), &is_default, &err)) {
		print_error(&err);
		return EXIT_FAILURE_DATA;
	}
	if (from) {
		if (file_read_all(from, PLAN_FILE_MAX, &file_data, &n, &err)) {
			print_error(&err);
			return EXIT_FAILURE_DATA;
		}
		plan = file_data;
		if (is_document(from, file_data, n)) {
			/* the readable items make the store, unless --strict */
			size_t items;

			problems = import_plan(from, &q, &imported, &items,
					       &read);
			if (!items)
				goto out;
			from_document = true;
			plan = imported.s;
			n = imported.len;
		}
	} else {
		plan = bundled_plan(&n);
	}
	count = validate_plan(plan, n, from ? from : _("bundled items.csv"));
	if (count >= 0) {
		if (store_create(dir, plan, n, &err)) {
			print_error(&err);
		} else {
			printf(_("created the store %s with %ld items\n"),
			       dir, count);
			status = problems;
			created = true;
		}
	}
	if (created && with_status && from_document) {
		ctx->store_arg = dir;
		if (record_starting_state(ctx, from, &read, date) != EXIT_OK)
			status = EXIT_FAILURE_DATA;
	} else if (created && with_status) {
		fprintf(stderr, _("duban: %s: an items.csv holds no state; "
				  "nothing recorded\n"), from);
	}
out:
	import_release(&read);
	sb_release(&imported);
	mem_free(file_data);
	return status;
}
