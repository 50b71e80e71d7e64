#include "duban/session.h"

#include "duban/bundled.h"
#include "duban/i18n.h"
#include "duban/store.h"

/* Finds the store; a missing per-user default is made from the bundled
 * plan when mode allows it. */
static int find_store(struct session *s, const char *store_arg,
		      enum session_mode mode, struct duban_error *err)
{
	bool is_default, may_create = mode == SESSION_READ || mode == SESSION_WRITE;
	size_t n;
	const char *plan;

	if (store_locate(store_arg, s->dir, sizeof(s->dir), &is_default, err) ||
	    store_file(s->dir, JOURNAL_FILE, s->journal_path,
		       sizeof(s->journal_path), err))
		return -1;
	if (store_exists(s->dir))
		return 0;
	if (!is_default || !may_create)
		return may_create
			? error_set(err, NULL, 0, _("%s: no store here (no "
				    "items.csv); create one with: duban init %s"),
				    s->dir, s->dir)
			: error_set(err, NULL, 0, _("%s: no store here (no "
				    "items.csv)"), s->dir);
	plan = bundled_plan(&n);
	if (store_create(s->dir, plan, n, err))
		return -1;
	s->created = true;
	return 0;
}

static int load_files(struct session *s, struct duban_error *err)
{
	char path[4096];

	if (store_file(s->dir, STORE_CONF, path, sizeof(path), err) ||
	    settings_load(&s->settings, path, path, err) ||
	    store_file(s->dir, STORE_ITEMS, path, sizeof(path), err) ||
	    table_load_file(&s->plan, path, path, err) ||
	    journal_load(&s->journal, s->journal_path, s->journal_path,
			 &s->plan, err) ||
	    store_file(s->dir, PEOPLE_FILE, path, sizeof(path), err) ||
	    people_load(&s->people, path, path, &s->plan, err))
		return -1;
	settings_complete(&s->settings, &s->plan);
	return 0;
}

/* What a reader or writer is told of the journal beside its damaged lines:
 * the records left out and what the next write does about them. */
static int note_journal(struct session *s, bool write)
{
	const struct journal *j = &s->journal;
	struct problems *w = &s->warnings;

	if (!write && j->problems.n &&
	    problems_add(w, 0, "%s", _("lines that cannot be read are left "
			 "out, and a record may be missing; run 'duban "
			 "check'")))
		return -1;
	for (size_t g = 0; g < j->ngaps; g++) {
		const struct journal_gap *gap = &j->gaps[g];

		if (problems_add(w, gap->first_line, write && gap->at_end
				 ? _("the records of an interrupted write "
				     "(batch %s, %zu of %zu) are left out, "
				     "and cut off when this records")
				 : _("the records of an interrupted write "
				     "(batch %s, %zu of %zu) are left out"),
				 gap->batch, gap->have, gap->want))
			return -1;
	}
	if (j->torn_tail &&
	    problems_add(w, j->torn_line, "%s", write
			 ? _("the last line is incomplete (a write was "
			     "interrupted); it is left out, and cut off when "
			     "this records")
			 : _("the last line is incomplete (a write was "
			     "interrupted); it is ignored")))
		return -1;
	return 0;
}

int session_open(struct session *s, const char *store_arg,
		 enum session_mode mode, struct duban_error *err)
{
	bool exclusive = mode == SESSION_WRITE || mode == SESSION_REPAIR;

	*s = (struct session){
		.plan = TABLE_INIT, .journal = JOURNAL_INIT,
		.people = PEOPLE_INIT, .lock = STORE_LOCK_INIT,
		.warnings = PROBLEMS_INIT,
	};
	if (find_store(s, store_arg, mode, err) ||
	    store_lock(s->dir, exclusive, &s->lock, err) ||
	    load_files(s, err))
		return -1;
	if (mode == SESSION_WRITE && s->journal.problems.n)
		return error_set(err, NULL, 0, _("%s is damaged: nothing was "
				 "recorded; mend the lines above (duban check "
				 "lists them)"), s->journal_path);
	if ((mode == SESSION_READ || mode == SESSION_WRITE) &&
	    note_journal(s, mode == SESSION_WRITE))
		return error_nomem(err);
	return 0;
}

void session_close(struct session *s)
{
	problems_release(&s->warnings);
	people_release(&s->people);
	journal_release(&s->journal);
	table_release(&s->plan);
	store_unlock(&s->lock);
}
