#!/usr/bin/env bash
# Builds Portico and runs it on config/demo.yaml with three demo services on loopback:
#   gateway    http://127.0.0.1:8080     (public listener)
#   management http://127.0.0.1:9090     (/actuator/prometheus, /actuator/health, /admin/ console)
#   demo services 127.0.0.1:9101, :9102 (catalog, zones eu-west-1a/b) and :9103 (orders)
# Extra arguments go to Portico, e.g. ./run-demo.sh --server.port=8081
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-packages.sh java=openjdk-17-jdk-headless mvn=maven
mvn -B -q -DskipTests -pl gateway-app -am package
exec java -jar gateway-app/target/portico.jar demo "$@"
