#!/usr/bin/python3
"""A section head's first start: open Mamori on a new register, explore the sample ward,
look at each of the five views and the standard, set the profile, and find all of it in the
database afterwards."""

import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mamori_atspi import Mamori, check, log, query, run  # noqa: E402

PROFILE_NAME = "守屋 花子"


def focus_window(title):
    """Gives the keyboard focus to the window of that title (there is no window manager)."""
    subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{re.escape(title)}$",
                    "windowfocus", "--sync"], check=True, timeout=20)


def close_window(m, title, keys):
    """Closes a window from the keyboard and waits until it is gone."""
    log(f"close “{title}” with {keys}")
    focus_window(title)
    m.key(keys)
    m.wait_for(lambda: all(f.name != title for f in m.frames()), what=f"“{title}” to close")


def scenario():
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-")
    db = os.path.join(workdir, "register.db")
    lang = os.environ.get("MAMORI_E2E_LANG", "ja_JP.UTF-8")
    shots = os.environ.get("MAMORI_E2E_SHOTS")

    with Mamori(db, lang=lang) as m:
        _ = m._

        # First start: the question, then the sample ward.
        m.find("label", _("Welcome to Mamori"))
        m.press_button("Explore a Sample Ward")
        organisation = m.find("label", "かえで区(サンプル)", timeout=120)
        check(organisation is not None, "the overview shows the sample ward's name")
        m.find("label", _("Assets by Class"))
        if shots:
            m.screenshot(os.path.join(shots, "e2e-overview.png"))

        # The five views, through the view switcher as a person would.
        expectations = [
            ("Assets", None, True),
            ("Areas", "Entry Log", False),
            ("Contracts", "Missing Clauses", False),
            ("Inspections", "Inspection cycle", False),
            ("Overview", "Assets by Class", False),
        ]
        for view, heading, contains in expectations:
            log(f"view {view}")
            m.press(m.find("page tab", _(view)))
            if contains:
                # "3,000 of 3,000 assets shown · N … need attention": the counts
                # are the sample's; how many need attention depends on its seed.
                summary = _("%s of %s assets shown · %s in the inventory need attention")
                pattern = re.compile("^" + re.escape(summary).replace("%s", "(.+?)") + "$")

                def counts_sample(text):
                    found = pattern.match(text)
                    return bool(found) and found.group(1) == found.group(2) == "3,000"

                label = m.find("label", match=counts_sample,
                               what=f"the summary {summary % ('3,000', '3,000', '…')!r}")
                check(label is not None, f"the {view} view counts the sample's 3,000 assets")
            else:
                # A label, or a filter of the view (a toggle button) that only its list shows.
                m.find(match=lambda text: text == _(heading), what=f"“{_(heading)}”")
                check(True, f"the {view} view shows “{_(heading)}”")

        # The standard browser: search as you type, an article and what cites it.
        m.press(m.find("push button", _("Security Standard")))
        browser = m.find("frame", "新宿区情報セキュリティ対策基準")
        search = m.find("entry", _("Search the standard"), root=browser)
        m.type_into(search, "施錠可能")
        m.find("label", "第2-4-(3)-ウ", contains=True)
        cited = m.find("label", "C02-16", contains=True)
        check(cited is not None, "第2-4-(3)-ウ is shown with inspection item C02-16 citing it")
        m.type_into(search, "ｾｷｭﾘﾃｨﾎｰﾙ")   # half-width katakana finds 第5-7-(1)
        m.find("label", "第5-7-(1)", contains=True)
        check(True, "a half-width query finds the full-width article")
        m.type_into(search, "第6-5-(6)")
        m.find("label", "K-06", contains=True)
        check(True, "clause K-06 is shown as citing 第6-5-(6)")
        if shots:
            m.screenshot(os.path.join(shots, "e2e-standard.png"))

        # Preferences: the profile the audit log records.
        main = m.find("frame", _("Mamori"))
        m.press(m.find("push button", _("Main Menu"), root=main))
        m.press(m.find("menu item", _("_Preferences")))
        # The Assets view's filters carry the same names; look inside the preferences.
        prefs = m.find("frame", _("Preferences"))
        name = m.find("text", _("Name"), root=prefs)
        m.type_into(name, PROFILE_NAME)
        m.choose(m.find("combo box", _("Section"), root=prefs), "情報政策課 (企画政策部)")
        m.choose(m.find("combo box", _("Role"), root=prefs), "情報セキュリティ責任者")
        m.wait_for(lambda: query(db, "SELECT count (*) FROM audit_log WHERE tbl = 'profile' "
                                     "AND after LIKE '%情報セキュリティ責任者%' OR "
                                     "(tbl = 'profile' AND after LIKE '%\"role\":\"責\"%')")[0][0] > 0,
                   what="the profile in the audit log")

        # Close the windows again, open the keyboard shortcuts and close them.  Mamori keeps
        # no hidden window behind: GTK 4.8 answers a screen reader's request for a window
        # index past the end with its last toplevel, which crashes the application if that
        # one is hidden (as GtkApplication's own help overlay always is).
        close_window(m, _("Preferences"), "Escape")
        close_window(m, "新宿区情報セキュリティ対策基準", "ctrl+w")
        focus_window(_("Mamori"))
        m.key("ctrl+question")
        shortcuts = m.wait_for(lambda: next((f for f in m.frames()
                                             if f.name == _("Keyboard Shortcuts")), None),
                               what="the keyboard shortcuts window")
        m.find(None, _("Security standard", "shortcut window"), root=shortcuts)
        close_window(m, _("Keyboard Shortcuts"), "Escape")
        past_end = m.app.childCount
        try:
            m.app.getChildAtIndex(past_end)
        except Exception:
            pass
        time.sleep(1.0)
        check(m.process.poll() is None,
              f"Mamori answers a request for window {past_end} of {past_end} and runs on")
        check(m.find("frame", _("Mamori")) is not None, "the main window is still there")

    # The register, read back with SQLite and mamori-cli as an auditor would.
    counts = query(db, "SELECT (SELECT count (*) FROM sections WHERE level = 'section'), "
                       "(SELECT count (*) FROM assets), (SELECT value FROM settings "
                       "WHERE key = 'first-start'), (SELECT count (*) FROM standards "
                       "WHERE active = 1)")[0]
    check(counts[0] == 60, f"60 sections were created (found {counts[0]})")
    check(counts[1] == 3000, f"3,000 assets were created (found {counts[1]})")
    check(counts[2] == "sample", f"the first-start choice is recorded (found {counts[2]!r})")
    check(counts[3] == 1, "one standard is active")
    profile = query(db, "SELECT actor, after FROM audit_log WHERE tbl = 'profile' "
                        "ORDER BY seq DESC LIMIT 1")[0]
    check(PROFILE_NAME in profile[0], f"the profile change is recorded under its actor ({profile[0]})")
    check('"section":"020400"' in profile[1] and '"role":"責"' in profile[1],
          f"the recorded profile names the section and role ({profile[1]})")
    mode = os.stat(db).st_mode & 0o777
    check(mode == 0o600, f"the database file is private (mode {mode:o})")
    cli = os.environ.get("MAMORI_CLI", os.path.join("_build", "src", "cli", "mamori-cli"))
    result = subprocess.run([cli, "--db", db, "check"], capture_output=True, text=True)
    log(result.stdout.strip())
    check(result.returncode == 0, f"mamori-cli check passes: {result.stderr.strip()}")


if __name__ == "__main__":
    run(scenario)
