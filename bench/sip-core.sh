#!/usr/bin/env bash
# The SIP core through the packaged server, beside the anchors in the same run:
#   trunk-call   the anchors' SIPp caller, recognised as the trunk by its address, calls extension 1001, whose
#                desk phone is the anchors' SIPp callee (registered with digest): 180, 200, ACK, BYE
#   phone-call   phones (devices with a user) call extension 1001; every INVITE is challenged with 407 and
#                sent again with Proxy-Authorization (sipp/uac_call_auth.xml, rtd1 = authenticated INVITE -> 200)
#   register     REGISTER with digest (401, then Authorization; the anchors' reg_auth.xml, 10,000 phones)
#   phones       PHONES phones registered once each, then the server's heap after a full GC (512 MB heap)
# beside, at the same rates:
#   direct       SIPp straight to SIPp (the tools' own limit): calls, and registrations against a SIPp
#                registrar stand-in (bench/scenarios/uas_register.xml: 401, then 200)
#   kamailio     the anchors' Kamailio proxy (calls) and Kamailio registrar with digest (registrations)
# One line per scenario and rate, in the anchors' format (PASS = 0 failed, all completed, the rate reached,
# p99 under 200 ms), with the server's CPU (% of one core) and heap/RSS after the run.
#
#   bench/sip-core.sh                                   # 1,250 trunk calls/s, 600 phone calls/s, 3,000 reg/s, 100k phones
#   CALL_RATES="1250 1500" AUTH_RATES="600 800" REG_RATES="3000 5000" bench/sip-core.sh
#
# Environment: CALL_RATES (1250), AUTH_RATES (600), REG_RATES (3000) (empty skips), PHONES (100000; 0 skips), CALLERS (200),
# DUR (20), HOLD_MS (1000), SKIP_ANCHORS=1, KEEP=1 (keep the data and SIPp directories), WARMUP_S (15),
# SERVER_JAVA_OPTS (-Xmx512m -XX:+UseG1GC), SERVER_ARGS (extra options), ANCHORS (../shared/bench/anchors).
# Needs the jar (mvn -B -q package -Pquick), sip-tester, kamailio, python3, curl, jcmd. Loopback only.
set -u
cd "$(dirname "$0")/.."
ANCHORS=$(cd "${ANCHORS:-../shared/bench/anchors}" && pwd)
CALL_RATES=${CALL_RATES-1250}
AUTH_RATES=${AUTH_RATES-600}
REG_RATES=${REG_RATES-3000}
PHONES=${PHONES:-100000}
CALLERS=${CALLERS:-200}
DUR=${DUR:-20}
WARMUP_S=${WARMUP_S:-15}
# shellcheck source=/dev/null
source "$ANCHORS/lib.sh"
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_init sipcore
PHONE_PORT=$(free_port udp)
cp "$ROOT/sipp/uac_call_auth.xml" "$DATA/scenarios/"
# the registrations of PHONES phones: the anchors' scenario with Deskline's own injection file
cp "$ANCHORS/scenarios/reg_auth.xml" "$DATA/scenarios/reg_phones.xml"

start_deskline --sip-realm office.example
# extension 1001 at a desk phone that is the SIPp callee; the phones 200000... (password pw<number>), the
# first CALLERS of them with a user each so that they may call
desk_1001
COUNT=$(( PHONES > 10000 ? PHONES : 10000 ))
java -Xmx256m "$ROOT/bench/DesklineBench.java" phones --base "http://127.0.0.1:$HTTP_PORT" --admin-password "$ADMIN_PW" \
  --count "$COUNT" --callers "$CALLERS" --reg-csv "$DATA/phones.csv" --callers-csv "$DATA/callers.csv" || exit 1

direct_registrar() { # RATE SECONDS: SIPp registering straight at a SIPp registrar stand-in
  local o=$DATA/run-direct-reg-$1; mkdir -p "$o"
  ( cd "$o" && exec sipp -sf "$ROOT/bench/scenarios/uas_register.xml" -i 127.0.0.1 -p "$UAS_PORT" -nostdin \
      -timeout "$(($2 * 2 + 60))s" -buff_size "$SIPP_BUF" > "$o/uas.out" 2>&1 ) &
  UAS_PID=$!
  sleep 0.5
  run_uac direct-registrar "127.0.0.1:$UAS_PORT" "$1" "$2" "$o" reg_auth -inf "$SCEN/users.csv"
  stop_pid "$UAS_PID"; UAS_PID=
}

echo "# sip-core dur=${DUR}s hold=${HOLD_MS}ms phones=$COUNT callers=$CALLERS cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)" \
  "$(java -version 2>&1 | head -1) server=[$SERVER_JAVA_OPTS] $(date -Is)"
echo "# after provisioning: $(server_memory)"
# a warm JIT before the figures of record (a cold JVM sheds load with 503 until compiled)
QUIET_MAX=60 deskline warmup-trunk 400 "$WARMUP_S" uac_call >/dev/null
UAC_PORT=$PHONE_PORT QUIET_MAX=20 deskline warmup-phone 200 "$WARMUP_S" uac_call_auth -inf "$DATA/callers.csv" >/dev/null
QUIET_MAX=20 deskline warmup-register 1000 "$WARMUP_S" reg_auth -inf "$SCEN/users.csv" >/dev/null

for RATE in $CALL_RATES; do
  deskline deskline-trunk-call "$RATE" "$DUR" uac_call
  [ "${SKIP_ANCHORS:-0}" = 1 ] || bash "$ANCHORS/run-anchors.sh" "$RATE" "$DUR" | grep -v '^#'
done
for RATE in $AUTH_RATES; do
  # the phones send from their own port: the anchors' caller port is the trunk, which is not challenged
  UAC_PORT=$PHONE_PORT deskline deskline-phone-call "$RATE" "$DUR" uac_call_auth -inf "$DATA/callers.csv"
  [ "${SKIP_ANCHORS:-0}" = 1 ] || bash "$ANCHORS/run-anchors.sh" "$RATE" "$DUR" --skip-kamailio | grep -v '^#'
done
for RATE in $REG_RATES; do
  deskline deskline-register "$RATE" "$DUR" reg_auth -inf "$SCEN/users.csv"
  if [ "${SKIP_ANCHORS:-0}" != 1 ]; then
    direct_registrar "$RATE" "$DUR"
    bash "$ANCHORS/run-anchors.sh" "$RATE" "$DUR" --reg --skip-direct --skip-kamailio | grep -v '^#'
  fi
done
if [ "$PHONES" -gt 0 ] && [ -n "$REG_RATES" ]; then
  # every phone once, at the first registration rate; -m is RATE x DUR, so DUR covers PHONES
  R=${REG_RATES%% *}
  DUR=$(( (PHONES + R - 1) / R )) deskline "deskline-$PHONES-phones" "$R" "$(( (PHONES + R - 1) / R ))" reg_phones -inf "$DATA/phones.csv"
fi
server_log_summary
