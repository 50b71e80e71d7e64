/*
 * test_people — people.csv: who is who, read as Excel saves it, refused
 * with its line when it cannot be trusted.
 */
#include "testutil.h"

#include "duban/error.h"
#include "duban/mem.h"
#include "duban/people.h"
#include "duban/table.h"

#define PLAN "id,section,section_title,subsection,subsection_title,text," \
	"leaders,lead_units,participants,deadline,deadline_text,targets\n" \
	"1,1,节,1,小节,任务一,杨峰,区住建局,区财政局,2024-12-31,,\n" \
	"2,1,节,1,小节,任务二,徐志勇,区住建局（旧改办）,,2024-12-31,,\n"

static struct table plan = TABLE_INIT;

static int setup(void **state)
{
	struct duban_error err;

	(void)state;
	return table_load_buffer(&plan, PLAN, strlen(PLAN), "items.csv", &err);
}

static int teardown(void **state)
{
	(void)state;
	table_release(&plan);
	mem_fail_after(0);
	return 0;
}

static int load(struct people *p, const char *csv, struct duban_error *err)
{
	char path[64];
	int rc;

	snprintf(path, sizeof(path), "%s", write_temp(csv, strlen(csv)));
	error_clear(err);
	rc = people_load(p, path, "people.csv", &plan, err);
	unlink(path);
	return rc;
}

static void test_load(void **state)
{
	struct people p = PEOPLE_INIT;
	struct duban_error err;
	const struct person *x;

	(void)state;
	/* as Excel saves it: a BOM, CRLF, the columns in another order,
	 * roles by label */
	assert_int_equal(load(&p, "\xEF\xBB\xBFrole,name,unit\r\n"
			      "联络员,王芳,区住建局\r\n"
			      "clerk,李强,区住建局（旧改办）\r\n"
			      "领导,杨峰,\r\n"
			      "office,督办室,\r\n", &err), 0);
	assert_int_equal(p.n, 4);
	x = people_find(&p, "王芳");
	assert_non_null(x);
	assert_string_equal(x->unit, "区住建局");
	assert_int_equal(x->role, PERSON_CLERK);
	assert_int_equal(x->line, 2);
	x = people_find(&p, "李强");
	assert_string_equal(x->unit, "区住建局（旧改办）");
	x = people_find(&p, "杨峰");
	assert_int_equal(x->role, PERSON_LEADER);
	assert_string_equal(x->unit, "");
	assert_int_equal(people_find(&p, "督办室")->role, PERSON_OFFICE);
	assert_null(people_find(&p, "王"));
	assert_null(people_find(&p, "王芳 "));
	assert_string_equal(person_role_key(PERSON_CLERK), "clerk");
	people_release(&p);
	assert_null(p.v);
	assert_int_equal(p.n, 0);
}

static void test_missing_file(void **state)
{
	struct people p = PEOPLE_INIT;
	struct duban_error err;

	(void)state;
	assert_int_equal(people_load(&p, "/nonexistent/people.csv", "people.csv",
				     &plan, &err), 0);
	assert_int_equal(p.n, 0);
	assert_null(people_find(&p, "王芳"));
}

static void expect_refused(const char *csv, long line, const char *msg)
{
	struct people p = PEOPLE_INIT;
	struct duban_error err;

	assert_int_equal(load(&p, csv, &err), -1);
	assert_string_equal(err.file, "people.csv");
	assert_int_equal(err.line, line);
	assert_string_equal(err.msg, msg);
	assert_int_equal(p.n, 0);
	assert_null(p.v);
}

static void test_refused(void **state)
{
	(void)state;
	expect_refused("name,unit,role,phone\n", 1, "unknown column \"phone\": "
		       "people.csv has name, unit and role");
	expect_refused("name,unit\n", 1, "the header has no \"role\" column");
	expect_refused("name,name,role\n", 1, "column \"name\" appears twice");
	expect_refused("name,unit,role\n,区住建局,clerk\n", 2,
		       "a person without a name");
	expect_refused("name,unit,role\n王芳,区住建局,科员\n", 2, "\"科员\" is not a "
		       "role: write office, clerk or leader (督查室, 联络员, 领导)");
	expect_refused("name,unit,role\n王芳,,clerk\n", 2,
		       "王芳 is a clerk without a unit");
	/* exactly as the plan writes it: no prefix, no other unit */
	expect_refused("name,unit,role\n王芳,住建局,clerk\n", 2, "the plan has no "
		       "unit \"住建局\" (write it exactly as items.csv does)");
	expect_refused("name,unit,role\n王芳,区住建局,clerk\n李强,区财政局,clerk\n"
		       "王芳,区住建局（旧改办）,clerk\n", 4,
		       "王芳 is already on line 2");
	expect_refused("name,unit,role\n\"王\n芳\",区住建局,clerk\n", 2,
		       "the name holds a line break or another control character");
	expect_refused("name,unit,role\n王芳,区住建局\n", 2,
		       "2 fields where the header has 3");
}

static void test_oom(void **state)
{
	(void)state;
	for (long k = 1;; k++) {
		struct people p = PEOPLE_INIT;
		struct duban_error err;
		int rc;

		mem_fail_after(k);
		rc = load(&p, "name,unit,role\n王芳,区住建局,clerk\n杨峰,,leader\n",
			  &err);
		mem_fail_after(0);
		if (rc == 0) {
			assert_int_equal(p.n, 2);
			people_release(&p);
			assert_true(k > 3);
			break;
		}
		assert_int_equal(p.n, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_oom),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
