# Compares one expected extraction (the input, tests/fixtures/corpus/*.expected.json)
# with what `duban import --format json` read ($got): one line for each
# complete item, "ok N" or "N: what differs".  Items the fragment cuts off
# (truncated) are not compared.  A null deadline_raw means the document
# prints none: the item's deadline_text must then be empty.
($got[0]) as $g
| .items[]
| select(.truncated != true)
| . as $e
| ([$g[] | select(.number == $e.n)] | first) as $o
| if $o == null then "\($e.n): not read"
  else
    [ (if $o.text[0:12] != $e.text_start
       then "text \($o.text[0:12]) != \($e.text_start)" else empty end),
      (if $o.leaders != $e.leaders
       then "leaders \($o.leaders) != \($e.leaders)" else empty end),
      (if $o.lead_units != $e.lead_units
       then "lead_units \($o.lead_units) != \($e.lead_units)" else empty end),
      (if $o.participants != $e.participants
       then "participants \($o.participants) != \($e.participants)" else empty end),
      (if $o.deadline_text != ($e.deadline_raw // "")
       then "deadline \"\($o.deadline_text)\" != \($e.deadline_raw)" else empty end),
      (if ($o.flags | index("not-written")) != null
       then "not written: \($o.problems)" else empty end)
    ]
    | if length == 0 then "ok \($e.n)" else "\($e.n): " + join("; ") end
  end
