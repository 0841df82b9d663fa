#!/usr/bin/env bash
# Installs the system packages Huibao builds against, if they are missing (Debian/Ubuntu).
# Safe to run again: it does nothing when everything is present.
set -euo pipefail

packages=(libsqlite3-dev libcurl4-openssl-dev zlib1g-dev openssl socat chromium fonts-wqy-microhei python3 postgresql nginx-light libreoffice-writer-nogui poppler-utils)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi
if ! command -v swift >/dev/null 2>&1; then
    echo "bootstrap: swift is not on PATH; install Swift 6.x from swift.org (this project uses 6.3)" >&2
    exit 1
fi
