#!/usr/bin/env bash
# Installs the Debian packages a Portico command needs, when they are missing.
# Usage: scripts/ensure-packages.sh COMMAND=PACKAGE ...   e.g. java=openjdk-17-jdk-headless mvn=maven
set -euo pipefail

missing=()
for pair in "$@"; do
  command_name=${pair%%=*}
  package=${pair#*=}
  if ! command -v "$command_name" >/dev/null 2>&1; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
