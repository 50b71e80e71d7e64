#include "duban/session.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "duban/bundled.h"
#include "duban/date.h"
#include "duban/i18n.h"
#include "duban/store.h"

/* Finds the store; a missing per-user default is made from the bundled
 * plan when mode allows it. */
static int find_store(struct session *s, const char *store_arg,
		      enum session_mode mode, struct duban_error *err)
{
	bool is_default, may_create = mode == SESSION_READ ||
				      mode == SESSION_STATE ||
				      mode == SESSION_WRITE ||
				      mode == SESSION_APPEND;
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

/* Whether a writer may append through the index x: the journal is one it
 * can describe (index_journal_for_append()), no record is dated after
 * today (whose state the writer judges by) or stamped by a clock too far
 * ahead (which the next stamp would not follow). */
static bool may_append(struct index *x)
{
	date_t today = date_today();

	return (x->max_date == DATE_NONE || x->max_date <= today) &&
	       x->latest <= entry_now() + JOURNAL_CLOCK_BOUND_US &&
	       index_journal_for_append(x) == 0;
}

/* Takes the plan and state from the index, when it is up to date (for a
 * writer, also the journal's tail).  Returns 0, 1 when there is none to
 * take, -1 (err) out of memory. */
static int take_index(struct session *s, enum session_mode mode,
		      const long *ids, size_t nids, struct duban_error *err)
{
	bool records = mode == SESSION_READ;	/* session_open_records() */
	int rc = getenv("DUBAN_NO_INDEX") ? 1
		 : records ? index_read_records(&s->index, s->dir, ids, nids,
						&s->journal, err)
		 : ids ? index_read_items(&s->index, s->dir, ids, nids, err)
		 : index_read(&s->index, s->dir, err);

	if (rc)
		return rc;
	if (mode == SESSION_APPEND) {
		if (!may_append(&s->index)) {
			index_release(&s->index);
			return 1;
		}
		s->journal = s->index.tail;
		s->index.tail = (struct journal)JOURNAL_INIT;
	}
	s->plan = s->index.plan;
	s->index.plan = (struct table)TABLE_INIT;
	s->state = s->index.state;
	s->index.state = (struct plan_state)PLAN_STATE_INIT;
	s->state_date = s->index.max_date;
	s->indexed = !records;	/* the records asked for are in s->journal */
	s->partial = ids != NULL;
	return 0;
}

/* Folds the state of every record, and writes the index from what was
 * parsed (items.csv's stat before it was read in items_st, if taken).  An
 * index that cannot be written is no error: reads go on without it. */
static int fold_and_index(struct session *s, const struct stat *items_st,
			  struct duban_error *err)
{
	struct duban_error ignored;

	if (state_fold(&s->state, &s->plan, &s->journal, DATE_NONE, err))
		return -1;
	s->state_date = index_max_date(&s->journal);
	if (items_st && !getenv("DUBAN_NO_INDEX"))
		index_write(s->dir, &s->plan, &s->state, &s->journal, items_st,
			    &ignored);
	return 0;
}

/* Loads items.csv and journal.csv, or for SESSION_STATE the index. */
static int load_plan(struct session *s, enum session_mode mode,
		     const long *ids, size_t nids, struct duban_error *err)
{
	char path[4096];
	struct stat st;
	bool have_st;
	int rc = mode == SESSION_STATE || mode == SESSION_APPEND ||
		 (mode == SESSION_READ && ids)
		 ? take_index(s, mode, ids, nids, err) : 1;

	if (rc <= 0)
		return rc;
	if (store_file(s->dir, STORE_ITEMS, path, sizeof(path), err))
		return -1;
	have_st = stat(path, &st) == 0;
	if (table_load_file(&s->plan, path, path, err) ||
	    journal_load(&s->journal, s->journal_path, s->journal_path,
			 &s->plan, err))
		return -1;
	return mode == SESSION_STATE || mode == SESSION_APPEND
		? fold_and_index(s, have_st ? &st : NULL, err) : 0;
}

static int load_files(struct session *s, enum session_mode mode,
		      const long *ids, size_t nids, struct duban_error *err)
{
	char path[4096];

	if (store_file(s->dir, STORE_CONF, path, sizeof(path), err) ||
	    settings_load(&s->settings, path, path, err) ||
	    store_file(s->dir, MILESTONES_FILE, path, sizeof(path), err) ||
	    milestones_load(&s->milestones, path, path, err) ||
	    load_plan(s, mode, ids, nids, err) ||
	    store_file(s->dir, PEOPLE_FILE, path, sizeof(path), err))
		return -1;
	s->settings.milestones = &s->milestones;
	/* a plan read in part: what the whole plan says, from the index */
	if (s->partial) {
		if (people_load_units(&s->people, path, path, s->index.units,
				      s->index.nunits, err))
			return -1;
		settings_complete_from(&s->settings,
				       s->index.earliest_deadline);
		return 0;
	}
	if (people_load(&s->people, path, path, &s->plan, err))
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

/* session_open(), for a writer of the items ids when ids is not NULL. */
static int open_session(struct session *s, const char *store_arg,
			enum session_mode mode, const long *ids, size_t nids,
			struct duban_error *err)
{
	bool write = mode == SESSION_WRITE || mode == SESSION_APPEND;
	bool exclusive = write || mode == SESSION_REPAIR;

	*s = (struct session){
		.plan = TABLE_INIT, .journal = JOURNAL_INIT,
		.people = PEOPLE_INIT, .milestones = MILESTONES_INIT,
		.lock = STORE_LOCK_INIT,
		.warnings = PROBLEMS_INIT, .state = PLAN_STATE_INIT,
		.state_date = DATE_NONE, .index = INDEX_INIT,
	};
	if (find_store(s, store_arg, mode, err) ||
	    store_lock(s->dir, exclusive, &s->lock, err) ||
	    load_files(s, mode, ids, nids, err))
		return -1;
	if (write && s->journal.problems.n)
		return error_set(err, NULL, 0, _("%s is damaged: nothing was "
				 "recorded; mend the lines above (duban check "
				 "lists them)"), s->journal_path);
	if ((mode == SESSION_READ || mode == SESSION_STATE || write) &&
	    note_journal(s, write))
		return error_nomem(err);
	return 0;
}

int session_open(struct session *s, const char *store_arg,
		 enum session_mode mode, struct duban_error *err)
{
	return open_session(s, store_arg, mode, NULL, 0, err);
}

int session_open_items(struct session *s, const char *store_arg,
		       const long *ids, size_t n, struct duban_error *err)
{
	return open_session(s, store_arg, SESSION_APPEND, ids, n, err);
}

int session_open_records(struct session *s, const char *store_arg,
			 const long *ids, size_t n, struct duban_error *err)
{
	return open_session(s, store_arg, SESSION_READ, ids, n, err);
}

int session_load_journal(struct session *s, struct duban_error *err)
{
	if (!s->indexed)
		return 0;
	if (s->partial)	/* a journal is no use with a part of the plan */
		return error_set(err, NULL, 0, _("internal error: the journal "
				 "asked for beside a plan read in part"));
	/* a writer's tail of the journal stays: the state points into it */
	if (s->journal.exists)
		s->index.tail = s->journal;
	else
		journal_release(&s->journal);
	s->journal = (struct journal)JOURNAL_INIT;
	if (journal_load(&s->journal, s->journal_path, s->journal_path,
			 &s->plan, err))
		return -1;
	s->indexed = false;
	return note_journal(s, false) ? error_nomem(err) : 0;
}

int session_state_as_of(struct session *s, date_t as_of,
			struct plan_state *ps, struct duban_error *err)
{
	if (s->state.items && s->state.n == s->plan.n &&
	    (as_of == DATE_NONE || s->state_date == DATE_NONE ||
	     s->state_date <= as_of)) {
		*ps = s->state;
		s->state = (struct plan_state)PLAN_STATE_INIT;
		return 0;
	}
	if (session_load_journal(s, err))
		return -1;
	return state_fold(ps, &s->plan, &s->journal, as_of, err);
}

void session_tidy_index(struct session *s)
{
	struct index x = INDEX_INIT;
	struct duban_error ignored;

	if (!s->indexed || !s->partial ||
	    !index_tail_is_long(&s->index, s->index.tail_len))
		return;
	if (index_read(&x, s->dir, &ignored) == 0)
		index_release(&x);
}

void session_close(struct session *s)
{
	state_release(&s->state);
	problems_release(&s->warnings);
	people_release(&s->people);
	milestones_release(&s->milestones);
	journal_release(&s->journal);
	table_release(&s->plan);
	index_release(&s->index);
	store_unlock(&s->lock);
}
