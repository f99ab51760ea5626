#!/bin/sh
# Usage: check-layers.sh SRC_DIR
#
# The layers of architecture.md: src/core never includes a GTK or libadwaita header, and no SQL
# lives in src/gui (widgets call the core, which owns every statement).  A line that breaks a
# rule is printed with its file and number.
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 SRC_DIR" >&2
  exit 2
fi
src=$1
failed=0

if [ ! -d "$src/core" ] || [ ! -d "$src/gui" ]; then
  echo "FAIL: $src has no core/ and gui/ folders" >&2
  exit 1
fi

if grep -nE '#[[:space:]]*include[[:space:]]*[<"](gtk/|adwaita\.h|gdk/)' "$src"/core/*.c "$src"/core/*.h; then
  echo "FAIL: src/core includes GTK or libadwaita (lines above)" >&2
  failed=1
fi

# Statements or the SQLite API in a widget file.
if grep -nE '\bsqlite3_[a-z_]+[[:space:]]*\(|mamori_store_(prepare|query_[a-z]+|exec)[[:space:]]*\(|"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|PRAGMA)[[:space:]]' \
     "$src"/gui/*.c "$src"/gui/*.h; then
  echo "FAIL: SQL in src/gui (lines above): move it into a core function" >&2
  failed=1
fi

n_core=$(ls "$src"/core/*.c | wc -l)
n_gui=$(ls "$src"/gui/*.c | wc -l)
if [ "$failed" -eq 0 ]; then
  echo "layers: $n_core core and $n_gui gui sources checked"
fi
exit "$failed"
