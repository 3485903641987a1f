#!/usr/bin/env bash
# Sets up the machine and workspace, then starts the local multi-zone deployment (state in .kumiko/).
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node --import tsx scripts/demo.ts
