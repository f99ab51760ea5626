#!/bin/bash
# run.sh — Mamori's benchmarks at the scale of product.md, against the sqlite3 CLI
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run.sh [--quick | --assets N] [--runs N] [--workdir DIR] [--keep]
#               [--bench-open PATH] MAMORI_CLI
#
#   --quick          20,000 assets, every figure the median of 3 runs (for development)
#   --assets N       N assets (default 1,000,000, the large ward of product.md; 1 run each)
#   --runs N         runs per figure for demo, check and backup (open always takes 5)
#   --workdir DIR    where the scratch directory is made (default /var/tmp); it is removed
#                    at the end unless --keep is given
#   --bench-open P   the bench-open program (default: tests/bench/bench-open beside the
#                    build tree of MAMORI_CLI)
#
# MAMORI_BENCH_SCALE=quick or =N in the environment does what --quick or --assets N do, so
# that `MAMORI_BENCH_SCALE=quick meson test -C _build --benchmark` is a quick run.
#
# Figures, each next to the sqlite3 CLI doing the same work on the same file (architecture.md,
# "Tests, by layer": ratios, never timed assertions):
#   1. demo    build the sample ward: wall time, peak RSS, file size
#   2. open    what the GUI does at start: open, first page of assets, counts (bench-open)
#   3. check   mamori-cli check (integrity, references, the whole audit chain)
#   4. backup  mamori-cli backup
# The table goes to stdout together with one `BENCH name value unit` line per figure;
# progress goes to stderr.  Nothing is written outside the scratch directory.

set -euo pipefail

# Malloc debugging from a test environment would be measured as Mamori's own time.
unset MALLOC_CHECK_ MALLOC_PERTURB_ G_SLICE G_DEBUG
# The figures are printed and parsed with a dot as the decimal separator.
export LC_ALL=C.UTF-8

readonly SECTIONS=300
readonly SEED=1
readonly QUICK_ASSETS=20000
readonly FULL_ASSETS=1000000
readonly OPEN_RUNS=5
# A built ward takes about 1.5 KB an asset; the demo file, its SQL dump, the sqlite3 copy and
# a backup exist at once.  Ask for room for all of them before spending minutes.
readonly BYTES_NEEDED_PER_ASSET=8000

# The reads behind the first screen; bench-open.c runs the same three statements.
readonly FIRST_PAGE_SQL="SELECT id, code, name, class_code, owner_section_id FROM assets ORDER BY code LIMIT 50;"
readonly COUNT_SQL="SELECT count(*) FROM assets;"
readonly BY_CLASS_SQL="SELECT class_code, count(*) FROM assets GROUP BY class_code;"

assets=""
runs=""
workdir_parent=/var/tmp
keep=0
bench_open=""
mamori_cli=""
work=""
load_before=""

# Results: value and unit by figure name, in the order they were recorded.
declare -A VALUE=()
declare -A UNIT=()
declare -a ORDER=()

die() {
  echo "run.sh: $*" >&2
  exit 1
}

usage() {
  sed -n '6,19s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

progress() {
  echo "[$(date +%H:%M:%S)] $*" >&2
}

parse_args() {
  case "${MAMORI_BENCH_SCALE:-}" in
    "") ;;
    quick) assets=$QUICK_ASSETS ;;
    *) assets=$MAMORI_BENCH_SCALE ;;
  esac

  while [ $# -gt 0 ]; do
    case "$1" in
      --quick) assets=$QUICK_ASSETS ;;
      --assets) [ $# -ge 2 ] || usage; assets=$2; shift ;;
      --runs) [ $# -ge 2 ] || usage; runs=$2; shift ;;
      --workdir) [ $# -ge 2 ] || usage; workdir_parent=$2; shift ;;
      --keep) keep=1 ;;
      --bench-open) [ $# -ge 2 ] || usage; bench_open=$2; shift ;;
      -h|--help) usage ;;
      -*) echo "run.sh: unknown option $1" >&2; usage ;;
      *) [ -z "$mamori_cli" ] || usage; mamori_cli=$1 ;;
    esac
    shift
  done

  [ -n "$mamori_cli" ] || usage
  assets=${assets:-$FULL_ASSETS}
  case "$assets" in "" | *[!0-9]*) die "the number of assets must be a number, not '$assets'" ;; esac
  # The figures are medians of 3 at the quick scale; a full run is long enough to be 1.
  if [ -z "$runs" ]; then
    if [ "$assets" -le "$QUICK_ASSETS" ]; then runs=3; else runs=1; fi
  fi
  case "$runs" in "" | *[!0-9]*) die "--runs takes a number" ;; esac
  [ "$runs" -ge 1 ] || die "--runs must be at least 1"

  mamori_cli=$(realpath "$mamori_cli")
  [ -x "$mamori_cli" ] || die "$mamori_cli is not an executable"
  if [ -z "$bench_open" ]; then
    bench_open=$(dirname "$mamori_cli")/../../tests/bench/bench-open
  fi
  bench_open=$(realpath "$bench_open")
  [ -x "$bench_open" ] || die "$bench_open is not an executable (build tests/bench)"
  command -v sqlite3 >/dev/null || die "the sqlite3 CLI is not installed (package sqlite3); it is the baseline"
  [ -x /usr/bin/time ] || die "/usr/bin/time is not installed (package time); it gives peak RSS"
}

make_workdir() {
  local free_kib
  mkdir -p "$workdir_parent"
  free_kib=$(df -Pk "$workdir_parent" | awk 'NR == 2 { print $4 }')
  if [ $((free_kib * 1024)) -lt $((assets * BYTES_NEEDED_PER_ASSET)) ]; then
    die "$workdir_parent has $((free_kib / 1024)) MiB free; $((assets * BYTES_NEEDED_PER_ASSET / 1048576)) MiB are needed"
  fi
  work=$(mktemp -d "$workdir_parent/mamori-bench.XXXXXX")
  if [ "$keep" = 1 ]; then
    trap 'echo "run.sh: kept $work" >&2' EXIT
  else
    trap 'rm -rf "$work"' EXIT
  fi
}

# Arithmetic on decimals, through awk: `calc 'a / b' a=1 b=2`.
calc() {
  local expr=$1 arg
  local -a vars=()
  shift
  for arg in "$@"; do vars+=(-v "$arg"); done
  awk "${vars[@]}" "BEGIN { printf \"%.6f\", $expr }" </dev/null
}

median() {
  printf '%s\n' "$@" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# record NAME VALUE UNIT
record() {
  [ -n "${VALUE[$1]+set}" ] || ORDER+=("$1")
  VALUE[$1]=$2
  UNIT[$1]=$3
}

file_size() {
  local total=0 f
  for f in "$1" "$1-wal"; do
    [ -e "$f" ] && total=$((total + $(stat -c %s "$f")))
  done
  echo "$total"
}

# measure CMD...: runs CMD once under /usr/bin/time and sets WALL (seconds, from
# `date +%s.%N` around it, as both sides are timed), CPU (user + system seconds: less
# disturbed than WALL by other work on the machine, blind to waiting for the disk) and RSS
# (peak, KiB).  Its output is kept in $work/out.txt for the caller to parse; stdin is the
# caller's.
measure() {
  local t0 t1
  t0=$(date +%s.%N)
  if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
    cat "$work/err.txt" >&2
    die "failed: $*"
  fi
  t1=$(date +%s.%N)
  WALL=$(calc 'b - a' a="$t0" b="$t1")
  RSS=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
  CPU=$(awk -F': ' '/(User|System) time \(seconds\)/ { t += $2 } END { printf "%.2f", t }' "$work/time.txt")
}

# The tables of a database in the order they were created, which is an order in which every
# reference points to a table filled before it.
tables_of() {
  sqlite3 "$1" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
}

# Writes the SQL that makes the rows of $1 again: every row of every table, the audit log
# included, as INSERTs in one transaction.  A fresh file built by `demo` holds nothing else
# than what demo (with the migrations and the standard it loads) wrote, so these are exactly
# its rows.
write_insert_script() {
  local db=$1 out=$2 t
  {
    # The settings Mamori's connection has (mamori-store.c, mamori-demo.c): FULL durability,
    # enforced references, and the 256 MiB page cache the demo asks for its one big
    # transaction.  journal_mode=WAL is a property of the file, set when it is made.
    echo "PRAGMA synchronous = FULL;"
    echo "PRAGMA foreign_keys = ON;"
    echo "PRAGMA cache_size = -262144;"
    echo "BEGIN IMMEDIATE;"
    for t in $(tables_of "$db"); do
      sqlite3 "$db" ".mode insert \"$t\"" "SELECT * FROM \"$t\""
    done
    echo "COMMIT;"
  } >"$out"
}

# A new file with the demo file's schema (tables, indexes, triggers, CHECKs, STRICT) and its
# journal mode, empty.
make_empty_copy() {
  local db=$1 new=$2
  rm -f "$new" "$new-wal" "$new-shm"
  sqlite3 "$new" "PRAGMA journal_mode = WAL" >/dev/null
  sqlite3 "$db" .schema | sqlite3 "$new"
}

# The rows of $1 copied into the main database by SQL alone, with the settings of
# write_insert_script.  "WHERE true" keeps SQLite from its transfer optimisation, which would
# copy the b-trees wholesale instead of inserting row by row as Mamori does.
copy_script() {
  local db=$1 t
  echo "PRAGMA synchronous = FULL;"
  echo "PRAGMA foreign_keys = ON;"
  echo "PRAGMA cache_size = -262144;"
  echo "ATTACH '$db' AS demo;"
  echo "BEGIN IMMEDIATE;"
  for t in $(tables_of "$db"); do
    echo "INSERT INTO main.\"$t\" SELECT * FROM demo.\"$t\" WHERE true;"
  done
  echo "COMMIT;"
}

# Counts of every table, to prove that the sqlite3 CLI wrote the same rows.
row_counts() {
  local db=$1 t
  for t in $(tables_of "$db"); do
    echo "$t $(sqlite3 "$db" "SELECT count(*) FROM \"$t\"")"
  done
}

same_rows() {
  if [ "$(row_counts "$1")" != "$(row_counts "$2")" ]; then
    diff <(row_counts "$1") <(row_counts "$2") >&2 || true
    die "the sqlite3 CLI did not write the same rows as the demo; the comparison would be void"
  fi
}

# 1. demo -------------------------------------------------------------------------------------
#
# Why the sqlite3 CLI replaying the rows is the fair baseline: it writes the very same rows
# (dumped from the demo's own file, audit log included) into the very same schema (every
# table, CHECK, index and trigger), with the same durability (WAL, synchronous=FULL, one
# transaction, a checkpoint when it closes) and the same cache size.  What remains in
# Mamori's time is what only Mamori does: generating the ward, rendering each row as JSON,
# computing the SHA-256 chain, and going through its audited API row by row.
bench_demo() {
  local db=$work/demo.db new=$work/sqlite3.db script=$work/inserts.sql i
  local -a walls=() cpus=() rsss=() cli_walls=() cli_cpus=() cli_rsss=() copy_walls=() copy_cpus=()

  for ((i = 1; i <= runs; i++)); do
    progress "demo: mamori-cli demo --assets $assets, run $i/$runs"
    rm -f "$db" "$db-wal" "$db-shm"
    measure "$mamori_cli" --db "$db" demo --sections "$SECTIONS" --assets "$assets" --seed "$SEED"
    walls+=("$WALL")
    cpus+=("$CPU")
    rsss+=("$RSS")
  done
  record demo.mamori.wall "$(median "${walls[@]}")" s
  record demo.mamori.cpu "$(median "${cpus[@]}")" s
  record demo.mamori.rss "$(median "${rsss[@]}")" KiB
  record demo.mamori.size "$(file_size "$db")" B

  progress "demo: dumping the rows of the last run as SQL"
  write_insert_script "$db" "$script"
  record demo.script.size "$(stat -c %s "$script")" B

  for ((i = 1; i <= runs; i++)); do
    progress "demo: sqlite3 CLI replaying them, run $i/$runs"
    make_empty_copy "$db" "$new"
    measure sqlite3 "$new" <"$script"
    cli_walls+=("$WALL")
    cli_cpus+=("$CPU")
    cli_rsss+=("$RSS")
  done
  record demo.sqlite3.wall "$(median "${cli_walls[@]}")" s
  record demo.sqlite3.cpu "$(median "${cli_cpus[@]}")" s
  record demo.sqlite3.rss "$(median "${cli_rsss[@]}")" KiB
  record demo.sqlite3.size "$(file_size "$new")" B

  same_rows "$db" "$new"
  rm -f "$script"

  # A second, lower baseline: the same rows copied table by table inside SQLite, so that
  # nothing is parsed or compiled per row (the CLI replaying text compiles every INSERT, which
  # Mamori's prepared statements do not).  What is left is the storage work alone: the rows,
  # every index, CHECK and reference, the WAL, the fsyncs.
  for ((i = 1; i <= runs; i++)); do
    progress "demo: sqlite3 CLI copying them with INSERT … SELECT, run $i/$runs"
    make_empty_copy "$db" "$new"
    measure sqlite3 "$new" <<<"$(copy_script "$db")"
    copy_walls+=("$WALL")
    copy_cpus+=("$CPU")
  done
  record demo.sqlite3_copy.wall "$(median "${copy_walls[@]}")" s
  record demo.sqlite3_copy.cpu "$(median "${copy_cpus[@]}")" s
  same_rows "$db" "$new"

  record demo.audit_entries "$(sqlite3 "$db" "SELECT count(*) FROM audit_log")" entries
  rm -f "$new" "$new-wal" "$new-shm"
}

# field NAME: the value bench-open printed for step NAME in its last run.
field() {
  awk -v k="$1" '$1 == k { print $2 }' "$work/out.txt"
}

# 2. open -------------------------------------------------------------------------------------
#
# bench-open times, inside a fresh process, what the GUI does at start.  The sqlite3 CLI runs
# the same three statements on the same file with `.timer on`; it opens the file lazily, so
# its first statement's time includes reading the schema, and is set against Mamori's
# open + first page ("first screen").  The whole process, start to exit, is timed for both.
bench_open() {
  local db=$work/demo.db reads=$work/reads.sql i
  local -a step=()
  local -a init=() open=() first=() count=() by_class=() total=() wall=()
  local -a cli_first=() cli_count=() cli_by_class=() cli_wall=()

  printf '.timer on\n%s\n%s\n%s\n' "$FIRST_PAGE_SQL" "$COUNT_SQL" "$BY_CLASS_SQL" >"$reads"

  for ((i = 1; i <= OPEN_RUNS; i++)); do
    progress "open: bench-open and sqlite3, run $i/$OPEN_RUNS"
    measure "$bench_open" "$db"
    wall+=("$WALL")
    init+=("$(field init)")
    open+=("$(field open)")
    first+=("$(calc 'a + b' a="$(field open)" b="$(field first_page)")")
    count+=("$(field count)")
    by_class+=("$(field by_class)")
    total+=("$(field total)")

    measure sqlite3 "$db" <"$reads"
    cli_wall+=("$WALL")
    # "Run Time: real 0.001 user … sys …", one line per statement, in seconds.
    mapfile -t step < <(awk '/^Run Time: real/ { printf "%.3f\n", $4 * 1000 }' "$work/out.txt")
    [ "${#step[@]}" -eq 3 ] || die "unexpected output of sqlite3 .timer: $(cat "$work/out.txt")"
    cli_first+=("${step[0]}")
    cli_count+=("${step[1]}")
    cli_by_class+=("${step[2]}")
  done

  record open.mamori.init "$(median "${init[@]}")" ms
  record open.mamori.open "$(median "${open[@]}")" ms
  record open.mamori.first_screen "$(median "${first[@]}")" ms
  record open.sqlite3.first_screen "$(median "${cli_first[@]}")" ms
  record open.mamori.count "$(median "${count[@]}")" ms
  record open.sqlite3.count "$(median "${cli_count[@]}")" ms
  record open.mamori.by_class "$(median "${by_class[@]}")" ms
  record open.sqlite3.by_class "$(median "${cli_by_class[@]}")" ms
  record open.mamori.total "$(median "${total[@]}")" ms
  record open.mamori.process "$(calc 'a * 1000' a="$(median "${wall[@]}")")" ms
  record open.sqlite3.process "$(calc 'a * 1000' a="$(median "${cli_wall[@]}")")" ms
  rm -f "$reads"
}

# 3. check ------------------------------------------------------------------------------------
#
# The sqlite3 CLI answers the first two of check's three questions (integrity_check,
# foreign_key_check), in one process as mamori-cli does; the difference is the audit chain:
# a SHA-256 of every entry and every audited row compared with its last entry.
bench_check() {
  local db=$work/demo.db i
  local -a walls=() cpus=() rsss=() cli_walls=() cli_cpus=() cli_rsss=()

  for ((i = 1; i <= runs; i++)); do
    progress "check: mamori-cli check and sqlite3 integrity/foreign-key checks, run $i/$runs"
    measure "$mamori_cli" --db "$db" check
    walls+=("$WALL")
    cpus+=("$CPU")
    rsss+=("$RSS")
    measure sqlite3 "$db" "PRAGMA integrity_check; PRAGMA foreign_key_check;"
    [ "$(cat "$work/out.txt")" = ok ] || die "sqlite3 finds the demo file damaged: $(head -5 "$work/out.txt")"
    cli_walls+=("$WALL")
    cli_cpus+=("$CPU")
    cli_rsss+=("$RSS")
  done
  record check.mamori.wall "$(median "${walls[@]}")" s
  record check.sqlite3.wall "$(median "${cli_walls[@]}")" s
  record check.mamori.cpu "$(median "${cpus[@]}")" s
  record check.sqlite3.cpu "$(median "${cli_cpus[@]}")" s
  record check.mamori.rss "$(median "${rsss[@]}")" KiB
  record check.sqlite3.rss "$(median "${cli_rsss[@]}")" KiB
}

# 4. backup -----------------------------------------------------------------------------------
#
# Both copy the file through SQLite's backup API.  mamori-cli also checks the copy
# (quick_check), renames it into place and records the backup in the audit log; that is part
# of what a backup is in Mamori, so it is in the figure.  Runs last: each backup adds an entry.
bench_backup() {
  local db=$work/demo.db out=$work/backup.db i
  local -a walls=() cpus=() rsss=() cli_walls=() cli_cpus=() cli_rsss=()

  for ((i = 1; i <= runs; i++)); do
    progress "backup: mamori-cli backup and sqlite3 .backup, run $i/$runs"
    rm -f "$out"
    measure "$mamori_cli" --db "$db" backup "$out"
    walls+=("$WALL")
    cpus+=("$CPU")
    rsss+=("$RSS")
    rm -f "$out"
    measure sqlite3 "$db" ".backup '$out'"
    cli_walls+=("$WALL")
    cli_cpus+=("$CPU")
    cli_rsss+=("$RSS")
    rm -f "$out"
  done
  record backup.mamori.wall "$(median "${walls[@]}")" s
  record backup.sqlite3.wall "$(median "${cli_walls[@]}")" s
  record backup.mamori.cpu "$(median "${cpus[@]}")" s
  record backup.sqlite3.cpu "$(median "${cli_cpus[@]}")" s
  record backup.mamori.rss "$(median "${rsss[@]}")" KiB
  record backup.sqlite3.rss "$(median "${cli_rsss[@]}")" KiB
}

# Output --------------------------------------------------------------------------------------

# record_ratio NAME A B: records A / B as NAME, unless B is zero (too small to be measured;
# sqlite3's .timer counts whole milliseconds).
record_ratio() {
  if awk -v b="$3" 'BEGIN { exit !(b > 0) }'; then
    record "$1" "$(calc 'a / b' a="$2" b="$3")" x
  fi
}

# Ratios Mamori / sqlite3 for the pairs that have both.
record_ratios() {
  local name base
  for name in "${ORDER[@]}"; do
    case "$name" in
      *.mamori.*)
        base=${name/.mamori./.sqlite3.}
        [ -n "${VALUE[$base]+set}" ] || continue
        record_ratio "${name/.mamori./.ratio.}" "${VALUE[$name]}" "${VALUE[$base]}"
        ;;
    esac
  done
  # The second demo baseline.
  for name in wall cpu; do
    record_ratio "demo.ratio_copy.$name" "${VALUE[demo.mamori.$name]}" \
      "${VALUE[demo.sqlite3_copy.$name]}"
  done
}

# A value in the unit it reads best in.
human() {
  local value=$1 unit=$2
  case "$unit" in
    s) printf '%.2f s' "$value" ;;
    ms) printf '%.2f ms' "$value" ;;
    KiB) printf '%.1f MiB' "$(calc 'v / 1024' v="$value")" ;;
    B) printf '%.1f MiB' "$(calc 'v / 1048576' v="$value")" ;;
    x) printf '%.2f' "$value" ;;
    *) printf '%s %s' "$value" "$unit" ;;
  esac
}

cell() {
  if [ -n "$1" ] && [ -n "${VALUE[$1]+set}" ]; then human "${VALUE[$1]}" "${UNIT[$1]}"; else printf -- '-'; fi
}

print_table() {
  local row label mamori sqlite ratio
  # label | Mamori's figure | the sqlite3 CLI's | their ratio
  local -a rows=(
    "demo: build the ward (wall)|demo.mamori.wall|demo.sqlite3.wall|demo.ratio.wall"
    "demo: CPU (user + system)|demo.mamori.cpu|demo.sqlite3.cpu|demo.ratio.cpu"
    "demo vs INSERT ... SELECT (wall)|demo.mamori.wall|demo.sqlite3_copy.wall|demo.ratio_copy.wall"
    "demo vs INSERT ... SELECT (CPU)|demo.mamori.cpu|demo.sqlite3_copy.cpu|demo.ratio_copy.cpu"
    "demo: peak RSS|demo.mamori.rss|demo.sqlite3.rss|demo.ratio.rss"
    "demo: database file|demo.mamori.size|demo.sqlite3.size|demo.ratio.size"
    "open: core init|open.mamori.init||"
    "open: open the database|open.mamori.open||"
    "open: open + first 50 by code|open.mamori.first_screen|open.sqlite3.first_screen|open.ratio.first_screen"
    "open: count(*) of assets|open.mamori.count|open.sqlite3.count|open.ratio.count"
    "open: count by class|open.mamori.by_class|open.sqlite3.by_class|open.ratio.by_class"
    "open: whole process|open.mamori.process|open.sqlite3.process|open.ratio.process"
    "check (wall)|check.mamori.wall|check.sqlite3.wall|check.ratio.wall"
    "check: CPU (user + system)|check.mamori.cpu|check.sqlite3.cpu|check.ratio.cpu"
    "check: peak RSS|check.mamori.rss|check.sqlite3.rss|check.ratio.rss"
    "backup (wall)|backup.mamori.wall|backup.sqlite3.wall|backup.ratio.wall"
    "backup: CPU (user + system)|backup.mamori.cpu|backup.sqlite3.cpu|backup.ratio.cpu"
    "backup: peak RSS|backup.mamori.rss|backup.sqlite3.rss|backup.ratio.rss"
  )

  echo
  echo "Mamori benchmarks: $SECTIONS sections, $assets assets, seed $SEED"
  echo "  $("$mamori_cli" --version), SQLite $(sqlite3 --version | cut -d' ' -f1), $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "  medians of $runs run(s) ($OPEN_RUNS for open); ratio = Mamori / sqlite3 CLI on the same data"
  echo "  load average (1, 5, 15 min) before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "  the ward: $(cell demo.audit_entries) in the audit log; all its rows as SQL INSERTs: $(cell demo.script.size)"
  echo
  printf '%-32s %14s %14s %8s\n' "figure" "Mamori" "sqlite3 CLI" "ratio"
  printf '%-32s %14s %14s %8s\n' "------" "------" "-----------" "-----"
  for row in "${rows[@]}"; do
    IFS='|' read -r label mamori sqlite ratio <<<"$row"
    printf '%-32s %14s %14s %8s\n' "$label" "$(cell "$mamori")" "$(cell "$sqlite")" "$(cell "$ratio")"
  done
  echo
  echo "open: timed inside the process, SQLite's cache cold, the OS file cache warm.  The sqlite3"
  echo "CLI opens lazily: its first statement includes reading the schema, hence 'open + first 50';"
  echo "its .timer counts whole milliseconds.  Mamori's open and three reads take"
  echo "$(cell open.mamori.total) of its whole process."
  echo
  for key in "${ORDER[@]}"; do
    echo "BENCH $key ${VALUE[$key]} ${UNIT[$key]}"
  done
}

main() {
  parse_args "$@"
  make_workdir
  # Other work on the machine shows in wall times (less in CPU times): say how busy it was.
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  progress "scratch directory $work"
  bench_demo
  bench_open
  bench_check
  bench_backup
  record_ratios
  print_table
}

main "$@"
