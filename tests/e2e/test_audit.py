#!/usr/bin/python3
"""After the sections' inspection, the audit, the evaluation and the review (第7-1, 7-3, 7-4)
in the Inspections view.  An auditor of the audited section is refused, with a message naming
them, and nothing is stored; an auditor of another section records a finding on an item.
Management evaluates the item's chapter (rating, assessment, changes in circumstances) and
proposes a review; the proposal is adopted.  The database holds all of it, in the audit log,
and passes the check."""

import datetime
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyatspi  # noqa: E402
from mamori_atspi import Mamori, check, log, query, run  # noqa: E402
from test_inspection import choose, cli, window  # noqa: E402


def fiscal_year():
    today = datetime.date.today()
    return today.year if today.month >= 4 else today.year - 1


def scenario():
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-audit-")
    db = os.path.join(workdir, "ward.db")
    fy = fiscal_year()
    cli(db, "demo", "--sections", "3", "--assets", "30", "--inspection-years", "0")
    cli(db, "inspection", "new", str(fy))
    cycle = query(db, "SELECT id FROM inspection_cycles WHERE fiscal_year = ?", (fy,))[0][0]
    sheets = query(db, "SELECT s.id, s.code, s.name FROM inspection_sheets AS h JOIN sections "
                       "AS s ON s.id = h.section_id WHERE h.cycle_id = ? ORDER BY s.code",
                   (cycle,))
    section_index = 1
    section_id, code, name = sheets[section_index]
    people = query(db, "SELECT id, name, coalesce (section_id, 0) FROM people WHERE active = 1 "
                       "ORDER BY kana, name")
    own = next(i for i, p in enumerate(people) if p[2] == section_id)
    other = next(i for i, p in enumerate(people) if p[2] not in (section_id, 0))
    first_item, chapter = query(db, "SELECT ci.code, ci.chapter_ref FROM inspection_sheets "
                                    "AS h JOIN inspection_cycles AS c ON c.id = h.cycle_id "
                                    "JOIN catalogue_items AS ci ON ci.standard_id = "
                                    "c.standard_id WHERE h.cycle_id = ? ORDER BY ci.ordinal "
                                    "LIMIT 1", (cycle,))[0]

    clause_item = query(db, "SELECT ci.code FROM catalogue_items AS ci JOIN item_citations "
                            "AS c ON c.item_id = ci.id WHERE c.ref = '第6-5' AND ci.standard_id "
                            "= (SELECT id FROM standards WHERE active) ORDER BY ci.ordinal")[0][0]
    contract_index, contract_label = next(
        (i, rows[0][0]) for i, rows in ((i, query(
            db, "SELECT k.number || ' ' || k.title FROM contracts AS k JOIN contract_clauses "
                "AS a ON a.contract_id = k.id JOIN clauses AS c ON c.id = a.clause_id WHERE "
                "k.section_id = ? AND k.status <> 'ended' AND c.mandatory AND c.ref <> '' AND "
                "coalesce (a.answer, '') NOT IN ('stated', 'not-applicable') ORDER BY k.number "
                "LIMIT 1", (sheet[0],))) for i, sheet in enumerate(sheets)) if rows)

    def findings():
        return query(db, "SELECT f.section_id, p.name, ci.code, f.severity, f.finding FROM "
                         "audit_findings AS f JOIN people AS p ON p.id = f.auditor_id LEFT "
                         "JOIN catalogue_items AS ci ON ci.id = f.item_id")

    with Mamori(db, lang=os.environ.get("MAMORI_E2E_LANG", "ja_JP.UTF-8")) as m:
        _ = m._
        main = m.find("frame", _("Mamori"))
        m.press(m.find("page tab", _("Inspections"), root=main))

        # The sheet item on the contract clauses shows the section's contracts missing one,
        # and opens the contract.
        choose(m, _("Section"), main, contract_index, sheets[contract_index][2])
        m.press(m.find("push button", _("Answer %s") % clause_item, root=main))
        dialog = window(m, clause_item)
        m.press(m.find("push button", _("Open %s") % contract_label, root=dialog))
        editor = window(m, contract_label.split(" ")[0])
        check(editor is not None, f"the finding on {clause_item} opens {contract_label}")
        m.key("Escape")
        m.wait_for(lambda: all(f.name != contract_label.split(" ")[0] for f in m.frames()),
                   what="the contract editor to close")
        m.press_button("Cancel", root=dialog)

        choose(m, _("Section"), main, section_index, name)
        m.press(m.find("page tab", _("Audit"), root=main))

        # An auditor of the audited section is refused, by name; nothing is stored.
        m.press(m.find("push button", _("Record an audit finding"), root=main))
        dialog = window(m, _("Record an Audit Finding"))
        choose(m, _("Auditor"), dialog, own, people[own][1])
        question = query(db, "SELECT question FROM catalogue_items WHERE code = ? AND "
                             "standard_id = (SELECT standard_id FROM inspection_cycles WHERE "
                             "id = ?)", (first_item, cycle))[0][0]
        choose(m, _("Item"), dialog, 1, f"{first_item} {question}")
        choose(m, _("Kind of finding"), dialog, 0, _("Nonconformity"))
        m.type_into(m.find("text", _("What the auditor found"), root=dialog),
                    "持出し記録簿に課長の承認印がない記録が3件あった。")
        m.press_button("Record", root=dialog)
        m.find("label", people[own][1], contains=True, root=dialog,
               match=lambda n: "監査" in n or "audit" in n)
        check(findings() == [], f"{people[own][1]} of {name} may not audit it: nothing stored")

        # An auditor of another section records it.
        choose(m, _("Auditor"), dialog, other, people[other][1])
        m.press_button("Record", root=dialog)
        m.wait_for(lambda: findings(), what="the audit finding to be stored")
        stored = findings()[0]
        check(stored[:4] == (section_id, people[other][1], first_item, "nonconformity"),
              f"the finding on {first_item} of {name} by {people[other][1]} ({stored[:4]})")
        m.find("label", "持出し記録簿", contains=True, root=main)

        # Management evaluates the chapter and proposes a review.
        m.press(m.find("page tab", _("Evaluation"), root=main))
        m.press(m.find("push button", _("Evaluate %s") % chapter, root=main))
        dialog = window(m, _("Evaluate %s") % chapter)
        choose(m, _("Rating"), dialog, 1, _("Improvement needed"))
        m.type_into(m.find("text", _("Assessment"), root=dialog),
                    "持出しの承認が徹底されていない。")
        m.type_into(m.find("text", _("Changes in circumstances"), root=dialog),
                    "テレワークの拡大で持出しが増えた。")
        m.press_button("Save", root=dialog)
        m.wait_for(lambda: query(db, "SELECT rating FROM evaluations WHERE cycle_id = ?",
                                 (cycle,)), what="the evaluation to be stored")
        evaluation = query(db, "SELECT id, chapter_ref, rating, circumstances FROM evaluations "
                               "WHERE cycle_id = ?", (cycle,))[0]
        check(evaluation[1:] == (chapter, "improvement-needed", "テレワークの拡大で持出しが増えた。"),
              f"the evaluation of {chapter} ({evaluation[1:]})")
        m.find("label", _("Improvement needed"), contains=True, root=main,
               match=lambda n: "持出しの承認" in n)

        m.press(m.find("push button", _("Propose a review of %s") % chapter, root=main))
        dialog = window(m, _("Propose a review of %s") % chapter)
        m.type_into(m.find("text", _("Proposal"), root=dialog),
                    "持出し承認を電子申請にして記録簿と照合する。")
        m.press_button("Propose", root=dialog)
        m.wait_for(lambda: query(db, "SELECT id FROM review_proposals"),
                   what="the review proposal to be stored")

        m.press(m.find("page tab", _("Review"), root=main))
        m.find("label", "持出し承認を電子申請", contains=True, root=main)
        m.press(m.find("push button", _("Adopt proposal %u") % 1, root=main))
        m.wait_for(lambda: query(db, "SELECT status FROM review_proposals")[0][0] == "adopted",
                   what="the proposal to be adopted")
        m.find("label", _("Adopted"), contains=True, root=main)
        time.sleep(0.5)
        if os.environ.get("MAMORI_E2E_SHOTS"):
            m.screenshot(os.path.join(os.environ["MAMORI_E2E_SHOTS"], "inspection-review.png"))

        # An ad-hoc inspection of two sections, without last year's answers.
        m.press(m.find("push button", _("New Inspection Cycle…"), root=main))
        dialog = window(m, _("New Inspection Cycle"))
        choose(m, _("Kind of inspection"), dialog, 1, _("Ad-hoc inspection"))
        title = m.find("text", _("Title"), root=dialog)
        m.type_into(title, "臨時点検(USBメモリの持出し)")
        m.type_into(m.find("text", _("Period from"), root=dialog), f"{fy}-10-01")
        m.type_into(m.find("text", _("Period to"), root=dialog), f"{fy}-12-31")
        m.press(m.find("check box", sheets[0][2], root=dialog))
        m.press(m.find("check box", _("Start from last year’s answers"), root=dialog))
        m.press_button("Open", root=dialog)
        m.wait_for(lambda: query(db, "SELECT id FROM inspection_cycles WHERE kind = 'ad-hoc'"),
                   what="the ad-hoc cycle to be stored")
        adhoc = query(db, "SELECT c.title, c.period_from, c.period_to, group_concat (s.code) "
                          "FROM inspection_cycles AS c JOIN inspection_sheets AS h ON "
                          "h.cycle_id = c.id JOIN sections AS s ON s.id = h.section_id WHERE "
                          "c.kind = 'ad-hoc' GROUP BY c.id")[0]
        check(adhoc[:3] == ("臨時点検(USBメモリの持出し)", f"{fy}-10-01", f"{fy}-12-31") and
              sheets[0][1] not in adhoc[3].split(",") and len(adhoc[3].split(",")) ==
              len(sheets) - 1, f"the ad-hoc cycle with its period and scope ({adhoc})")
        m.find("label", "臨時点検(USBメモリの持出し)", root=main)
        year = query(db, "SELECT fiscal_year FROM inspection_cycles WHERE kind = 'ad-hoc'")[0][0]
        check(year == fy, f"the cycle is of the year the dialog selects at first, this one ({year})")

        # Roles: the profile names a person of the register.  A staff member of the section
        # may not submit its sheet, audit it or evaluate; its 情報セキュリティ責任者 may submit.
        m.press(m.find("push button", _("Main Menu"), root=main))
        m.press(m.find("menu item", _("_Preferences")))
        prefs = m.find("frame", _("Preferences"))
        staff, officer = (query(db, "SELECT p.name FROM people AS p JOIN person_roles AS r ON "
                                    "r.person_id = p.id WHERE p.section_id = ? AND r.function "
                                    "= ? ORDER BY p.id LIMIT 1", (section_id, f))[0][0]
                          for f in ("staff", "section-officer"))
        m.type_into(m.find("text", _("Name"), root=prefs), staff)

        def sensitive(role, label):
            node = m.find(role, label, root=main)
            return node.getState().contains(pyatspi.STATE_SENSITIVE)

        m.press(m.find("page tab", _("Audit"), root=main))
        m.wait_for(lambda: not sensitive("push button", _("Submit")),
                   what=f"Submit to be refused to {staff}")
        check(not sensitive("push button", _("Record an audit finding")),
              f"{staff} may not audit their own section")
        m.press(m.find("page tab", _("Evaluation"), root=main))
        check(not sensitive("push button", _("Evaluate %s") % chapter),
              f"{staff} may not evaluate")
        m.type_into(m.find("text", _("Name"), root=prefs), officer)
        m.wait_for(lambda: sensitive("push button", _("Submit")),
                   what=f"Submit to be allowed to {officer}")
        check(True, f"{officer}, 情報セキュリティ責任者 of {name}, may submit")

    proposal = query(db, "SELECT evaluation_id, status, decided_on IS NOT NULL "
                         "FROM review_proposals")[0]
    check(proposal == (evaluation[0], "adopted", 1),
          f"the proposal comes out of the evaluation and is adopted with a date ({proposal})")
    for table in ("audit_findings", "evaluations", "review_proposals"):
        logged = query(db, "SELECT count (*) FROM audit_log WHERE tbl = ?", (table,))[0][0]
        check(logged >= 1, f"{table} is in the audit log ({logged})")
    result = subprocess.run([os.environ.get("MAMORI_CLI", "_build/src/cli/mamori-cli"), "--db",
                             db, "check"], capture_output=True, text=True)
    check(result.returncode == 0, f"mamori-cli check passes ({result.stdout.strip()})")
    log(f"database kept in {db}")


if __name__ == "__main__":
    run(scenario)
