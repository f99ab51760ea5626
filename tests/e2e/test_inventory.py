#!/usr/bin/python3
"""A section head keeps the inventory: registers a class Ⅰ asset with criterion イ, sees the
lockable-storage warning and fixes it, records an approved take-out, disposes of another asset
with approval and erasure, tries to import a ledger with one bad line and is refused with the
line named and nothing written, and finds all of it in the database."""

import csv
import hashlib
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mamori_atspi import Mamori, check, log, query, run  # noqa: E402

CLI = os.environ.get("MAMORI_CLI", os.path.join("_build", "src", "cli", "mamori-cli"))
NEW_NAME = "住民記録バックアップ媒体(e2e)"


def cli(*args):
    result = subprocess.run([CLI, *args], capture_output=True, text=True)
    return result


def rule_text(m, msgid):
    return m._(msgid)


def fill_new_asset(m, editor):
    _ = m._
    name = m.find("text", _("Name", "asset"), root=editor)
    m.type_into(name, NEW_NAME)
    m.choose(m.find("combo box", _("Kind"), root=editor), _("Storage medium"))
    m.choose(m.find("combo box", _("Class"), root=editor), "重要性分類Ⅰ (第2-3-(1))")
    m.press(m.find("check box", "イ (第2-3-(1)-イ)", root=editor))


def fingerprint(db):
    """What an auditor compares: every asset and register row, and the audit chain's end."""
    digest = hashlib.sha256()
    for table in ("assets", "asset_takeouts", "asset_disposals", "asset_access", "audit_log"):
        for row in query(db, f"SELECT * FROM {table} ORDER BY 1"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def write_ledger(db, path, bad):
    """A section's ledger as Excel saves it (CP932): the export's header, one asset renamed,
    one new asset, and on line 4 a new asset whose class is Ⅲ (there is no such class) when
    bad is true."""
    exported = os.path.join(os.path.dirname(path), "exported.csv")
    result = cli("--db", db, "export", "inventory", "--format", "csv", "--force",
                 "--out", exported)
    check(result.returncode == 0, f"the inventory exported for the ledger ({result.stderr})")
    with open(exported, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, first = rows[0], rows[1]
    name, kind, section, klass = (header.index(h) for h in ("名称", "種別", "作成課等コード",
                                                            "重要性分類"))
    renamed = list(first)
    renamed[name] = first[name] + "(改)"
    new = [""] * len(header)
    new[0], new[name], new[kind], new[section], new[klass] = \
        "E2E-0001", "来庁者受付簿", first[kind], first[section], "II"
    wrong = list(new)
    wrong[0], wrong[name], wrong[klass] = "E2E-0002", "窓口整理票", "III" if bad else "II"
    with open(path, "w", encoding="cp932", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerows([header, renamed, new, wrong])
    return first[0]


def scenario():
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-")
    db = os.path.join(workdir, "inventory.db")
    result = cli("--db", db, "demo", "--assets", "300", "--sections", "20", "--seed", "11")
    check(result.returncode == 0, f"a sample ward to work in ({result.stderr.strip()})")
    other = query(db, "SELECT code FROM assets WHERE status = 'active' AND class_code = 'I' "
                      "ORDER BY code LIMIT 1")[0][0]
    lockable_warning = None
    start = query(db, "SELECT max (seq) FROM audit_log")[0][0]

    # The checks were last computed on another day (as when Mamori was not opened for a
    # while): they are computed again when Mamori opens the database.
    flagged = query(db, "SELECT count (*) FROM assets WHERE rule_flags != 0")[0][0]
    check(flagged > 0, f"the sample ward has assets that need attention ({flagged})")
    connection = sqlite3.connect(db)
    with connection:
        connection.execute("UPDATE assets SET rule_flags = 0")
        connection.execute("INSERT OR REPLACE INTO derived_state (key, value) "
                           "VALUES ('rules', '2000-01-01/1')")
    connection.close()

    with Mamori(db, lang=os.environ.get("MAMORI_E2E_LANG", "ja_JP.UTF-8")) as m:
        _ = m._
        lockable_warning = _("It is of the highest class, and its medium is not recorded as "
                             "kept in lockable storage.")
        main = m.find("frame", _("Mamori"))
        m.wait_for(lambda: query(db, "SELECT count (*) FROM assets WHERE rule_flags != 0")[0][0]
                   == flagged, what="the checks computed again on opening")
        check(True, f"the checks are computed again on opening ({flagged} assets)")
        m.press(m.find("page tab", _("Assets"), root=main))
        m.press(m.find("push button", _("Add an Asset"), root=main))

        # A new class Ⅰ medium with criterion イ: the standard asks for lockable storage.
        editor = m.find("frame", _("New Asset"))
        fill_new_asset(m, editor)
        m.find("label", lockable_warning + " — 第2-4-(3)-ウ", root=editor)
        check(True, "the editor warns, citing 第2-4-(3)-ウ, before anything is saved")
        m.press(m.find("push button", _("Save"), root=editor))
        m.wait_for(lambda: query(db, "SELECT count (*) FROM assets WHERE name = ?",
                                 (NEW_NAME,))[0][0] == 1, what="the asset in the database")
        row = query(db, "SELECT class_code, criteria, lockable, rule_flags & 2 FROM assets "
                        "WHERE name = ?", (NEW_NAME,))[0]
        check(row[:2] == ("I", "イ") and row[2] is None and row[3] == 2,
              f"stored as class I with criterion イ, flagged for lockable storage ({row})")

        # Fixed: kept in lockable storage, in the machine room (a managed area).  The warning
        # goes; the flag clears.
        code = query(db, "SELECT code FROM assets WHERE name = ?", (NEW_NAME,))[0][0]
        area = " ".join(query(db, "SELECT code, name FROM areas ORDER BY code LIMIT 1")[0])
        editor = m.find("frame", code)
        # The area's row comes before the lockable storage's: Tab reaches it first.
        m.choose(m.find("combo box", _("Kept in the managed area"), root=editor), area)
        m.choose(m.find("combo box", _("Kept in lockable storage"), root=editor), _("Yes"))
        m.wait_for(lambda: not m.find_all("label", lockable_warning + " — 第2-4-(3)-ウ",
                                          root=editor), what="the warning to go")
        m.press(m.find("push button", _("Save"), root=editor))
        m.wait_for(lambda: query(db, "SELECT lockable, rule_flags & 2 FROM assets WHERE code = ?",
                                 (code,))[0] == (1, 0), what="lockable storage recorded")
        check(True, "the fix is stored and the asset no longer needs attention")
        kept = m.wait_for(lambda: query(db, "SELECT r.code || ' ' || r.name FROM area_assets AS x "
                                            "JOIN areas AS r ON r.id = x.area_id JOIN assets AS a "
                                            "ON a.id = x.asset_id WHERE a.code = ?", (code,)),
                          what="the asset kept in the area")
        check(kept == [(area,)], f"the asset is kept in {area} ({kept})")

        # An approved take-out.
        m.press(m.find("push button", _("Record a Take-out or Transmission…"), root=editor))
        dialog = m.wait_for(lambda: next(f for f in m.frames() if f.name != _("Mamori")
                                         and f.name != code), what="the take-out dialog")
        m.type_into(m.find("text", _("Purpose"), root=dialog), "区民説明会での説明資料として")
        m.type_into(m.find("text", _("Taken or sent to"), root=dialog), "区民センター")
        m.choose_first(m.find("combo box", _("Approved by"), root=dialog))
        m.type_into(m.find("text", _("Date of approval"), root=dialog), "令和8年11月20日")
        m.press_button("Record", root=dialog)
        m.wait_for(lambda: query(db, "SELECT count (*) FROM asset_takeouts AS t JOIN assets AS a "
                                     "ON a.id = t.asset_id WHERE a.code = ? AND t.approver_id "
                                     "IS NOT NULL AND t.approved_on = '2026-11-20'",
                                 (code,))[0][0] == 1, what="the approved take-out")
        check(True, "the take-out is recorded with its approver and 和暦 date as 2026-11-20")
        m.press(m.find("push button", _("Close"), root=editor))

        # The area lists it among the assets kept there.
        m.press(m.find("page tab", _("Areas"), root=main))
        m.find("label", f"{code} {NEW_NAME}", root=main,
               what=f"the asset among those kept in {area}")
        check(True, f"the Areas view lists {code} among the assets kept in {area}")
        m.press(m.find("page tab", _("Assets"), root=main))

        # Another class Ⅰ asset goes: found by its code, disposed of with approval, erasure
        # and a witness.
        search = m.find("entry", _("Search the inventory"), root=main)
        m.type_into(search, other)
        m.tab_to(search)
        m.key("Return")
        editor = m.find("frame", other, what=f"the editor of {other}")
        m.press(m.find("push button", _("Record the Disposal…"), root=editor))
        dialog = m.wait_for(lambda: next(f for f in m.frames() if f.name not in
                                         (_("Mamori"), other)), what="the disposal dialog")
        m.type_into(m.find("text", _("Date of disposal"), root=dialog), "令和8年11月24日")
        m.choose_first(m.find("combo box", _("Approved by"), root=dialog))
        m.type_into(m.find("text", _("Date of approval"), root=dialog), "2026-11-21")
        m.type_into(m.find("text", _("Erasure (software, physical destruction, …)"),
                           root=dialog), "物理破壊(破砕)")
        m.choose_first(m.find("combo box", _("Witness"), root=dialog))
        m.press_button("Record the Disposal", root=dialog)
        m.wait_for(lambda: query(db, "SELECT status FROM assets WHERE code = ?",
                                 (other,))[0][0] == "disposed", what="the asset disposed of")
        row = query(db, "SELECT d.approver_id IS NOT NULL, d.approved_on, d.erasure_method, "
                        "d.disposed_on, d.witness_id IS NOT NULL FROM asset_disposals AS d "
                        "JOIN assets AS a ON a.id = d.asset_id WHERE a.code = ?", (other,))
        check(row == [(1, "2026-11-21", "物理破壊(破砕)", "2026-11-24", 1)],
              f"the disposal is stored with approver, erasure, date and witness ({row})")
        m.find("label", _("Disposed of on %s") % "令和8年11月24日", root=editor,
               what="the editor showing the asset as disposed of")
        check(True, "the editor shows the asset as disposed of, read-only")
        m.press(m.find("push button", _("Close"), root=editor))

        # The section's Excel ledger, with a class that does not exist on its line 4.
        ledger = os.path.join(workdir, "ledger.csv")
        renamed = write_ledger(db, ledger, bad=True)
        before = fingerprint(db)
        m.wait_for(lambda: m._focused(main) or any(m._focused(n) for n in m.find_all(root=main)),
                   what="the main window to have the focus again")
        m.key("i", ("ctrl",))
        dialog = m.find("frame", _("Import a Ledger"), what="the import dialog (Ctrl+I)")
        m.press(m.find("push button", _("Choose a CSV File…"), root=dialog))
        m.choose_file(_("Choose a Ledger"), ledger)
        m.find("label", m.text("Read as Shift_JIS (CP932)"), root=dialog,
               what="the ledger read as Shift_JIS")
        m.press_button("Check the Ledger", root=dialog)
        m.find("label", _("Nothing Was Written: Some Rows Cannot Be Taken"), root=dialog,
               what="the refusal")
        line = _("Line %llu · column %s").replace("%llu", "4").split("%s")[0]
        problem = m.find(None, root=dialog, match=lambda n: n.startswith(line),
                         what=f"the problem on line 4 ({line}…)")
        check(True, f"the refusal names line 4: {problem.name!r}")
        check(fingerprint(db) == before, "nothing was written: assets, registers and audit "
                                         "log are as they were")

        # Corrected in Excel and checked again: every row can be taken, then one transaction.
        write_ledger(db, ledger, bad=False)
        m.press_button("Back to the Columns", root=dialog)
        m.press_button("Check the Ledger", root=dialog)
        m.find("label", _("Every Row Can Be Taken"), root=dialog, what="a clean check")
        check(fingerprint(db) == before, "the check alone writes nothing")
        m.press_button("Import", root=dialog)
        m.find("label", _("The Ledger Is Imported"), root=dialog, what="the import")
        rows = query(db, "SELECT code, name, class_code FROM assets WHERE code IN "
                         "('E2E-0001', 'E2E-0002', ?) ORDER BY code", (renamed,))
        check([r[0] for r in rows] == sorted([renamed, "E2E-0001", "E2E-0002"]) and
              any(r[1].endswith("(改)") for r in rows),
              f"the two new assets are added and the renamed one updated ({rows})")
        m.press(m.find("push button", _("Close"), root=dialog))

        # From the area's page, every asset kept there in the inventory's list, and only them.
        m.press(m.find("page tab", _("Areas"), root=main))
        m.press(m.find("push button", _("Show in Inventory"), root=main))
        kept = query(db, "SELECT count (*) FROM area_assets AS x JOIN areas AS r ON r.id = "
                         "x.area_id WHERE r.code || ' ' || r.name = ?", (area,))[0][0]
        summary = _("%s of %s assets shown · %s in the inventory need attention")
        pattern = re.compile("^" + re.escape(summary).replace("%s", "(.+?)") + "$")
        m.find("label", root=main, match=lambda text: bool(pattern.match(text)) and
               pattern.match(text).group(1) == f"{kept:,}",
               what=f"the Assets view showing the {kept} assets kept in {area}")
        m.wait_for(lambda: any(n.name == area for combo in m.find_all("combo box", _("Managed Area"),
                                                                      root=main)
                               for n in m._walk(combo, limit=9) if n.getRoleName() == "label"),
                   what=f"the area filter showing {area}")
        m.find("label", code, root=main, what=f"{code} in the list")
        check(True, f"“{_('Show in Inventory')}” lists the {kept} assets kept in {area}, "
                    f"{code} among them")

    # After the GUI has gone: the database passes its own check, and the audit log holds
    # every change made above.
    result = cli("--db", db, "check")
    check(result.returncode == 0, f"mamori-cli check passes ({result.stdout.strip()[-200:]})")
    logged = query(db, "SELECT count (*) FROM audit_log WHERE tbl IN ('assets', "
                       "'asset_takeouts', 'asset_disposals') AND seq > ?", (start,))[0][0]
    check(logged >= 8, f"every change is in the audit log ({logged} entries)")


if __name__ == "__main__":
    run(scenario)
