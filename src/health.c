#include "duban/health.h"

#include <string.h>

#include "duban/milestone.h"

static const char *const light_keys[LIGHT_COUNT] = { "green", "blue", "yellow", "red" };
static const char *const light_labels[LIGHT_COUNT] = { "绿", "蓝", "黄", "红" };
static const char *const standing_keys[STANDING_COUNT] = {
	"on-schedule", "due-soon", "behind", "overdue", "done", "done-late",
};
static const char *const standing_labels[STANDING_COUNT] = {
	"序时推进", "临近时限", "滞后", "逾期", "按期完成", "逾期完成",
};
static const enum light standing_lights[STANDING_COUNT] = {
	LIGHT_GREEN, LIGHT_BLUE, LIGHT_YELLOW, LIGHT_RED, LIGHT_GREEN, LIGHT_RED,
};

const char *light_key(enum light l)
{
	return light_keys[l];
}

const char *light_label(enum light l)
{
	return light_labels[l];
}

int light_parse(const char *s, enum light *out)
{
	for (int i = 0; i < LIGHT_COUNT; i++)
		if (strcmp(s, light_keys[i]) == 0 || strcmp(s, light_labels[i]) == 0 ||
		    (strncmp(s, light_labels[i], strlen(light_labels[i])) == 0 &&
		     strcmp(s + strlen(light_labels[i]), "灯") == 0)) {
			*out = (enum light)i;
			return 0;
		}
	return -1;
}

const char *standing_key(enum standing s)
{
	return standing_keys[s];
}

const char *standing_label(enum standing s)
{
	return standing_labels[s];
}

void health_of(const struct item *it, const struct item_state *st,
	       date_t as_of, const struct settings *s, struct health *out)
{
	date_t dl = state_deadline(it, st);
	enum standing standing;
	enum light light;

	*out = (struct health){ .elapsed = -1, .days_left = -1 };
	if (dl != DATE_NONE) {
		size_t n;
		const struct milestone *ms = milestones_of(s->milestones,
							   it->id, &n);

		out->elapsed = milestone_expected(ms, n, s->start, dl, as_of);
	}
	if (st->status == STATUS_DONE) {
		bool late = dl != DATE_NONE && st->done_date > dl;

		standing = late ? STANDING_DONE_LATE : STANDING_DONE;
		out->days_overdue = late ? (long)st->done_date - dl : 0;
	} else if (dl != DATE_NONE && as_of > dl) {
		standing = STANDING_OVERDUE;
		out->days_overdue = (long)as_of - dl;
	} else {
		if (dl != DATE_NONE)
			out->days_left = (long)dl - as_of;
		if (dl != DATE_NONE &&
		    out->elapsed - state_percent(st) > s->yellow_behind)
			standing = STANDING_BEHIND;
		else if (dl != DATE_NONE && out->days_left <= s->warn_days)
			standing = STANDING_DUE_SOON;
		else
			standing = STANDING_ON_SCHEDULE;
	}
	light = standing_lights[standing];
	if (standing == STANDING_BEHIND && s->red_behind &&
	    out->elapsed - state_percent(st) >= s->red_behind)
		light = LIGHT_RED;
	out->standing = standing;
	out->light = light;
}
