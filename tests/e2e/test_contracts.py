#!/usr/bin/python3
"""Contract staff (契約係) enter an outsourcing contract, mark eleven of its twelve mandatory
clauses 明記あり, try to conclude it and are refused with the twelfth named by its article,
state it and conclude; attach the contract document; then enter a worker-dispatch contract
with its four clauses and conclude it; and find all of it, audited, in the database."""

import hashlib
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mamori_atspi import Mamori, check, log, query, run  # noqa: E402

CLI = os.environ.get("MAMORI_CLI", os.path.join("_build", "src", "cli", "mamori-cli"))
OUTSOURCING = "委-E2E-001"
DISPATCH = "派-E2E-002"
ANSWERS = [None, "stated", "not-stated", "not-applicable"]


def cli(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True)


def fill_contract(m, editor, number, title, kind_label=None):
    _ = m._
    m.type_into(m.find("text", _("Contract number"), root=editor), number)
    m.type_into(m.find("text", _("Title"), root=editor), title)
    m.type_into(m.find("text", _("Vendor"), root=editor), "株式会社みどり情報システム")
    m.type_into(m.find("text", _("Start (e.g. 令和8年4月1日)"), root=editor), "令和8年4月1日")
    m.type_into(m.find("text", _("End (e.g. 令和9年3月31日)"), root=editor), "令和9年3月31日")
    if kind_label:
        m.choose(m.find("combo box", _("Kind of contract"), root=editor), kind_label)
    m.press(m.find("push button", _("Save"), root=editor))


def answer(m, db, editor, number, code, value):
    """Picks the answer of one clause with the keyboard: Tab to its drop-down, open it, go to
    the top and down to the answer (Mamori lists them as 未回答, 明記あり, 明記なし, 該当なし).
    A GtkDropDown shows its choice deeper than an AdwComboRow does, so the database says
    whether it took."""
    position = ANSWERS.index(value)
    combo = m.find("combo box", m._("Answer to %s") % code, root=editor)
    log(f"answer {code}: {value}")
    m.tab_to(combo, limit=80)
    m.key("space")
    time.sleep(0.3)
    m.key("Home")
    for _ in range(position):
        time.sleep(0.1)
        m.key("Down")
    time.sleep(0.1)
    m.key("Return")
    m.wait_for(lambda: query(db, "SELECT a.answer FROM contract_clauses AS a JOIN contracts AS k "
                                 "ON k.id = a.contract_id JOIN clauses AS c ON c.id = a.clause_id "
                                 "WHERE k.number = ? AND c.code = ?", (number, code))[0][0] == value,
               what=f"{code} recorded as {value}")


def conclude(m, editor):
    m.press(m.find("push button", m._("Conclude"), root=editor))


def scenario():
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-contracts-")
    db = os.path.join(workdir, "ward.db")
    result = cli("--db", db, "demo", "--sections", "8", "--assets", "20", "--contracts", "0")
    check(result.returncode == 0, f"an organisation without contracts ({result.stderr})")
    # xdotool types no kanji into the file chooser: an ASCII name.
    document = os.path.join(workdir, "keiyakusho-2026.pdf")
    with open(document, "wb") as f:
        f.write(b"%PDF-1.4\n% contract of e2e\n" + os.urandom(2048) + b"\n%%EOF\n")
    with open(document, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()

    with Mamori(db) as m:
        _ = m._
        main = m.find("frame", _("Mamori"))
        m.press(m.find("page tab", _("Contracts"), root=main))
        # No contract yet: the empty state offers to add one.
        m.find("label", _("No Contracts Yet"), root=main)
        m.press(m.find("push button", _("Add a Contract"), root=main))

        editor = m.find("frame", _("New Contract"))
        fill_contract(m, editor, OUTSOURCING, "住民記録システム保守業務委託")
        m.wait_for(lambda: query(db, "SELECT count (*) FROM contracts WHERE number = ?",
                                 (OUTSOURCING,))[0][0] == 1, what="the contract saved")
        editor = m.find("frame", OUTSOURCING, what="the editor of the new contract")
        check(query(db, "SELECT count (*) FROM contract_clauses AS a JOIN contracts AS k "
                        "ON k.id = a.contract_id WHERE k.number = ?", (OUTSOURCING,))[0][0]
              == query(db, "SELECT count (*) FROM clauses WHERE kind = 'outsourcing'")[0][0],
              "the checklist holds every clause of the standard's outsourcing set")

        for n in range(1, 12):
            answer(m, db, editor, OUTSOURCING, f"K-{n:02d}", "stated")
        m.wait_for(lambda: query(db, "SELECT count (*) FROM contract_clauses AS a JOIN contracts "
                                     "AS k ON k.id = a.contract_id WHERE k.number = ? AND "
                                     "a.answer = 'stated'", (OUTSOURCING,))[0][0] == 11,
                   what="eleven clauses recorded as stated")

        conclude(m, editor)
        refusal = m.find("label", root=editor,
                         match=lambda n: n.startswith(f"契約 {OUTSOURCING} ") and "第6-5-(12)" in n,
                         what="the refusal naming 第6-5-(12)")
        check("（K-12）" in refusal.name and "第6-5-(11)" not in refusal.name,
              f"the refusal names the twelfth clause and only it: {refusal.name!r}")
        check(query(db, "SELECT status FROM contracts WHERE number = ?", (OUTSOURCING,))[0][0]
              == "draft", "the contract is still a draft")

        answer(m, db, editor, OUTSOURCING, "K-12", "stated")
        conclude(m, editor)
        m.wait_for(lambda: query(db, "SELECT status, concluded_on IS NOT NULL FROM contracts "
                                     "WHERE number = ?", (OUTSOURCING,))[0] == ("concluded", 1),
                   what="the contract concluded")
        # The editor shows it concluded, read-only but for staff, documents and checks.
        concluded = m._("Concluded on %s").split("%s")
        m.find("label", root=editor, match=lambda n: n.startswith(concluded[0]) and
               n.endswith(concluded[1]) and "令和" in n, what="the date of concluding shown")

        m.press(m.find("push button", _("Attach…"), root=editor))
        m.choose_file(_("Choose the Contract Document"), document)
        m.wait_for(lambda: query(db, "SELECT count (*) FROM contract_documents WHERE sha256 = ?",
                                 (digest,))[0][0] == 1, what="the document stored")
        m.find(None, "keiyakusho-2026.pdf", root=editor)
        m.key("Escape")
        m.wait_for(lambda: not m.find_all("frame", OUTSOURCING), what="the editor closed")

        # The dispatch contract, with its four clauses.
        m.press(m.find("push button", _("Add a Contract"), root=main))
        editor = m.find("frame", _("New Contract"))
        fill_contract(m, editor, DISPATCH, "窓口事務補助に係る労働者派遣",
                      kind_label=m.text("Worker dispatch"))
        editor = m.find("frame", DISPATCH, what="the editor of the dispatch contract")
        for n in range(1, 5):
            answer(m, db, editor, DISPATCH, f"H-{n:02d}", "stated")
        m.wait_for(lambda: query(db, "SELECT count (*) FROM contract_clauses AS a JOIN contracts "
                                     "AS k ON k.id = a.contract_id WHERE k.number = ? AND "
                                     "a.answer = 'stated'", (DISPATCH,))[0][0] == 4,
                   what="four dispatch clauses stated")
        conclude(m, editor)
        m.wait_for(lambda: query(db, "SELECT status FROM contracts WHERE number = ?",
                                 (DISPATCH,))[0][0] == "concluded",
                   what="the dispatch contract concluded")
        m.key("Escape")

        # The list shows both, none with a missing clause.
        m.find("label", OUTSOURCING, root=main)
        m.find("label", DISPATCH, root=main)

    rows = query(db, "SELECT k.kind, count (*), sum (c.mandatory), sum (a.answer = 'stated') "
                     "FROM contracts AS k JOIN contract_clauses AS a ON a.contract_id = k.id "
                     "JOIN clauses AS c ON c.id = a.clause_id GROUP BY k.kind ORDER BY k.kind")
    check(rows == [("dispatch", 4, 4, 4), ("outsourcing", 17, 12, 12)],
          f"the checklists as the standard sets them, every mandatory clause stated: {rows}")
    check(query(db, "SELECT size, sha256 FROM contract_documents")[0]
          == (os.path.getsize(document), digest), "the document's size and SHA-256")
    audited = query(db, "SELECT count (*) FROM audit_log WHERE tbl = 'contract_clauses' "
                        "AND action = 'update'")[0][0]
    check(audited == 16, f"each answer is an entry of the audit log ({audited})")
    result = cli("--db", db, "check")
    check(result.returncode == 0, f"mamori-cli check passes on the database ({result.stdout})")


if __name__ == "__main__":
    run(scenario)
