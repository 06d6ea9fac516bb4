#!/usr/bin/env bash
# CI check for profiles/: rebuild everything (build.sh), then fail if the committed profiles/generated/
# differs from what the FSH sources produce — an edited FSH file without regenerated output, a hand-edited
# generated file, or a stray file. Fix: run profiles/build.sh and commit profiles/generated/.
set -euo pipefail

profiles="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$profiles/build.sh"

changes="$(git -C "$profiles" status --porcelain --untracked-files=all -- generated)"
if [ -n "$changes" ]; then
  echo "profiles/generated/ is not what profiles/input/fsh/ produces; run profiles/build.sh and commit the result:" >&2
  echo "$changes" >&2
  exit 1
fi
echo "profiles/generated/ is up to date."
