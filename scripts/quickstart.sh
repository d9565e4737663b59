#!/usr/bin/env bash
# Installs what is needed, builds recstats in release mode and runs the main job on the embedded default:
# the statistics of the paper's bundled results (results/paper) and the report that draws them
# (reports/report.pdf). Training our own runs (`recstats run-all`) works too, but its default `quick`
# preset is not yet calibrated to finish in about 15 minutes (issue 7); see README "Training runs".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product recstats
bin="$(swift build -c release --show-bin-path)/recstats"
"$bin" stats --input results/paper/table1.csv --blocks dataset
"$bin" report --input results/paper --out reports/report.pdf
