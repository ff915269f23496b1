#!/usr/bin/env bash
# Click-to-call setups through the packaged server. Starts a fresh server from server/target/deskline.jar
# whose trunk is bench/DesklineBench.java (a minimal SIP UAS on one UDP port answering as the
# telecommuters' phones and as the targets), creates USERS telecommuters who switch to telecommuter mode
# in the portal API, warms up, then asks for RATE click-to-calls a second over REST for DURATION seconds
# and prints one line: API call -> first INVITE on the wire (p50/p99/max), POST -> 201, calls bridged and
# hung up, setups/s, the server's CPU (% of one core), PASS/FAIL (PASS: every call bridged and ended,
# no error, API->INVITE p99 under 10 ms).
#
#   bench/clicktocall.sh 200          # 200 click-to-calls/s for 20 s
#   bench/clicktocall.sh 300 30
#
# Environment: USERS (4 x RATE, at least 1000: one call per telecommuter number at a time), ANSWER_AFTER_MS
# (2100: the telecommuter answers after this, beyond the 2 s mailbox guard), HOLD_MS (500), WARMUP (5 s at a
# quarter of the rate), SERVER_JAVA_OPTS (-Xmx512m -XX:+UseG1GC), CLIENT_JAVA_OPTS (-Xmx512m).
# Needs the jar (mvn -B -q package -DskipTests) and python3 (free ports). Binds 127.0.0.1 only.
set -uo pipefail
cd "$(dirname "$0")/.."
RATE=${1:?usage: bench/clicktocall.sh RATE [DURATION_S]}
DUR=${2:-20}
USERS=${USERS:-$(( RATE * 4 > 1000 ? RATE * 4 : 1000 ))}
ANSWER_AFTER_MS=${ANSWER_AFTER_MS:-2100}
HOLD_MS=${HOLD_MS:-500}
WARMUP=${WARMUP:-5}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx512m -XX:+UseG1GC}
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:--Xmx512m}
JAR=server/target/deskline.jar
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 1; }

free_port() { python3 -c 'import socket,sys; k=socket.SOCK_DGRAM if sys.argv[1]=="udp" else socket.SOCK_STREAM; s=socket.socket(socket.AF_INET,k); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }
HTTP_PORT=$(free_port tcp)
SIP_PORT=$(free_port udp)
TRUNK_PORT=$(free_port udp)
DATA=$(mktemp -d /tmp/deskline-c2c-XXXXXX)
ADMIN_PW=bench-admin-$RANDOM$RANDOM

# shellcheck disable=SC2086
DESKLINE_LOG_LEVEL=WARN java $SERVER_JAVA_OPTS -jar "$JAR" --data-dir "$DATA" --http-port "$HTTP_PORT" \
  --sip-port "$SIP_PORT" --admin-password "$ADMIN_PW" --password-hash-iterations 1000 \
  --trunk "sip:127.0.0.1:$TRUNK_PORT" --rtp-ports 22000-25999 >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/health" >/dev/null || { cat "$DATA/server.log"; exit 1; }

echo "# clicktocall rate=$RATE dur=${DUR}s users=$USERS answer_after=${ANSWER_AFTER_MS}ms hold=${HOLD_MS}ms" \
  "cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) $(java -version 2>&1 | head -1) $(date -Is)"
# shellcheck disable=SC2086
java $CLIENT_JAVA_OPTS bench/DesklineBench.java clicktocall --base "http://127.0.0.1:$HTTP_PORT" \
  --admin-password "$ADMIN_PW" --users "$USERS" --trunk-port "$TRUNK_PORT" --rate "$RATE" --duration "$DUR" \
  --answer-after-ms "$ANSWER_AFTER_MS" --hold-ms "$HOLD_MS" --warmup "$WARMUP" --server-pid "$SERVER"
grep -E "ERROR|Exception" "$DATA/server.log" | head -5
