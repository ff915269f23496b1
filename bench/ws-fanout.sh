#!/usr/bin/env bash
# Live-event fan-out benchmark: starts a fresh server from server/target/deskline.jar, opens many
# WebSocket connections to /api/v1/events, changes presence over REST and prints the event latency
# (REST call sent -> message received on each socket, p50/p99) and the server's memory.
#
#   bench/ws-fanout.sh                  # 10,000 sockets of 2,000 users, all watching the directory
#   WATCHERS=1000 bench/ws-fanout.sh    # 1,000 of them watching, the others get their own events only
#   WATCHERS=0 BUDDIES=50 bench/ws-fanout.sh   # each socket follows 50 colleagues (?presence=...)
#
# Environment: CONNECTIONS (10000), USERS (2000), WATCHERS (all: how many sockets subscribe to colleagues'
# presence; a change reaches every watcher and the changing user's own sockets), BUDDIES (0: how many
# colleagues each other socket follows by id; a change also reaches the user's followers), CHANGES (100),
# INTERVAL_MS (250), SERVER_JAVA_OPTS (-Xmx1g), CLIENT_JAVA_OPTS (-Xmx1g), JFR (a file:
# record the server with Flight Recorder while presence changes), READERS (1: client threads reading the sockets).
# Needs the jar (mvn -B -q package -DskipTests) and a JDK with jcmd. Not part of the test run.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-10000}
USERS=${USERS:-2000}
CHANGES=${CHANGES:-100}
INTERVAL_MS=${INTERVAL_MS:-250}
WATCHERS=${WATCHERS:-$CONNECTIONS}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g}
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:--Xmx1g}
JAR=server/target/deskline.jar

[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 1; }
# each socket is a file descriptor on both sides; the hard limit is the ceiling
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((CONNECTIONS + 1000)) ]; then
  echo "ulimit -n is $(ulimit -n): too low for $CONNECTIONS sockets" >&2; exit 1
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP_PORT=$(free_port)
SIP_PORT=$(free_port)
DATA=$(mktemp -d /tmp/deskline-bench-XXXXXX)
ADMIN_PW=bench-admin-$RANDOM$RANDOM

# shellcheck disable=SC2086
DESKLINE_LOG_LEVEL=WARN java $SERVER_JAVA_OPTS -jar "$JAR" --data-dir "$DATA" --http-port "$HTTP_PORT" \
  --sip-port "$SIP_PORT" --admin-password "$ADMIN_PW" --password-hash-iterations 1000 >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT

for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/health" >/dev/null || { cat "$DATA/server.log"; exit 1; }

echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/{print $2}') MB RAM, $(java -version 2>&1 | head -1)"
echo "server: pid $SERVER, $SERVER_JAVA_OPTS, port $HTTP_PORT"
# shellcheck disable=SC2086
java $CLIENT_JAVA_OPTS bench/WsFanout.java --base "http://127.0.0.1:$HTTP_PORT" --admin-password "$ADMIN_PW" \
  --server-pid "$SERVER" --users "$USERS" --connections "$CONNECTIONS" --changes "$CHANGES" \
  --interval-ms "$INTERVAL_MS" --watchers "$WATCHERS" --buddies "${BUDDIES:-0}" --warmup "${WARMUP:-50}" --readers "${READERS:-1}" ${JFR:+--jfr "$JFR"}
