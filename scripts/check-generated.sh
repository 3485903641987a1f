#!/usr/bin/env bash
# CI staleness check: regenerates proto/ and packages/xds/src/generated/ into a temp dir with
# scripts/gen-protos.sh and compares them with the committed folders. Exits 1, printing the
# differences, if anything differs (a hand edit, a changed roots.txt or buf.gen.yaml, or a bumped
# pin in packages/xds/package.json without regenerating).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/kumiko-check-generated.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

bash "$ROOT/scripts/gen-protos.sh" --out-root "$TMP" >/dev/null

status=0
for dir in proto packages/xds/src/generated; do
  if [[ ! -d "$ROOT/$dir" ]]; then
    echo "check-generated: $dir is missing" >&2
    status=1
  elif ! diff -r "$ROOT/$dir" "$TMP/$dir" >"$TMP/diff.txt"; then
    echo "check-generated: $dir differs from a fresh generation:" >&2
    sed -e "s|$TMP/|<fresh>/|g" -e "s|$ROOT/|<committed>/|g" "$TMP/diff.txt" | head -n 40 >&2
    status=1
  fi
done

if ((status)); then
  echo "generated code is stale: run pnpm gen" >&2
  exit 1
fi
echo "check-generated: proto/ and packages/xds/src/generated/ are up to date"
