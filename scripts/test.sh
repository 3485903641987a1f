#!/usr/bin/env bash
# Setup, then lint, typecheck, generated-code and compose checks, and every test.
# Ends with one line: "N passed, N failed". Servers a crashed test leaves behind are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PATH="$(npm prefix -g 2>/dev/null)/bin:$PATH"
export PATH NO_COLOR=1

step() { printf '\n== %s\n' "$*"; }

step lint
pnpm -s lint
step "formatting (prettier --check)"
pnpm -s format:check
step typecheck
pnpm -s typecheck
if [ -f scripts/check-generated.sh ]; then
  step "generated code is current"
  bash scripts/check-generated.sh
fi
step "docker-compose.yml schema"
pnpm -s exec dclint -q docker-compose.yml

# Tests put their servers under this directory (nats-*/, pg-*/), which is how the trap finds them.
run_tmp=$(mktemp -d /tmp/kumiko-test.XXXXXX)
chmod 755 "$run_tmp"   # the postgres user must traverse it
cleanup() {
  local pg_ctl
  pg_ctl="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/pg_ctl"
  for data in "$run_tmp"/pg-*/data; do
    [ -f "$data/postmaster.pid" ] || continue
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    else "$pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
  done
  for ports in "$run_tmp"/nats-*/nats-server_*.ports; do
    [ -f "$ports" ] || continue
    pid=${ports##*_}; kill -9 "${pid%.ports}" 2>/dev/null || true
  done
  rm -rf "$run_tmp"
}
trap cleanup EXIT

mapfile -t tests < <(find packages test scripts -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ ${#tests[@]} -eq 0 ]; then echo "no test files found"; exit 1; fi
step "tests (${#tests[@]} files)"
set +e
TMPDIR="$run_tmp" node --import tsx --test --test-reporter=spec --test-concurrency="${TEST_CONCURRENCY:-4}" \
  "${tests[@]}" </dev/null 2>&1 | tee "$run_tmp/test.log"
rc=${PIPESTATUS[0]}
set -e
pass=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$run_tmp/test.log" | tail -1)
fail=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$run_tmp/test.log" | tail -1)
echo "${pass:-0} passed, ${fail:-0} failed"
if [ "${pass:-0}" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit "$rc"
