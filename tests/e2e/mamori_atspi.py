"""Driving Mamori as a screen-reader user would: through its accessibility tree.

Run with Debian's /usr/bin/python3 (pyatspi), inside a display and a D-Bus session with the
AT-SPI bus up (build-aux/with-session.sh).  Controls are found by role and accessible name;
names are looked up through the app's own translations, so a scenario runs the same in
Japanese and in English and fails if a control has no name.
"""

import faulthandler
import gettext
import os
import sqlite3
import subprocess
import sys
import time

import pyatspi

DEFAULT_TIMEOUT = 20.0


class ScenarioError(AssertionError):
    pass


def log(message):
    print(f"# {message}", flush=True)


class Mamori:
    """A running Mamori, started on its own database, and the means to drive it."""

    def __init__(self, db_path, lang="ja_JP.UTF-8", extra_env=None):
        self.build = os.environ.get("MAMORI_BUILD_ROOT", os.path.join(os.getcwd(), "_build"))
        self.db_path = db_path
        self.lang = lang
        localedir = os.environ.get("MAMORI_LOCALEDIR", os.path.join(self.build, "po"))
        languages = ["ja"] if lang.startswith("ja") else ["en"]
        self.translation = gettext.translation("mamori", localedir=localedir,
                                               languages=languages, fallback=True)
        if lang.startswith("ja") and isinstance(self.translation, gettext.NullTranslations) \
                and not isinstance(self.translation, gettext.GNUTranslations):
            raise ScenarioError(f"no Japanese translation found in {localedir}")
        env = dict(os.environ)
        env.update({
            "LANG": lang, "LC_ALL": lang, "LANGUAGE": "",
            "GSETTINGS_SCHEMA_DIR": os.path.join(self.build, "data"),
            "GSETTINGS_BACKEND": os.environ.get("GSETTINGS_BACKEND", "memory"),
            "MAMORI_LOCALEDIR": localedir,
            "GSK_RENDERER": "cairo",
            "GTK_A11Y": "atspi",
            "NO_AT_BRIDGE": "0",
        })
        env.pop("NO_AT_BRIDGE", None)
        if extra_env:
            env.update(extra_env)
        binary = os.environ.get("MAMORI_GUI", os.path.join(self.build, "src", "gui", "mamori"))
        log(f"starting {binary} --db {db_path} ({lang})")
        self.process = subprocess.Popen([binary, "--db", db_path], env=env)
        self.app = self.wait_for(self._find_app, what="Mamori on the accessibility bus")
        # Never answer from a stale cache: GTK 4.8 crashes when asked for a child index that
        # belonged to a window since closed (its GetChildAtIndex then returns the hidden
        # window, which has no object path).
        try:
            from gi.repository import Atspi
            self.app.set_cache_mask(Atspi.Cache.NONE)
        except Exception as error:
            log(f"could not turn the AT-SPI cache off: {error}")

    # Translations -----------------------------------------------------------------------

    def _(self, msgid, context=None):
        """The label a person sees for msgid, mnemonic underscores removed."""
        if context:
            text = self.translation.pgettext(context, msgid)
        else:
            text = self.translation.gettext(msgid)
        return text.replace("_", "")

    def text(self, msgid):
        """The translation of msgid as it is, for labels that have no mnemonic (a “_” in
        them is part of the text, as in Shift_JIS)."""
        return self.translation.gettext(msgid)

    # Finding ----------------------------------------------------------------------------

    def _find_app(self):
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == self.process.pid:
                    return app
            except Exception:
                continue
        return None

    def wait_for(self, predicate, timeout=DEFAULT_TIMEOUT, what="a condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ScenarioError(f"Mamori exited with {self.process.returncode} while "
                                    f"waiting for {what}")
            try:
                value = predicate()
            except Exception:
                value = None
            if value:
                return value
            time.sleep(0.2)
        raise ScenarioError(f"timed out after {timeout:.0f} s waiting for {what}")

    @staticmethod
    def _walk(node, depth=0, limit=60, prune=False):
        """Every node under node; with prune, not the parts of windows that are off screen
        (the views of a stack that are not shown), which are most of the tree."""
        if node is None or depth > limit:
            return
        # A window that was closed or hidden is left alone: GTK 4.8's AT-SPI bridge crashes
        # the application when asked about the children of an unrealized window.
        try:
            if node.getRoleName() in ("frame", "dialog", "window") and \
                    not node.getState().contains(pyatspi.STATE_VISIBLE):
                return
        except Exception:
            return
        try:
            count = node.childCount
        except Exception:
            count = 0
        if prune and depth >= 2 and count > 0 and Mamori._off_screen(node):
            return
        yield node
        if depth == 0 and Mamori._is_application(node):
            children = Mamori._windows(node)
        else:
            children = Mamori._children(node, count)
        for child in children:
            yield from Mamori._walk(child, depth + 1, limit, prune)

    @staticmethod
    def _children(node, count):
        for i in range(count):
            try:
                yield node.getChildAtIndex(i)
            except Exception:
                continue

    @staticmethod
    def _is_application(node):
        try:
            return node.getRoleName() == "application"
        except Exception:
            return False

    @staticmethod
    def _windows(app):
        """The application's windows, asking for each index only while it is below the count
        asked for just before: GTK 4.8 answers an index past the end (a window closed since the
        count) with its last toplevel whatever its state, and crashes if that one is hidden."""
        i = 0
        while True:
            try:
                if i >= app.childCount:
                    return
                child = app.getChildAtIndex(i)
            except Exception:
                return
            i += 1
            yield child

    @staticmethod
    def _off_screen(node):
        # Only what is known to be off screen: a GtkStackPage, for one, has no extents.
        try:
            if not node.getState().contains(pyatspi.STATE_VISIBLE):
                return True
            extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        except Exception:
            return False
        return extents.width <= 0 or extents.height <= 0

    @staticmethod
    def _showing(node):
        # GTK 4.8 reports “visible” (the widget's own flag) but not “showing”, and the pages
        # of a stack that are not shown stay “visible”: what is on screen has a size.
        try:
            if not node.getState().contains(pyatspi.STATE_VISIBLE):
                return False
            extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            return extents.width > 0 and extents.height > 0
        except Exception:
            return False

    def find_all(self, role=None, name=None, root=None, showing=True, contains=False,
                 match=None):
        if root is None:
            root = self.app
            try:
                root.clear_cache()
            except Exception:
                pass
        # Windows are the application's children: looking for one need not walk every
        # widget of every window, which takes long on a busy machine.
        nodes = self._walk(root, prune=showing)
        if root is self.app and role in ("frame", "dialog", "window"):
            nodes = self._windows(self.app)
        found = []
        for node in nodes:
            try:
                if role is not None and node.getRoleName() != role:
                    continue
                node_name = node.name or ""
                if match is not None and not match(node_name):
                    continue
                if name is not None:
                    if contains and name not in node_name:
                        continue
                    if not contains and node_name != name:
                        continue
                if showing and not self._showing(node):
                    continue
            except Exception:
                continue
            found.append(node)
        return found

    def find(self, role=None, name=None, root=None, timeout=DEFAULT_TIMEOUT, contains=False,
             match=None, what=None):
        what = what or f"{role or 'any role'} named {name!r}"
        try:
            return self.wait_for(lambda: next(iter(self.find_all(role, name, root,
                                                                 contains=contains,
                                                                 match=match)), None),
                                 timeout=timeout, what=what)
        except ScenarioError:
            self.dump_showing(role)
            raise

    def frames(self):
        """The application's windows that are on screen, newest last."""
        try:
            self.app.clear_cache()
        except Exception:
            pass
        found = []
        for child in self._windows(self.app):
            if child is not None and self._showing(child):
                found.append(child)
        return found

    def choose_first(self, drop_down):
        """Picks the first entry after the current one of a drop-down with a search entry."""
        self.tab_to(drop_down)
        self.key("space")
        time.sleep(0.4)
        self.key("Down")
        time.sleep(0.2)
        self.key("Return")
        time.sleep(0.3)

    def dump_showing(self, role=None):
        """Prints what is on screen (of one role, if given), to explain a failure."""
        print("# on screen:", file=sys.stderr)
        for node in self.find_all(role=role):
            try:
                print(f"#   {node.getRoleName()} {node.name[:100]!r}", file=sys.stderr)
            except Exception:
                continue

    def window(self, title, timeout=DEFAULT_TIMEOUT):
        return self.find(None, title, timeout=timeout)

    # Acting -----------------------------------------------------------------------------

    PRESS_ACTIONS = ("click", "press", "activate", "toggle")

    def press(self, node):
        # Composite widgets (a menu button) expose the action on an inner node.
        for candidate in self._walk(node, limit=3):
            try:
                action = candidate.queryAction()
            except NotImplementedError:
                continue
            names = [action.getName(i) for i in range(action.nActions)]
            if any(name in self.PRESS_ACTIONS for name in names):
                break
        else:
            # GTK 4.8 gives some widgets (check buttons) no AT-SPI action: do what a keyboard
            # user does, Tab to it and press Space.
            self.tab_to(node, limit=80)
            self.key("space")
            return
        for i in range(action.nActions):
            if action.getName(i) in ("click", "press", "activate", "toggle"):
                action.doAction(i)
                return
        action.doAction(0)

    def press_button(self, msgid, context=None, root=None, role="push button"):
        name = self._(msgid, context)
        log(f"press “{name}”")
        # GTK 4.8 names a dialog's response buttons twice over ("Record Record").
        self.press(self.find(role, root=root, match=lambda n: n in (name, f"{name} {name}"),
                             what=f"the button “{name}”"))

    @staticmethod
    def _focused(node):
        try:
            return node.getState().contains(pyatspi.STATE_FOCUSED)
        except Exception:
            return False

    def tab_to(self, node, limit=30):
        """Moves the keyboard focus with Tab until it is on node (GTK 4.8 does not implement
        AT-SPI's GrabFocus)."""
        for _ in range(limit):
            if self._focused(node) or any(self._focused(n) for n in self._walk(node, limit=2)):
                return
            self.key("Tab")
            time.sleep(0.15)
        raise ScenarioError(f"Tab never reached {node.getRoleName()} {node.name!r}")

    def choose(self, combo, item_name, limit=400):
        """Picks an entry of a drop-down (an AdwComboRow) with the keyboard, as a person
        does: Tab to the row, open it, go to the top, arrow down to the entry, confirm.
        Checks that the row shows the entry afterwards."""
        log(f"choose “{item_name}” in {combo.name!r}")

        def window_of():
            window = combo
            while window.parent is not None and window.getRoleName() not in ("frame", "dialog"):
                window = window.parent
            return window

        # Asked again if Mamori is slow to answer (AT-SPI gives up after 800 ms, which a
        # sanitized build on a busy machine can take).
        window = self.wait_for(window_of, what=f"the window of {combo.name!r}")

        def focused_texts():
            focused = [n for n in self.find_all(root=window) if self._focused(n)]
            return [n.name for n in focused] + [c.name for n in focused
                                                for c in self._walk(n, limit=3)]

        def shows_item():
            return any(n.name == item_name for n in self._walk(combo, limit=6)
                       if n.getRoleName() == "label")

        # Twice at most: on a busy machine the focus AT-SPI reports can lag behind the keys,
        # and Return then confirms a neighbour; the second try starts again from the top.
        for attempt in range(2):
            self.tab_to(combo)
            self.key("space")
            time.sleep(0.3)
            self.key("Home")
            time.sleep(0.5)
            texts, unmoved = focused_texts(), 0
            for _ in range(limit):
                if item_name in texts:
                    self.key("Return")
                    break
                if unmoved == 3:
                    break
                self.key("Down")
                # One Down at a time: wait for the focus to leave the entry it was on before
                # looking again, so that two Downs never pass for one.
                before, deadline = texts, time.monotonic() + 3
                time.sleep(0.05)
                texts = focused_texts()
                while texts == before and time.monotonic() < deadline:
                    time.sleep(0.05)
                    texts = focused_texts()
                unmoved = unmoved + 1 if texts == before else 0
            if item_name not in texts:
                raise ScenarioError(f"could not reach “{item_name}” with the arrow keys")
            try:
                self.wait_for(shows_item, what=f"{combo.name!r} to show “{item_name}”")
                return
            except ScenarioError:
                if attempt == 1:
                    raise
                log(f"{combo.name!r} does not show “{item_name}”: choosing again")

    def type_text(self, text):
        """Types text on the keyboard into whatever has the focus."""
        subprocess.run(["xdotool", "type", "--delay", "30", text], check=True)

    def choose_file(self, title, path):
        """Picks a file in GTK's file chooser as a keyboard user does: type its path into the
        location entry (Ctrl+L) and confirm."""
        log(f"choose the file {path}")
        chooser = self.find(None, title, match=None, what=f"the file chooser “{title}”")
        self.wait_for(lambda: self._focused(chooser) or
                      any(self._focused(n) for n in self._walk(chooser)),
                      what="the file chooser to take the focus")
        self.key("l", ("ctrl",))
        time.sleep(0.3)
        self.type_text(path)
        time.sleep(0.3)
        self.key("Return")
        self.wait_for(lambda: not self.find_all(None, title), what="the file chooser to close")

    def type_into(self, node, text):
        editable = node.queryEditableText()
        editable.setTextContents(text)

    def text_of(self, node):
        text = node.queryText()
        return text.getText(0, text.characterCount)

    def key(self, keyval_name, modifiers=()):
        """Sends a key combination to the focused window (xdotool, through X)."""
        combo = "+".join(list(modifiers) + [keyval_name])
        subprocess.run(["xdotool", "key", "--clearmodifiers", combo], check=True)

    def screenshot(self, path):
        subprocess.run(["import", "-window", "root", path], check=True)
        log(f"screenshot {path}")

    def quit(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.quit()
        return False


def query(db_path, sql, params=()):
    """Reads the database the way an auditor would, with SQLite itself."""
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def check(condition, message):
    if not condition:
        raise ScenarioError(message)
    log(f"ok: {message}")


def run(scenario):
    """Runs a scenario function; exit status 0 if it passed, 1 with the reason if not."""
    # A call into the accessibility bus that never returns would otherwise end in meson's
    # timeout without a word: print where every thread is, and fail, well before it.
    # meson gives a scenario 600 s, three times that under the sanitizers (build-aux/test.sh).
    limit = 570 * (3 if "ASAN_OPTIONS" in os.environ else 1)
    faulthandler.dump_traceback_later(int(os.environ.get("MAMORI_E2E_HANG_SECONDS", limit)),
                                      exit=True)
    try:
        scenario()
    except Exception as error:
        import traceback
        traceback.print_exc()
        print(f"FAILED: {error!r}", file=sys.stderr, flush=True)
        raise SystemExit(1)
    print("PASSED", flush=True)
