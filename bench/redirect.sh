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
# Needs the jar (mvn -B -q package -Pquick), sip-tester, kamailio, python3, curl. Loopback only.
set -u
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/redirect.sh RATE [RATE...]" >&2; exit 2; }
ANCHORS=$(cd "${ANCHORS:-../shared/bench/anchors}" && pwd)
DUR=${DUR:-20}
USERS=${USERS:-3000}
WARMUP_RATE=${WARMUP_RATE:-400}
WARMUP_S=${WARMUP_S:-15}
# shellcheck source=/dev/null
source "$ANCHORS/lib.sh"
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_init redirect
# the UAC reading the called extension from the injection file
sed 's/\[service\]/[field0]/g' "$ANCHORS/scenarios/uac_call.xml" > "$DATA/scenarios/uac_redirect.xml"

# the trunk is the anchors' SIPp UAS; the anchors' SIPp UAC is recognised as the trunk by its address
start_deskline
java -Xmx256m "$ROOT/bench/DesklineBench.java" seed --base "http://127.0.0.1:$HTTP_PORT" \
  --admin-password "$ADMIN_PW" --users "$USERS" --first-extension 2001 --csv "$DATA/callers.csv" || exit 1
# ordinary routing: extension 1001 at a desk phone that is the SIPp UAS
desk_1001

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
server_log_summary
