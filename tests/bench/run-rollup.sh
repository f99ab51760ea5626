#!/bin/bash
# run-rollup.sh — the inspection roll-up at the scale of issue 6, beside the sqlite3 CLI
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-rollup.sh BENCH_ROLLUP MAMORI_CLI [DB]
#
# Builds (unless DB exists) a ward of 300 sections with 10 fiscal years of inspections, every
# item of the catalogue that applies to a section answered each year, then runs bench-rollup
# and the sqlite3 CLI on the same counts (the by-section GROUP BY of one cycle and the 10-year
# trend).  Figures, not pass/fail.

set -euo pipefail
unset MALLOC_CHECK_ MALLOC_PERTURB_ G_SLICE G_DEBUG
export LC_ALL=C.UTF-8

bench=$1
cli=$2
db=${3:-}
work=""
if [[ -z $db ]]; then
  work=$(mktemp -d "${TMPDIR:-/var/tmp}/mamori-bench-rollup.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  db=$work/ward.db
fi
if [[ ! -f $db ]]; then
  echo "building 300 sections × 10 years of inspections in $db" >&2
  start=$(date +%s.%N)
  "$cli" --db "$db" demo --sections 300 --assets 0 --inspection-years 10 >&2
  echo "BENCH rollup.build $(echo "$(date +%s.%N) - $start" | bc) s"
fi

"$bench" "$db" 5

# The same counts with the sqlite3 CLI: the by-section GROUP BY of last year's cycle, and the
# trend over every year (median of 5, from .timer).
if command -v sqlite3 >/dev/null; then
  cycle=$(sqlite3 "$db" "SELECT id FROM inspection_cycles ORDER BY fiscal_year DESC LIMIT 1 OFFSET 1")
  for what in section years; do
    if [[ $what == section ]]; then
      sql="SELECT h.section_id, sum (a.meaning = 'complied'), sum (a.meaning = 'partial'), sum (a.meaning = 'not-complied'), sum (a.meaning = 'not-applicable'), count (a.id) FROM inspection_sheets AS h LEFT JOIN inspection_answers AS a ON a.sheet_id = h.id WHERE h.cycle_id = $cycle GROUP BY h.id;"
    else
      sql="SELECT c.fiscal_year, sum (a.meaning = 'complied'), count (a.id) FROM inspection_cycles AS c JOIN inspection_sheets AS h ON h.cycle_id = c.id JOIN inspection_answers AS a ON a.sheet_id = h.id GROUP BY c.id;"
    fi
    times=$( (echo ".timer on"; for _ in 1 2 3 4 5; do echo "$sql"; done) |
             sqlite3 "$db" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | sort -n)
    median=$(echo "$times" | sed -n 3p)
    echo "BENCH rollup.sqlite3-$what $(echo "$median * 1000" | bc) ms"
  done
fi
