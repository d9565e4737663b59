#!/usr/bin/env bash
# Installs what is needed, builds recstats in release mode and runs the main job on the embedded default:
# `run-all` trains the 24 models × seeds 0, 617, 1234 × synthetic10, synthetic100 (preset quick, about
# 15 minutes on 2 cores) into results/runs, and `report` writes reports/report.pdf from those runs.
# It also writes reports/paper.pdf, the same analysis of the paper's own numbers (results/paper).
# Finished runs are skipped when it is run again; an interrupted run-all resumes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product recstats
bin="$(swift build -c release --show-bin-path)/recstats"
"$bin" run-all
"$bin" stats --input results/runs
"$bin" report --input results/runs --out reports/report.pdf
"$bin" report --input results/paper --out reports/paper.pdf
