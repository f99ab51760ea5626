#!/bin/sh
# Usage: check-po.sh SOURCE_ROOT PO_FILE
#
# Fails when PO_FILE does not pass `msgfmt -c`, has a fuzzy or untranslated message, or lacks a
# message for a string of the files listed in po/POTFILES.in (the template is extracted afresh,
# with the xgettext arguments of meson's i18n.gettext(preset: 'glib'), so a string added to the
# code without a translation fails here and not only after someone runs mamori-update-po).
set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 SOURCE_ROOT PO_FILE" >&2
  exit 2
fi
root=$1
po=$2

for tool in msgfmt msgmerge msgattrib xgettext; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "FAIL: $tool is not installed (package gettext; run build-aux/setup.sh)" >&2
    exit 1
  fi
done
if [ ! -f "$po" ]; then
  echo "FAIL: $po does not exist" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# check_catalogue FILE WHAT: msgfmt -c must accept FILE and count only translated messages.
check_catalogue() {
  if ! LC_ALL=C msgfmt -c --statistics -o /dev/null "$1" 2>"$tmp/stats"; then
    cat "$tmp/stats" >&2
    echo "FAIL: msgfmt -c rejects $2" >&2
    exit 1
  fi
  echo "$2: $(cat "$tmp/stats")"
  if grep -Eq 'fuzzy|untranslated' "$tmp/stats"; then
    echo "FAIL: $2 has fuzzy or untranslated messages:" >&2
    msgattrib --only-fuzzy --no-obsolete "$1" >&2 || true
    msgattrib --untranslated --no-obsolete "$1" >&2 || true
    exit 1
  fi
  if ! grep -Eq '^[1-9][0-9]* translated message' "$tmp/stats"; then
    echo "FAIL: $2 has no translated message" >&2
    exit 1
  fi
}

check_catalogue "$po" "$po"

# Every source or interface file with a translatable string is listed in po/POTFILES.in.
missing=$(cd "$root" && {
  grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|ngettext)[[:space:]]*\(' src --include='*.c' || true
  grep -rl 'translatable="yes"' ui || true
} | sort -u | while read -r file; do
  grep -qxF "$file" po/POTFILES.in || echo "$file"
done)
if [ -n "$missing" ]; then
  echo "FAIL: files with translatable strings are not listed in po/POTFILES.in:" >&2
  echo "$missing" >&2
  exit 1
fi

if ! (cd "$root" && xgettext --package-name=mamori -f po/POTFILES.in -D "$root" -o "$tmp/mamori.pot" \
      --from-code=UTF-8 --add-comments \
      -k_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
      --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
      --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
      --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
      --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
      --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
      --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
      --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
      --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format); then
  echo "FAIL: xgettext could not extract the strings of po/POTFILES.in" >&2
  exit 1
fi

msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/mamori.pot"
check_catalogue "$tmp/merged.po" "$po merged with the strings of po/POTFILES.in"
