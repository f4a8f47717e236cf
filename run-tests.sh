#!/usr/bin/env bash
# Runs Portico's whole test suite (unit, module and end-to-end tests, formatting check), installing
# the system packages the tests need first. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-packages.sh java=openjdk-17-jdk-headless mvn=maven redis-server=redis-server redis-cli=redis-tools dnsmasq=dnsmasq-base prometheus=prometheus promtool=prometheus chromium=chromium chromedriver=chromium-driver
exec mvn -B verify "$@"
