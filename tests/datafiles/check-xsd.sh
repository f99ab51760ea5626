#!/bin/sh
# Usage: check-xsd.sh SCHEMA_DIR
#
# Every *.xsd in SCHEMA_DIR must be well-formed XML and compile as an XML Schema.  xmllint has no
# "compile only" mode, so each schema is used to validate a dummy document: that validation
# fails (exit 3 or 4) but a schema that does not compile makes xmllint exit 5.
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 SCHEMA_DIR" >&2
  exit 2
fi
dir=$1

if ! command -v xmllint >/dev/null 2>&1; then
  echo "FAIL: xmllint is not installed (package libxml2-utils; run build-aux/setup.sh)" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '<mamori-xsd-compile-check/>\n' >"$tmp/dummy.xml"

count=0
failed=0
for xsd in "$dir"/*.xsd; do
  [ -e "$xsd" ] || continue
  count=$((count + 1))
  if ! xmllint --noout --nonet "$xsd"; then
    echo "FAIL: $xsd is not well-formed XML" >&2
    failed=1
    continue
  fi
  status=0
  xmllint --noout --nonet --schema "$xsd" "$tmp/dummy.xml" >/dev/null 2>"$tmp/err" || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ] && [ "$status" -ne 4 ]; then
    cat "$tmp/err" >&2
    echo "FAIL: $xsd does not compile as an XML Schema (xmllint exit $status)" >&2
    failed=1
    continue
  fi
  echo "ok: $xsd"
done

if [ "$count" -eq 0 ]; then
  echo "FAIL: no .xsd file in $dir" >&2
  exit 1
fi
exit "$failed"
