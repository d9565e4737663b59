#!/usr/bin/env bash
# Installs what is needed, builds recstats in release mode and runs the main job on the embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product recstats
bin="$(swift build -c release --show-bin-path)/recstats"
"$bin" stats --input results/paper/table1.csv --blocks dataset
