#!/usr/bin/env bash
# Usage: build-aux/test.sh [--quick]
#
# Installs what the tests need, builds _build and _build-asan (-Dsanitizers=true), and runs
# `meson test` in both, inside one Xvfb display and D-Bus session with an AT-SPI bus.
# --quick skips the sanitizer build.  Ends with the line "N passed, N failed" counted from the
# meson-logs/testlog.json files (a skipped test counts as failed), and exits non-zero when
# anything failed or nothing passed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

plain_dir=_build
asan_dir=_build-asan

# Internal: what runs inside the session.  Every directory is tested even if one fails.
if [[ ${1:-} == --in-session ]]; then
  shift
  status=0
  for dir in "$@"; do
    echo "== meson test -C $dir"
    if [[ $dir == "$asan_dir" ]]; then
      lsan=()
      if [[ -f $root/tests/lsan.supp ]]; then
        lsan=(LSAN_OPTIONS="suppressions=$root/tests/lsan.supp")
      fi
      env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
          UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "${lsan[@]}" \
        meson test -C "$dir" --print-errorlogs --timeout-multiplier 3 || status=1
    else
      meson test -C "$dir" --print-errorlogs || status=1
    fi
  done
  exit "$status"
fi

quick=0
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,8p' "$root/build-aux/test.sh" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

bash build-aux/setup.sh

# configure DIR [MESON OPTIONS...]: only when DIR is not a configured build directory yet.
configure() {
  local dir=$1
  shift
  if [[ ! -f $dir/meson-private/coredata.dat ]]; then
    meson setup "$dir" "$@"
  elif [[ ! -f $dir/build.ninja ]]; then
    meson setup --reconfigure "$dir" "$@"
  fi
}

dirs=("$plain_dir")
[[ $quick -eq 1 ]] || dirs+=("$asan_dir")

configure "$plain_dir"
[[ $quick -eq 1 ]] || configure "$asan_dir" -Dsanitizers=true
for dir in "${dirs[@]}"; do
  meson compile -C "$dir"
  # A stale log from an earlier run must not be counted for this one.
  rm -f "$dir/meson-logs/testlog.json"
done

session_status=0
xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
  bash build-aux/with-session.sh bash build-aux/test.sh --in-session "${dirs[@]}" ||
  session_status=$?

logs=()
for dir in "${dirs[@]}"; do
  logs+=("$dir/meson-logs/testlog.json")
done

# OK and EXPECTEDFAIL pass; everything else (FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS, SKIP) fails.
# A pass that left no log counts as one failure.
passed=0
failed=1
read -r passed failed < <(/usr/bin/python3 - "${logs[@]}" <<'PY'
import json
import sys

passed = failed = 0
for path in sys.argv[1:]:
    try:
        log = open(path, encoding="utf-8")
    except OSError:
        print(f"test.sh: {path} is missing: counted as one failure", file=sys.stderr)
        failed += 1
        continue
    with log:
        for line in log:
            if not line.strip():
                continue
            try:
                result = json.loads(line).get("result")
            except ValueError:
                result = None
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            else:
                failed += 1
print(passed, failed)
PY
) || echo "test.sh: could not count the results" >&2

# meson test failed, but not in a test it logged (a rebuild, say): that is a failure too.
if [[ $session_status -ne 0 && $failed -eq 0 ]]; then
  failed=1
fi

echo "$passed passed, $failed failed"
if [[ $failed -gt 0 || $passed -eq 0 ]]; then
  exit 1
fi
