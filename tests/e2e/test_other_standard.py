#!/usr/bin/python3
"""Another municipality's standard, loaded as data: Mamori shows its articles, its roles and
what cites them, with nothing about Shinjuku left on screen."""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mamori_atspi import Mamori, check, query, run  # noqa: E402

SOURCE = os.environ.get("MAMORI_SOURCE_ROOT",
                        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def scenario():
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-")
    db = os.path.join(workdir, "sakura.db")
    cli = os.environ.get("MAMORI_CLI", os.path.join("_build", "src", "cli", "mamori-cli"))
    standard = os.path.join(SOURCE, "tests", "data", "standards", "sakura.xml")
    result = subprocess.run([cli, "--db", db, "init", "--standard", standard],
                            capture_output=True, text=True)
    check(result.returncode == 0, f"mamori-cli init loads sakura.xml ({result.stderr.strip()})")

    with Mamori(db, lang=os.environ.get("MAMORI_E2E_LANG", "ja_JP.UTF-8")) as m:
        _ = m._
        m.find("label", _("Welcome to Mamori"))
        m.press_button("Start Empty")
        m.find("label", _("Nothing to Overview Yet"))
        check(True, "an empty register shows the overview's empty state")

        main = m.find("frame", _("Mamori"))
        m.press(m.find("push button", _("Security Standard"), root=main))
        browser = m.find("frame", "さくら市情報セキュリティ対策基準")
        check(browser is not None, "the browser is titled with the loaded standard")
        check(not m.find_all(None, "新宿区情報セキュリティ対策基準", root=browser),
              "nothing of the Shinjuku standard is shown")
        m.find("list item", "第3 物理的及び人的セキュリティ", contains=True, root=browser)
        search = m.find("entry", _("Search the standard"), root=browser)
        m.type_into(search, "サーバ室")
        m.find("label", "第3-1 サーバ室", root=browser)
        m.find("label", "サーバ室への入室を事前に登録された者に限り", contains=True, root=browser)
        check(True, "its article 第3-1 and the inspection item citing it are shown")

        m.press(m.find("push button", _("Main Menu"), root=main))
        m.press(m.find("menu item", _("_Preferences")))
        m.find("label", "さくら市情報セキュリティ対策基準", contains=True)
        check(True, "Preferences name the loaded standard")

    active = query(db, "SELECT code, version FROM standards WHERE active = 1")
    check(active == [("sakura", "R6.4.1")], f"the active standard is sakura R6.4.1 ({active})")
    choice = query(db, "SELECT value FROM settings WHERE key = 'first-start'")
    check(choice == [("empty",)], f"the first-start choice is recorded ({choice})")


if __name__ == "__main__":
    run(scenario)
