#!/bin/bash
# run-areas.sh — the entry log's filters at the scale of product.md: 200 managed areas with
# 2,000,000 log entries
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-areas.sh [--entries N] [--workdir DIR] [--keep] [--db WARD.db] MAMORI_CLI BENCH_AREAS
#
# Builds the sample ward (300 sections, 20,000 assets, 200 areas, N entries, seed 1) with
# `mamori-cli demo`, prints how long that took, then runs bench-areas on it (the median of 5
# runs of each interaction, in ms) and, beside each filter of the entry log, the sqlite3 CLI
# running the very statements bench-areas ran (traced, with their parameters filled in) on
# the same file, as the median of 5 runs of `.timer on`, and the ratio Mamori / sqlite3:
#
#   BENCH areas.<filter> <ms> ms (<rows> rows)
#   BENCH areas.sqlite3-cli.<filter> <ms> ms
#   BENCH areas.ratio.<filter> <ratio>
#
# The CLI's connection reads the schema before its timer starts, as Mamori's has when the
# view asks.  MAMORI_BENCH_SCALE=quick makes it 200,000 entries; --db times a ward built
# before (with --keep) instead of building one.
# Nothing is written outside the scratch directory, which is removed unless --keep is given.

set -euo pipefail
unset MALLOC_CHECK_ MALLOC_PERTURB_ G_SLICE G_DEBUG
export LC_ALL=C.UTF-8

entries=2000000
workdir_parent=/var/tmp
keep=0
ward=
[[ ${MAMORI_BENCH_SCALE:-} == quick ]] && entries=200000
while [[ $# -gt 2 ]]; do
  case $1 in
    --entries) entries=$2; shift 2 ;;
    --workdir) workdir_parent=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --db) ward=$2; shift 2 ;;
    *) echo "run-areas.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $# -ne 2 ]]; then
  echo "usage: run-areas.sh [--entries N] [--workdir DIR] [--keep] [--db WARD.db] MAMORI_CLI BENCH_AREAS" >&2
  exit 2
fi
cli=$1
bench=$2
work=$(mktemp -d "$workdir_parent/mamori-bench-areas.XXXXXX")
[[ $keep == 1 ]] || trap 'rm -rf "$work"' EXIT

db=${ward:-$work/ward.db}
if [[ -z $ward ]]; then
  start=$(date +%s.%N)
  "$cli" --db "$db" demo --sections 300 --assets 20000 --areas 200 \
    --entries "$entries" --seed 1 >&2
  end=$(date +%s.%N)
  echo "BENCH areas.demo $(echo "($end - $start) * 1000" | bc -l | cut -d. -f1) ms"
fi
echo "BENCH areas.file-size $(stat -c %s "$db") bytes"
mkdir "$work/sql"
MAMORI_BENCH_SQL_DIR=$work/sql "$bench" "$db" 5 | tee "$work/bench.txt"

if ! command -v sqlite3 >/dev/null; then
  echo "run-areas.sh: the sqlite3 CLI is not installed (package sqlite3): no ratios" >&2
  exit 0
fi
for file in "$work"/sql/*.sql; do
  what=$(basename "$file" .sql)
  runs=()
  for ((i = 0; i < 5; i++)); do
    # Every statement of the interaction, summed: what one run of it costs the CLI.
    runs+=("$( (echo "SELECT count(*) FROM sqlite_schema;"; echo .timer on; cat "$file") |
               sqlite3 -readonly "$db" |
               sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | paste -sd+ | bc -l)")
  done
  cli_ms=$(printf '%s\n' "${runs[@]}" | sort -g | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }')
  mamori_ms=$(awk -v w="areas.$what" '$1 == "BENCH" && $2 == w { print $3 }' "$work/bench.txt")
  echo "BENCH areas.sqlite3-cli.$what $cli_ms ms"
  awk -v m="$mamori_ms" -v c="$cli_ms" -v w="$what" \
    'BEGIN { if (c > 0) printf "BENCH areas.ratio.%s %.2f\n", w, m / c }'
done
