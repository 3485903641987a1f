#!/usr/bin/env bash
# Idempotent machine + workspace setup for Kumiko on Debian with Node >= 20:
#   1. nats-server and PostgreSQL from Debian's packages when missing (as root; otherwise it says what to install),
#   2. pnpm at the version pinned in package.json (installed with npm when missing),
#   3. the workspace's dependencies from the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  say "Node.js >= 20 is required (found: $(node --version 2>/dev/null || echo none))"
  exit 1
fi

need=()
[ -x /usr/sbin/nats-server ] || command -v nats-server >/dev/null 2>&1 || need+=(nats-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "missing system packages: ${need[*]}"
    say "install them with: sudo apt-get install -y --no-install-recommends ${need[*]}"
    exit 1
  fi
  say "installing ${need[*]} from Debian's packages"
  # Keep package scripts from starting system-wide services (postgresql's main cluster on 5432):
  # Kumiko starts its own servers on random loopback ports.
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  [ "$policy_added" -eq 0 ] || rm -f /usr/sbin/policy-rc.d
fi

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1].split("+")[0]')
PATH="$(npm prefix -g 2>/dev/null)/bin:$PATH"
export PATH
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  say "installing pnpm $pnpm_version with npm"
  npm install -g --no-fund --no-audit --loglevel=error "pnpm@$pnpm_version" >/dev/null
fi

pnpm install --frozen-lockfile --reporter=silent </dev/null
say "ready: nats-server $(/usr/sbin/nats-server --version 2>/dev/null | awk '{print $2}'), $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1), pnpm $(pnpm --version), node $(node --version)"
