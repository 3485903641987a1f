#!/usr/bin/env bash
# Vendors the Envoy/xDS .proto files Kumiko needs into proto/ and generates TypeScript for them
# into packages/xds/src/generated/. Both folders are derived: never edit them by hand.
#
#   scripts/gen-protos.sh                   refresh proto/ and packages/xds/src/generated/ in place
#   scripts/gen-protos.sh --out-root DIR    write DIR/proto/ and DIR/packages/xds/src/generated/
#                                           instead (used by scripts/check-generated.sh)
#
# Source: the deps/ folder of the pinned @grpc/grpc-js-xds devDependency of packages/xds. Steps:
#   1. copy deps/{envoy-api,xds,googleapis,protoc-gen-validate} to a scratch dir;
#   2. patch validate.proto: add `optional bool ignore_empty = 26;` to validate.StringRules;
#   3. keep only the roots in proto/roots.txt and the files they import (buf ls-files), CRLF -> LF;
#   4. buf generate (proto/buf.gen.yaml, ts-proto) for the same roots;
#   5. replace the target folders only after every step succeeded.
# Output is deterministic: the same pinned packages give byte-identical files.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
XDS_PKG="$ROOT/packages/xds"
MODULES=(envoy-api xds googleapis protoc-gen-validate)

die() { echo "gen-protos: $*" >&2; exit 1; }

OUT_ROOT="$ROOT"
while (($#)); do
  case "$1" in
    --out-root)
      [[ $# -ge 2 ]] || die "--out-root needs a directory"
      mkdir -p "$2"
      OUT_ROOT="$(cd "$2" && pwd)"
      shift 2
      ;;
    -h | --help)
      sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
done

# --- pinned tools -------------------------------------------------------------------------------
# Each installed version must equal the exact pin in packages/xds/package.json: the vendored protos
# and the generated code are a function of these three packages.
pinned() { # pinned <package> -> version from packages/xds/package.json ("catalog:" -> the workspace catalog's)
  local version
  version="$(node -e 'const p = require(process.argv[1]); const n = process.argv[2];
           process.stdout.write((p.dependencies ?? {})[n] ?? (p.devDependencies ?? {})[n] ?? "")' \
    "$XDS_PKG/package.json" "$1")"
  if [[ "$version" == "catalog:" ]]; then
    version="$(awk -v name="$1" '
      /^catalog:/ { inside = 1; next }
      inside && /^[^ ]/ { inside = 0 }
      inside { key = $1; sub(/:$/, "", key); gsub(/"/, "", key); if (key == name) { print $2; exit } }
    ' "$(dirname "$XDS_PKG")/../pnpm-workspace.yaml")"
  fi
  printf '%s' "$version"
}
installed() { # installed <package> -> version in packages/xds/node_modules
  local manifest="$XDS_PKG/node_modules/$1/package.json"
  [[ -f "$manifest" ]] || die "$1 is not installed in packages/xds (run pnpm install)"
  node -e 'process.stdout.write(require(process.argv[1]).version)' "$manifest"
}
for pkg in @grpc/grpc-js-xds @bufbuild/buf ts-proto; do
  want="$(pinned "$pkg")"
  have="$(installed "$pkg")"
  [[ "$want" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "$pkg must be pinned to an exact version in packages/xds/package.json (found '$want')"
  [[ "$want" == "$have" ]] || die "$pkg $have is installed but packages/xds/package.json pins $want (run pnpm install)"
done
DEPS="$XDS_PKG/node_modules/@grpc/grpc-js-xds/deps"
export PATH="$XDS_PKG/node_modules/.bin:$PATH" # buf and protoc-gen-ts_proto

# --- roots --------------------------------------------------------------------------------------
ROOTS=()
while IFS= read -r line || [[ -n "$line" ]]; do
  line="${line%%#*}"
  line="${line//[[:space:]]/}"
  [[ -n "$line" ]] && ROOTS+=("$line")
done <"$ROOT/proto/roots.txt"
((${#ROOTS[@]})) || die "proto/roots.txt lists no files"
PATH_ARGS=()
for r in "${ROOTS[@]}"; do PATH_ARGS+=(--path "$r"); done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kumiko-gen-protos.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# --- 1. stage the full upstream modules ---------------------------------------------------------
STAGE="$WORK/stage"
mkdir -p "$STAGE"
cp "$ROOT/proto/buf.yaml" "$STAGE/"
for m in "${MODULES[@]}"; do
  [[ -d "$DEPS/$m" ]] || die "missing $DEPS/$m"
  cp -R "$DEPS/$m" "$STAGE/$m"
done
for r in "${ROOTS[@]}"; do [[ -f "$STAGE/$r" ]] || die "root $r (proto/roots.txt) is not in $DEPS"; done

# --- 2. PGV patch -------------------------------------------------------------------------------
# envoy/config/core/v3/protocol.proto sets (validate.rules).string.ignore_empty, which the bundled
# (older) validate.proto lacks, so buf refuses to compile. Add the field with its upstream number.
VALIDATE="$STAGE/protoc-gen-validate/validate/validate.proto"
if grep -q 'ignore_empty' "$VALIDATE"; then
  die "validate.proto already mentions ignore_empty: the PGV patch is obsolete, remove it from this script and proto/README.md"
fi
tr -d '\r' <"$VALIDATE" >"$VALIDATE.lf" # the npm tarball ships CRLF line endings
awk '{ print }
     $0 == "  optional bool strict = 25 [default = true];" { print "  optional bool ignore_empty = 26;"; n++ }
     END { exit n == 1 ? 0 : 1 }' "$VALIDATE.lf" >"$VALIDATE.patched" ||
  die "PGV patch: anchor 'optional bool strict = 25' not found exactly once in validate.StringRules"
mv "$VALIDATE.patched" "$VALIDATE"
rm "$VALIDATE.lf"

# --- 3. prune to the roots' transitive closure --------------------------------------------------
NEW_PROTO="$WORK/proto"
mkdir -p "$NEW_PROTO"
find "$ROOT/proto" -maxdepth 1 -type f -exec cp {} "$NEW_PROTO/" \; # buf.yaml, README.md, NOTICE, ...
CLOSURE="$WORK/closure.txt"
(cd "$STAGE" && buf ls-files --include-imports "${PATH_ARGS[@]}") | LC_ALL=C sort >"$CLOSURE"
while IFS= read -r f; do
  case "$f" in
    envoy-api/* | xds/* | googleapis/* | protoc-gen-validate/*)
      mkdir -p "$NEW_PROTO/$(dirname "$f")"
      # The npm tarball ships CRLF files; vendor them with LF so git and diff see stable bytes.
      tr -d '\r' <"$STAGE/$f" >"$NEW_PROTO/$f"
      ;;
    google/protobuf/*) ;; # well-known types, built into buf
    *) die "unexpected import outside the vendored modules: $f" ;;
  esac
done <"$CLOSURE"

# --- 4. generate --------------------------------------------------------------------------------
# From the pruned tree, so the vendored proto/ is proven self-contained.
(cd "$NEW_PROTO" && buf generate --template buf.gen.yaml -o "$WORK/out" "${PATH_ARGS[@]}")
NEW_GEN="$WORK/out/packages/xds/src/generated"
[[ -f "$NEW_GEN/typeRegistry.ts" ]] || die "buf generate produced no output in $NEW_GEN"

# --- 5. install ---------------------------------------------------------------------------------
mkdir -p "$OUT_ROOT/proto" "$OUT_ROOT/packages/xds/src"
if [[ "$OUT_ROOT" != "$ROOT" ]]; then
  find "$ROOT/proto" -maxdepth 1 -type f -exec cp {} "$OUT_ROOT/proto/" \;
fi
for m in "${MODULES[@]}"; do
  rm -rf "${OUT_ROOT:?}/proto/$m"
  if [[ -d "$NEW_PROTO/$m" ]]; then mv "$NEW_PROTO/$m" "$OUT_ROOT/proto/$m"; fi
done
rm -rf "${OUT_ROOT:?}/packages/xds/src/generated"
mv "$NEW_GEN" "$OUT_ROOT/packages/xds/src/generated"

echo "gen-protos: $(grep -c . "$CLOSURE") files in the closure of ${#ROOTS[@]} roots;" \
  "$(find "$OUT_ROOT/proto" -name '*.proto' | wc -l) vendored .proto," \
  "$(find "$OUT_ROOT/packages/xds/src/generated" -name '*.ts' | wc -l) generated .ts"
