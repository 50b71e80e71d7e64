# Compares the items `duban import --format json` read ($got) with a
# hand-written expectation (the input, tests/fixtures/layouts/*.expect.json):
# item by item in document order, every field the expectation gives
# (number, lead_units, participants, leaders, deadline, section,
# subsection).  One line per difference; none when all agree.
($got[0]) as $g
| (.items | length) as $n
| (if ($g | length) != $n then "\($g | length) items read, \($n) expected" else empty end),
  (range(0; $n) as $k
   | .items[$k] as $e
   | ($g[$k] // {}) as $o
   | $e | keys_unsorted[]
   | select(. as $f | ["number", "lead_units", "participants", "leaders",
			"deadline", "section", "subsection"] | index($f))
   | select($o[.] != $e[.])
   | "item \($k + 1) \(.): \($o[.] | tojson) != \($e[.] | tojson)")
