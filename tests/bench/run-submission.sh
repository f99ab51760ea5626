#!/bin/bash
# run-submission.sh — a section submission at the scale of product.md: one section holding
# 1,000,000 assets, exported, previewed and imported into the coordinator's register
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-submission.sh [--assets N] [--ward DB [--seed S]] [--workdir DIR] [--keep] MAMORI_CLI
#
# Builds a sample ward of one section with N assets and this year's inspection (seed 1), and a
# coordinator's register with the same standard and section and this year's cycle.  Then
# times, with the peak resident memory of each process (/usr/bin/time -v):
#   export   mamori-cli export submission          vs  sqlite3 writing the same assets'
#                                                       rows (.mode csv) to a file
#   preview  mamori-cli import --dry-run            (reads and compares, writes nothing)
#   import   mamori-cli import                      vs  sqlite3 .import of that CSV into a
#                                                       table of the same columns
# and prints the ratios.  The same at N/10 shows that the memory does not grow with the file
# (both passes stream).  MAMORI_BENCH_SCALE=quick makes N 20,000.  Nothing is written outside
# the scratch directory, which is removed unless --keep is given.  --ward DB uses a ward built
# beforehand for the full size (`mamori-cli --db DB demo --sections 1 --assets N --areas 0
# --entries 0 --contracts 0 --inspection-years 1 --seed S`, at nice 19 while other work goes on);
# it is only read, and the coordinator's register is built with the same seed (S, 1 if not
# given: the same people).

set -euo pipefail
unset MALLOC_CHECK_ MALLOC_PERTURB_ G_SLICE G_DEBUG
export LC_ALL=C.UTF-8

assets=1000000
workdir_parent=/var/tmp
keep=0
ward=
seed=1
[[ ${MAMORI_BENCH_SCALE:-} == quick ]] && assets=20000
while [[ $# -gt 1 ]]; do
  case $1 in
    --assets) assets=$2; shift 2 ;;
    --workdir) workdir_parent=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --ward) ward=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "run-submission.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $# -ne 1 ]]; then
  echo "usage: run-submission.sh [--assets N] [--workdir DIR] [--keep] MAMORI_CLI" >&2
  exit 2
fi
cli=$1
command -v sqlite3 >/dev/null || { echo "run-submission.sh: sqlite3 is missing" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "run-submission.sh: /usr/bin/time is missing" >&2; exit 1; }
work=$(mktemp -d "$workdir_parent/mamori-bench-submission.XXXXXX")
[[ $keep == 1 ]] || trap 'rm -rf "$work"' EXIT

month=$(date +%-m)
fy=$(date +%Y)
(( month < 4 )) && fy=$((fy - 1))

# Runs a command; sets ms and kb (its wall time and peak RSS).
measure() {
  local log=$work/time.log start end
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$log" "$@" >"$work/out.log" 2>&1 || { cat "$work/out.log" >&2; exit 1; }
  end=$(date +%s.%N)
  ms=$(echo "($end - $start) * 1000" | bc -l | cut -d. -f1)
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
}

ratio() { echo "scale=2; $1 / $2" | bc -l; }

# The columns the submission carries for an asset, as text, as the file writes them.
columns="a.uuid, a.code, a.name, a.description, a.kind, o.code, h.code, g.uuid, a.class_code, \
a.criteria, a.cia_note, a.medium, a.storage_place, a.lockable, a.finalised, a.write_protected, \
a.marking, a.backup_cycle_days, a.last_backup_on, a.status, a.registered_on"
joins="FROM assets AS a JOIN sections AS o ON o.id = a.owner_section_id \
LEFT JOIN sections AS h ON h.id = a.holding_section_id LEFT JOIN assets AS g ON g.id = a.original_id"

run_size() {
  local n=$1 dir=$work/$1 source=$work/$1/ward.db
  mkdir -p "$dir"
  if [[ -n $ward && $n == "$assets" ]]; then
    source=$ward
  else
    "$cli" --db "$source" demo --sections 1 --assets "$n" --areas 0 --entries 0 \
      --contracts 0 --inspection-years 1 --seed 1 >/dev/null
  fi
  local coordinator_seed=1
  [[ $source == "$ward" ]] && coordinator_seed=$seed
  "$cli" --db "$dir/coordinator.db" demo --sections 1 --assets 0 --areas 0 --entries 0 \
    --contracts 0 --inspection-years 0 --seed "$coordinator_seed" >/dev/null
  "$cli" --db "$dir/coordinator.db" inspection new "$fy" >/dev/null
  local section
  section=$(sqlite3 "$source" "SELECT code FROM sections WHERE level = 'section' LIMIT 1")

  measure "$cli" --db "$source" export submission --section "$section" \
    --fiscal-year "$fy" --out "$dir/submission.xml"
  local export_ms=$ms export_kb=$kb
  measure sqlite3 "$source" ".mode csv" ".output $dir/assets.csv" "SELECT $columns $joins \
WHERE a.owner_section_id = (SELECT id FROM sections WHERE code = '$section') ORDER BY a.id"
  local sqlite_export_ms=$ms

  measure "$cli" --db "$dir/coordinator.db" import --dry-run "$dir/submission.xml"
  local preview_ms=$ms preview_kb=$kb
  measure "$cli" --db "$dir/coordinator.db" import "$dir/submission.xml"
  local import_ms=$ms import_kb=$kb
  sqlite3 "$dir/plain.db" "CREATE TABLE assets (uuid TEXT, code TEXT, name TEXT, \
description TEXT, kind TEXT, owner TEXT, holding TEXT, original TEXT, class_code TEXT, \
criteria TEXT, cia_note TEXT, medium TEXT, storage_place TEXT, lockable INTEGER, \
finalised INTEGER, write_protected INTEGER, marking TEXT, backup_cycle_days INTEGER, \
last_backup_on TEXT, status TEXT, registered_on TEXT)"
  measure sqlite3 "$dir/plain.db" ".import --csv $dir/assets.csv assets"
  local sqlite_import_ms=$ms

  local imported
  imported=$(sqlite3 "$dir/coordinator.db" "SELECT count(*) FROM assets")
  [[ $imported == "$n" ]] || { echo "run-submission.sh: $imported assets imported, not $n" >&2; exit 1; }
  "$cli" --db "$dir/coordinator.db" check >/dev/null

  echo "BENCH submission.$n.file-size $(stat -c %s "$dir/submission.xml") bytes"
  echo "BENCH submission.$n.export $export_ms ms (sqlite3 .mode csv $sqlite_export_ms ms, ratio $(ratio "$export_ms" "$sqlite_export_ms")), peak RSS $export_kb kB"
  echo "BENCH submission.$n.preview $preview_ms ms, peak RSS $preview_kb kB"
  echo "BENCH submission.$n.import $import_ms ms (sqlite3 .import $sqlite_import_ms ms, ratio $(ratio "$import_ms" "$sqlite_import_ms")), peak RSS $import_kb kB"
  [[ $keep == 1 ]] || rm -rf "$dir"
}

run_size $((assets / 10))
run_size "$assets"
