#!/bin/bash
# contracts.sh — the Contracts view's list and filters on 5,000 contracts, against sqlite3
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: contracts.sh [--contracts N] [--runs N] [--workdir DIR] BENCH_CONTRACTS MAMORI_CLI
#
# Builds a sample ward of 60 sections and N contracts (default 5,000, each with its checklist,
# operational checks and staff), then prints bench-contracts' figures (median of RUNS runs,
# default 5) and, beside them, the sqlite3 CLI running the same list query with the missing
# clauses counted (`.timer on`, best of RUNS).  Figures, not assertions.  Nothing is written
# outside the scratch directory, which is removed at the end.

set -euo pipefail
unset MALLOC_CHECK_ MALLOC_PERTURB_ G_SLICE G_DEBUG
export LC_ALL=C.UTF-8

contracts=5000
runs=5
workdir=/var/tmp
while [[ $# -gt 2 ]]; do
  case $1 in
    --contracts) contracts=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ $# -eq 2 ]] || { echo "usage: $0 [options] BENCH_CONTRACTS MAMORI_CLI" >&2; exit 2; }
bench=$1
cli=$2
scratch=$(mktemp -d "$workdir/mamori-bench-contracts-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
db=$scratch/ward.db

echo "building a ward of $contracts contracts…" >&2
start=$(date +%s.%N)
"$cli" --db "$db" demo --sections 60 --assets 0 --contracts "$contracts" --seed 1 >/dev/null
end=$(date +%s.%N)
printf 'BENCH contracts.demo %.1f s\n' "$(echo "$end - $start" | bc)"

"$bench" "$db" "$runs"

# The same list query in the sqlite3 CLI: every contract, its section, and its missing
# mandatory clauses (not stated, not answered, or not applicable without a reason).
sql="WITH m AS (SELECT a.contract_id AS cid, count (*) AS n, group_concat (c.code, ', ') AS codes
  FROM contract_clauses AS a JOIN clauses AS c ON c.id = a.clause_id
  WHERE (a.answer IS NULL OR a.answer <> 'stated') AND
  (coalesce (a.answer, '') <> 'not-applicable' OR trim (a.note) = '') AND c.mandatory = 1
  GROUP BY a.contract_id)
SELECT k.id, k.number, k.title, k.vendor, s.name, k.kind, k.status, k.starts_on, k.ends_on,
  coalesce (m.n, 0), coalesce (m.codes, '')
FROM contracts AS k JOIN sections AS s ON s.id = k.section_id LEFT JOIN m ON m.cid = k.id
ORDER BY k.status = 'ended', k.ends_on, k.number;"
best=""
for ((i = 0; i < runs; i++)); do
  t=$(printf '.timer on\n%s\n' "$sql" | sqlite3 -readonly "$db" |
      sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | tail -1)
  if [[ -z $best ]] || (( $(echo "$t < $best" | bc) )); then best=$t; fi
done
printf 'BENCH contracts.sqlite3-cli.list.all %.1f ms\n' "$(echo "$best * 1000" | bc)"
