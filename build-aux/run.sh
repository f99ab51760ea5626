#!/usr/bin/env bash
# Usage: build-aux/run.sh [ARGS...]
#
# Builds Mamori in _build (installing what the build needs first) and runs the GUI from the
# build directory, uninstalled, with ARGS.  Paths in ARGS are taken relative to where you are.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/_build

bash "$root/build-aux/setup.sh"
if [[ ! -f $build/meson-private/coredata.dat ]]; then
  meson setup "$build" "$root"
fi
meson compile -C "$build"

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
  cat >&2 <<MSG
Mamori is a graphical application: it needs a graphical session, and neither DISPLAY nor
WAYLAND_DISPLAY is set.  Run it from a desktop session, or under a virtual X server:

  xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \\
    bash $root/build-aux/with-session.sh bash $root/build-aux/run.sh ${*@Q}

(mamori-cli needs no display.)
MSG
  exit 1
fi

GSETTINGS_SCHEMA_DIR=$build/data MAMORI_LOCALEDIR=$build/po exec "$build/src/gui/mamori" "$@"
