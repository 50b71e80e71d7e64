/*
 * duban start, progress, done, block, reopen, note, actual and undo:
 * progress recorded from the shell, appended to the journal.
 *
 * Each command checks everything (the items, the values, the change of
 * status, the note) under the store's exclusive lock before it writes, then
 * appends all its records in one write and syncs: several ids at once are
 * recorded all together or not at all.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/record.h"
#include "duban/evidence.h"
#include "duban/figure.h"
#include "duban/i18n.h"
#include "duban/mem.h"
#include "duban/state.h"
#include "duban/text.h"

const struct option record_options[] = {
	RECORD_OPTIONS,
	COMMON_OPTIONS
};

static const struct option undo_options[] = {
	UNDO_OPTIONS,
	{ "batch", no_argument, NULL, OPT_BATCH },
	COMMON_OPTIONS
};

/* The options the recording commands share, after their usage. */
const char update_options_help[] = N_(
	"\n"
	"  -m, --message TEXT  a note (any text; newlines are kept)\n"
	"  --date DATE         the day the record reports on (default today)\n"
	"  --by NAME           who records it (default $DUBAN_USER, else the\n"
	"                      login name)\n"
	"  --evidence FILE     a file that backs the record (minutes, photos,\n"
	"                      an acceptance form), kept in the store under\n"
	"                      its SHA-256; give it again for more files\n"
	"\n"
	"Several ids are recorded all together or not at all.\n");


/* Checks a piece of text given on the command line: UTF-8, no control
 * characters (newlines and tabs too for names), not too long. */
static int check_text(const struct context *ctx, const char *what,
		      const char *s, size_t max, bool multiline)
{
	size_t n = strlen(s);

	if (text_invalid_utf8(s, n))
		return usage_error(ctx, text_looks_gbk(s, n)
				   ? _("%s is not UTF-8 text (it looks like "
				     "GBK: set the terminal to UTF-8)")
				   : _("%s is not UTF-8 text"), what);
	if (n > max)
		return usage_error(ctx,
				   _("%s is %zu bytes long; the limit is %zu"),
				   what, n, max);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 || c == 0x7f) &&
		    !(multiline && (c == '\n' || c == '\t' || c == '\r')))
			return usage_error(ctx, _("%s holds a control character"),
					   what);
	}
	return -1;
}

/* The name of the evidence file at path, as the record's note keeps it. */
static const char *evidence_file_name(const char *path)
{
	const char *base = strrchr(path, '/');

	return base ? base + 1 : path;
}

int parse_update_options(int argc, char **argv, struct context *ctx,
				struct update_opts *o)
{
	date_t today = date_today();
	int opt, status;

	*o = (struct update_opts){ .date = today, .by = current_user() };
	while ((opt = getopt_long(argc, argv, "m:", ctx->options, NULL)) != -1) {
		switch (opt) {
		case 'm': o->message = optarg; break;
		case OPT_BY: o->by = optarg; break;
		case OPT_BATCH: o->batch = true; break;
		case OPT_REQUEST: o->request = true; break;
		case OPT_CLOSURE:
		case OPT_EXTENSION:
			if (o->settle != SETTLE_ANY)
				return usage_error(ctx, _("approve takes "
						   "--closure or --extension, "
						   "not both"));
			o->settle = opt == OPT_CLOSURE ? SETTLE_CLOSURE
						       : SETTLE_EXTENSION;
			break;
		case OPT_EVIDENCE:
			if (o->nevidence == EVIDENCE_FILES_MAX)
				return usage_error(ctx, _("at most %d "
						   "--evidence files"),
						   EVIDENCE_FILES_MAX);
			o->evidence[o->nevidence++] = optarg;
			break;
		case OPT_DATE:
			if (date_parse(optarg, &o->date))
				return usage_error(ctx, _("--date \"%s\" is not "
						   "a date (write 2024-06-30)"),
						   optarg);
			if (o->date > today)
				return usage_error(ctx, _("--date %s is "
						   "in the future"),
						   optarg);
			break;
		default:
			if ((status = common_option(ctx, opt, optarg)) >= 0)
				return status;
		}
	}
	if (!o->by)
		return usage_error(ctx, _("say who records this, with "
				   "--by NAME or $DUBAN_USER"));
	if ((status = check_text(ctx, "--by", o->by, BY_MAX, false)) >= 0)
		return status;
	if (!*o->by)
		return usage_error(ctx, _("--by needs a name"));
	if (o->message &&
	    (status = check_text(ctx, _("the note"),
				 o->message, NOTE_MAX, true)) >= 0)
		return status;
	/* the file's name goes into the journal as the evidence's note */
	for (int k = 0; k < o->nevidence; k++)
		if ((status = check_text(ctx, _("the evidence file's name"),
					 evidence_file_name(o->evidence[k]),
					 BY_MAX, false)) >= 0)
			return status;
	return -1;
}

/* Finds the items named by ids[0..n), each once.  Returns EXIT_OK, or an
 * exit status after saying what is wrong. */
static int find_changes(const struct context *ctx, const struct table *t,
			char **ids, int n, struct change *changes)
{
	for (int i = 0; i < n; i++) {
		long id;

		if (parse_id_arg(ctx, ids[i], &id))
			return EXIT_USAGE;
		changes[i] = (struct change){ .it = table_find(t, id) };
		if (!changes[i].it) {
			fprintf(stderr, _("duban: no item %ld in the plan\n"),
				id);
			return EXIT_USAGE;
		}
		for (int k = 0; k < i; k++)
			if (changes[k].it == changes[i].it)
				return usage_error(ctx, _("item %ld is "
						   "named twice"), id);
	}
	return EXIT_OK;
}

static void describe_change(const struct entry *e, const struct table *t)
{
	char what[256];

	describe_entry(e, t, what, sizeof(what));
	printf(_("recorded item %ld: %s (entry %.10s)\n"),
	       e->item, what, e->id);
}

/* Says what an undo cancelled, so that no one cancels blind. */
static void say_cancelled(const struct entry *e, const struct table *t)
{
	char what[256], date[DATE_BUFSIZE];

	describe_entry(e, t, what, sizeof(what));
	printf(_("cancelled entry %.10s of item %ld: %s, by %s, for %s\n"),
	       e->id, e->item, what, e->by, date_format(e->date, date));
}

/* The latest time of the records the changes cancel (0 for none): an undo
 * is recorded after what it cancels, even one from a clock far ahead. */
static int64_t latest_cancelled(const struct journal *j,
				const struct change *changes, size_t n)
{
	int64_t latest = 0;

	for (size_t i = 0; i < n; i++) {
		const struct entry *e = changes[i].cancels
			? journal_get(j, changes[i].cancels) : NULL;

		if (e && e->recorded > latest)
			latest = e->recorded;
	}
	return latest;
}

/* The evidence record of change c for the file of o->evidence[k], kept
 * under names[k]. */
static void evidence_entry(struct entry *e, const struct change *c,
			   const struct update_opts *o, int k,
			   char (*names)[EVIDENCE_NAME_SIZE])
{
	e->date = o->date;
	entry_set_item(e, c->it);
	e->kind = ENTRY_EVIDENCE;
	e->figure = names[k];
	e->by = o->by;
	e->note = evidence_file_name(o->evidence[k]);
}

/* Appends one record per change, and one per change and evidence file
 * kept under names[], all in one write, and says so. */
static int record_changes(struct session *ss, const struct update_opts *o,
			  const struct change *changes, size_t n,
			  char (*names)[EVIDENCE_NAME_SIZE])
{
	size_t total = n * (1 + (size_t)o->nevidence);
	struct entry *entries = mem_calloc(total, sizeof(*entries));
	struct duban_error err;
	int status = EXIT_FAILURE_DATA;

	if (!entries) {
		fprintf(stderr, _("duban: out of memory\n"));
		return status;
	}
	if (journal_stamp_after(&ss->journal, entries, total,
				latest_cancelled(&ss->journal, changes, n), &err))
		goto out;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < o->nevidence; k++)
			evidence_entry(&entries[n + i * (size_t)o->nevidence +
						(size_t)k], &changes[i], o, k,
				       names);
	for (size_t i = 0; i < n; i++) {
		struct entry *e = &entries[i];
		const struct change *c = &changes[i];

		e->date = o->date;
		entry_set_item(e, c->it);
		e->kind = c->kind;
		e->status = c->status;
		e->percent = c->percent;
		e->target = c->target;
		if (c->kind == ENTRY_ACTUAL)
			e->target_key = c->it->targets[c->target - 1].key;
		e->figure = c->kind == ENTRY_ACTUAL ? c->figure_buf : NULL;
		e->cancels = c->cancels;
		e->deadline = c->deadline;
		e->by = o->by;
		e->note = o->message ? o->message : "";
	}
	if (journal_append(ss->journal_path, &ss->journal, entries, total,
			   &err))
		goto out;
	for (size_t i = 0; i < total; i++) {
		if (entries[i].kind == ENTRY_UNDO)
			say_cancelled(journal_get(&ss->journal, entries[i].cancels),
				      &ss->plan);
		describe_change(&entries[i], &ss->plan);
	}
	session_tidy_index(ss);
	status = EXIT_OK;
out:
	if (status != EXIT_OK)
		print_error(&err);
	mem_free(entries);
	return status;
}

bool is_office(const struct people *p, const char *by)
{
	const struct person *who = people_find(p, by);

	return !p->n || (who && who->role == PERSON_OFFICE);
}

int check_office(const struct context *ctx, const struct people *p,
			const char *by, const char *dir)
{
	if (is_office(p, by))
		return EXIT_OK;
	fprintf(stderr, _("duban: only the office (督查室) may %s, and %s is not "
			  "of it in %s/%s\n"), ctx->command, by, dir, PEOPLE_FILE);
	return EXIT_FAILURE_DATA;
}

static int check_transition(struct change *c, const struct item_state *st);

/* A unit's done, where the office reviews closures: 申请办结, which the
 * office then approves or returns. */
static int check_close_request(struct change *c, const struct item_state *st)
{
	char day[DATE_BUFSIZE];
	int status;

	c->kind = ENTRY_STATUS;		/* checked as the done it stands for */
	status = check_transition(c, st);
	c->kind = ENTRY_CLOSE_REQUEST;
	if (status == EXIT_OK && st->closing != DATE_NONE) {
		fprintf(stderr, _("duban: item %ld awaits the office's review "
				  "already (reported done on %s)\n"),
			c->it->id, date_format(st->closing, day));
		status = EXIT_FAILURE_DATA;
	}
	return status;
}

/* Copies each --evidence file into the store, its name into names[]: all
 * of them before anything is recorded.  Returns the exit status. */
static int keep_evidence(const struct session *ss, const struct update_opts *o,
			 char (*names)[EVIDENCE_NAME_SIZE])
{
	struct duban_error err;

	for (int k = 0; k < o->nevidence; k++)
		if (evidence_store(ss->dir, o->evidence[k], names[k], &err)) {
			print_error(&err);
			return EXIT_FAILURE_DATA;
		}
	return EXIT_OK;
}

int apply_changes(struct context *ctx, char **ids, int n,
			 const struct update_opts *o, const struct change *proto,
			 change_check check)
{
	char names[EVIDENCE_FILES_MAX][EVIDENCE_NAME_SIZE];
	struct change review = { .kind = ENTRY_CLOSE_REQUEST,
				 .status = STATUS_DONE };
	struct session ss;
	struct plan_state ps = PLAN_STATE_INIT;
	struct change *changes = NULL;
	struct duban_error err;
	long *idv;
	int status = EXIT_OK;

	if (!(idv = parse_id_args(ctx, ids, n, &status)))
		return status;
	/* the items named, not the whole plan */
	status = open_store_items(ctx, &ss, idv, (size_t)n);
	mem_free(idv);
	if (status)
		return EXIT_FAILURE_DATA;
	changes = mem_calloc((size_t)n, sizeof(*changes));
	/* the state as of today, as show gives it: a record from a clock
	 * running ahead does not block what is true now */
	if (!changes || session_state_as_of(&ss, date_today(), &ps, &err)) {
		fprintf(stderr, _("duban: out of memory\n"));
		status = EXIT_FAILURE_DATA;
		goto out;
	}
	if ((o->office_only &&
	     (status = check_office(ctx, &ss.people, o->by, ss.dir))) ||
	    (status = find_changes(ctx, &ss.plan, ids, n, changes)))
		goto out;
	if (proto->kind == ENTRY_STATUS && proto->status == STATUS_DONE &&
	    ss.settings.review && !is_office(&ss.people, o->by)) {
		proto = &review;
		check = check_close_request;
	}
	for (int i = 0; i < n; i++) {
		const struct item *it = changes[i].it;
		int rc;

		changes[i] = *proto;
		changes[i].it = it;
		changes[i].on = o->date;
		changes[i].review = ss.settings.review;
		rc = check(&changes[i], &ps.items[it - ss.plan.items]);
		if (rc != EXIT_OK)
			status = rc;
	}
	if (status == EXIT_OK)
		status = keep_evidence(&ss, o, names);
	if (status == EXIT_OK)
		status = record_changes(&ss, o, changes, (size_t)n, names);
out:
	mem_free(changes);
	state_release(&ps);
	close_store(&ss);
	return status;
}

/* Whether the item may take the status asked for (start, done, block or
 * reopen); says why not. */
static int check_transition(struct change *c, const struct item_state *st)
{
	const char *why = status_change_refusal(st->status, c->status, c->reopen);

	if (!why)
		return EXIT_OK;
	fprintf(stderr, _("duban: item %ld is %s (%s): %s\n"), c->it->id,
		status_label(st->status), status_key(st->status), _(why));
	return EXIT_FAILURE_DATA;
}

/* The body of start, done, block and reopen. */
static int status_command(int argc, char **argv, struct context *ctx,
			  enum status want, bool reopen, bool need_message)
{
	struct update_opts o;
	struct change proto = { .kind = ENTRY_STATUS, .status = want,
				.reopen = reopen };
	int status = parse_update_options(argc, argv, ctx, &o);

	if (status >= 0)
		return status;
	if (argc - optind < 1)
		return usage_error(ctx, _("%s needs at least one item id"),
				   ctx->command);
	if (need_message && (!o.message || !*o.message))
		return usage_error(ctx, _("%s needs a note saying why: -m TEXT"),
				   ctx->command);
	return apply_changes(ctx, argv + optind, argc - optind, &o, &proto,
			     check_transition);
}

static int cmd_start(int argc, char **argv, struct context *ctx);

const struct command cmd_start_entry = {
	.name = "start",
	.fn = cmd_start,
	.summary = N_("record that items have started (推进中)"),
	.usage = N_(
		"usage: duban start ID... [-m NOTE] [--date DATE] [--by NAME]\n"),
	.more = update_options_help,
	.options = record_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_start(int argc, char **argv, struct context *ctx)
{
	return status_command(argc, argv, ctx, STATUS_IN_PROGRESS, false, false);
}

static int cmd_done(int argc, char **argv, struct context *ctx);

const struct command cmd_done_entry = {
	.name = "done",
	.fn = cmd_done,
	.summary = N_("record that items are done (已完成)"),
	.usage = N_(
		"usage: duban done ID... [-m NOTE] [--date DATE] [--by NAME]\n"),
	.more = update_options_help,
	.options = record_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_done(int argc, char **argv, struct context *ctx)
{
	return status_command(argc, argv, ctx, STATUS_DONE, false, false);
}

static int cmd_block(int argc, char **argv, struct context *ctx);

const struct command cmd_block_entry = {
	.name = "block",
	.fn = cmd_block,
	.summary = N_("record that items are blocked (受阻), and why"),
	.usage = N_(
		"usage: duban block ID... -m WHY [--date DATE] [--by NAME]\n"),
	.more = update_options_help,
	.options = record_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_block(int argc, char **argv, struct context *ctx)
{
	return status_command(argc, argv, ctx, STATUS_BLOCKED, false, true);
}

static int cmd_reopen(int argc, char **argv, struct context *ctx);

const struct command cmd_reopen_entry = {
	.name = "reopen",
	.fn = cmd_reopen,
	.summary = N_("take a done or blocked item up again"),
	.usage = N_(
		"usage: duban reopen ID... [-m NOTE] [--date DATE] [--by NAME]\n"),
	.more = update_options_help,
	.options = record_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_reopen(int argc, char **argv, struct context *ctx)
{
	return status_command(argc, argv, ctx, STATUS_IN_PROGRESS, true, false);
}

static int check_progress(struct change *c, const struct item_state *st)
{
	if (st->status != STATUS_DONE)
		return EXIT_OK;
	fprintf(stderr, _("duban: item %ld is 已完成 (done): reopen it before "
			  "recording progress\n"), c->it->id);
	return EXIT_FAILURE_DATA;
}

static int check_nothing(struct change *c, const struct item_state *st)
{
	(void)c;
	(void)st;
	return EXIT_OK;
}

/* Checks the target number and reads the figure against the target's
 * unit ("96亿元" for a target counted in 亿元). */
static int check_target(struct change *c, const struct item_state *st)
{
	const struct item *it = c->it;

	(void)st;
	if (c->target < 1 || (size_t)c->target > it->ntargets) {
		if (it->ntargets == 0)
			fprintf(stderr, _("duban: item %ld has no targets\n"), it->id);
		else
			fprintf(stderr, _("duban: item %ld has targets 1 to %zu, not "
					  "%d (see duban show %ld)\n"), it->id,
				it->ntargets, c->target, it->id);
		return EXIT_USAGE;
	}
	if (figure_parse(c->figure, it->targets[c->target - 1].unit,
			 c->figure_buf, sizeof(c->figure_buf))) {
		fprintf(stderr, _("duban: \"%s\" is not a figure (write 38, 4.5, "
				  "1,234 or 38%s)\n"), c->figure,
			it->targets[c->target - 1].unit);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int cmd_progress(int argc, char **argv, struct context *ctx);

const struct command cmd_progress_entry = {
	.name = "progress",
	.fn = cmd_progress,
	.summary = N_("record how far items have got, in percent"),
	.usage = N_(
		"usage: duban progress ID... PERCENT [-m NOTE] [--date DATE] [--by NAME]\n"),
	.more = update_options_help,
	.options = record_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_progress(int argc, char **argv, struct context *ctx)
{
	struct update_opts o;
	struct change proto = { .kind = ENTRY_PROGRESS };
	int status = parse_update_options(argc, argv, ctx, &o);

	if (status >= 0)
		return status;
	if (argc - optind < 2)
		return usage_error(ctx,
				   _("progress needs item ids and a percent"));
	if (percent_parse(argv[argc - 1], &proto.percent))
		return usage_error(ctx,
				   _("\"%s\" is not a percent from 0 to 100"),
				   argv[argc - 1]);
	return apply_changes(ctx, argv + optind, argc - optind - 1, &o, &proto,
			     check_progress);
}

static int cmd_note(int argc, char **argv, struct context *ctx);

const struct command cmd_note_entry = {
	.name = "note",
	.fn = cmd_note,
	.summary = N_("record a note on items"),
	.usage = N_(
		"usage: duban note ID... -m NOTE [--date DATE] [--by NAME]\n"),
	.more = update_options_help,
	.options = record_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_note(int argc, char **argv, struct context *ctx)
{
	struct update_opts o;
	struct change proto = { .kind = ENTRY_NOTE };
	int status = parse_update_options(argc, argv, ctx, &o);

	if (status >= 0)
		return status;
	if (argc - optind < 1)
		return usage_error(ctx, _("note needs at least one item id"));
	if (!o.message || !*o.message)
		return usage_error(ctx, _("note needs the note: -m TEXT"));
	return apply_changes(ctx, argv + optind, argc - optind, &o, &proto,
			     check_nothing);
}

static int cmd_actual(int argc, char **argv, struct context *ctx);

const struct command cmd_actual_entry = {
	.name = "actual",
	.fn = cmd_actual,
	.summary = N_("record the figure reached for a target"),
	.usage = N_(
		"usage: duban actual ID TARGET VALUE [-m NOTE] [--date DATE] [--by NAME]\n"
		"\n"
		"TARGET is the target's number as duban show lists it.\n"),
	.more = update_options_help,
	.options = record_options,
	.flags = CMD_TAKES_IDS,
};

static int cmd_actual(int argc, char **argv, struct context *ctx)
{
	struct update_opts o;
	struct change proto = { .kind = ENTRY_ACTUAL };
	long target;
	char *end;
	int status = parse_update_options(argc, argv, ctx, &o);

	if (status >= 0)
		return status;
	if (argc - optind != 3)
		return usage_error(ctx, _("usage: duban actual ID TARGET VALUE"));
	target = strtol(argv[optind + 1], &end, 10);
	if (*end || end == argv[optind + 1] || target < 1 || target > 1000)
		return usage_error(ctx, _("\"%s\" is not a target number "
				   "(as duban show lists them)"),
				   argv[optind + 1]);
	proto.target = (int)target;
	proto.figure = argv[optind + 2];	/* read against the target's unit */
	return apply_changes(ctx, argv + optind, 1, &o, &proto, check_target);
}

/* The latest record by who that is neither an undo, evidence nor undone:
 * a plain undo takes back the caller's own record, never someone else's. */
static const struct entry *latest_undoable(const struct journal *j,
					   const char *who)
{
	/* evidence backs a record: undo means the record (--batch takes
	 * both) */
	for (size_t i = j->n; i-- > 0;)
		if (j->v[i].kind != ENTRY_UNDO && j->v[i].kind != ENTRY_EVIDENCE &&
		    !j->v[i].undone && strcmp(j->v[i].by, who) == 0)
			return &j->v[i];
	return NULL;
}

/* The entry named (an id or its first 4 or more digits), or NULL after
 * saying why there is none. */
static const struct entry *named_entry(const struct context *ctx,
				       const struct journal *j, const char *name)
{
	bool ambiguous;
	const struct entry *e = journal_find(j, name, &ambiguous);

	if (!e)
		usage_error(ctx, ambiguous ? _("several entries start with "
			    "\"%s\": give more of the id")
				 : _("no entry \"%s\" in the "
				   "journal (ids are in duban log)"), name);
	return e;
}

/* Which record to cancel: the named one, or the latest.  NULL after saying
 * why there is none.  An undo can be undone: its record comes back. */
static const struct entry *undo_target(const struct context *ctx,
				       const struct journal *j, const char *name,
				       const char *who, int *status)
{
	const struct entry *e;

	*status = EXIT_FAILURE_DATA;
	if (!name) {
		if (!(e = latest_undoable(j, who)))
			fprintf(stderr, _("duban: there is nothing "
				"of %s's to undo (undo ENTRY takes back "
				"another's record)\n"), who);
		return e;
	}
	if (!(e = named_entry(ctx, j, name))) {
		*status = EXIT_USAGE;
		return NULL;
	}
	if (e->undone) {
		fprintf(stderr, _("duban: entry %.10s is undone already\n"),
			e->id);
		return NULL;
	}
	return e;
}

/* One undo change per record of e's batch not undone yet.  Returns how
 * many, or -1 when memory runs out. */
static long batch_changes(const struct journal *j, const struct table *t,
			  const struct entry *e, struct change **out)
{
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; i < j->n; i++)
		n += strcmp(j->v[i].batch, e->batch) == 0 && !j->v[i].undone;
	if (n && !(*out = mem_calloc(n, sizeof(**out))))
		return -1;
	n = 0;
	for (size_t i = 0; i < j->n; i++) {
		if (strcmp(j->v[i].batch, e->batch) != 0 || j->v[i].undone)
			continue;
		(*out)[n++] = (struct change){ .kind = ENTRY_UNDO,
					       .it = table_find(t, j->v[i].item),
					       .cancels = j->v[i].id };
	}
	return (long)n;
}

/* undo --batch ENTRY: every record of the command (or merged sheet) that
 * made ENTRY, cancelled together. */
static int undo_batch(struct context *ctx, struct session *ss,
		      const struct update_opts *o, const char *name)
{
	const struct entry *e = named_entry(ctx, &ss->journal, name);
	struct change *changes;
	long n;
	int status;

	if (!e)
		return EXIT_USAGE;
	n = batch_changes(&ss->journal, &ss->plan, e, &changes);
	if (n < 0) {
		fprintf(stderr, _("duban: out of memory\n"));
		return EXIT_FAILURE_DATA;
	}
	if (n == 0) {
		fprintf(stderr, _("duban: every record of batch %s is undone "
				  "already\n"), e->batch);
		return EXIT_FAILURE_DATA;
	}
	status = record_changes(ss, o, changes, (size_t)n, NULL);
	mem_free(changes);
	return status;
}

/* A closure the office has approved or returned since stays asked for:
 * undoing the request would leave the settlement standing on nothing.
 * Returns EXIT_OK, or the exit status after saying which to undo first. */
static int check_unsettled(const struct journal *j, const struct entry *e)
{
	if (e->kind != ENTRY_CLOSE_REQUEST)
		return EXIT_OK;
	for (size_t i = 0; i < j->n; i++) {
		const struct entry *s = &j->v[i];

		if (s->item != e->item || s->undone || s->recorded <= e->recorded ||
		    (s->kind != ENTRY_CLOSE_RETURN && s->kind != ENTRY_STATUS))
			continue;
		fprintf(stderr, _("duban: the office settled item %ld's closure "
				  "since (entry %.10s): undo that first\n"),
			e->item, s->id);
		return EXIT_FAILURE_DATA;
	}
	return EXIT_OK;
}

static int cmd_undo(int argc, char **argv, struct context *ctx);

const struct command cmd_undo_entry = {
	.name = "undo",
	.fn = cmd_undo,
	.summary = N_("cancel your own latest record, or a named one"),
	.usage = N_(
		"usage: duban undo [ENTRY] [-m NOTE] [--date DATE] [--by NAME]\n"
		"       duban undo --batch ENTRY [-m NOTE] [--date DATE] [--by NAME]\n"
		"\n"
		"Appends a record that cancels ENTRY (an id or its first 4 or more\n"
		"digits, as duban log shows them), or the latest record by the one\n"
		"who undoes (--by, $DUBAN_USER, the login name) that is not\n"
		"cancelled yet: never someone else's made since.  It says what it\n"
		"cancels.  Undoing an undo brings its record back.  Nothing is\n"
		"deleted.\n"
		"\n"
		"  --batch   cancel every record of the command (or merged sheet)\n"
		"            that made ENTRY, together\n"),
	.more = update_options_help,
	.options = undo_options,
};

static int cmd_undo(int argc, char **argv, struct context *ctx)
{
	struct update_opts o;
	struct session ss;
	struct change c = { .kind = ENTRY_UNDO };
	const struct entry *e;
	int status;

	if ((status = parse_update_options(argc, argv, ctx, &o)) >= 0)
		return status;
	if (argc - optind > 1)
		return usage_error(ctx, _("undo takes at most one entry id"));
	if (o.batch && argc - optind != 1)
		return usage_error(ctx, _("undo --batch takes an "
				   "entry id of the batch"));
	if (open_store(ctx, &ss, true))
		return EXIT_FAILURE_DATA;
	if (o.batch) {
		status = undo_batch(ctx, &ss, &o, argv[optind]);
		close_store(&ss);
		return status;
	}
	e = undo_target(ctx, &ss.journal, argc > optind ? argv[optind] : NULL,
			o.by, &status);
	if (e && (status = check_unsettled(&ss.journal, e)) != EXIT_OK)
		e = NULL;
	if (e) {
		c.it = table_find(&ss.plan, e->item);
		c.cancels = e->id;
		status = record_changes(&ss, &o, &c, 1, NULL);
	}
	close_store(&ss);
	return status;
}
