#!/usr/bin/python3
"""A section head grants a group access to an asset and withdraws it again; the asset's
history, built from the audit log, still shows both the grant and its withdrawal (issue 3:
a register's row deleted since was missing from the history)."""

import os
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mamori_atspi import Mamori, check, query, run  # noqa: E402

CLI = os.environ.get("MAMORI_CLI", os.path.join("_build", "src", "cli", "mamori-cli"))
GROUP = "人事係の職員(e2e)"


def scenario():
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-")
    db = os.path.join(workdir, "history.db")
    result = subprocess.run([CLI, "--db", db, "demo", "--assets", "40", "--sections", "5",
                             "--seed", "7"], capture_output=True, text=True)
    check(result.returncode == 0, f"a sample ward to work in ({result.stderr.strip()})")
    code = query(db, "SELECT code FROM assets WHERE status = 'active' ORDER BY code "
                     "LIMIT 1")[0][0]

    with Mamori(db, lang=os.environ.get("MAMORI_E2E_LANG", "ja_JP.UTF-8")) as m:
        _ = m._
        main = m.find("frame", _("Mamori"))
        m.press(m.find("page tab", _("Assets"), root=main))
        search = m.find("entry", _("Search the inventory"), root=main)
        m.type_into(search, code)
        m.tab_to(search)
        m.key("Return")
        editor = m.find("frame", code, what=f"the editor of {code}")

        # Access for a group of staff, described in words.
        m.press(m.find("push button", _("Grant Access…"), root=editor))
        dialog = m.wait_for(lambda: next(f for f in m.frames() if f.name != _("Mamori")
                                         and f.name != code), what="the access dialog")
        m.type_into(m.find("text", _("Or a group, in words"), root=dialog), GROUP)
        m.press_button("Grant", root=dialog)
        m.wait_for(lambda: query(db, "SELECT count (*) FROM asset_access AS x JOIN assets AS a "
                                     "ON a.id = x.asset_id WHERE a.code = ? AND x.description "
                                     "= ?", (code, GROUP))[0][0] == 1, what="the access right")
        m.find("label", _("Access granted"), contains=True, root=editor)
        check(True, "the grant is in the asset's history")

        # Withdrawn: the row is deleted; its grant and its withdrawal stay in the history.
        m.press(m.find("push button", _("Withdraw Access"), root=editor))
        m.wait_for(lambda: query(db, "SELECT count (*) FROM asset_access")[0][0] == 0,
                   what="the access right withdrawn")
        m.find("label", _("Access withdrawn"), contains=True, root=editor)
        m.find("label", _("Access granted"), contains=True, root=editor)
        check(True, "the history shows the withdrawn right's grant and its withdrawal")
        # The history is the editor's last group: scrolled into view with the mouse wheel for
        # a look at the editor (MAMORI_E2E_SHOTS: where to keep the picture).
        x, y = editor.queryComponent().getPosition(pyatspi.DESKTOP_COORDS)
        subprocess.run(["xdotool", "mousemove", str(x + 300), str(y + 400), "click",
                        "--repeat", "30", "--delay", "20", "5"], check=True)
        time.sleep(0.5)
        m.screenshot(os.path.join(os.environ.get("MAMORI_E2E_SHOTS", workdir), "history.png"))

        m.press(m.find("push button", _("Close"), root=editor))

    entries = query(db, "SELECT action FROM audit_log WHERE tbl = 'asset_access' ORDER BY seq")
    check([e[0] for e in entries] == ["insert", "delete"],
          f"the audit log holds the grant and the withdrawal ({entries})")
    result = subprocess.run([CLI, "--db", db, "check"], capture_output=True, text=True)
    check(result.returncode == 0, f"mamori-cli check passes ({result.stdout.strip()})")


if __name__ == "__main__":
    run(scenario)
