#!/usr/bin/env bash
# What the SIPp benchmarks through the packaged server share (sourced by sip-core.sh and redirect.sh, after
# the anchors' lib.sh, which gives start_uas, run_uac, stop_pid, the ports and HZ).
#
#   bench_init NAME            ROOT, ANCHORS, JAR, free ports, DATA (a temporary directory), the admin
#                              password, the clean-up trap, and the anchors' scenarios copied to DATA/scenarios
#   start_deskline [options]   the jar with the anchors' SIPp caller as the trunk source and their callee as
#                              the trunk; waits for health; SERVER is its pid
#   desk_1001                  extension 1001 at a desk phone that is the anchors' SIPp callee (digest)
#   deskline LABEL RATE SECONDS SCENARIO [sipp args]
#                              one anchors-format line through the server, with its CPU and memory
# Environment: SERVER_JAVA_OPTS (-Xmx512m -XX:+UseG1GC), SERVER_ARGS (extra options), KEEP=1, ANCHORS.

bench_init() {
  ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  JAR=$ROOT/server/target/deskline.jar
  [ -f "$JAR" ] || { echo "build the jar first: mvn -B -q package -Pquick" >&2; exit 1; }
  SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx512m -XX:+UseG1GC}
  HTTP_PORT=$(free_port tcp)
  SIP_PORT=$(free_port udp)
  DATA=$(mktemp -d "/tmp/deskline-$1-XXXXXX")
  ADMIN_PW=bench-admin-$RANDOM$RANDOM
  SERVER=; UAS_PID=; KAM_PID=
  trap bench_cleanup EXIT
  mkdir -p "$DATA/scenarios"
  cp "$ANCHORS"/scenarios/* "$DATA/scenarios/"
}

bench_cleanup() {
  stop_pid "${UAS_PID:-}"; UAS_PID=
  stop_pid "$SERVER"
  if [ "${KEEP:-0}" = 1 ]; then echo "# kept $DATA"; else rm -rf "$DATA"; fi
}

free_port() { # udp|tcp
  python3 -c 'import socket,sys; k=socket.SOCK_DGRAM if sys.argv[1]=="udp" else socket.SOCK_STREAM; s=socket.socket(socket.AF_INET,k); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"
}

start_deskline() {
  # shellcheck disable=SC2086
  DESKLINE_LOG_LEVEL=WARN java $SERVER_JAVA_OPTS -jar "$JAR" --data-dir "$DATA/db" --http-port "$HTTP_PORT" \
    --sip-port "$SIP_PORT" --admin-password "$ADMIN_PW" --password-hash-iterations 1000 \
    --trunk "sip:127.0.0.1:$UAS_PORT" --trunk-sources "127.0.0.1:$UAC_PORT" "$@" ${SERVER_ARGS:-} \
    >"$DATA/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/health" >/dev/null || { cat "$DATA/server.log"; exit 1; }
  TOKEN=$(api POST /sessions "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" | json_field token)
}

api() { # METHOD PATH BODY, as the administrator once signed in
  curl -sf -X "$1" "http://127.0.0.1:$HTTP_PORT/api/v1$2" -H 'Content-Type: application/json' \
    ${TOKEN:+-H "Authorization: Bearer $TOKEN"} -d "$3"
}

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

desk_1001() {
  local id
  id=$(api POST /users '{"extension":"1001","name":"Desk 1001"}' | json_field id)
  api POST /devices "{\"name\":\"Bench desk\",\"sipUsername\":\"benchdesk\",\"sipPassword\":\"bench-desk-pw\",\"assignedUserId\":$id}" >/dev/null
  printf 'SEQUENTIAL\nbenchdesk;[authentication username=benchdesk password=bench-desk-pw];sip:1001@127.0.0.1:%s\n' \
    "$UAS_PORT" > "$DATA/desk.csv"
  ( cd "$DATA" && sipp -sf "$ROOT/sipp/register_contact.xml" -inf "$DATA/desk.csv" -i 127.0.0.1 -p "$REGC_PORT" \
      "127.0.0.1:$SIP_PORT" -m 1 -nostdin -timeout 10s -timeout_error > "$DATA/register.out" 2>&1 ) \
    || { echo "desk phone registration failed: $(tail -3 "$DATA/register.out")" >&2; exit 1; }
}

server_ticks() { awk '{print $14+$15}' "/proc/$SERVER/stat"; }

server_memory() { # heap used after a full GC (G1's figure; "?" for other collectors), and resident memory
  jcmd "$SERVER" GC.run >/dev/null 2>&1
  local heap rss
  heap=$(jcmd "$SERVER" GC.heap_info 2>/dev/null | awk '/garbage-first heap|heap total/ {for(i=1;i<=NF;i++) if($i=="used") {v=$(i+1); sub(/K,?/,"",v); printf "%.0f", v/1024; exit}}')
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status")
  echo "heap_after_gc=${heap:-?}MB rss=${rss}MB"
}

deskline() { # LABEL RATE SECONDS SCENARIO [sipp args]; registrations (reg_*) need no SIPp callee
  local o=$DATA/run-$1-$2; mkdir -p "$o"
  if [ "${4#reg_}" = "$4" ]; then start_uas "$o" $(($3 * 2 + 60)) || return 1; fi
  local t0 s0 s1 t1 line label=$1 rate=$2 secs=$3 scen=$4; shift 4
  t0=$(date +%s.%N); s0=$(server_ticks)
  line=$(SCEN=$DATA/scenarios run_uac "$label" "127.0.0.1:$SIP_PORT" "$rate" "$secs" "$o" "$scen" "$@")
  s1=$(server_ticks); t1=$(date +%s.%N)
  stop_pid "$UAS_PID"; UAS_PID=
  echo "$line server_cpu%=$(awk -v d=$((s1 - s0)) -v a="$t0" -v b="$t1" -v hz="$HZ" 'BEGIN{printf "%.0f", d/hz/(b-a)*100}') $(server_memory) quiet_wait=$(cat "$o/quiet_wait_s" 2>/dev/null)s"
  case $line in *FAIL*) echo "#   unexpected messages: $(grep -ohE 'SIP/2.0 [0-9]{3}' "$o"/errors.log 2>/dev/null | sort | uniq -c | sort -rn | head -3 | tr -s ' ' | tr '\n' ';')";; esac
}

server_log_summary() {
  echo "# server log: $(grep -cE 'WARN|ERROR' "$DATA/server.log") warnings/errors"
  grep -E 'ERROR|Exception' "$DATA/server.log" | head -5
}
