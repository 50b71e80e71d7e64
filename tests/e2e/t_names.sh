# units and leaders.

t "leaders counts the items each leads"
run leaders --format tsv
expect_status 0
expect_stdout_file tests/e2e/expected/leaders.tsv

t "units counts lead and participating items"
run units --format tsv
expect_status 0
expect_stdout_file tests/e2e/expected/units.tsv

t "units on the terminal lines up"
COLUMNS=80 run units
expect_stdout_file tests/e2e/expected/units.txt
