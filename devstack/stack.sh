#!/usr/bin/env bash
# Bring a whole minova cloud up on this machine and boot a demo server.
#
#   devstack/stack.sh          # idempotent: running it again is harmless
#
# Services run as background processes with pid and log files under
# $MINOVA_STATE (default /var/lib/minova); devstack/unstack.sh stops them.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
STATE=${MINOVA_STATE:-/var/lib/minova}
CONF_DIR=${MINOVA_CONF_DIR:-$STATE/etc}
LOGS=$STATE/logs
RUN=$STATE/run
API_PORT=${MINOVA_API_PORT:-8774}
IMAGE_PORT=${MINOVA_IMAGE_PORT:-9292}
COMPUTE_DRIVER=${MINOVA_COMPUTE_DRIVER:-fake.FakeDriver}
SERVICES=(minova-image-api minova-conductor minova-scheduler minova-compute
          minova-api)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

install_packages() {
    local missing=()
    for pkg in rabbitmq-server python3-pip; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        say "Installing ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    fi
    if ! command -v minova-api >/dev/null; then
        say "Installing minova (pip)"
        python3 -m pip install -q -e "$TOP"
    fi
}

start_rabbitmq() {
    if ! rabbitmqctl status >/dev/null 2>&1; then
        say "Starting RabbitMQ"
        rabbitmq-server -detached
        for _ in $(seq 60); do
            rabbitmqctl status >/dev/null 2>&1 && return
            sleep 1
        done
    fi
}

write_config() {
    mkdir -p "$CONF_DIR" "$LOGS" "$RUN"
    if [ ! -f "$CONF_DIR/minova.conf" ]; then
        say "Writing $CONF_DIR/minova.conf"
        cat > "$CONF_DIR/minova.conf" <<CONF
[DEFAULT]
state_path = $STATE
transport_url = rabbit://guest:guest@127.0.0.1:5672/
compute_driver = $COMPUTE_DRIVER
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = $API_PORT
api_paste_config = $TOP/etc/minova/api-paste.ini

[glance]
api_servers = http://127.0.0.1:$IMAGE_PORT

[image_api]
bind_port = $IMAGE_PORT

[oslo_messaging_notifications]
driver = noop
CONF
    fi
}

start_service() {
    local name=$1 pidfile=$RUN/$1.pid
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "   $name already running (pid $(cat "$pidfile"))"
        return
    fi
    "$name" --config-file "$CONF_DIR/minova.conf" >>"$LOGS/$name.log" 2>&1 &
    echo $! > "$pidfile"
    echo "   $name started (pid $!, log $LOGS/$name.log)"
}

wait_http() {
    for _ in $(seq 60); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.5
    done
    echo "$1 did not answer; see $LOGS" >&2
    return 1
}

api() {
    curl -sf -H 'X-Auth-Token: admin:admin' -H 'Content-Type: application/json' \
        "$@"
}

main() {
    install_packages
    start_rabbitmq
    write_config
    say "Syncing the database"
    minova-manage --config-file "$CONF_DIR/minova.conf" db sync
    say "Starting services"
    for service in "${SERVICES[@]}"; do
        start_service "$service"
    done
    wait_http "http://127.0.0.1:$IMAGE_PORT/"
    wait_http "http://127.0.0.1:$API_PORT/"
    say "Creating flavors"
    local m=(minova-manage --config-file "$CONF_DIR/minova.conf" flavor create)
    "${m[@]}" m1.nano --id 42 --ram 128 --disk 1 --vcpus 1 --if-missing
    "${m[@]}" m1.micro --id 84 --ram 192 --disk 1 --vcpus 1 --if-missing
    "${m[@]}" m1.tiny --id 1 --ram 512 --disk 1 --vcpus 1 --if-missing
    "${m[@]}" m1.small --id 2 --ram 2048 --disk 20 --vcpus 1 --if-missing
    python3 "$TOP/devstack/demo.py" --api "http://127.0.0.1:$API_PORT" \
        --image-api "http://127.0.0.1:$IMAGE_PORT"
}

main "$@"
