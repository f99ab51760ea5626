#!/usr/bin/python3
"""A section head answers this year's inspection sheet: an item 未実施 that is refused until it
has an improvement plan, and the lockable-storage item, which the inventory contradicts and
which is refused as 実施 until a note explains the difference; submits.  The coordinator
returns the sheet with a reason; the section fixes it and submits again; the coordinator
accepts it.  The roll-up shows the section's 実施率, and the database holds all of it: the
frozen content hash, both submissions and their decisions, the audit log, a clean check."""

import datetime
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mamori_atspi import Mamori, check, log, query, run  # noqa: E402

CLI = os.environ.get("MAMORI_CLI", os.path.join("_build", "src", "cli", "mamori-cli"))
LOCKABLE = 2  # MAMORI_RULE_ASSET_LOCKABLE_STORAGE


def cli(db, *args):
    result = subprocess.run([CLI, "--db", db, "--actor", "庶務係 入力担当", *args],
                            capture_output=True, text=True)
    check(result.returncode == 0, f"mamori-cli {' '.join(args[:2])} ({result.stderr.strip()})")
    return result.stdout


def choose(m, label, root, index, item_name):
    """Picks entry number index of the plain GtkDropDown named label with the keyboard, as a
    person does: Tab to it, open it, go to the top, arrow down, confirm; then checks that it
    shows item_name.  (m.choose looks for the focused entry in the whole window after every
    key, which is slow beside a sheet of a hundred rows, and not deep enough for a
    GtkDropDown.)  The drop-down is looked up again afterwards: GTK 4.8 may give it a new
    accessible object once the view is read again."""
    log(f"choose “{item_name}” in {label!r}")
    m.tab_to(m.find("combo box", label, root=root))
    m.key("space")
    time.sleep(0.5)
    m.key("Home")
    time.sleep(0.2)
    for _ in range(index):
        m.key("Down")
        time.sleep(0.15)
    m.key("Return")
    m.wait_for(lambda: any(n.name == item_name
                           for combo in m.find_all("combo box", label, root=root)
                           for n in m._walk(combo, limit=9) if n.getRoleName() == "label"),
               timeout=20, what=f"{label!r} to show “{item_name}”")


def window(m, title):
    """A window of the application by its title, among the top-level windows only (a walk of
    the main window, with its sheet of a hundred rows, takes too long to wait on)."""
    return m.wait_for(lambda: next((f for f in m.frames() if f.name == title), None),
                      what=f"the window “{title}”")


def fiscal_year():
    today = datetime.date.today()
    return today.year if today.month >= 4 else today.year - 1


def sheet_row(db, code):
    return query(db, "SELECT h.id, h.status, h.version, h.content_hash, h.submitted_by, "
                     "h.return_reason FROM inspection_sheets AS h JOIN sections AS s "
                     "ON s.id = h.section_id WHERE s.code = ?", (code,))[0]


def answer_of(db, sheet_id, item):
    rows = query(db, "SELECT a.meaning, a.plan_action, a.plan_owner, a.plan_due, a.fact_note "
                     "FROM inspection_answers AS a JOIN catalogue_items AS ci "
                     "ON ci.id = a.item_id WHERE a.sheet_id = ? AND ci.code = ?",
                 (sheet_id, item))
    return rows[0] if rows else None


def prepare(db, fy):
    """A small sample ward, this year's cycle, and every item of one section answered in
    advance but two: the one the section head will answer 未実施 and the lockable-storage
    item the inventory contradicts."""
    cli(db, "demo", "--sections", "3", "--assets", "60", "--inspection-years", "0")
    cli(db, "inspection", "new", str(fy))
    rows = query(db, "SELECT s.code, s.name FROM assets AS a JOIN sections AS s "
                     "ON s.id = a.owner_section_id WHERE a.rule_flags & ? AND a.status = 'active' "
                     "ORDER BY s.code LIMIT 1", (LOCKABLE,))
    check(rows, "the sample ward has a class Ⅰ asset not kept in lockable storage")
    code, name = rows[0]
    lockable_item = query(db, "SELECT ci.code FROM catalogue_items AS ci JOIN item_citations "
                              "AS c ON c.item_id = ci.id JOIN standard_rules AS r "
                              "ON r.standard_id = ci.standard_id AND r.ref = c.ref "
                              "WHERE r.code = 'asset-lockable-storage'")[0][0]
    sheet = cli(db, "inspection", "sheet", str(fy), code).splitlines()[1:]
    items, contradicted = [], set()
    for line in sheet:
        if line.startswith("\t!"):
            contradicted.add(items[-1])
        else:
            items.append(line.split("\t")[0])
    check(lockable_item in contradicted,
          f"the sheet of {name} shows the inventory's finding on {lockable_item}")
    plan_item = items[0]
    complied = dict(query(db, "SELECT scale, code FROM answer_options WHERE meaning = "
                              "'complied' AND standard_id = (SELECT id FROM standards "
                              "WHERE active = 1)"))
    scales = dict(query(db, "SELECT code, scale FROM catalogue_items WHERE standard_id = "
                            "(SELECT id FROM standards WHERE active = 1)"))
    for item in items:
        if item in (plan_item, lockable_item):
            continue
        extra = ["--note", "現物を確認した。目録の記載を更新する。"] if item in contradicted else []
        cli(db, "inspection", "answer", str(fy), code, item, complied[scales[item]],
            "--evidence", "点検記録簿", *extra)
    return code, name, plan_item, lockable_item


def scenario():
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-inspection-")
    db = os.path.join(workdir, "ward.db")
    fy = fiscal_year()
    code, name, plan_item, lockable_item = prepare(db, fy)
    codes = [c for (c,) in query(db, "SELECT s.code FROM inspection_sheets AS h JOIN sections "
                                     "AS s ON s.id = h.section_id ORDER BY s.code")]
    section_index = codes.index(code)
    options = [c for (c,) in query(db, "SELECT o.meaning FROM answer_options AS o JOIN "
                                       "catalogue_items AS ci ON ci.standard_id = o.standard_id "
                                       "AND ci.scale = o.scale WHERE ci.code = ? AND "
                                       "ci.standard_id = (SELECT id FROM standards WHERE active) "
                                       "ORDER BY o.ordinal", (plan_item,))]
    not_done_index = options.index("not-complied")
    sheet_id = sheet_row(db, code)[0]
    asset = query(db, "SELECT a.code FROM assets AS a JOIN sections AS s ON s.id = "
                      "a.owner_section_id WHERE s.code = ? AND a.rule_flags & ? "
                      "AND a.status = 'active' ORDER BY a.code", (code, LOCKABLE))[0][0]

    with Mamori(db, lang=os.environ.get("MAMORI_E2E_LANG", "ja_JP.UTF-8")) as m:
        _ = m._
        main = m.find("frame", _("Mamori"))
        m.press(m.find("page tab", _("Inspections"), root=main))
        choose(m, _("Section"), main, section_index, name)
        items = query(db, "SELECT count (*) FROM inspection_answers WHERE sheet_id = ?",
                      (sheet_id,))[0][0] + 2
        m.find("label", _("%s, version %d · %u of %u answered")
               % (_("Being answered"), 1, items - 2, items), root=main)

        # 未実施 without a plan is refused, naming the item; nothing is written.
        m.press(m.find("push button", _("Answer %s") % plan_item, root=main))
        dialog = window(m, plan_item)
        choose(m, _("Answer"), dialog, not_done_index, "未実施")
        m.press_button("Save", root=dialog)
        m.find("label", plan_item, contains=True, match=lambda n: "改善計画" in n, root=dialog)
        check(answer_of(db, sheet_id, plan_item) is None,
              f"{plan_item} 未実施 without a plan is refused and nothing is stored")
        m.type_into(m.find("text", _("Improvement: what will be done"), root=dialog),
                    "媒体管理の手順書を改訂し係内で周知する")
        m.type_into(m.find("text", _("Improvement: who is responsible"), root=dialog), "庶務係長")
        m.type_into(m.find("text", _("Improvement: due date"), root=dialog),
                    "令和%d年3月31日" % (fy + 1 - 2018))
        m.press_button("Save", root=dialog)
        m.wait_for(lambda: answer_of(db, sheet_id, plan_item), what="the answer to be stored")
        row = answer_of(db, sheet_id, plan_item)
        check(row[0] == "not-complied" and row[2] == "庶務係長" and row[3] == f"{fy + 1}-03-31",
              f"{plan_item} is stored 未実施 with its plan, the 和暦 due date as ISO ({row})")

        # 実施 on the item the inventory contradicts: the finding is shown with its record,
        # and the answer is refused without a note.
        m.press(m.find("push button", _("Answer %s") % lockable_item, root=main))
        dialog = window(m, lockable_item)
        m.find("label", asset, contains=True, root=dialog)
        # The finding's link opens the asset itself, in its editor; Escape closes it again.
        m.press(m.find("push button", asset, contains=True, root=dialog))
        editor = window(m, asset)
        check(editor is not None, f"the finding's link opens {asset} in the asset editor")
        subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{asset}$",
                        "windowfocus", "--sync"], check=True, timeout=20)
        m.key("Escape")
        m.wait_for(lambda: all(f.name != asset for f in m.frames()),
                   what=f"the editor of {asset} to close")
        subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{lockable_item}$",
                        "windowfocus", "--sync"], check=True, timeout=20)
        dialog = window(m, lockable_item)
        m.type_into(m.find("text", _("Evidence"), root=dialog), "施錠確認簿")
        m.press_button("Save", root=dialog)
        m.find("label", asset, contains=True, root=dialog,
               match=lambda n: "相違の理由" in n and lockable_item in n)
        check(answer_of(db, sheet_id, lockable_item) is None,
              f"{lockable_item} 実施 against the inventory is refused without a note")
        m.type_into(m.find("text", _("Note on the registers’ findings"), root=dialog),
                    f"{asset} は施錠保管庫へ移した。目録の記載が未更新。")
        m.press_button("Save", root=dialog)
        m.wait_for(lambda: answer_of(db, sheet_id, lockable_item), what="the answer to be stored")
        check(answer_of(db, sheet_id, lockable_item)[0] == "complied" and
              asset in answer_of(db, sheet_id, lockable_item)[4],
              f"{lockable_item} is stored 実施 with the note on {asset}")

        # Submit: frozen under its hash.
        m.press_button("Submit", root=main)
        m.wait_for(lambda: sheet_row(db, code)[1] == "submitted", what="the sheet to be submitted")
        frozen = sheet_row(db, code)
        check(len(frozen[3]) == 64 and frozen[4], f"submitted with hash and submitter ({frozen[4]})")

        # The coordinator returns it with a reason.
        m.press(m.find("push button", _("Return…"), root=main))
        dialog = window(m, _("Return the Sheet"))
        m.type_into(m.find("text", _("Reason for returning"), root=dialog),
                    f"{plan_item} の改善期限を前倒ししてください。")
        m.press_button("Return", root=dialog)
        m.wait_for(lambda: sheet_row(db, code)[1] == "returned", what="the sheet to be returned")
        check(plan_item in sheet_row(db, code)[5], "returned with the reason")

        # The section fixes the plan and submits again.
        m.press(m.find("push button", _("Answer %s") % plan_item, root=main))
        dialog = window(m, plan_item)
        due = m.find("text", _("Improvement: due date"), root=dialog)
        m.type_into(due, f"{fy + 1}-01-29")
        m.press_button("Save", root=dialog)
        m.wait_for(lambda: answer_of(db, sheet_id, plan_item)[3] == f"{fy + 1}-01-29",
                   what="the fixed plan to be stored")
        m.press_button("Submit", root=main)
        m.wait_for(lambda: sheet_row(db, code)[1] == "submitted", what="the second submission")
        check(sheet_row(db, code)[3] != frozen[3], "the new submission has a new content hash")

        # The coordinator accepts.
        m.press_button("Accept", root=main)
        m.wait_for(lambda: sheet_row(db, code)[1] == "accepted", what="the sheet to be accepted")

        # The roll-up: the section's 実施率 = 実施 ÷ (answers − 該当なし).
        counts = query(db, "SELECT sum (meaning = 'complied'), count (*), "
                           "sum (meaning = 'not-applicable') FROM inspection_answers "
                           "WHERE sheet_id = ?", (sheet_id,))[0]
        expected = "%.1f%%" % (100.0 * counts[0] / (counts[1] - counts[2]))
        m.press(m.find("page tab", _("Roll-up"), root=main))
        m.find("label", f"{name} ({_('Accepted')})", root=main)
        m.find("label", f"実施率 {expected}", contains=True, root=main)
        check(True, f"the roll-up shows {name} accepted with 実施率 {expected}")
        time.sleep(0.5)
        if os.environ.get("MAMORI_E2E_SHOTS"):
            m.screenshot(os.path.join(os.environ["MAMORI_E2E_SHOTS"], "inspection-rollup.png"))

    # The database, as an auditor reads it.
    decisions = query(db, "SELECT decision, reason IS NOT NULL FROM inspection_submissions "
                          "WHERE sheet_id = ? ORDER BY id", (sheet_id,))
    check(decisions == [("returned", 1), ("accepted", 0)],
          f"two submissions: returned with a reason, then accepted ({decisions})")
    logged = query(db, "SELECT count (*) FROM audit_log WHERE tbl = 'inspection_sheets' "
                       "AND row_key = (SELECT uuid FROM inspection_sheets WHERE id = ?)",
                   (sheet_id,))[0][0]
    check(logged >= 5, f"every state change of the sheet is in the audit log ({logged})")
    result = subprocess.run([CLI, "--db", db, "inspection", "verify", str(fy), code],
                            capture_output=True, text=True)
    check(result.returncode == 0, "the accepted sheet still matches its content hash")
    result = subprocess.run([CLI, "--db", db, "check"], capture_output=True, text=True)
    check(result.returncode == 0, f"mamori-cli check passes ({result.stdout.strip()})")
    log(f"database kept in {db}")


if __name__ == "__main__":
    run(scenario)
