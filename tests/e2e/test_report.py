#!/usr/bin/python3
"""The coordinator (統括情報セキュリティ責任者's staff) writes the year's report for the
情報化戦略本部: from the main menu, Export Report… for last fiscal year (the year whose
inspection is over) into an XML file, then Save Report as PDF… into a PDF drawn by
GtkPrintOperation, and opens Print Report… as far as the print dialog.  The XML validates with xmllint against the shipped schema and with
mamori-cli (digest included); the PDF is A4, Japanese, with the cover, the sections of the
report and as many pages as `mamori-cli report --pdf` gives for the same year."""

import datetime
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mamori_atspi import Mamori, check, log, run  # noqa: E402

CLI = os.environ.get("MAMORI_CLI", os.path.join("_build", "src", "cli", "mamori-cli"))
SOURCE = os.environ.get("MAMORI_SOURCE_ROOT",
                        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
XSD = os.path.join(SOURCE, "data", "schema", "mamori-report-1.xsd")


def cli(*args):
    result = subprocess.run([CLI, *args], capture_output=True, text=True,
                            env=dict(os.environ, LC_ALL="C.UTF-8"))
    words = " ".join(a for a in args[:4] if not a.startswith(("/", "--db")))
    check(result.returncode == 0, f"mamori-cli {words} {result.stderr.strip()}")
    return result.stdout


def last_fiscal_year():
    today = datetime.date.today()
    return (today.year if today.month >= 4 else today.year - 1) - 1


def era_year_label(year):
    """令和X年度 of a fiscal year (Reiwa began in 2019; its first year is 元年)."""
    n = year - 2018
    return f"令和{'元' if n == 1 else n}年度"


def open_menu_item(m, main, msgid):
    m.press(m.find("push button", m._("Main Menu"), root=main))
    m.press(m.find("menu item", m._(msgid)))


def new_window(m, known):
    """The window that appeared since `known` (a list of names of windows on screen)."""
    return m.wait_for(lambda: next((f for f in reversed(m.frames()) if f.name not in known), None),
                      what="a new window")


def save_as(m, title, path):
    """Saves in GTK's file chooser as a keyboard user does: the name field has the focus with
    the suggested name selected; type the whole path over it and confirm."""
    log(f"save as {path}")
    chooser = m.find(None, title, match=None, what=f"the file chooser “{title}”")
    m.wait_for(lambda: any(m._focused(n) for n in m._walk(chooser)),
               what="the file chooser to take the focus")
    m.key("a", ("ctrl",))
    time.sleep(0.2)
    m.type_text(path)
    time.sleep(0.3)
    m.key("Return")
    # Not a word to the accessibility bus until the file is there: GTK 4.8 may crash when asked
    # about the windows while the chooser is going away.
    wait_for_file(m, path, f"{os.path.basename(path)} to be written")
    time.sleep(1)


def choose_year_and_continue(m, main, heading, year, verb):
    """The dialog that asks for the fiscal year: it offers last year (the year whose
    inspection is over) first; confirm it."""
    dialog = new_window(m, [main.name])
    label = f"{era_year_label(year)} ({year})"
    combo = m.find("combo box", m._("Fiscal year"), root=dialog)
    m.wait_for(lambda: any(n.name == label for n in m._walk(combo, limit=9)),
               what=f"the year {label} offered")
    log(f"“{heading}” offers {label}")
    # GTK 4.8 names a response button twice, the first time with its mnemonic as written
    # ("ファイルを選択(_C)… ファイルを選択(C)…").
    name = m._(verb)
    m.press(m.find("push button", root=dialog, match=lambda n: n.endswith(name),
                   what=f"the button “{name}”"))


def wait_for_file(m, path, what):
    """The file exists and has stopped growing."""
    def stable():
        if not os.path.exists(path):
            return False
        size = os.path.getsize(path)
        time.sleep(0.5)
        return size > 0 and os.path.getsize(path) == size
    m.wait_for(stable, timeout=120, what=what)


def export_report_and_pdf(app, window, outdir):
    """Through the GUI: Export Report… then Save Report as PDF… for last fiscal year, into
    outdir.  Returns the paths of the XML and the PDF (both checked to exist)."""
    m, main = app, window
    year = last_fiscal_year()
    xml = os.path.join(outdir, f"report-{year}.xml")
    pdf = os.path.join(outdir, f"report-{year}.pdf")

    open_menu_item(m, main, "E_xport Report…")
    choose_year_and_continue(m, main, m._("Export the Report"), year, "_Choose the File…")
    save_as(m, m._("Export the Report"), xml)
    # The file appears only once written and checked (schema and digest) beside it.  (The
    # toast that says so is not looked for: GTK 4.8 crashes when AT-SPI asks about a toast.)
    wait_for_file(m, xml, "the report's XML")
    check(not [n for n in os.listdir(outdir) if n.endswith(".part")],
          f"Export Report… wrote {xml} and left nothing beside it")

    open_menu_item(m, main, "Save Report as P_DF…")
    choose_year_and_continue(m, main, m._("Save the Report as PDF"), year, "_Choose the File…")
    save_as(m, m._("Save the Report as PDF"), pdf)
    wait_for_file(m, pdf, "the report's PDF")
    check(True, f"Save Report as PDF… wrote {pdf}")
    return xml, pdf


def open_print_dialog(m, main):
    """Print Report… reaches GTK's print dialog (which offers Print to File) for the chosen
    year; Escape closes it without printing."""
    year = last_fiscal_year()
    open_menu_item(m, main, "P_rint Report…")
    choose_year_and_continue(m, main, m._("Print the Report"), year, "_Print…")
    dialog = new_window(m, [main.name, m._("Print the Report")])
    check(True, f"Print Report… opens the print dialog “{dialog.name}”")
    time.sleep(1)
    m.key("Escape")
    m.wait_for(lambda: [f.name for f in m.frames()] == [main.name],
               what="the print dialog to close")
    check(m.process.poll() is None, "Mamori goes on after the print dialog is cancelled")


def check_files(db, xml, pdf, year, workdir):
    result = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", XSD, xml],
                            capture_output=True, text=True)
    check(result.returncode == 0, f"the report validates with xmllint --schema ({result.stderr.strip()})")
    out = cli("validate", xml)
    check("SHA-256" in out and "verified" in out, "mamori-cli validate verifies the digest")
    with open(xml, encoding="utf-8") as f:
        text = f.read()
    check(f'fiscal-year="{year}"' in text and f'display="{era_year_label(year)}"' in text,
          f"the XML is the report of {era_year_label(year)}")
    check('<register kind="incidents" present="false"/>' in text,
          "the XML says the register of incidents is not kept")

    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    check("(A4)" in info, "the PDF is A4")
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    txt = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    for want in [era_year_label(year), "情報セキュリティ点検結果報告", "報告日", "情報化戦略本部",
                 "導入区分", "概要区分", "結果総括", "指摘事項一覧", "前回指摘事項のフォローアップ",
                 "関連状況", "監査結果", "章別評価", "見直しの提案"]:
        check(want in txt, f"the PDF says “{want}”")
    reference = os.path.join(workdir, "cli.pdf")
    subprocess.run([CLI, "--db", db, "report", "--fiscal-year", str(year), "--pdf", reference],
                   check=True, capture_output=True,
                   env=dict(os.environ, LC_ALL="ja_JP.UTF-8", LANG="ja_JP.UTF-8"))
    cli_pages = int(re.search(r"Pages:\s+(\d+)",
                              subprocess.run(["pdfinfo", reference], capture_output=True,
                                             text=True).stdout).group(1))
    check(pages == cli_pages, f"the printed PDF has the pages of mamori-cli report --pdf ({pages})")


def scenario():
    workdir = tempfile.mkdtemp(prefix="mamori-e2e-report-")
    db = os.path.join(workdir, "ward.db")
    cli("--db", db, "demo", "--sections", "12", "--assets", "300", "--areas", "2",
        "--entries", "300", "--contracts", "8", "--inspection-years", "3", "--seed", "5")
    year = last_fiscal_year()
    with Mamori(db) as m:
        main = m.find("frame", m._("Mamori"))
        xml, pdf = export_report_and_pdf(m, main, workdir)
        check_files(db, xml, pdf, year, workdir)
        open_print_dialog(m, main)
        m.screenshot(os.path.join(workdir, "report.png"))


if __name__ == "__main__":
    run(scenario)
