#!/usr/bin/python3
"""Two sections send their year to the coordinator (情報セキュリティ点検の提出): each exports a
submission with mamori-cli; the second has lost the answer to one item on the way.  In the
coordinator's Mamori, through the primary menu, the coordinator imports the first (the preview
counts what is added, nothing blocks; Import), then the second, whose preview names the missing
answer by its item; accepts it knowingly.  Afterwards the database passes its own check, both
sheets wait as submitted, and the roll-up counts the sections' answers as the sections gave
them (one fewer for the second).

import_two_submissions(m, main, files) holds the GUI steps, for a scenario that goes on to the
report of the 情報化戦略本部.  With MAMORI_SCREENSHOT_DIR set, the second preview is captured
there (submission-preview[-dark]-ja.png, by ADW_DEBUG_COLOR_SCHEME)."""

import datetime
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mamori_atspi import Mamori, check, log, query, run  # noqa: E402

CLI = os.environ.get("MAMORI_CLI", os.path.join("_build", "src", "cli", "mamori-cli"))


def cli(db, *args, ok=True):
    result = subprocess.run([CLI, "--db", db, "--actor", "秘書課 点検担当", *args],
                            capture_output=True, text=True)
    if ok:
        check(result.returncode == 0,
              f"mamori-cli {' '.join(args[:2])} ({result.stderr.strip()[-300:]})")
    return result


def fiscal_year():
    today = datetime.date.today()
    return today.year if today.month >= 4 else today.year - 1


def rollup(db, fy):
    """The roll-up by section as mamori-cli prints it: code → (done, partly, not done, N/A,
    unanswered)."""
    rows = {}
    for line in cli(db, "inspection", "rollup", str(fy)).stdout.splitlines():
        cells = line.split("\t")
        if len(cells) >= 7 and re.fullmatch(r"\d{6}", cells[0]):
            rows[cells[0]] = tuple(int(c) for c in cells[2:7])
    return rows


def prepare(workdir, fy, years=1):
    """A section's ward (with `years` yearly cycles up to this year) and the coordinator's
    register (same standard, sections and people, the cycle of `fy` opened); two submissions
    of `fy`, the second without one answer."""
    ward = os.path.join(workdir, "ward.db")
    coordinator = os.path.join(workdir, "coordinator.db")
    cli(ward, "demo", "--sections", "4", "--assets", "200", "--areas", "2", "--entries", "200",
        "--contracts", "6", "--inspection-years", str(years))
    cli(coordinator, "demo", "--sections", "4", "--assets", "0", "--areas", "0", "--entries",
        "0", "--contracts", "0", "--inspection-years", "0")
    cli(coordinator, "inspection", "new", str(fy))
    codes = [r[0] for r in query(ward, "SELECT code FROM sections WHERE level = 'section' "
                                       "ORDER BY code LIMIT 2")]
    files = []
    for code in codes:
        path = os.path.join(workdir, f"submission-{code}-{fy}.xml")
        cli(ward, "export", "submission", "--section", code, "--fiscal-year", str(fy),
            "--out", path)
        files.append(path)

    # The second file loses its first answer.
    with open(files[1], encoding="utf-8") as f:
        lines = f.readlines()
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith("<answer "))
    item = re.search(r' item="([^"]+)"', lines[index]).group(1)
    del lines[index]
    with open(files[1], "w", encoding="utf-8") as f:
        f.writelines(lines)
    check(cli(coordinator, "validate", files[1]).returncode == 0,
          "the shortened file is still a valid submission")
    return ward, coordinator, codes, files, item


def import_submission(m, main, path, expect=None):
    """Main menu → Import Section Submission… → the file → the preview → Import."""
    _ = m._
    m.press(m.find("push button", _("Main Menu"), root=main))
    m.press(m.find("menu item", _("_Import Section Submission…")))
    m.choose_file(_("Choose a Section Submission"), path)
    dialog = m.find("frame", _("Import a Section Submission"), what="the preview dialog")
    ready = _("Ready to import: the file agrees with this database")
    accepted = m.translation.ngettext("Ready to import, with %llu mismatch accepted",
                                      "Ready to import, with %llu mismatches accepted",
                                      2).split("%llu")[0]
    verdict = m.find("label", root=dialog,
                     match=lambda n: n == ready or n.startswith(accepted),
                     what="the preview's verdict", timeout=60)
    log(f"preview: {verdict.name}")
    counts = m.find(None, _("Assets"), root=dialog, what="the count of assets")
    check(counts is not None, "the preview counts the assets to add")
    if expect is not None:
        row = m.find(None, expect, root=dialog, what=f"the mismatch “{expect}”")
        check(row is not None, f"the preview names the mismatch: {expect}")
        if os.environ.get("MAMORI_SCREENSHOT_DIR"):
            dark = "dark" in os.environ.get("ADW_DEBUG_COLOR_SCHEME", "")
            shot = os.path.join(os.environ["MAMORI_SCREENSHOT_DIR"],
                                f"submission-preview{'-dark' if dark else ''}-ja.png")
            time.sleep(1.0)
            ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--name",
                                  f"^{_('Import a Section Submission')}$"],
                                 capture_output=True, text=True).stdout.split()
            subprocess.run(["import", "-window", ids[-1], shot], check=True)
            log(f"screenshot {shot}")
    m.press_button("Import", root=dialog)
    m.wait_for(lambda: not m.find_all("frame", _("Import a Section Submission")),
               timeout=60, what="the preview dialog to close after the import")


def import_two_submissions(m, main, files, missing_message):
    """The coordinator imports both files, the second with its missing answer shown by name."""
    import_submission(m, main, files[0])
    import_submission(m, main, files[1], expect=missing_message)


def scenario():
    fy = fiscal_year()
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-submission-")
    ward, coordinator, codes, files, item = prepare(workdir, fy)
    before = query(coordinator, "SELECT count(*) FROM assets")[0][0]
    check(before == 0, "the coordinator's register starts without assets")

    with Mamori(coordinator) as m:
        main = m.find("frame", m._("Mamori"))
        missing = m._("Item %s applies to the section but has no answer.") % item
        import_two_submissions(m, main, files, missing)

    result = cli(coordinator, "check")
    check(result.returncode == 0, f"mamori-cli check passes ({result.stdout.strip()[-120:]})")
    owned = query(ward, "SELECT count(*) FROM assets AS a JOIN sections AS s "
                        "ON s.id = a.owner_section_id WHERE s.code IN (?, ?)", tuple(codes))[0][0]
    imported = query(coordinator, "SELECT count(*) FROM assets")[0][0]
    check(imported == owned, f"both sections' assets are in the register ({imported})")
    statuses = query(coordinator, "SELECT s.code, h.status FROM inspection_sheets AS h "
                                  "JOIN sections AS s ON s.id = h.section_id "
                                  "WHERE s.code IN (?, ?) ORDER BY s.code", tuple(codes))
    expected = query(ward, "SELECT s.code, h.status FROM inspection_sheets AS h "
                           "JOIN sections AS s ON s.id = h.section_id "
                           "WHERE s.code IN (?, ?) ORDER BY s.code", tuple(codes))
    check(statuses == [(c, "submitted" if st in ("submitted", "accepted") else st)
                       for c, st in expected],
          f"the sheets are as the sections left them, awaiting the coordinator ({statuses})")
    theirs, ours = rollup(ward, fy), rollup(coordinator, fy)
    check(ours[codes[0]] == theirs[codes[0]],
          f"the roll-up counts the first section as it answered ({ours[codes[0]]})")
    a, b = theirs[codes[1]], ours[codes[1]]
    check(sum(b[:4]) == sum(a[:4]) - 1 and b[4] == a[4] + 1,
          f"the second section has one answer fewer, item {item} unanswered ({a} → {b})")
    logged = query(coordinator, "SELECT count(*) FROM audit_log WHERE tbl IN ('assets', "
                                "'inspection_answers', 'contracts')")[0][0]
    check(logged >= imported, f"every imported record is in the audit log ({logged} entries)")


if __name__ == "__main__":
    run(scenario)
