#!/usr/bin/env bash
# Installs the C libraries recstats links (OpenBLAS, GSL, Cairo), the DejaVu font the report embeds,
# and the PDF tools its tests use (poppler-utils, qpdf). Does nothing when all are present.
set -euo pipefail
packages=(pkg-config libopenblas-dev libgsl-dev libcairo2-dev fonts-dejavu-core poppler-utils qpdf)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
