#!/usr/bin/env bash
# Installs what is needed, then runs every test in release mode (numeric loops are 10–100× slower in
# debug builds). Extra arguments go to `swift test` (e.g. --filter RankStatsTests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product recstats
swift test -c release "$@"
