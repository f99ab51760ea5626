#!/bin/bash
# run-report.sh — the year's report (issue 7) at the full scale of product.md, beside sqlite3
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-report.sh MAMORI_CLI [DB]
#
# Builds (unless DB exists) the full ward: 300 sections, 1,000,000 assets, 200 managed areas
# with 2,000,000 log entries, 5,000 contracts and 10 fiscal years of inspections (77 minutes at
# nice 19 on a shared 2-core machine, 370 MB peak; give DB to keep it).  Then, for the last closed fiscal year, times
# `mamori-cli export report` (XML, validated before it is renamed into place) and
# `mamori-cli report --pdf`, the median of RUNS runs (default 3) with the peak resident memory
# (/usr/bin/time -v), and the sqlite3 CLI running the same queries the report runs (its
# GROUP BYs over the cycle's answers, the previous cycle, the findings, the inventory, the
# areas' entries and the contracts' clauses) with their rows sent to /dev/null.  The ratios
# are mamori-cli over sqlite3.  Figures, not pass/fail.

set -euo pipefail
unset MALLOC_CHECK_ MALLOC_PERTURB_ G_SLICE G_DEBUG
export LC_ALL=C.UTF-8

cli=$1
db=${2:-}
runs=${RUNS:-3}
work=$(mktemp -d "${TMPDIR:-/var/tmp}/mamori-bench-report.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ -z $db ]]; then
  db=$work/ward.db
fi
if [[ ! -f $db ]]; then
  echo "building the full ward in $db" >&2
  start=$(date +%s.%N)
  "$cli" --db "$db" demo --sections 300 --assets 1000000 --areas 200 --entries 2000000 \
    --contracts 5000 --inspection-years 10 --seed 1 >&2
  echo "BENCH report.build $(echo "$(date +%s.%N) - $start" | bc) s"
fi
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (build-aux/setup.sh)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time is missing (package time)" >&2; exit 1; }

year=$(sqlite3 -readonly "$db" "SELECT max (fiscal_year) FROM inspection_cycles
  WHERE kind = 'fiscal-year' AND fiscal_year < (SELECT max (fiscal_year) FROM inspection_cycles)")
echo "fiscal year $year" >&2

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int ((NR + 1) / 2)] }'; }

# time_cli NAME ARGS…: wall seconds and peak RSS (KB) of each run; prints the medians.
time_cli() {
  local name=$1; shift
  local times=() rss=()
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -v -o "$work/time" "$cli" --db "$db" "$@" >/dev/null
    times+=("$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
               awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')")
    rss+=("$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")")
  done
  local t r
  t=$(printf '%s\n' "${times[@]}" | median)
  r=$(printf '%s\n' "${rss[@]}" | median)
  echo "BENCH report.$name $(echo "$t * 1000" | bc) ms"
  echo "BENCH report.$name.peak-rss $((r / 1024)) MB"
  echo "$t" >"$work/$name.seconds"
}

time_cli export-xml export report --fiscal-year "$year" --out "$work/report.xml" --force
time_cli pdf report --fiscal-year "$year" --pdf "$work/report.pdf" --force
echo "BENCH report.xml-size $(( $(stat -c %s "$work/report.xml") / 1024 )) KB"
echo "BENCH report.pdf-pages $(pdfinfo "$work/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')"
/usr/bin/time -v -o "$work/time" "$cli" validate "$work/report.xml" >/dev/null
echo "BENCH report.validate $(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")"

# The same reads with the sqlite3 CLI (what mamori-report-data.c runs, in one transaction).
cycle=$(sqlite3 -readonly "$db" "SELECT id FROM inspection_cycles WHERE fiscal_year = $year AND kind = 'fiscal-year'")
prev=$(sqlite3 -readonly "$db" "SELECT coalesce (previous_id, 0) FROM inspection_cycles WHERE id = $cycle")
std=$(sqlite3 -readonly "$db" "SELECT standard_id FROM inspection_cycles WHERE id = $cycle")
from="$year-04-01"; to="$((year + 1))-04-01"; last="$((year + 1))-03-31"
cat >"$work/report.sql" <<EOF
.output /dev/null
BEGIN;
SELECT h.section_id, s.code, s.name, h.status, sum (a.meaning = 'complied'), sum (a.meaning = 'partial'), sum (a.meaning = 'not-complied'), sum (a.meaning = 'not-applicable'), count (a.id) FROM inspection_sheets AS h JOIN sections AS s ON s.id = h.section_id LEFT JOIN inspection_answers AS a ON a.sheet_id = h.id WHERE h.cycle_id = $cycle GROUP BY h.id ORDER BY s.code;
SELECT h.section_id, sum (a.meaning = 'complied'), count (a.id) FROM inspection_sheets AS h JOIN inspection_answers AS a ON a.sheet_id = h.id WHERE h.cycle_id = $prev GROUP BY h.section_id;
SELECT ci.chapter_ref, sum (a.meaning = 'complied'), sum (a.meaning = 'partial'), sum (a.meaning = 'not-complied'), sum (a.meaning = 'not-applicable'), count (a.id) FROM inspection_sheets AS h JOIN inspection_answers AS a ON a.sheet_id = h.id JOIN catalogue_items AS ci ON ci.id = a.item_id WHERE h.cycle_id IN ($cycle, $prev) GROUP BY h.cycle_id, ci.chapter_ref;
SELECT c.fiscal_year, sum (a.meaning = 'complied'), count (a.id) FROM inspection_cycles AS c JOIN inspection_sheets AS h ON h.cycle_id = c.id JOIN inspection_answers AS a ON a.sheet_id = h.id WHERE c.kind = 'fiscal-year' GROUP BY c.id;
SELECT s.name, ci.code, ci.question, ao.label, a.meaning, a.observation, a.plan_action, a.plan_due FROM inspection_sheets AS h JOIN sections AS s ON s.id = h.section_id JOIN inspection_answers AS a ON a.sheet_id = h.id JOIN catalogue_items AS ci ON ci.id = a.item_id JOIN answer_options AS ao ON ao.standard_id = ci.standard_id AND ao.scale = ci.scale AND ao.code = a.answer WHERE h.cycle_id = $cycle ORDER BY s.code, ci.ordinal;
SELECT * FROM audit_findings WHERE cycle_id = $cycle;
SELECT * FROM evaluations WHERE cycle_id = $cycle;
SELECT sum (status = 'active'), sum (status = 'disposed'), (SELECT count (*) FROM assets WHERE rule_flags <> 0 AND status = 'active') FROM assets;
SELECT s.code, s.name, count (a.id), sum (a.rule_flags <> 0) FROM sections AS s JOIN assets AS a ON a.owner_section_id = s.id AND a.status = 'active' GROUP BY s.id ORDER BY s.code;
SELECT c.code, c.name, (SELECT count (*) FROM assets AS a WHERE a.class_code = c.code AND a.status = 'active') FROM classification_classes AS c WHERE c.standard_id = $std ORDER BY c.rank;
SELECT kind, count (*) FROM assets WHERE status = 'active' GROUP BY kind;
SELECT count (*) FROM assets WHERE rule_flags <> 0 AND rule_flags & 1 <> 0 AND status = 'active';
SELECT count (*) FROM assets WHERE rule_flags <> 0 AND rule_flags & 2 <> 0 AND status = 'active';
SELECT count (*) FROM assets WHERE rule_flags <> 0 AND rule_flags & 4 <> 0 AND status = 'active';
SELECT count (*) FROM assets WHERE rule_flags <> 0 AND rule_flags & 8 <> 0 AND status = 'active';
SELECT count (*) FROM assets WHERE rule_flags <> 0 AND rule_flags & 16 <> 0 AND status = 'active';
SELECT count (*) FROM assets WHERE rule_flags <> 0 AND rule_flags & 32 <> 0 AND status = 'active';
SELECT count (*) FROM assets WHERE rule_flags <> 0 AND rule_flags & 64 <> 0 AND status = 'active';
SELECT a.code, (SELECT count (*) FROM area_entries AS e WHERE e.area_id = a.id AND e.entered_at >= '$from' AND e.entered_at < '$to'), (SELECT count (*) FROM area_entries AS e WHERE e.area_id = a.id AND e.rule_flags <> 0 AND e.entered_at >= '$from' AND e.entered_at < '$to'), (SELECT count (*) FROM area_samples AS p WHERE p.area_id = a.id AND p.done_on >= '$from' AND p.done_on < '$to') FROM areas AS a ORDER BY a.code;
SELECT k.kind, count (*) FROM contracts AS k WHERE k.starts_on <= '$last' AND k.ends_on >= '$from' GROUP BY k.kind;
SELECT count (*), sum (a.answer = 'stated'), sum (a.answer IS NULL) FROM contract_clauses AS a JOIN contracts AS k ON k.id = a.contract_id WHERE k.starts_on <= '$last' AND k.ends_on >= '$from';
SELECT count (DISTINCT a2.contract_id) FROM contract_clauses AS a2 JOIN contracts AS k ON k.id = a2.contract_id JOIN clauses AS c ON c.id = a2.clause_id WHERE k.starts_on <= '$last' AND k.ends_on >= '$from' AND c.mandatory = 1 AND (a2.answer IS NULL OR a2.answer <> 'stated') AND (coalesce (a2.answer, '') <> 'not-applicable' OR trim (a2.note) = '');
COMMIT;
EOF
times=()
rss=()
for ((i = 0; i < runs; i++)); do
  /usr/bin/time -v -o "$work/time" sqlite3 -readonly "$db" <"$work/report.sql"
  times+=("$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time" |
             awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')")
  rss+=("$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")")
done
t=$(printf '%s\n' "${times[@]}" | median)
r=$(printf '%s\n' "${rss[@]}" | median)
echo "BENCH report.sqlite3-cli.same-queries $(echo "$t * 1000" | bc) ms"
echo "BENCH report.sqlite3-cli.peak-rss $((r / 1024)) MB"
for name in export-xml pdf; do
  printf 'BENCH report.%s.ratio-vs-sqlite3 %.2f\n' "$name" \
    "$(echo "$(cat "$work/$name.seconds") / $t" | bc -l)"
done
