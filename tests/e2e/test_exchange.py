#!/usr/bin/python3
"""Issue 7's scenario, whole: the coordinator (統括情報セキュリティ責任者's staff) receives last
fiscal year's submissions of two sections — the second has lost one answer on the way — and,
through the primary menu, imports the first (nothing to object to), then the second, whose
preview names the missing answer by its item, and accepts it knowingly.  Then Export Report…
for that year and Save Report as PDF….  The report's roll-up counts each section as it
answered (one answer fewer for the second, counted as unanswered), the XML validates against
the shipped schema with its digest, the PDF is the Japanese A4 report, and the database passes
its own check afterwards.

The steps are those of test_submission.py (import_two_submissions) and test_report.py
(export_report_and_pdf, check_files), run one after the other in one session."""

import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mamori_atspi import Mamori, check, log, run  # noqa: E402
import test_report as report  # noqa: E402
import test_submission as submission  # noqa: E402


def report_rollup(xml):
    """The report's roll-up by section: code → (done, partly, not done, N/A, unanswered)."""
    with open(xml, encoding="utf-8") as f:
        text = f.read()
    block = re.search(r"<rollup\b.*?</rollup>", text, re.S).group(0)
    rows = {}
    for m in re.finditer(r'<section code="(\d+)"[^>]*? complied="(\d+)" partial="(\d+)" '
                         r'not-complied="(\d+)" not-applicable="(\d+)" unanswered="(\d+)"', block):
        rows[m.group(1)] = tuple(int(g) for g in m.groups()[1:])
    return rows


def scenario():
    year = report.last_fiscal_year()
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-exchange-")
    ward, coordinator, codes, files, item = submission.prepare(workdir, year, years=2)
    theirs = submission.rollup(ward, year)

    with Mamori(coordinator) as m:
        main = m.find("frame", m._("Mamori"))
        missing = m._("Item %s applies to the section but has no answer.") % item
        submission.import_two_submissions(m, main, files, missing)
        xml, pdf = report.export_report_and_pdf(m, main, workdir)
        report.check_files(coordinator, xml, pdf, year, workdir)

    ours = report_rollup(xml)
    log(f"report roll-up: {ours}")
    check(set(codes) <= set(ours), f"the report rolls up the two sections that sent their year "
                                   f"({sorted(ours)})")
    silent = [c for c in ours if c not in codes]
    check(all(sum(ours[c][:4]) == 0 and ours[c][4] > 0 for c in silent),
          f"the sections in scope that sent nothing stand as unanswered ({silent})")
    check(ours[codes[0]] == theirs[codes[0]],
          f"the report counts the first section as it answered ({ours[codes[0]]})")
    a, b = theirs[codes[1]], ours[codes[1]]
    check(sum(b[:4]) == sum(a[:4]) - 1 and b[4] == a[4] + 1,
          f"the report counts the second section with item {item} unanswered ({a} → {b})")
    check(submission.rollup(coordinator, year) == ours,
          "the report's roll-up is the one mamori-cli prints for the coordinator's register")
    result = submission.cli(coordinator, "check")
    check(result.returncode == 0, f"mamori-cli check passes ({result.stdout.strip()[-100:]})")


if __name__ == "__main__":
    run(scenario)
