#!/usr/bin/env bash
# Usage: build-aux/screenshots.sh
#
# Builds Mamori and writes data/screenshots/*.png: every view in Japanese, light and dark, on
# the sample ward, as the README and the metainfo show them.  Runs headless (Xvfb) with the
# AT-SPI bus, driving the app as tests/e2e does.  Look at every picture before committing it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/build-aux/setup.sh"
if [[ ! -f $root/_build/meson-private/coredata.dat ]]; then
  meson setup "$root/_build" "$root"
fi
meson compile -C "$root/_build"

cd "$root"
export MAMORI_BUILD_ROOT=$root/_build
xvfb-run -a -s '-screen 0 1400x900x24' dbus-run-session -- \
  bash "$root/build-aux/with-session.sh" /usr/bin/python3 "$root/build-aux/screenshots.py"
