#!/usr/bin/env bash
# The SMS gateway for the console on this machine: Kannel (bearerbox + smsbox) with Kannel's fake SMSC, on 127.0.0.1.
#   scripts/gateway.sh start    installs Kannel when missing, writes the config with free ports, starts, waits until ready,
#                               and prints the Gateway__Kannel__... settings to start the console with
#   scripts/gateway.sh stop     stops every process it started (by process group)
#   scripts/gateway.sh status   the admin status, or "not running"
#   scripts/gateway.sh mo FROM TEXT   a reply from a handset (through a second fake SMSC), e.g.  mo 13800000001 R
#   scripts/gateway.sh crash | revive  kill -9 bearerbox (the tests' crash) | start it (and the fake SMSC) again
# Env: GATEWAY_DIR (default .gateway/ in the repository), GATEWAY_READY_SECONDS (default 60), CALLBACK_BASE (the console as Kannel reaches it,
#      default http://127.0.0.1:5000), GATEWAY_SECRET (default: generated once into the folder).
#      GATEWAY_SPOOL_DIR: where bearerbox keeps its message and report spools (default GATEWAY_DIR). They create and
#      delete a file per message and report: on an ext4 without a journal (this kind of VM's root) the inode allocator
#      then takes most of bearerbox's CPU; the tests put them on /dev/shm (they survive a kill -9, not a reboot).
#      GATEWAY_SMSC: fake (default: Kannel's fake SMSC, every message delivered) or smpp (an SMPP SMSC simulator,
#      scripts/smsc-sim.js on the npm package smpp 0.5.1, installed once into GATEWAY_SIM_DIR, default .smsc-sim/ in the
#      repository: receivers starting with 1888 get an undelivered receipt (DLR 2), 1977 are refused by the SMSC (DLR 16)).
# Receivers starting with 1999 are unroutable (Kannel's denied-prefix): HTTP 403 "Not routable".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${GATEWAY_DIR:-$ROOT/.gateway}
SPOOL=${GATEWAY_SPOOL_DIR:-$DIR}
CALLBACK_BASE=${CALLBACK_BASE:-http://127.0.0.1:5000}
FROM=10690000
# How long start and revive wait for readiness. After a bearerbox crash smsbox itself waits about 8 s before it
# reconnects, and a loaded machine adds to that.
READY_SECONDS=${GATEWAY_READY_SECONDS:-60}
MODE=${GATEWAY_SMSC:-fake}
SIMDIR=${GATEWAY_SIM_DIR:-$ROOT/.smsc-sim}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

install_kannel() {
  command -v bearerbox >/dev/null && [ -x /usr/lib/kannel/test/fakesmsc ] && return 0
  echo "Installing Kannel (apt: kannel kannel-extras)..." >&2
  local sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq kannel kannel-extras >/dev/null
}

install_sim() {
  [ -d "$SIMDIR/node_modules/smpp" ] && return 0
  command -v npm >/dev/null || { echo "the SMPP simulator needs node and npm" >&2; return 1; }
  mkdir -p "$SIMDIR"
  # One install at a time: test runs may start several gateways at once.
  flock "$SIMDIR/.lock" bash -c '[ -d "$1/node_modules/smpp" ] || npm install --prefix "$1" --no-audit --no-fund --silent smpp@0.5.1 >&2' _ "$SIMDIR"
}

# The SMSC that messages go out through (sendsms forces sim1).
sim1_conf() {
  if [ "$MODE" = smpp ]; then cat <<CONF
group = smsc
smsc = smpp
smsc-id = sim1
host = "127.0.0.1"
port = $SMPPP
transceiver-mode = true
smsc-username = "kannel"
smsc-password = "secret"
system-type = ""
address-range = ""
our-host = "127.0.0.1"
reconnect-delay = 2
max-pending-submits = 100
denied-prefix = "1999"
CONF
  else cat <<CONF
group = smsc
smsc = fake
smsc-id = sim1
port = $FAKEP
our-host = "127.0.0.1"
connect-allow-ip = "127.0.0.1"
denied-prefix = "1999"
CONF
  fi
}

write_conf() {
  cat > "$DIR/kannel.conf" <<CONF
group = core
admin-port = $ADMIN
admin-interface = "127.0.0.1"
admin-password = "$ADMIN_PASSWORD"
status-password = "$ADMIN_PASSWORD"
admin-deny-ip = "*.*.*.*"
admin-allow-ip = "127.0.0.1"
smsbox-port = $SMSBOXP
smsbox-interface = "127.0.0.1"
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.0.0.1"
log-file = "$DIR/logs/bearerbox.log"
log-level = 2
dlr-storage = spool
dlr-spool = "$SPOOL/dlr-spool"
store-type = spool
store-location = "$SPOOL/store-spool"
sms-resend-freq = 2

$(sim1_conf)

# Replies come in here (scripts/gateway.sh mo); nothing is sent through it.
group = smsc
smsc = fake
smsc-id = mo1
port = $MOP
our-host = "127.0.0.1"
connect-allow-ip = "127.0.0.1"
allowed-smsc-id = "mo-only"

group = smsbox
bearerbox-host = "127.0.0.1"
bearerbox-port = $SMSBOXP
sendsms-port = $SENDSMS
sendsms-interface = "127.0.0.1"
log-file = "$DIR/logs/smsbox.log"
log-level = 2
http-request-retry = 10
http-queue-delay = 1
sendsms-chars = "0123456789+ "

group = sendsms-user
username = "console"
password = "$SENDSMS_PASSWORD"
max-messages = 10
concatenation = true
forced-smsc = sim1

group = sms-service
keyword = default
get-url = "$CALLBACK_BASE/gateway/kannel/$SECRET/mo?from=%p&to=%P&coding=%c&charset=%C&text=%b"
max-messages = 0
catch-all = true
CONF
}

start_bg() { # name command...: each in its own process group, stopped as a group
  local name=$1; shift
  setsid "$@" >>"$DIR/logs/$name.stdout" 2>&1 < /dev/null &
  echo $! >"$DIR/$name.pgid"
}

# Alive while its first process runs (from the fork on: its group exists only once setsid has run, so asking for the
# group alone right after the start can see none and start a second copy, whose pgid file then names the wrong group),
# or while any process of its group does (smsbox respawns under a new PID after a bearerbox crash).
alive() {
  [ -f "$DIR/$1.pgid" ] || return 1
  local pg
  pg=$(cat "$DIR/$1.pgid")
  kill -0 "$pg" 2>/dev/null || pgrep -g "$pg" >/dev/null
}

# The fake SMSC connects to bearerbox's SMSC port and exits when it is not open yet (or closes): start it (again) until it holds.
# In SMPP mode bearerbox connects to the simulator itself (reconnect-delay 2).
keep_smsc() {
  [ "$MODE" = smpp ] && return 0
  alive fakesmsc || start_bg fakesmsc /usr/lib/kannel/test/fakesmsc -H 127.0.0.1 -r "$FAKEP" -m 0 "100 200 text nop"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# While start and revive wait: bearerbox again if it exited (a port still held after a crash), and smsbox once bearerbox
# takes box connections. smsbox exits when bearerbox refuses its first connection, and after a crash bearerbox opens
# its box port only when it has read its spools back, seconds after its admin port on a loaded machine.
keep_boxes() {
  alive bearerbox || { [ -f "$DIR/bearerbox.pgid" ] && echo "bearerbox exited; starting it again" >&2; start_bg bearerbox bearerbox -v 2 "$DIR/kannel.conf"; }
  alive smsbox || { port_open "$SMSBOXP" && { [ -f "$DIR/smsbox.pgid" ] && echo "smsbox exited; starting it again" >&2; start_bg smsbox smsbox -v 2 "$DIR/kannel.conf"; }; }
  keep_smsc
}

# What the logs said last, for a gateway that did not get ready.
explain() {
  for f in bearerbox.log bearerbox.stdout smsbox.log smsbox.stdout; do
    [ -s "$DIR/logs/$f" ] && { echo "--- $f (last lines)"; tail -n 8 "$DIR/logs/$f"; }
  done >&2
}

start_sim() {
  SIM_REJECT_PREFIXES=${SIM_REJECT_PREFIXES:-1977} SIM_UNDELIV_PREFIXES=${SIM_UNDELIV_PREFIXES:-1888} NODE_PATH="$SIMDIR/node_modules" \
    start_bg smscsim node "$ROOT/scripts/smsc-sim.js" "$SMPPP" "$SIMSTATS"
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$SIMSTATS/" && return 0; sleep 0.05; done
  echo "SMPP simulator NOT ready; logs in $DIR/logs" >&2; return 1
}

ready() {
  local x sim
  x=$(curl -sf "http://127.0.0.1:$ADMIN/status.xml?password=$ADMIN_PASSWORD" || true)
  sim=$(sed -n '/<id>sim1<\/id>/,/<\/smsc>/p' <<<"$x" | grep -m1 '<status>' || true)
  grep -q '<type>smsbox</type>' <<<"$x" && grep -q '<status>online' <<<"$sim" \
    && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SENDSMS/cgi-bin/sendsms")" != 000 ]
}

stop_all() {
  for n in bearerbox smsbox fakesmsc smscsim; do   # bearerbox first: SIGTERM is graceful, the boxes follow it
    local f="$DIR/$n.pgid"; [ -f "$f" ] || continue; local pg; pg=$(cat "$f")
    kill -TERM -- "-$pg" 2>/dev/null
    for _ in $(seq 1 50); do pgrep -g "$pg" >/dev/null || break; sleep 0.1; done
    pgrep -g "$pg" >/dev/null && kill -KILL -- "-$pg" 2>/dev/null
    rm -f "$f"
  done
}

settings() {
  echo "Gateway__Kannel__SendSmsUrl=http://127.0.0.1:$SENDSMS/cgi-bin/sendsms"
  echo "Gateway__Kannel__User=console"
  echo "Gateway__Kannel__Password=$SENDSMS_PASSWORD"
  echo "Gateway__Kannel__StatusUrl=http://127.0.0.1:$ADMIN/status.xml"
  echo "Gateway__Kannel__StatusPassword=$ADMIN_PASSWORD"
  echo "Gateway__Kannel__CallbackBaseUrl=$CALLBACK_BASE"
  echo "Gateway__Kannel__CallbackSecret=$SECRET"
  echo "Gateway__Kannel__From=$FROM"
}

case "${1:-}" in
  start)
    install_kannel || { echo "Kannel could not be installed" >&2; exit 1; }
    [ "$MODE" = smpp ] && { install_sim || { echo "the SMPP simulator could not be installed" >&2; exit 1; }; }
    mkdir -p "$DIR"; stop_all
    rm -rf "$DIR/logs" "$SPOOL/dlr-spool" "$SPOOL/store-spool"; mkdir -p "$DIR/logs" "$SPOOL/dlr-spool" "$SPOOL/store-spool"
    [ -f "$DIR/secret" ] || { (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/secret"); }
    SECRET=${GATEWAY_SECRET:-$(cat "$DIR/secret")}
    ADMIN=$(free_port) SMSBOXP=$(free_port) SENDSMS=$(free_port) FAKEP=$(free_port) MOP=$(free_port) SMPPP=$(free_port) SIMSTATS=$(free_port)
    ADMIN_PASSWORD=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n') SENDSMS_PASSWORD=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    write_conf
    declare -p ADMIN SMSBOXP SENDSMS FAKEP MOP SMPPP SIMSTATS MODE ADMIN_PASSWORD SENDSMS_PASSWORD SECRET CALLBACK_BASE > "$DIR/ports.env"
    t0=$(date +%s%N)
    [ "$MODE" = smpp ] && { start_sim || { stop_all; exit 1; }; }
    deadline=$(( $(date +%s) + READY_SECONDS ))
    until keep_boxes; ready; do
      if [ "$(date +%s)" -ge "$deadline" ]; then echo "gateway NOT ready; logs in $DIR/logs" >&2; explain; stop_all; exit 1; fi
      sleep 0.05
    done
    echo "gateway ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms; start the console with:" >&2
    settings ;;
  stop) [ -d "$DIR" ] && stop_all; echo "stopped" >&2 ;;
  status)
    [ -f "$DIR/ports.env" ] || { echo "not running"; exit 1; }
    . "$DIR/ports.env"
    curl -sf "http://127.0.0.1:$ADMIN/status.txt?password=$ADMIN_PASSWORD" || { echo "not running"; exit 1; } ;;
  settings) . "$DIR/ports.env"; settings ;;
  crash)
    pg=$(cat "$DIR/bearerbox.pgid") && kill -KILL -- "-$pg" && rm -f "$DIR/bearerbox.pgid"
    for _ in $(seq 1 50); do pgrep -g "$pg" >/dev/null || break; sleep 0.1; done
    echo "bearerbox killed" >&2 ;;
  revive)
    . "$DIR/ports.env"
    # The boxes left from before the crash are started afresh: a surviving smsbox waits in its own restart loop and a
    # fake SMSC may linger unconnected; neither holds state (the spools are bearerbox's). The SMPP simulator stays: it
    # is the carrier's side, and bearerbox connects to it again.
    for n in smsbox fakesmsc; do
      f="$DIR/$n.pgid"; [ -f "$f" ] && kill -KILL -- "-$(cat "$f")" 2>/dev/null; rm -f "$f"
    done
    deadline=$(( $(date +%s) + READY_SECONDS ))
    until keep_boxes; ready; do
      [ "$(date +%s)" -ge "$deadline" ] && { echo "gateway NOT ready after revive; logs in $DIR/logs" >&2; explain; exit 1; }
      sleep 0.05
    done
    echo "gateway revived" >&2 ;;
  mo)
    [ $# -ge 3 ] || { echo "usage: $0 mo FROM TEXT" >&2; exit 2; }
    . "$DIR/ports.env"
    text=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1].encode("utf-16-be")))' "$3")
    timeout 10 /usr/lib/kannel/test/fakesmsc -H 127.0.0.1 -r "$MOP" -m 1 -i 0.01 "$2 $FROM ucs2 $text" >"$DIR/logs/mo.stdout" 2>&1
    echo "reply sent" >&2 ;;
  *) echo "usage: $0 start|stop|status|settings|crash|revive|mo FROM TEXT" >&2; exit 2 ;;
esac
