#!/usr/bin/python3
"""Takes the screenshots of the README and the metainfo: every view of Mamori, in Japanese,
light and dark, on a sample ward.  Run through build-aux/screenshots.sh, which provides the
display and the AT-SPI bus; look at every picture it writes."""

import os
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from mamori_atspi import Mamori, log  # noqa: E402

VIEWS = ["overview", "assets", "areas", "contracts", "inspections"]
VIEW_TITLES = {"overview": "Overview", "assets": "Assets", "areas": "Areas",
               "contracts": "Contracts", "inspections": "Inspections"}


def window_shot(title, path):
    """Captures one top-level window by its title, frame and all."""
    ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                         capture_output=True, text=True).stdout.split()
    if not ids:
        raise SystemExit(f"no window titled {title!r} to capture")
    subprocess.run(["import", "-window", ids[-1], path], check=True)
    log(f"wrote {os.path.relpath(path, ROOT)}")


def build_sample(db, cli):
    subprocess.run([cli, "--db", db, "demo"], check=True, stdout=subprocess.DEVNULL)
    # This year's audit, evaluation and review, for the Inspections view's tabs.
    con = sqlite3.connect(db)
    year, section, section_id = con.execute(
        "SELECT c.fiscal_year, s.code, s.id FROM inspection_cycles AS c JOIN inspection_sheets "
        "AS h ON h.cycle_id = c.id JOIN sections AS s ON s.id = h.section_id "
        "ORDER BY c.fiscal_year DESC, s.code LIMIT 1").fetchone()
    auditor = con.execute("SELECT staff_no FROM people WHERE staff_no IS NOT NULL AND "
                          "coalesce (section_id, 0) <> ? ORDER BY staff_no LIMIT 1",
                          (section_id,)).fetchone()[0]
    item, chapter = con.execute("SELECT code, chapter_ref FROM catalogue_items WHERE "
                                "standard_id = (SELECT id FROM standards WHERE active) "
                                "ORDER BY ordinal LIMIT 1").fetchone()
    con.close()
    for args in (["finding", str(year), section, auditor, "nonconformity",
                  "持出し記録簿に課長の承認印がない記録が3件あった。", "--item", item],
                 ["finding", str(year), section, auditor, "good",
                  "情報資産目録が毎月更新され、係内で回覧されている。"],
                 ["evaluate", str(year), chapter, "improvement-needed",
                  "持出しの承認が徹底されていない課等がある。",
                  "--circumstances", "テレワークの拡大で媒体の持出しが増えた。"],
                 ["propose", str(year), chapter, "持出し承認を電子申請にして記録簿と照合する。",
                  "--ref", "第2-4-(3)"]):
        subprocess.run([cli, "--db", db, "--actor", "情報政策課 監査担当", "inspection", *args],
                       check=True, stdout=subprocess.DEVNULL)


def take(scheme, out, cli, suffix):
    env = {"ADW_DEBUG_COLOR_SCHEME": "prefer-dark" if scheme == "dark" else "prefer-light"}
    workdir = tempfile.mkdtemp(prefix="mamori-shots-")

    # The first start, on a register that is still empty.
    with Mamori(os.path.join(workdir, "new.db"), lang="ja_JP.UTF-8", extra_env=env) as m:
        m.find("label", m._("Welcome to Mamori"))
        time.sleep(0.5)
        window_shot("Mamori", os.path.join(out, f"welcome{suffix}.png"))

    db = os.path.join(workdir, "sample.db")
    build_sample(db, cli)
    with Mamori(db, lang="ja_JP.UTF-8", extra_env=env) as m:
        main = m.find("frame", m._("Mamori"))
        m.find("label", "かえで区(サンプル)", timeout=60)
        for view in VIEWS:
            m.press(m.find("page tab", m._(VIEW_TITLES[view]), root=main))
            time.sleep(1.0)
            window_shot("Mamori", os.path.join(out, f"{view}{suffix}.png"))

        # The audit, the evaluation and the review beside the sheet and the roll-up.
        m.press(m.find("page tab", m._("Inspections"), root=main))
        for tab, name in (("Audit", "audit"), ("Evaluation", "evaluation"),
                          ("Review", "review")):
            m.press(m.find("page tab", m._(tab), root=main))
            time.sleep(1.0)
            window_shot("Mamori", os.path.join(out, f"inspections-{name}{suffix}.png"))
        m.press(m.find("push button", m._("New Inspection Cycle…"), root=main))
        dialog = m.find("frame", m._("New Inspection Cycle"))
        time.sleep(1.0)
        window_shot(m._("New Inspection Cycle"),
                    os.path.join(out, f"inspections-new-cycle{suffix}.png"))
        m.press_button("Cancel", root=dialog)
        m.press(m.find("page tab", m._("Sheet"), root=main))

        # The editor of a class Ⅰ medium that is not kept in lockable storage: the banner
        # citing the article is what a section head sees first.
        code = sqlite3.connect(db).execute(
            "SELECT code FROM assets WHERE class_code = 'I' AND kind = 'medium' "
            "AND lockable = 0 AND status = 'active' ORDER BY code LIMIT 1").fetchone()[0]
        m.press(m.find("page tab", m._("Assets"), root=main))
        search = m.find("entry", m._("Search the inventory"), root=main)
        m.type_into(search, code)
        m.tab_to(search)
        m.key("Return")
        m.find("frame", code, what=f"the editor of {code}")
        time.sleep(1.0)
        window_shot(code, os.path.join(out, f"asset-editor{suffix}.png"))
        m.key("Escape")
        m.type_into(search, "")

        m.press(m.find("push button", m._("Security Standard"), root=main))
        browser = m.find("frame", "新宿区情報セキュリティ対策基準")
        m.type_into(m.find("entry", m._("Search the standard"), root=browser), "施錠可能")
        m.find("label", "C02-16", contains=True, root=browser)
        time.sleep(1.0)
        window_shot("新宿区情報セキュリティ対策基準", os.path.join(out, f"standard{suffix}.png"))


def main():
    out = os.path.join(ROOT, "data", "screenshots")
    cli = os.environ.get("MAMORI_CLI", os.path.join(ROOT, "_build", "src", "cli", "mamori-cli"))
    os.makedirs(out, exist_ok=True)
    take("light", out, cli, "-ja")
    take("dark", out, cli, "-dark-ja")


if __name__ == "__main__":
    main()
