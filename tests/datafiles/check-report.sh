#!/bin/sh
# Usage: check-report.sh MAMORI_CLI REPORT_XSD
#
# The report as a program other than Mamori reads it: a sample ward's report exported with
# `mamori-cli export report` must validate with `xmllint --schema` against the shipped XSD, pass
# `mamori-cli validate`, and its PDF (`mamori-cli report --pdf`) must hold the fiscal year in
# 和暦 and the sections of the report according to `pdftotext`.
set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 MAMORI_CLI REPORT_XSD" >&2
  exit 2
fi
cli=$1
xsd=$2
for tool in xmllint pdftotext; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "FAIL: $tool is not installed (run build-aux/setup.sh)" >&2
    exit 1
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C.UTF-8 TZ=Asia/Tokyo

"$cli" --db "$tmp/ward.db" demo --sections 10 --assets 100 --areas 2 --entries 200 \
  --contracts 5 --inspection-years 2 --seed 3 >/dev/null
year=$(( $(date +%Y) - $( [ "$(date +%m)" -lt 4 ] && echo 2 || echo 1) ))

"$cli" --db "$tmp/ward.db" export report --fiscal-year "$year" --out "$tmp/report.xml"
xmllint --noout --nonet --schema "$xsd" "$tmp/report.xml"
"$cli" validate "$tmp/report.xml"

"$cli" --db "$tmp/ward.db" report --fiscal-year "$year" --pdf "$tmp/report.pdf"
pdftotext "$tmp/report.pdf" "$tmp/report.txt"
for want in 令和 "Information Security Inspection Report" "3. Summary of results" \
            "4. Findings" "7. Audit findings" 情報化戦略本部; do
  if ! grep -q "$want" "$tmp/report.txt"; then
    echo "FAIL: “$want” is not in the PDF" >&2
    exit 1
  fi
done

# A tampered report is refused.
sed 's/<organisation name="\([^"]*\)"/<organisation name="\1 改"/' "$tmp/report.xml" >"$tmp/tampered.xml"
cmp -s "$tmp/report.xml" "$tmp/tampered.xml" && { echo "FAIL: nothing tampered" >&2; exit 1; }
if "$cli" validate "$tmp/tampered.xml" 2>"$tmp/err"; then
  echo "FAIL: a tampered report passed validate" >&2
  exit 1
fi
grep -q digest "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
echo "ok: the report validates with xmllint and mamori-cli; the PDF has its sections"
