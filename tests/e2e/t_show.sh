# show: whole items.

t "show wraps the text to the terminal and lists the targets"
COLUMNS=80 run show 5 42
expect_status 0
expect_stdout_file tests/e2e/expected/show-5-42-80.txt

t "show of an unknown id shows nothing and says which"
run show 1 99
expect_status 2
expect_stdout_empty
expect_stderr "duban: no item 99 in the plan"
run show abc
expect_status 2
expect_stdout_empty
run show
expect_status 2

t "show --format tsv and json give the same fields as list"
run show 53 --format json --as-of 2024-06-30
expect_stdout_file tests/e2e/expected/list-53.json
run show 13 1 --format tsv
expect_ids "13 1"
