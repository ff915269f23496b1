#!/usr/bin/env bash
# Redirected inbound calls through the packaged server, beside ordinary routing and the anchors:
#   deskline-redirect  SIPp caller -> Deskline -> SIPp trunk: every call is for a user in telecommuter mode
#                      and goes back out through the trunk with Diversion and History-Info
#   deskline-ordinary  the anchors' own calls to extension 1001, a desk user whose phone is the SIPp UAS
#                      (registered with digest): ordinary routing through the same server
#   direct, kamailio   the anchors of ../shared/bench/anchors at the same rate: SIPp straight to SIPp, and
#                      SIPp -> Kamailio (rewriting extension 1001 to a remote number) -> SIPp
# One line per scenario and rate, in the anchors' format (PASS = 0 failed calls, all completed, rate
# reached, p99 INVITE->200 under 200 ms), plus the server's own CPU and, on failures, the responses seen.
#
#   bench/redirect.sh 1250                 # 20 s at 1,250 calls/s
#   DUR=30 bench/redirect.sh 1000 1250 1500
#
# The redirected calls are spread over USERS telecommuters (extensions 2001...), called in turn from a SIPp
# injection file: each telecommuter number is a single line, so one number cannot take the anchors'
# 1,250 simultaneous calls to extension 1001 (the second would be busy, by design). With the default hold
# of 1 s, USERS must exceed RATE x 1.2.
#
# Environment: DUR (20), USERS (3000), HOLD_MS (1000), ANCHORS (../shared/bench/anchors), SKIP_ANCHORS=1,
# SKIP_ORDINARY=1, KEEP=1 (keep the data and SIPp directories),
# WARMUP_RATE (400) and WARMUP_S (15), SERVER_JAVA_OPTS (-Xmx512m -XX:+UseG1GC), SERVER_ARGS (extra options).
# Needs the jar (mvn -B -q package -DskipTests), sip-tester, kamailio, python3, curl. Loopback only.
set -u
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/redirect.sh RATE [RATE...]" >&2; exit 2; }
ROOT=$(pwd)
ANCHORS=$(cd "${ANCHORS:-$ROOT/../shared/bench/anchors}" && pwd)
DUR=${DUR:-20}
USERS=${USERS:-3000}
WARMUP_RATE=${WARMUP_RATE:-400}
WARMUP_S=${WARMUP_S:-15}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx512m -XX:+UseG1GC}
JAR=$ROOT/server/target/deskline.jar
[ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 1; }
# shellcheck source=/dev/null
source "$ANCHORS/lib.sh"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP_PORT=$(free_port)
SIP_PORT=$(free_port)
DATA=$(mktemp -d /tmp/deskline-redirect-XXXXXX)
ADMIN_PW=bench-admin-$RANDOM$RANDOM
SERVER=
KAM_PID=; UAS_PID=
cleanup() { stop_pid "${UAS_PID:-}"; UAS_PID=; stop_pid "$SERVER"; [ "${KEEP:-0}" = 1 ] && echo "# kept $DATA" || rm -rf "$DATA"; }
trap cleanup EXIT

# the anchors' scenarios, plus the UAC reading the called extension from the injection file
mkdir -p "$DATA/scenarios"
cp "$ANCHORS"/scenarios/* "$DATA/scenarios/"
sed 's/\[service\]/[field0]/g' "$ANCHORS/scenarios/uac_call.xml" > "$DATA/scenarios/uac_redirect.xml"

# the trunk is the anchors' SIPp UAS; the anchors' SIPp UAC is recognised as the trunk by its address
# shellcheck disable=SC2086
DESKLINE_LOG_LEVEL=WARN java $SERVER_JAVA_OPTS -jar "$JAR" --data-dir "$DATA/db" --http-port "$HTTP_PORT" \
  --sip-port "$SIP_PORT" --admin-password "$ADMIN_PW" --password-hash-iterations 1000 \
  --trunk "sip:127.0.0.1:$UAS_PORT" --trunk-sources "127.0.0.1:$UAC_PORT" ${SERVER_ARGS:-} >"$DATA/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/health" >/dev/null || { cat "$DATA/server.log"; exit 1; }
java -Xmx256m "$ROOT/bench/DesklineBench.java" seed --base "http://127.0.0.1:$HTTP_PORT" \
  --admin-password "$ADMIN_PW" --users "$USERS" --first-extension 2001 --csv "$DATA/callers.csv" || exit 1

# ordinary routing: extension 1001 at a desk phone that is the SIPp UAS
api() { curl -sf -X "$1" "http://127.0.0.1:$HTTP_PORT/api/v1$2" -H 'Content-Type: application/json' ${TOKEN:+-H "Authorization: Bearer $TOKEN"} -d "$3"; }
TOKEN=$(api POST /sessions "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
DESK_ID=$(api POST /users '{"extension":"1001","name":"Desk 1001"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
api POST /devices "{\"name\":\"Bench desk\",\"sipUsername\":\"benchdesk\",\"sipPassword\":\"bench-desk-pw\",\"assignedUserId\":$DESK_ID}" >/dev/null
printf 'SEQUENTIAL\nbenchdesk;[authentication username=benchdesk password=bench-desk-pw];sip:1001@127.0.0.1:%s\n' "$UAS_PORT" > "$DATA/desk.csv"
( cd "$DATA" && sipp -sf "$ROOT/sipp/register_contact.xml" -inf "$DATA/desk.csv" -i 127.0.0.1 -p "$REGC_PORT" \
    "127.0.0.1:$SIP_PORT" -m 1 -nostdin -timeout 10s -timeout_error > "$DATA/register.out" 2>&1 ) \
  || { echo "desk phone registration failed: $(tail -3 "$DATA/register.out")" >&2; exit 1; }

server_ticks() { awk '{print $14+$15}' "/proc/$SERVER/stat"; }
deskline() { # LABEL RATE SECONDS SCENARIO [sipp args]
  local o=$DATA/run-$1-$2; mkdir -p "$o"
  start_uas "$o" $(($3 * 2 + 60)) || return 1
  local t0 s0 line label=$1 rate=$2 secs=$3 scen=$4; shift 4
  t0=$(date +%s.%N); s0=$(server_ticks)
  line=$(SCEN=$DATA/scenarios run_uac "$label" "127.0.0.1:$SIP_PORT" "$rate" "$secs" "$o" "$scen" "$@")
  local s1 t1; s1=$(server_ticks); t1=$(date +%s.%N)
  stop_pid "$UAS_PID"; UAS_PID=
  echo "$line server_cpu%=$(awk -v d=$((s1 - s0)) -v a="$t0" -v b="$t1" -v hz="$HZ" 'BEGIN{printf "%.0f", d/hz/(b-a)*100}') quiet_wait=$(cat "$o/quiet_wait_s" 2>/dev/null)s"
  case $line in *FAIL*) echo "#   unexpected messages: $(grep -ohE 'SIP/2.0 [0-9]{3}' "$o"/errors.log 2>/dev/null | sort | uniq -c | sort -rn | head -3 | tr -s ' ' | tr '\n' ';')";; esac
}

echo "# redirect users=$USERS hold=${HOLD_MS}ms dur=${DUR}s cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)" \
  "$(java -version 2>&1 | head -1) server=[$SERVER_JAVA_OPTS] $(date -Is)"
QUIET_MAX=${QUIET_MAX:-60} deskline warmup "$WARMUP_RATE" "$WARMUP_S" uac_redirect -inf "$DATA/callers.csv" >/dev/null
for RATE in "$@"; do
  deskline deskline-redirect "$RATE" "$DUR" uac_redirect -inf "$DATA/callers.csv"
  if [ "${SKIP_ORDINARY:-0}" != 1 ]; then
    deskline deskline-ordinary "$RATE" "$DUR" uac_call
  fi
  if [ "${SKIP_ANCHORS:-0}" != 1 ]; then
    bash "$ANCHORS/run-anchors.sh" "$RATE" "$DUR" | grep -v '^#'
  fi
done
echo "# server log: $(grep -cE 'WARN|ERROR' "$DATA/server.log") warnings/errors; calls logged: see call_log"
grep -E 'ERROR|Exception' "$DATA/server.log" | head -5
