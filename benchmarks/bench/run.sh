#!/usr/bin/env bash
# Side-by-side load benchmark (docs/benchmarks.md, DESIGN.md "Benchmark method").
#
# In one run, against the same fast origin (nginx returning a small fixed 200 on loopback), it
# measures each target with wrk and prints requests/s, p50, p99, peak RSS and the ratios of each
# target's throughput to nginx-as-a-proxy and to the origin called directly. The proxy under test is
# pinned to PROXY_CPU, wrk and the origin to LOAD_CPU. JVM targets are warmed up until throughput is
# steady before they are measured. Every process it starts is stopped by PID when it exits.
#
# Targets: direct, nginx, scg, portico-N (N routes, e.g. portico-1, portico-10k) and the bearer-token
# ones, scg-resource-server (SCG + Spring Security resource server) and portico-jwt[-N] (portico-N
# with a JWT required on the benchmark route) and portico-authz[-N] (portico-jwt-N plus an
# authorization rule: a role and a CEL condition on the method and a claim), portico-rl[-N]
# (portico-N with a local rate limit on the route, high enough never to refuse), and
# portico-redis[-N] (the same limit kept in a redis-server on loopback, pinned to LOAD_CPU, one
# per run, stopped by PID with everything else), and portico-lb-TYPE (one route to an upstream of
# 8 endpoints balanced by TYPE: round-robin, least-request or maglev), and the TLS ones:
# nginx-tls and portico-tls (the proxy terminates TLS from wrk with an EC P-256 certificate; plain
# HTTP to the origin) and nginx-mtls and portico-mtls (plain HTTP from wrk; the proxy originates
# mTLS to the origin's TLS server, which requires a client certificate: Portico with a SPIFFE SVID
# and the upstream's SPIFFE ID verified, nginx with the same certificate and the CA verified —
# nginx cannot check a SPIFFE ID). The certificates are made per run with openssl. For the token
# ones, each pass mints an RS256 token and a JWKS
# (dev.portico.bench.BenchTokens in benchmarks/target/benchmarks.jar) for the issuer
# http://127.0.0.1:<origin port>, whose discovery document and keys the origin serves; wrk sends the
# token, and before measuring, the script checks that the target refuses no token, a token signed by
# another key and one for another audience (401), and accepts the token (200).
#
# Usage: benchmarks/bench/run.sh            (from anywhere; settings via environment variables)
#   TARGETS="direct nginx scg portico-1 portico-10k"   what to measure, in this order; also
#                          scg-resource-server, portico-jwt, portico-jwt-N, portico-authz[-N],
#                          nginx-tls, portico-tls, nginx-mtls, portico-mtls
#   RUNS=3                 full passes (each starts fresh processes); medians are taken over them
#   WARMUP=60              minimum warm-up per JVM target, seconds (then until steady, see below)
#   WARMUP_MAX=240         warm-up cap per JVM target, seconds
#   WARMUP_SLICE=10        warm-up is measured in slices of this many seconds ...
#   STEADY_PCT=3           ... and is steady once two consecutive slices differ by less than this
#   JIT_STEADY=10          ... and the JIT compiled at most this many methods in the last slice
#   NATIVE_WARMUP=5        warm-up for direct and nginx, seconds
#   DURATION=30            measurement per target, seconds
#   CONNECTIONS=64         wrk connections;  WRK_THREADS=1  wrk threads
#   REQUEST_PATH=/bench/items/42
#   JVM_FLAGS="-Xms512m -Xmx512m -XX:+UseParallelGC"   the same for vanilla SCG and Portico
#   PROXY_CPU=0 LOAD_CPU=1 BASE_PORT=18080 STARTUP_TIMEOUT=120
#   PORTICO_JAR=gateway-app/target/portico.jar   BUILD=1 (0: never run Maven)
#   BENCH_JAR=benchmarks/target/benchmarks.jar   (mints the tokens; built when missing)
#   PAIRS="portico-jwt:portico-1 portico-authz:portico-jwt scg-resource-server:scg portico-1:scg
#          portico-jwt:scg-resource-server"
#                          extra ratios A:B (req/s of A / req/s of B in the same run) for the report
#   RESULTS_DIR=benchmarks/bench/results
#   WAIT_QUIET=0           wait up to this many seconds for other processes to go quiet first
#   PROFILER=              path of async-profiler's libasyncProfiler.so: JVM targets are profiled
#                          (CPU, 1 ms) while measured; stacks in profiles/<run>-<target>.collapsed and
#                          the CPU time per request in the log (docs/benchmarks.md#profiling)
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_DIR="$REPO_ROOT/benchmarks/bench"

TARGETS=${TARGETS:-"direct nginx scg portico-1 portico-10k"}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-60}
WARMUP_MAX=${WARMUP_MAX:-240}
WARMUP_SLICE=${WARMUP_SLICE:-10}
STEADY_PCT=${STEADY_PCT:-3}
JIT_STEADY=${JIT_STEADY:-10}
NATIVE_WARMUP=${NATIVE_WARMUP:-5}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-1}
REQUEST_PATH=${REQUEST_PATH:-/bench/items/42}
JVM_FLAGS=${JVM_FLAGS:-"-Xms512m -Xmx512m -XX:+UseParallelGC"}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
BASE_PORT=${BASE_PORT:-18080}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-120}
PORTICO_JAR=${PORTICO_JAR:-$REPO_ROOT/gateway-app/target/portico.jar}
SCG_DIR="$REPO_ROOT/benchmarks/vanilla-scg"
SCG_JAR="$SCG_DIR/target/vanilla-scg.jar"
SCG_RS_DIR="$REPO_ROOT/benchmarks/vanilla-scg-resource-server"
SCG_RS_JAR="$SCG_RS_DIR/target/vanilla-scg-resource-server.jar"
BENCH_JAR=${BENCH_JAR:-$REPO_ROOT/benchmarks/target/benchmarks.jar}
BUILD=${BUILD:-1}
RESULTS_DIR=${RESULTS_DIR:-$BENCH_DIR/results}
PAIRS=${PAIRS:-"portico-jwt:portico-1 portico-authz:portico-jwt scg-resource-server:scg portico-1:scg portico-jwt:scg-resource-server portico-tls:nginx-tls portico-mtls:nginx-mtls"}

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$RESULTS_DIR/$STAMP"
WORK=$(mktemp -d /tmp/portico-bench.XXXXXX)
STARTED_PIDS=()
ORIGIN_PID=""
ORIGIN_PORT=""
TOKENS_DIR=""  # this pass's minted token and JWKS (bearer-token targets), see mint_tokens
TOKEN=""
ISSUER_LOG="" # the origin's access log of discovery and JWKS requests
AUTH_HEADER=() # curl/wrk arguments that send the token, for the target being measured
AUTH_FAILED="" # targets that failed the refusal check (the script exits 1 at the end)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Process bookkeeping: everything started is stopped by PID, TERM first, KILL after 15 s.

stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid did not stop on TERM; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    stop_pid "$pid"
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts "$@" in the background pinned to CPU $1 (the rest is the command); sets STARTED_PID.
start_pinned() {
  local cpu=$1 logfile=$2
  shift 2
  taskset -c "$cpu" "$@" >"$logfile" 2>&1 &
  STARTED_PID=$!
  STARTED_PIDS+=("$STARTED_PID")
}

# ---------------------------------------------------------------------------------------------
# Tools, ports, builds.

ensure_tools() {
  local missing=()
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v taskset >/dev/null || missing+=(util-linux)
  command -v ps >/dev/null || missing+=(procps)
  command -v curl >/dev/null || missing+=(curl)
  command -v ss >/dev/null || missing+=(iproute2)
  command -v java >/dev/null || die "java not found (Java 17 is required)"
  [[ ${#missing[@]} -eq 0 ]] && return
  if [[ $EUID -ne 0 ]]; then
    die "missing tools: ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
  fi
  log "installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

NGINX=nginx
resolve_nginx() { command -v nginx >/dev/null || NGINX=/usr/sbin/nginx; }

TAKEN_PORTS=" "
# Sets PORT to the next free loopback TCP port at or above BASE_PORT not yet handed out by this
# run (a variable, not output: $(...) would lose TAKEN_PORTS in the subshell).
# Starts one redis-server for the run (persistence off), pinned beside the load generator; a no-op
# when it is already running. Sets REDIS_PORT.
REDIS_PORT=""
start_redis() {
  [[ -n $REDIS_PORT ]] && return 0
  command -v redis-server >/dev/null || die "portico-redis needs redis-server (apt-get install redis-server)"
  alloc_port
  REDIS_PORT=$PORT
  start_pinned "$LOAD_CPU" "$OUT/logs/$RUN_LABEL-redis.log" \
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no
  local i
  for i in $(seq 1 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "redis-server did not answer on port $REDIS_PORT"
}

alloc_port() {
  PORT=$BASE_PORT
  while [[ $TAKEN_PORTS == *" $PORT "* ]] || [[ -n $(ss -Htln "sport = :$PORT") ]]; do
    PORT=$((PORT + 1))
  done
  TAKEN_PORTS+="$PORT "
}

# Builds a standalone vanilla app (vanilla-scg, vanilla-scg-resource-server) when its jar is
# missing or older than its sources.
build_vanilla() { # dir jar
  local dir=$1 jar=$2 name
  name=$(basename "$dir")
  if [[ -f $jar && -z $(find "$dir/src" "$dir/pom.xml" -newer "$jar" 2>/dev/null) ]]; then
    return 0
  fi
  [[ $BUILD == 1 ]] || { log "$name jar missing or stale and BUILD=0"; return 1; }
  log "building $name ($dir)"
  mvn -B -q -f "$dir/pom.xml" -DskipTests package >"$WORK/$name-build.log" 2>&1 \
    || { tail -30 "$WORK/$name-build.log" >&2; return 1; }
}

build_bench_jar() {
  [[ $BUILD == 1 ]] || return 1
  log "building benchmarks/target/benchmarks.jar (mvn -pl benchmarks -am package)"
  (cd "$REPO_ROOT" && mvn -B -q -DskipTests -pl benchmarks -am package) >"$WORK/bench-build.log" 2>&1 \
    || { tail -30 "$WORK/bench-build.log" >&2; return 1; }
}

build_portico() {
  [[ -f $PORTICO_JAR ]] && return 0
  [[ $BUILD == 1 ]] || return 1
  log "building Portico (mvn -pl gateway-app -am package)"
  (cd "$REPO_ROOT" && mvn -B -q -DskipTests -pl gateway-app -am package) >"$WORK/portico-build.log" 2>&1 \
    || tail -30 "$WORK/portico-build.log" >&2
  [[ -f $PORTICO_JAR ]]
}

# ---------------------------------------------------------------------------------------------
# nginx: the origin and the reference proxy, each with its own prefix, config and logs.

nginx_conf() { # name port body
  local dir="$WORK/nginx-$1"
  mkdir -p "$dir/logs" "$dir/tmp"
  cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $OUT/logs/$RUN_LABEL-nginx-$1.error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 1000000000;
  keepalive_timeout 75s;
$3
}
EOF
  echo "$dir"
}

start_nginx() { # name port cpu body -> sets STARTED_PID
  local dir
  dir=$(nginx_conf "$1" "$2" "$4")
  cp "$dir/nginx.conf" "$OUT/logs/$RUN_LABEL-nginx-$1.conf"
  "$NGINX" -t -q -p "$dir" -e "$dir/logs/error.log" -c "$dir/nginx.conf" \
    || die "nginx config for $1 is invalid"
  start_pinned "$3" "$dir/logs/stdout.log" "$NGINX" -p "$dir" -e "$dir/logs/error.log" -c "$dir/nginx.conf"
}

# TLS targets: a CA, a server certificate for 127.0.0.1 that is also the origin's SVID
# (spiffe://bench.test/origin) and a client SVID for the proxies (spiffe://bench.test/gateway), all
# EC P-256, made with openssl once per run in $CERTS. Readable by nginx's worker (user nobody).
CERTS=""
SCHEME=http
is_tls_target() { [[ $1 == *-tls || $1 == *-mtls ]]; }
is_mtls_target() { [[ $1 == *-mtls ]]; }
any_target() { # predicate
  local name
  for name in $TARGETS; do
    "$1" "$name" && return 0
  done
  return 1
}
make_certs() {
  [[ -n $CERTS ]] && return 0
  command -v openssl >/dev/null || die "the TLS targets need openssl (apt-get install openssl)"
  CERTS="$WORK/certs"
  mkdir -p "$CERTS"
  (
    cd "$CERTS"
    openssl ecparam -name prime256v1 -genkey -noout -out ca.ec.key
    openssl pkcs8 -topk8 -nocrypt -in ca.ec.key -out ca.key
    openssl req -x509 -new -key ca.key -sha256 -days 2 -subj "/CN=Portico bench CA" -out ca.crt \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    leaf() { # name san
      openssl ecparam -name prime256v1 -genkey -noout -out "$1.ec.key"
      openssl pkcs8 -topk8 -nocrypt -in "$1.ec.key" -out "$1.key"
      openssl req -new -key "$1.key" -subj "/CN=$1" -out "$1.csr"
      printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' "$2" >"$1.ext"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -sha256 \
        -extfile "$1.ext" -out "$1.crt"
    }
    leaf server "IP:127.0.0.1,DNS:localhost,URI:spiffe://bench.test/origin"
    leaf gateway "URI:spiffe://bench.test/gateway"
  ) >"$WORK/certs.log" 2>&1 || { cat "$WORK/certs.log" >&2; die "could not make the benchmark certificates"; }
  chmod o+x "$WORK"
  chmod -R o+rX "$CERTS"
}

# The origin also plays the token issuer http://127.0.0.1:ORIGIN_PORT when a bearer-token target
# is measured: it serves the discovery document and the JWKS that mint_tokens wrote, as static files.
start_origin() {
  local issuer_locations=""
  alloc_port
  ORIGIN_PORT=$PORT
  TOKENS_DIR="" TOKEN="" ISSUER_LOG=""
  if any_auth_target && mint_tokens "http://127.0.0.1:$ORIGIN_PORT"; then
    ISSUER_LOG="$OUT/logs/$RUN_LABEL-issuer-access.log"
    issuer_locations="
    location = /.well-known/openid-configuration {
      default_type application/json;
      alias $TOKENS_DIR/openid-configuration.json;
      access_log $ISSUER_LOG;
    }
    location = /jwks.json {
      default_type application/json;
      alias $TOKENS_DIR/jwks.json;
      access_log $ISSUER_LOG;
    }"
  fi
  local tls_server=""
  ORIGIN_TLS_PORT=""
  if any_target is_mtls_target; then
    make_certs
    alloc_port
    ORIGIN_TLS_PORT=$PORT
    # The same answer over TLS, to clients with a certificate of the bench CA only.
    tls_server="
  server {
    listen 127.0.0.1:$ORIGIN_TLS_PORT ssl;
    ssl_certificate $CERTS/server.crt;
    ssl_certificate_key $CERTS/server.key;
    ssl_client_certificate $CERTS/ca.crt;
    ssl_verify_client on;
    location / {
      default_type application/json;
      return 200 '{\"origin\":\"portico-bench\",\"ok\":true,\"tls\":true}\n';
    }
  }"
  fi
  start_nginx origin "$ORIGIN_PORT" "$LOAD_CPU" "  server {
    listen 127.0.0.1:$ORIGIN_PORT;
    location / {
      default_type application/json;
      return 200 '{\"origin\":\"portico-bench\",\"ok\":true}\n';
    }$issuer_locations
  }$tls_server"
  ORIGIN_PID=$STARTED_PID
  wait_ready "$ORIGIN_PID" "$ORIGIN_PORT" 10 || die "the origin did not start"
  if [[ -n $TOKENS_DIR ]]; then
    if ! curl -sf -m 2 "http://127.0.0.1:$ORIGIN_PORT/.well-known/openid-configuration" | grep -q jwks_uri \
      || ! curl -sf -m 2 "http://127.0.0.1:$ORIGIN_PORT/jwks.json" | grep -q '"kid"'; then
      die "the origin does not serve the issuer's discovery document and JWKS"
    fi
  fi
}

# ---------------------------------------------------------------------------------------------
# Bearer tokens: one RSA key, JWKS and long-lived RS256 token per pass (issuer = the origin).

is_auth_target() { [[ $1 == scg-resource-server || $1 == portico-jwt* || $1 == portico-authz* ]]; }

any_auth_target() {
  local name
  for name in $TARGETS; do
    is_auth_target "$name" && return 0
  done
  return 1
}

# Writes jwks.json, openid-configuration.json, token.txt, token-wrong-key.txt and
# token-wrong-audience.txt for issuer $1 into a fresh directory; sets TOKENS_DIR and TOKEN.
mint_tokens() { # issuer
  local dir="$WORK/tokens-$RUN_LABEL"
  mint() { java -cp "$BENCH_JAR" dev.portico.bench.BenchTokens "$dir" "$1" >"$WORK/mint.log" 2>&1; }
  # A missing jar, or one built before BenchTokens existed: build it once and try again.
  if ! { [[ -f $BENCH_JAR ]] && mint "$1"; } && ! { build_bench_jar && mint "$1"; }; then
    cat "$WORK/mint.log" >&2 2>/dev/null || true
    log "could not mint tokens; bearer-token targets are skipped"
    return 1
  fi
  log "$(cat "$WORK/mint.log")"
  # nginx's worker (user nobody when the script runs as root) must reach the files: let others
  # traverse (not list) the private work directory, and read the public JWKS and discovery document.
  chmod o+x "$WORK"
  chmod o+rx "$dir"
  chmod o+r "$dir/jwks.json" "$dir/openid-configuration.json"
  cp "$dir/jwks.json" "$OUT/logs/$RUN_LABEL-jwks.json"
  cp "$dir/openid-configuration.json" "$OUT/logs/$RUN_LABEL-openid-configuration.json"
  TOKENS_DIR=$dir
  TOKEN=$(<"$dir/token.txt")
}

# Requests for the discovery document and JWKS the origin has served in this pass.
issuer_fetches() { [[ -f $ISSUER_LOG ]] && wc -l <"$ISSUER_LOG" || echo 0; }

# Status code of GET REQUEST_PATH on port $1, with the extra curl arguments that follow.
http_status() { # port curl-args...
  local port=$1
  shift
  curl -sk -o /dev/null -w '%{http_code}' -m 5 "$@" "$SCHEME://127.0.0.1:$port$REQUEST_PATH" 2>/dev/null || true
}

# Before a bearer-token target is measured: it must refuse no token, a token signed by another key
# (same kid) and a token for another audience with 401, and serve the origin's body for the real
# token. Otherwise it is not measured, so a gateway that lets everything through cannot look fast.
check_auth() { # name port
  local name=$1 port=$2 none wrong_key wrong_aud body ok=1
  none=$(http_status "$port")
  wrong_key=$(http_status "$port" -H "Authorization: Bearer $(<"$TOKENS_DIR/token-wrong-key.txt")")
  wrong_aud=$(http_status "$port" -H "Authorization: Bearer $(<"$TOKENS_DIR/token-wrong-audience.txt")")
  body=$(curl -sk -m 5 -H "Authorization: Bearer $TOKEN" "$SCHEME://127.0.0.1:$port$REQUEST_PATH" 2>/dev/null || true)
  [[ $none == 401 && $wrong_key == 401 && $wrong_aud == 401 ]] || ok=0
  [[ $body == *portico-bench* ]] || ok=0
  if ((ok)); then
    log "  $name refuses requests without a valid token (no token: $none, other key: $wrong_key, other audience: $wrong_aud) and serves the token"
    return 0
  fi
  log "ERROR: $name does not enforce the bearer token as configured: no token -> $none, token signed by another key -> $wrong_key, token for another audience -> $wrong_aud (all must be 401); with the token -> ${body:0:120}"
  log "ERROR: $name is NOT measured"
  return 1
}

# ---------------------------------------------------------------------------------------------
# Targets. start_target NAME sets TARGET_PID and TARGET_PORT, or returns 1 to skip the target.

start_target() {
  local name=$1 port
  TARGET_PID=""
  SCHEME=http
  [[ $name == *-tls ]] && SCHEME=https
  case $name in
    direct)
      TARGET_PORT=$ORIGIN_PORT
      return 0
      ;;
    nginx)
      alloc_port
      port=$PORT
      start_nginx proxy "$port" "$PROXY_CPU" "  upstream origin {
    server 127.0.0.1:$ORIGIN_PORT;
    keepalive 128;
    keepalive_requests 1000000000;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }"
      ;;
    nginx-tls)
      make_certs
      alloc_port
      port=$PORT
      start_nginx proxy "$port" "$PROXY_CPU" "  upstream origin {
    server 127.0.0.1:$ORIGIN_PORT;
    keepalive 128;
    keepalive_requests 1000000000;
  }
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $CERTS/server.crt;
    ssl_certificate_key $CERTS/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:SSL:1m;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }"
      ;;
    nginx-mtls)
      alloc_port
      port=$PORT
      start_nginx proxy "$port" "$PROXY_CPU" "  upstream origin_tls {
    server 127.0.0.1:$ORIGIN_TLS_PORT;
    keepalive 128;
    keepalive_requests 1000000000;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass https://origin_tls;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_ssl_certificate $CERTS/gateway.crt;
      proxy_ssl_certificate_key $CERTS/gateway.key;
      proxy_ssl_trusted_certificate $CERTS/ca.crt;
      proxy_ssl_verify on;
      proxy_ssl_name localhost;
      proxy_ssl_session_reuse on;
    }
  }"
      ;;
    scg)
      build_vanilla "$SCG_DIR" "$SCG_JAR" || { log "skipping scg: no jar at $SCG_JAR"; return 1; }
      alloc_port
      port=$PORT
      # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
      start_pinned "$PROXY_CPU" "$OUT/logs/$RUN_LABEL-scg.log" \
        env SCG_PORT="$port" ORIGIN_URL="http://127.0.0.1:$ORIGIN_PORT" \
        java $JVM_FLAGS "$(gc_log scg)" -jar "$SCG_JAR"
      ;;
    scg-resource-server)
      build_vanilla "$SCG_RS_DIR" "$SCG_RS_JAR" || { log "skipping $name: no jar at $SCG_RS_JAR"; return 1; }
      alloc_port
      port=$PORT
      # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
      start_pinned "$PROXY_CPU" "$OUT/logs/$RUN_LABEL-$name.log" \
        env SCG_PORT="$port" ORIGIN_URL="http://127.0.0.1:$ORIGIN_PORT" \
        ISSUER_URL="http://127.0.0.1:$ORIGIN_PORT" \
        java $JVM_FLAGS "$(gc_log "$name")" -jar "$SCG_RS_JAR"
      ;;
    portico-*)
      local routes=${name#portico-} config bearer=() origin_url="http://127.0.0.1:$ORIGIN_PORT"
      if [[ $routes == tls ]]; then
        make_certs
        bearer=(--tls "$CERTS/server.crt" "$CERTS/server.key")
        routes=1
      elif [[ $routes == mtls ]]; then
        bearer=(--upstream-mtls "$CERTS")
        origin_url="https://127.0.0.1:$ORIGIN_TLS_PORT"
        routes=1
      elif [[ $routes == lb-* ]]; then
        bearer=(--balancer "${routes#lb-}")
        routes=1
      elif [[ $routes == rl || $routes == rl-* ]]; then
        bearer=(--ratelimit)
        routes=${routes#rl}
        routes=${routes#-}
        routes=${routes:-1}
      elif [[ $routes == redis || $routes == redis-* ]]; then
        start_redis
        bearer=(--ratelimit-redis "redis://127.0.0.1:$REDIS_PORT")
        routes=${routes#redis}
        routes=${routes#-}
        routes=${routes:-1}
      elif [[ $routes == authz || $routes == authz-* ]]; then
        bearer=(--bearer "http://127.0.0.1:$ORIGIN_PORT" --authz)
        routes=${routes#authz}
        routes=${routes#-}
        routes=${routes:-1}
      elif [[ $routes == jwt || $routes == jwt-* ]]; then
        bearer=(--bearer "http://127.0.0.1:$ORIGIN_PORT")
        routes=${routes#jwt}
        routes=${routes#-}
        routes=${routes:-1}
      fi
      routes=${routes/10k/10000}
      routes=${routes/1k/1000}
      [[ $routes =~ ^[0-9]+$ && $routes -ge 1 ]] \
        || die "unknown target $name (portico-N, portico-jwt[-N], portico-authz[-N], portico-rl[-N] or portico-redis[-N], e.g. portico-1, portico-10k, portico-jwt)"
      build_portico || { log "skipping $name: Portico jar not found at $PORTICO_JAR"; return 1; }
      alloc_port
      port=$PORT
      alloc_port
      config="$OUT/logs/$RUN_LABEL-$name.yaml"
      "$BENCH_DIR/portico-config.sh" "${bearer[@]}" "$routes" "$port" "$PORT" \
        "$origin_url" >"$config"
      # shellcheck disable=SC2086
      start_pinned "$PROXY_CPU" "$OUT/logs/$RUN_LABEL-$name.log" \
        java $JVM_FLAGS "$(gc_log "$name")" -jar "$PORTICO_JAR" run --config "$config"
      ;;
    *) die "unknown target $name" ;;
  esac
  TARGET_PID=$STARTED_PID
  TARGET_PORT=$port
  wait_ready "$TARGET_PID" "$port" "$STARTUP_TIMEOUT"
}

# Every JVM target writes a GC log beside its output (not a tuning flag: same for all, cheap).
gc_log() { echo "-Xlog:gc:file=$OUT/logs/$RUN_LABEL-$1.gc.log"; }

# Waits until GET REQUEST_PATH (with AUTH_HEADER) answers 200 with the origin's body; fails if the
# process dies.
wait_ready() { # pid port timeout_seconds
  local pid=$1 port=$2 deadline=$((SECONDS + $3)) body
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || { log "process $pid exited during startup"; return 1; }
    body=$(curl -sk -m 2 "${AUTH_HEADER[@]}" "$SCHEME://127.0.0.1:$port$REQUEST_PATH" 2>/dev/null || true)
    [[ $body == *portico-bench* ]] && return 0
    sleep 0.5
  done
  log "no 200 from port $port within $3 s"
  return 1
}

# Profiling (PROFILER set): async-profiler attached to a JVM target for its measurement only.
profile_file() { echo "$OUT/profiles/$RUN_LABEL-$1.collapsed"; }

profile_start() { # name
  [[ -n ${PROFILER:-} ]] && is_jvm_target "$1" || return 0
  mkdir -p "$OUT/profiles"
  # jcmd splits its arguments at '=', so the agent's options go in quotes of their own.
  jcmd "$TARGET_PID" JVMTI.agent_load "$PROFILER" \
    "\"start,event=cpu,interval=1000000,file=$(profile_file "$1")\"" >/dev/null \
    || log "  warning: could not attach the profiler to $1"
}

profile_stop() { # name
  [[ -n ${PROFILER:-} ]] && is_jvm_target "$1" || return 0
  jcmd "$TARGET_PID" JVMTI.agent_load "$PROFILER" "\"stop,file=$(profile_file "$1")\"" >/dev/null \
    || log "  warning: could not stop the profiler of $1"
}

profile_report() { # name rps: CPU time per request (1 ms samples, every thread of the JVM)
  local file
  file=$(profile_file "$1")
  [[ -n ${PROFILER:-} && -s $file ]] || return 0
  log "$(awk -v rps="$2" -v secs="$DURATION" -v name="$1" -v file="$file" '
    { samples += $NF }
    END { printf "  %s: %.0f us of CPU per request (%d samples); stacks in %s",
          name, (rps > 0 ? samples * 1000 / (rps * secs) : 0), samples, file }' "$file")"
}

is_jvm_target() { [[ $1 == scg || $1 == scg-* || $1 == portico-* ]]; }

# Peak resident set of the proxy: VmHWM of the process plus, for nginx, of its workers.
peak_rss_mb() { # pid
  local pid=$1 total=0 p kb
  [[ -z $pid ]] && { echo "-"; return; }
  for p in "$pid" $(ps -o pid= --ppid "$pid" 2>/dev/null); do
    kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
    total=$((total + ${kb:-0}))
  done
  awk -v kb="$total" 'BEGIN { printf "%.0f", kb / 1024 }'
}

# ---------------------------------------------------------------------------------------------
# Noise: CPU time that processes other than the benchmark's own used during a measurement.

# Writes the machine's busy CPU time (/proc/stat: user+nice+system+irq+softirq+steal), the own
# CPU time (utime+stime) of every process, and this shell's reaped children's CPU time (wrk, via
# `times`, which must run in this shell, not in a pipe or $(...)), all in clock ticks.
cpu_mark() { # file
  times >"$1.times"
  {
    awk '/^cpu / { print "total", $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
    awk -v hz="$(getconf CLK_TCK)" 'END {
          n = 0
          for (i = 1; i <= 2; i++) { v = $i; sub(/s$/, "", v); split(v, a, "m"); n += a[1] * 60 + a[2] }
          printf "children %d\n", n * hz }' "$1.times"
    awk '{ line = $0; sub(/^.*\) /, "", line); split(line, f, " "); print FILENAME, f[12] + f[13] }' \
      /proc/[0-9]*/stat 2>/dev/null | sed 's|^/proc/\([0-9]*\)/stat|\1|'
  } >"$1"
}

# Share of the machine's CPU capacity (percent) that anything but the benchmark's own processes
# (the proxy and origin with their workers, wrk, this script) used between two marks, steal
# included: the noise figure printed beside each measurement.
foreign_cpu_pct() { # before after seconds own_pids...
  local before=$1 after=$2 seconds=$3
  shift 3
  awk -v own=" $* " -v secs="$seconds" -v hz="$(getconf CLK_TCK)" -v cpus="$(nproc)" '
    FNR == NR { start[$1] = $2; next }
    $1 == "total" || $1 == "children" || own ~ (" " $1 " ") {
      delta[$1 == "total" ? "total" : "own"] += $2 - start[$1]
    }
    END {
      foreign = delta["total"] - delta["own"]
      if (foreign < 0) foreign = 0
      printf "%.0f", foreign / (hz * secs * cpus) * 100
    }' "$before" "$after"
}

own_pids() { # pids... -> those pids, their children, and this script
  local p
  echo "$$"
  for p in "$@"; do
    [[ -n $p ]] || continue
    echo "$p"
    ps -o pid= --ppid "$p" 2>/dev/null || true
  done
}

# ---------------------------------------------------------------------------------------------
# wrk and its output.

run_wrk() { # port seconds outfile   (sends AUTH_HEADER, the token, to bearer-token targets)
  timeout $(($2 + 30)) taskset -c "$LOAD_CPU" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$2s" \
    --timeout 5s --latency "${AUTH_HEADER[@]}" "$SCHEME://127.0.0.1:$1$REQUEST_PATH" >"$3" 2>&1 || true
}

# Prints "rps p50_ms p99_ms errors" from a wrk --latency report.
parse_wrk() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" && p50 == "" { p50 = ms($2) }
    $1 == "99%" && p99 == "" { p99 = ms($2) }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    END {
      if (rps == "") { print "0 - - -"; exit }
      printf "%.0f %.2f %.2f %d\n", rps, p50, p99, errors
    }' "$1"
}

# Number of methods the JIT of JVM $1 has compiled so far (jstat reads the JVM's perf data;
# pinned to the load CPU so it does not take time from the proxy). Empty if jstat is unavailable.
jit_compiled() {
  command -v jstat >/dev/null || return 0
  taskset -c "$LOAD_CPU" jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 { print $1 }' || true
}

# Warms a JVM target in slices of load. Steady means: at least WARMUP seconds, the last slice within
# STEADY_PCT of the one before, and the JIT compiled at most JIT_STEADY methods during it (on one
# core a JVM plateaus for a while between compilation tiers, so throughput alone stops too early).
# Gives up being patient at WARMUP_MAX seconds.
warm_up_jvm() { # name port pid
  local elapsed=0 previous=0 rps slices="" compiled before
  before=$(jit_compiled "$3")
  while ((elapsed < WARMUP_MAX)); do
    run_wrk "$2" "$WARMUP_SLICE" "$WORK/warmup.txt"
    rps=$(parse_wrk "$WORK/warmup.txt" | awk '{print $1}')
    compiled=$(jit_compiled "$3")
    elapsed=$((elapsed + WARMUP_SLICE))
    slices+="$rps${compiled:+/+$((compiled - before))} "
    if ((elapsed >= WARMUP)) && awk -v a="$previous" -v b="$rps" -v pct="$STEADY_PCT" \
      'BEGIN { exit !(a > 0 && (b - a) / a * 100 < pct && (a - b) / a * 100 < pct) }' \
      && [[ -z $compiled || $((compiled - before)) -le $JIT_STEADY ]]; then
      break
    fi
    previous=$rps
    before=$compiled
  done
  log "  warm-up $1: ${elapsed}s; per ${WARMUP_SLICE}s slice, req/s/+methods JIT-compiled: $slices"
  echo "$elapsed"
}

# ---------------------------------------------------------------------------------------------
# One pass over all targets; appends rows to $OUT/runs.csv.

measure_target() { # run name
  local run=$1 name=$2 warm rss result other fetches
  log "run $run/$RUNS: $name"
  AUTH_HEADER=()
  if is_auth_target "$name"; then
    if [[ -z $TOKEN ]]; then
      log "skipping $name: no token (see above)"
      echo "$run,$name,,,,,,,skipped," >>"$OUT/runs.csv"
      return
    fi
    AUTH_HEADER=(-H "Authorization: Bearer $TOKEN")
    fetches=$(issuer_fetches)
  fi
  if ! start_target "$name"; then
    [[ -n ${TARGET_PID:-} ]] && { tail -20 "$OUT/logs/$RUN_LABEL-$name.log" >&2 || true; stop_pid "$TARGET_PID"; }
    echo "$run,$name,,,,,,,skipped," >>"$OUT/runs.csv"
    return
  fi
  if is_auth_target "$name" && ! check_auth "$name" "$TARGET_PORT"; then
    AUTH_FAILED+="$name(run $run) "
    echo "$run,$name,,,,,,,auth-check-failed," >>"$OUT/runs.csv"
    stop_pid "$TARGET_PID"
    return
  fi
  if is_jvm_target "$name"; then
    warm=$(warm_up_jvm "$name" "$TARGET_PORT" "$TARGET_PID")
  else
    run_wrk "$TARGET_PORT" "$NATIVE_WARMUP" "$WORK/warmup.txt"
    warm=$NATIVE_WARMUP
  fi
  cpu_mark "$WORK/cpu-before"
  profile_start "$name"
  run_wrk "$TARGET_PORT" "$DURATION" "$OUT/wrk/$RUN_LABEL-$name.txt"
  profile_stop "$name"
  cpu_mark "$WORK/cpu-after"
  # shellcheck disable=SC2046 # a list of pids
  other=$(foreign_cpu_pct "$WORK/cpu-before" "$WORK/cpu-after" "$DURATION" \
    $(own_pids "$TARGET_PID" "$ORIGIN_PID"))
  rss=$(peak_rss_mb "$TARGET_PID")
  result=$(parse_wrk "$OUT/wrk/$RUN_LABEL-$name.txt")
  read -r rps p50 p99 errors <<<"$result"
  log "  $name: $rps req/s, p50 $p50 ms, p99 $p99 ms, peak RSS $rss MB, errors $errors, other processes used $other% CPU"
  profile_report "$name" "$rps"
  if is_auth_target "$name"; then
    log "  $name fetched the issuer's discovery document / JWKS $(($(issuer_fetches) - fetches)) time(s) in all (cached keys: expect 1-2)"
  fi
  [[ $errors == 0 ]] || log "  warning: wrk counted $errors errors (socket errors or non-2xx/3xx responses) for $name; see $OUT/wrk/$RUN_LABEL-$name.txt"
  ((other <= 10)) || log "  warning: other processes used $other% of the CPUs during $name; its figures are noisy"
  echo "$run,$name,$rps,$p50,$p99,$rss,$errors,$warm,ok,$other" >>"$OUT/runs.csv"
  [[ -n $TARGET_PID ]] && stop_pid "$TARGET_PID"
  return 0
}

run_pass() { # run
  RUN_LABEL="run$1"
  SCHEME=http
  start_origin
  local name
  for name in $TARGETS; do
    measure_target "$1" "$name"
  done
  stop_pid "$ORIGIN_PID"
}

# ---------------------------------------------------------------------------------------------
# Reporting: per-run table with ratios, then medians over runs.

with_ratios() { # runs.csv -> rows with ratio_nginx, ratio_direct appended
  awk -F, 'NR == 1 { next }
    { row[NR] = $0; run[NR] = $1; rps[NR] = $3; status[NR] = $9
      if ($2 == "nginx" && $9 == "ok") nginx[$1] = $3
      if ($2 == "direct" && $9 == "ok") direct[$1] = $3 }
    END {
      for (i = 2; i <= NR; i++) {
        if (!(i in row)) continue
        rn = (run[i] in nginx && status[i] == "ok") ? sprintf("%.3f", rps[i] / nginx[run[i]]) : "-"
        rd = (run[i] in direct && status[i] == "ok") ? sprintf("%.3f", rps[i] / direct[run[i]]) : "-"
        print row[i] "," rn "," rd
      }
    }' "$1"
}

# Pairs of targets measured in the same run: "run,pair,ratio" rows for every A:B in PAIRS whose two
# targets are both in TARGETS (A's req/s divided by B's, per run).
pair_ratios() { # runs-with-ratios.csv
  local pair a b
  for pair in $PAIRS; do
    a=${pair%%:*} b=${pair#*:}
    [[ " $TARGETS " == *" $a "* && " $TARGETS " == *" $b "* ]] || continue
    awk -F, -v a="$a" -v b="$b" '$9 == "ok" && $2 == a { ra[$1] = $3 }
      $9 == "ok" && $2 == b { rb[$1] = $3 }
      END { for (r in ra) if ((r in rb) && rb[r] > 0) printf "%s,%s / %s,%.3f\n", r, a, b, ra[r] / rb[r] }' "$1" \
      | sort -t, -k1,1n
  done
}

# Median of the numeric values in column $2 of rows for target $1 (from with_ratios output),
# printed with printf format $4.
median_of() { # target column file format
  awk -F, -v t="$1" -v c="$2" '$2 == t && $c != "-" && $c != "" && $9 == "ok" { print $c }' "$3" \
    | sort -g | awk -v fmt="$4" '{ v[NR] = $1 } END {
        if (NR == 0) { print "-"; exit }
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf fmt "\n", m }'
}

report() {
  local rows="$OUT/runs-with-ratios.csv" name
  with_ratios "$OUT/runs.csv" >"$rows"
  {
    echo "target,runs,median_req_per_s,median_p50_ms,median_p99_ms,median_peak_rss_mb,median_ratio_to_nginx,median_ratio_to_direct,median_other_cpu_pct"
    for name in $TARGETS; do
      printf '%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$name" \
        "$(awk -F, -v t="$name" '$2 == t && $9 == "ok"' "$rows" | wc -l)" \
        "$(median_of "$name" 3 "$rows" %.0f)" "$(median_of "$name" 4 "$rows" %.2f)" \
        "$(median_of "$name" 5 "$rows" %.2f)" "$(median_of "$name" 6 "$rows" %.0f)" \
        "$(median_of "$name" 11 "$rows" %.3f)" "$(median_of "$name" 12 "$rows" %.3f)" \
        "$(median_of "$name" 10 "$rows" %.0f)"
    done
  } >"$OUT/summary.csv"

  {
    echo "run,pair,ratio"
    pair_ratios "$rows"
  } >"$OUT/pairs.csv"
  # "pair,per-run ratios,median" for each pair, in PAIRS order
  awk -F, 'NR > 1 { if (!($2 in k)) { names[++n] = $2 }; v[$2, ++k[$2]] = $3 + 0; runs[$2] = runs[$2] (k[$2] > 1 ? " " : "") $3 }
    END {
      for (i = 1; i <= n; i++) {
        p = names[i]; m = k[p]
        for (a = 1; a <= m; a++) s[a] = v[p, a]
        for (a = 2; a <= m; a++) for (b = a; b > 1 && s[b - 1] > s[b]; b--) { t = s[b]; s[b] = s[b - 1]; s[b - 1] = t }
        printf "%s,%s,%.3f\n", p, runs[p], m % 2 ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
      }
    }' "$OUT/pairs.csv" >"$OUT/pairs-median.csv"

  {
    echo "# Load benchmark $STAMP"
    echo
    echo '```'
    machine_state
    echo '```'
    echo
    echo "## Per run"
    echo
    echo "| run | target | req/s | p50 ms | p99 ms | peak RSS MB | errors | warm-up s | other CPU % | ratio to nginx | ratio to direct |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F, '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $10, $11, $12 }' "$rows"
    echo
    echo "## Median over $RUNS run(s)"
    echo
    echo "| target | runs | req/s | p50 ms | p99 ms | peak RSS MB | ratio to nginx | ratio to direct | other CPU % |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F, 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$OUT/summary.csv"
    if [[ -s $OUT/pairs-median.csv ]]; then
      echo
      echo "## Pairs (req/s of the first divided by req/s of the second, in the same run)"
      echo
      echo "| pair | per run | median |"
      echo "|---|---|---:|"
      awk -F, '{ printf "| %s | %s | %s |\n", $1, $2, $3 }' "$OUT/pairs-median.csv"
    fi
    [[ -z $AUTH_FAILED ]] || { echo; echo "**Not measured, failed the token check: $AUTH_FAILED**"; }
  } >"$OUT/summary.md"

  echo
  printf '%-20s %5s %10s %8s %8s %8s %9s %9s %7s\n' target runs "req/s" "p50 ms" "p99 ms" "RSS MB" "x nginx" "x direct" "other%"
  awk -F, 'NR > 1 { printf "%-20s %5s %10s %8s %8s %8s %9s %9s %7s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$OUT/summary.csv"
  echo
  if [[ -s $OUT/pairs-median.csv ]]; then
    printf '%-40s %8s   %s\n' "pair (A / B, same run)" median "per run"
    awk -F, '{ printf "%-40s %8s   %s\n", $1, $3, $2 }' "$OUT/pairs-median.csv"
    echo
  fi
  [[ -z $AUTH_FAILED ]] || { echo "NOT MEASURED, failed the token check: $AUTH_FAILED"; echo; }
  echo "(medians over $RUNS run(s); ratios are req/s of the target divided by req/s of nginx / direct"
  echo " in the same run; other% is the CPU share other processes took while it was measured."
  echo " Per-run table, machine state and raw wrk output: $OUT)"
}

machine_state() {
  echo "date:        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "host:        $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -m | awk '/^Mem:/ {print $2 " MB RAM"}')"
  echo "kernel:      $(uname -r)"
  echo "java:        $(java -version 2>&1 | head -1)"
  echo "nginx:       $("$NGINX" -v 2>&1 | sed 's/^nginx version: //')"
  echo "wrk:         $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
  echo "load avg:    start $LOAD_START / end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cpu PSI:     start $PSI_START / end $(cpu_pressure)"
  echo "settings:    TARGETS=\"$TARGETS\" RUNS=$RUNS WARMUP=$WARMUP WARMUP_MAX=$WARMUP_MAX DURATION=$DURATION"
  echo "             CONNECTIONS=$CONNECTIONS WRK_THREADS=$WRK_THREADS REQUEST_PATH=$REQUEST_PATH"
  echo "             proxy on CPU $PROXY_CPU, wrk + origin on CPU $LOAD_CPU"
  echo "JVM_FLAGS:   $JVM_FLAGS"
  echo "busiest other processes at start:"
  echo "$BUSY_START"
}

# "some avg60" of /proc/pressure/cpu: the share of time something waited for a CPU.
cpu_pressure() {
  awk '/^some/ { sub("avg60=", "", $3); print $3 "% (some avg60)" }' /proc/pressure/cpu 2>/dev/null || echo "-"
}

# With WAIT_QUIET=N, waits up to N seconds for other processes to use under 10% of the CPUs.
wait_for_quiet() {
  local deadline=$((SECONDS + ${WAIT_QUIET:-0})) busy
  while ((SECONDS < deadline)); do
    cpu_mark "$WORK/quiet-before"
    sleep 5
    cpu_mark "$WORK/quiet-after"
    busy=$(foreign_cpu_pct "$WORK/quiet-before" "$WORK/quiet-after" 5 "$$")
    ((busy < 10)) && return 0
    log "other processes use $busy% of the CPUs; waiting (WAIT_QUIET=${WAIT_QUIET}s)"
  done
}

main() {
  ensure_tools
  resolve_nginx
  if (($(nproc) < 2)); then
    log "warning: only one CPU; proxy and load generator share it"
    PROXY_CPU=0 LOAD_CPU=0
  fi
  mkdir -p "$OUT/logs" "$OUT/wrk"
  echo "run,target,req_per_s,p50_ms,p99_ms,peak_rss_mb,errors,warmup_s,status,other_cpu_pct" >"$OUT/runs.csv"
  wait_for_quiet
  LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
  PSI_START=$(cpu_pressure)
  BUSY_START=$(ps -eo pcpu=,etime=,comm= --sort=-pcpu | head -3 | sed 's/^/  /')
  log "targets: $TARGETS; runs: $RUNS; warm-up ${WARMUP}-${WARMUP_MAX}s (JVM), measure ${DURATION}s"
  log "JVM_FLAGS: $JVM_FLAGS; proxy on CPU $PROXY_CPU, wrk + origin on CPU $LOAD_CPU; results: $OUT"
  local run
  for run in $(seq 1 "$RUNS"); do
    run_pass "$run"
  done
  report | tee "$OUT/summary.txt"
  [[ -z $AUTH_FAILED ]] || die "targets failed the token check and were not measured: $AUTH_FAILED"
}

# On one line with main, so that editing this file while it runs cannot feed bash new lines.
main "$@"; exit $?
