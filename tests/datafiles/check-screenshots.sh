#!/bin/sh
# Usage: check-screenshots.sh METAINFO SCREENSHOT_DIR README
#
# Every screenshot the metainfo and the README show must exist in the repository (taken by
# build-aux/screenshots.sh), so that neither points at a picture nobody made.
set -eu
metainfo=$1
dir=$2
readme=$3
status=0
count=0
for name in $(sed -n 's|.*<image>.*/data/screenshots/\([^<]*\)</image>.*|\1|p' "$metainfo") \
            $(sed -n 's|.*(data/screenshots/\([^)]*\)).*|\1|p' "$readme"); do
  count=$((count + 1))
  if [ ! -s "$dir/$name" ]; then
    echo "FAIL: $name is shown but $dir/$name does not exist" >&2
    status=1
  fi
done
if [ "$count" -eq 0 ]; then
  echo "FAIL: no screenshot found in $metainfo or $readme" >&2
  exit 1
fi
echo "$count screenshot references, all present"
exit $status
