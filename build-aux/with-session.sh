#!/usr/bin/env bash
# Usage: with-session.sh COMMAND [ARGS...]
#
# For use inside `dbus-run-session --` on a display (Xvfb): starts this session's AT-SPI bus, so
# that GTK exposes its accessibility tree and the pyatspi scenarios can reach it, waits until
# the bus is up, then runs COMMAND in its place.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi
if [[ -z ${DBUS_SESSION_BUS_ADDRESS:-} ]]; then
  echo "with-session.sh: no session bus; run it under dbus-run-session --" >&2
  exit 1
fi

launcher=/usr/libexec/at-spi-bus-launcher
if [[ ! -x $launcher ]]; then
  echo "with-session.sh: $launcher is missing (package at-spi2-core; run build-aux/setup.sh)" >&2
  exit 1
fi
"$launcher" --launch-immediately &

bus_up() {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.a11y.Bus 2>/dev/null | grep -q true
}
for _ in $(seq 50); do
  bus_up && break
  sleep 0.1
done
if ! bus_up; then
  echo "with-session.sh: the AT-SPI bus did not start within 5 s" >&2
  exit 1
fi

exec "$@"
