#!/usr/bin/env bash
# Installs the Debian packages Mamori needs to build, test and package, and generates the
# ja_JP.UTF-8 locale.  Idempotent and fast when everything is present: it asks dpkg first and
# touches apt only when something is missing.  Runs apt as root, or through sudo; when neither
# is possible it names what is missing and exits 1.
set -euo pipefail

packages=(
  # build
  meson ninja-build gcc pkg-config gettext itstool
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libsqlite3-dev libxml2-dev libpango1.0-dev libcairo2-dev nettle-dev
  # tools the tests and scripts call
  libxml2-utils sqlite3 desktop-file-utils appstream flatpak-builder poppler-utils imagemagick
  # a real window, headless, driven over AT-SPI
  xvfb xauth dbus-x11 at-spi2-core python3-pyatspi gir1.2-atspi-2.0 xdotool
  # Japanese text and locale
  fonts-noto-cjk locales
)

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  as_root=(unavailable)
fi

# dpkg-query exits 1 when it does not know a package at all: that is an answer, not an error.
installed_packages() {
  { dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true; } |
    awk '$2 == "installed" { print $1 }'
}

missing_packages() {
  local have
  have=$(installed_packages "$@" | sort -u)
  local p
  for p in "$@"; do
    grep -qxF -- "$p" <<<"$have" || printf '%s\n' "$p"
  done
}

# gcc builds with -fsanitize=address,undefined only with its libasan/libubsan; Debian's gcc-N
# pulls them in through libgcc-N-dev, but check, and name that package if the link fails.
sanitizer_packages() {
  command -v gcc >/dev/null 2>&1 || return 0
  local dir status=0
  dir=$(mktemp -d)
  printf 'int main (void) { return 0; }\n' >"$dir/t.c"
  gcc -fsanitize=address,undefined "$dir/t.c" -o "$dir/t" >/dev/null 2>&1 || status=1
  rm -rf "$dir"
  if [[ $status -ne 0 ]]; then
    printf '%s\n' "libgcc-$(gcc -dumpversion | cut -d. -f1)-dev"
  fi
}

have_ja_locale() {
  locale -a 2>/dev/null | grep -qiE '^ja_JP\.utf-?8$'
}

need_root() {
  if [[ ${as_root[0]:-} == unavailable ]]; then
    echo "setup.sh: not root and sudo is not available; as root, run:" >&2
    echo "$1" >&2
    exit 1
  fi
}

mapfile -t missing < <(missing_packages "${packages[@]}"; sanitizer_packages)

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "setup.sh: missing Debian packages: ${missing[*]}"
  need_root "  apt-get update && apt-get install -y ${missing[*]}"
  # env: sudo does not pass DEBIAN_FRONTEND through.
  if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update ||
     ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"; then
    echo "setup.sh: apt-get failed; still missing: ${missing[*]}" >&2
    exit 1
  fi
  mapfile -t still < <(missing_packages "${packages[@]}"; sanitizer_packages)
  if [[ ${#still[@]} -gt 0 ]]; then
    echo "setup.sh: still missing after apt-get install: ${still[*]}" >&2
    exit 1
  fi
fi

if ! have_ja_locale; then
  echo "setup.sh: generating the ja_JP.UTF-8 locale"
  need_root "  sed -i 's/^# *ja_JP.UTF-8/ja_JP.UTF-8/' /etc/locale.gen && locale-gen"
  if grep -qE '^# *ja_JP\.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
    "${as_root[@]}" sed -i 's/^# *\(ja_JP\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  elif ! grep -qE '^ja_JP\.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
    echo 'ja_JP.UTF-8 UTF-8' | "${as_root[@]}" tee -a /etc/locale.gen >/dev/null
  fi
  "${as_root[@]}" locale-gen >/dev/null
  if ! have_ja_locale; then
    echo "setup.sh: the ja_JP.UTF-8 locale is still missing after locale-gen" >&2
    exit 1
  fi
fi
