#!/bin/bash
# run-import.sh — importing the whole inventory from CSV (issue 3), beside the sqlite3 CLI
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-import.sh [--assets N] [--workdir DIR] [--keep] MAMORI_CLI
#
#   --assets N      the ward's size (default 100,000; 1,000,000 is the large ward of
#                   product.md: about 15 GB of scratch space and a quarter of an hour)
#   --workdir DIR   where the scratch directory is made (default /var/tmp)
#   --keep          keep the scratch directory
#
# MAMORI_BENCH_SCALE=N in the environment does what --assets N does.
#
# One CSV, exported by `mamori-cli export inventory` from a sample ward of N assets, is
# imported by:
#   import.empty     mamori-cli import into a ward without assets (every row added: checked,
#                    written with its audit entry, then indexed and checked again)
#   import.dry-run   mamori-cli import --dry-run of the same file into the same empty ward
#   import.full      mamori-cli import into the ward it was exported from (every row
#                    unchanged: read, checked and compared, nothing written)
#   sqlite3.plain    sqlite3 .import into a new plain table made from the header (the
#                    reference of issue 3)
#   sqlite3.indexed  sqlite3 .import into a table with the same columns, NOT NULL and UNIQUE
#                    constraints and the secondary indexes of `assets` (as
#                    0003-inventory.sql), in one transaction with synchronous = FULL
#   sqlite3.audited  the same, and for every row the entry the architecture requires of every
#                    change (architecture.md, Storage; the standard's 第5-1-(1) asks that the
#                    records security needs be kept from tampering): written by a trigger into
#                    a table shaped as `audit_log`, with the row after the change as JSON and a
#                    hash (the CLI's sha3) over the entry and the hash of the entry before.
#                    Mamori's search index and its checks of every asset are not in it.
# Each as wall seconds, CPU seconds (user + system: less disturbed by other work on a shared
# machine) and peak RSS, then the ratios of Mamori's import to the three references, and of the
# audited reference to the plain one (what the storage work itself costs the CLI).  Figures
# only, never pass/fail.  The table goes to stdout with one `BENCH name value unit` line per
# figure.

set -euo pipefail
unset MALLOC_CHECK_ MALLOC_PERTURB_ G_SLICE G_DEBUG
export LC_ALL=C.UTF-8

assets=${MAMORI_BENCH_SCALE:-100000}
workdir_parent=/var/tmp
keep=0
cli=""

die() {
  echo "run-import.sh: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --assets) [ $# -ge 2 ] || die "--assets takes a number"; assets=$2; shift ;;
    --workdir) [ $# -ge 2 ] || die "--workdir takes a directory"; workdir_parent=$2; shift ;;
    --keep) keep=1 ;;
    -*) die "unknown option $1" ;;
    *) cli=$1 ;;
  esac
  shift
done
[ "$assets" = quick ] && assets=20000
case "$assets" in "" | *[!0-9]*) die "the number of assets must be a number, not '$assets'" ;; esac
[ -n "$cli" ] || die "usage: run-import.sh [--assets N] [--workdir DIR] [--keep] MAMORI_CLI"
cli=$(realpath "$cli")
[ -x "$cli" ] || die "$cli is not an executable"
command -v sqlite3 >/dev/null || die "the sqlite3 CLI is not installed; it is the reference"
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (package time)"

work=$(mktemp -d "$workdir_parent/mamori-bench-import.XXXXXX")
if [ "$keep" = 1 ]; then
  trap 'echo "run-import.sh: kept $work" >&2' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi

progress() {
  echo "[$(date +%H:%M:%S)] $*" >&2
}

# measure NAME CMD...: runs CMD once; records NAME's wall seconds, CPU seconds and peak RSS.
declare -A WALL=() CPU=() RSS=()
declare -a NAMES=()
measure() {
  local name=$1 t0 t1
  shift
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" ||
    { cat "$work/out.txt" "$work/err.txt" >&2; die "failed: $*"; }
  t1=$(date +%s.%N)
  NAMES+=("$name")
  WALL[$name]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  CPU[$name]=$(awk -F': ' '/(User|System) time \(seconds\)/ { t += $2 } END { printf "%.2f", t }' "$work/time.txt")
  RSS[$name]=$(awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$work/time.txt")
}

progress "building a ward of $assets assets and exporting it"
"$cli" --db "$work/full.db" demo --assets "$assets" >/dev/null
"$cli" --db "$work/full.db" export inventory --format csv --out "$work/all.csv" >/dev/null
"$cli" --db "$work/empty.db" demo --assets 0 >/dev/null
rows=$(($(sqlite3 "$work/full.db" "SELECT count (*) FROM assets")))

# The reference table with Mamori's constraints and indexes, by the CSV's column order:
# 資産番号 名称 説明 種別 作成課等コード 作成課等 保有課等コード 原本資産番号 重要性分類 該当基準
# CIA備考 媒体 保管場所 管理区域コード 施錠保管 確定済み 書込禁止 表示 バックアップ周期(日)
# 最終バックアップ日 状態 登録日
indexed_sql="PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;
CREATE TABLE t (code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT NOT NULL,
  kind TEXT NOT NULL, owner_code TEXT NOT NULL, owner_name TEXT, holding_code TEXT,
  original_code TEXT, class_code TEXT NOT NULL, criteria TEXT NOT NULL, cia_note TEXT NOT NULL,
  medium TEXT NOT NULL, storage_place TEXT NOT NULL, area_code TEXT, lockable TEXT, finalised TEXT,
  write_protected TEXT, marking TEXT NOT NULL, backup_cycle_days TEXT, last_backup_on TEXT,
  status TEXT NOT NULL, registered_on TEXT NOT NULL);
CREATE INDEX t_owner ON t (owner_code, code);
CREATE INDEX t_class ON t (class_code, code);
CREATE INDEX t_kind ON t (kind, code);
CREATE INDEX t_status ON t (status, code);
CREATE INDEX t_original ON t (original_code) WHERE original_code <> '';
CREATE INDEX t_holding ON t (holding_code, code) WHERE holding_code <> '';
CREATE INDEX t_registered ON t (registered_on, code);
CREATE INDEX t_name ON t (name, code);"
audited_sql="$indexed_sql
CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
  action TEXT NOT NULL, tbl TEXT, row_key TEXT, before TEXT, after TEXT,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_row ON audit (tbl, row_key, seq);
INSERT INTO audit (at, actor, action, prev_hash, hash)
  VALUES ('', 'bench', 'event', printf ('%064d', 0), printf ('%064d', 0));
CREATE TRIGGER t_audit AFTER INSERT ON t
BEGIN
  INSERT INTO audit (at, actor, action, tbl, row_key, after, prev_hash, hash)
  SELECT e.at, 'bench', 'insert', 'assets', NEW.code, e.after, e.prev,
         lower (hex (sha3 (e.at || ';bench;insert;assets;' || NEW.code || ';' || e.after || ';' || e.prev)))
  FROM (SELECT strftime ('%Y-%m-%dT%H:%M:%fZ') AS at,
               json_object ('code', NEW.code, 'name', NEW.name, 'description', NEW.description,
                 'kind', NEW.kind, 'owner_code', NEW.owner_code, 'owner_name', NEW.owner_name,
                 'holding_code', NEW.holding_code, 'original_code', NEW.original_code,
                 'class_code', NEW.class_code, 'criteria', NEW.criteria, 'cia_note', NEW.cia_note,
                 'medium', NEW.medium, 'storage_place', NEW.storage_place,
                 'area_code', NEW.area_code, 'lockable', NEW.lockable, 'finalised', NEW.finalised,
                 'write_protected', NEW.write_protected, 'marking', NEW.marking,
                 'backup_cycle_days', NEW.backup_cycle_days,
                 'last_backup_on', NEW.last_backup_on, 'status', NEW.status,
                 'registered_on', NEW.registered_on) AS after,
               (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) AS prev) AS e;
END;"

cp "$work/empty.db" "$work/b.db"
progress "mamori-cli import --dry-run"
measure import.dry-run "$cli" --db "$work/b.db" import --dry-run "$work/all.csv"
progress "mamori-cli import into an empty ward"
measure import.empty "$cli" --db "$work/b.db" import "$work/all.csv"
grep -q "$rows added" "$work/out.txt" || { cat "$work/out.txt" >&2; die "not every row was added"; }
progress "mamori-cli check of the imported ward"
measure check.after-import "$cli" --db "$work/b.db" check
progress "mamori-cli import into the full ward (every row unchanged)"
measure import.full "$cli" --db "$work/full.db" import "$work/all.csv"
grep -q "$rows unchanged" "$work/out.txt" || { cat "$work/out.txt" >&2; die "not every row was unchanged"; }

progress "sqlite3 .import into a plain table"
measure sqlite3.plain sqlite3 "$work/plain.db" -cmd ".mode csv" ".import $work/all.csv t"
progress "sqlite3 .import into an indexed table"
sqlite3 "$work/indexed.db" "$indexed_sql" >/dev/null
measure sqlite3.indexed sqlite3 "$work/indexed.db" -cmd ".mode csv" \
  "BEGIN" ".import --skip 1 $work/all.csv t" "COMMIT"
[ "$(sqlite3 "$work/indexed.db" "SELECT count (*) FROM t")" = "$rows" ] || die "sqlite3 lost rows"
progress "sqlite3 .import into an indexed table with an audit entry for every row"
sqlite3 "$work/audited.db" "$audited_sql" >/dev/null
measure sqlite3.audited sqlite3 "$work/audited.db" -cmd ".mode csv" \
  "BEGIN" ".import --skip 1 $work/all.csv t" "COMMIT"
[ "$(sqlite3 "$work/audited.db" "SELECT count (*) FROM t")" = "$rows" ] || die "sqlite3 lost rows"
[ "$(sqlite3 "$work/audited.db" "SELECT count (*) FROM audit")" = "$((rows + 1))" ] ||
  die "sqlite3 wrote no audit entry for some row"

printf '\n%s assets, CSV of %s bytes\n' "$rows" "$(stat -c %s "$work/all.csv")"
printf '%-20s %10s %10s %10s\n' figure wall-s cpu-s rss-MiB
for n in "${NAMES[@]}"; do
  printf '%-20s %10s %10s %10s\n' "$n" "${WALL[$n]}" "${CPU[$n]}" "${RSS[$n]}"
  echo "BENCH $n.wall ${WALL[$n]} s"
  echo "BENCH $n.cpu ${CPU[$n]} s"
  echo "BENCH $n.rss ${RSS[$n]} MiB"
done
for ref in plain indexed audited; do
  for what in WALL CPU; do
    declare -n v=$what
    ratio=$(awk -v a="${v[import.empty]}" -v b="${v[sqlite3.$ref]}" 'BEGIN { printf "%.1f", a / b }')
    echo "BENCH import.ratio-$ref.${what,,} $ratio x"
  done
done
ratio=$(awk -v a="${CPU[sqlite3.audited]}" -v b="${CPU[sqlite3.plain]}" 'BEGIN { printf "%.1f", a / b }')
echo "BENCH sqlite3.audited.ratio-plain.cpu $ratio x"
