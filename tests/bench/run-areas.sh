#!/bin/bash
# run-areas.sh — the entry log's filters at the scale of product.md: 200 managed areas with
# 2,000,000 log entries
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-areas.sh [--entries N] [--workdir DIR] [--keep] MAMORI_CLI BENCH_AREAS
#
# Builds the sample ward (300 sections, 20,000 assets, 200 areas, N entries, seed 1) with
# `mamori-cli demo`, prints how long that took, then runs bench-areas on it (the median of 5
# runs of each interaction, in ms).  MAMORI_BENCH_SCALE=quick makes it 200,000 entries.
# Nothing is written outside the scratch directory, which is removed unless --keep is given.

set -euo pipefail
unset MALLOC_CHECK_ MALLOC_PERTURB_ G_SLICE G_DEBUG
export LC_ALL=C.UTF-8

entries=2000000
workdir_parent=/var/tmp
keep=0
[[ ${MAMORI_BENCH_SCALE:-} == quick ]] && entries=200000
while [[ $# -gt 2 ]]; do
  case $1 in
    --entries) entries=$2; shift 2 ;;
    --workdir) workdir_parent=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "run-areas.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $# -ne 2 ]]; then
  echo "usage: run-areas.sh [--entries N] [--workdir DIR] [--keep] MAMORI_CLI BENCH_AREAS" >&2
  exit 2
fi
cli=$1
bench=$2
work=$(mktemp -d "$workdir_parent/mamori-bench-areas.XXXXXX")
[[ $keep == 1 ]] || trap 'rm -rf "$work"' EXIT

start=$(date +%s.%N)
"$cli" --db "$work/ward.db" demo --sections 300 --assets 20000 --areas 200 \
  --entries "$entries" --seed 1 >&2
end=$(date +%s.%N)
echo "BENCH areas.demo $(echo "($end - $start) * 1000" | bc -l | cut -d. -f1) ms"
echo "BENCH areas.file-size $(stat -c %s "$work/ward.db") bytes"
"$bench" "$work/ward.db" 5
