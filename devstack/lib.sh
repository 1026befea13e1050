# shellcheck shell=bash disable=SC2034
# Settings and helpers shared by stack.sh, unstack.sh, clean.sh and
# status.sh. Every setting is an environment variable with a default:
#
#   MINOVA_STATE          /var/lib/minova   state: database, images, instances,
#                                           logs/ (one file per service), run/
#   MINOVA_CONF_DIR       /etc/minova       minova.conf
#   MINOVA_HOST_IP        127.0.0.1         where the APIs listen
#   MINOVA_API_PORT       8774              compute API
#   MINOVA_IMAGE_PORT     9292              image API
#   MINOVA_RABBIT         guest:guest@127.0.0.1:5672
#   MINOVA_RABBIT_VHOST   /                 another vhost is created (and
#                                           clean.sh deletes it)
#   MINOVA_DATABASE       (SQLite in the state dir) an SQLAlchemy URL
#   MINOVA_COMPUTE_DRIVER auto              auto | fake | libvirt
#   MINOVA_VIRT_TYPE      qemu              qemu | kvm
#   MINOVA_INSTANCE_NAME_TEMPLATE instance-%08x  libvirt domain names
#   MINOVA_NETWORK        auto              auto (when minova-network exists)
#                                           | yes | no
#   MINOVA_BRIDGE         br100             bridge of the default network
#   MINOVA_FIXED_RANGE    10.11.12.0/24     its fixed range
#   MINOVA_PUBLIC_BRIDGE  br-public         the public bridge: the routers'
#                                           ports and the outside (no
#                                           physical port, no address)
#   MINOVA_PUBLIC_RANGE   172.24.4.0/24     its range (a .0/prefix); the
#                                           outside namespace has .1
#   MINOVA_FLOATING_RANGE 172.24.4.128/28   the floating IP pool "public"
#   MINOVA_OUTSIDE_NS     minova-outside    the namespace that stands for
#                                           the rest of the world
#   MINOVA_SYSTEMD        auto              auto (when systemd is PID 1) |
#                                           yes | no
#   MINOVA_DEMO           yes               boot the demo server
#   MINOVA_PYTHON         python3
#   MINOVA_AUTH           keystone          keystone | noauth2 (tokens are
#                                           user:project, for tests only)
#   MINOVA_KEYSTONE_PORT  5000              keystone's API (uWSGI)
#   MINOVA_KEYSTONE_VENV  /opt/minova/keystone-venv  its own virtualenv
#   MINOVA_KEYSTONE_VERSION 30.0.0          from PyPI
#   MINOVA_KEYSTONE_HASH_ROUNDS 4           bcrypt cost of keystone's
#                                           passwords (devstack's default)
#   MINOVA_PASSWORD       (generated)       admin, demo and alt_demo
#   MINOVA_SERVICE_PASSWORD (generated)     the minova service user
#   MINOVA_CLOUDS_YAML    /etc/openstack/clouds.yaml  gets the clouds
#                                           devstack, devstack-admin and
#                                           devstack-alt
#
# Choices that stack.sh makes (driver, network, systemd, auth, passwords)
# are recorded in
# $MINOVA_STATE/stack.env (mode 0600), so the other scripts act on what
# was stacked.
# (SC2034 is off: variables assigned here are used by those scripts.)

# Where pip put the console scripts of $PYTHON.
bin_dir() {
    "$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("scripts"))'
}

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${MINOVA_STATE:-/var/lib/minova}
STACK_ENV=$STATE/stack.env
if [ -r "$STACK_ENV" ]; then
    # shellcheck source=/dev/null
    . "$STACK_ENV"
fi
CONF_DIR=${MINOVA_CONF_DIR:-${STACKED_CONF_DIR:-/etc/minova}}
CONF=$CONF_DIR/minova.conf
LOGS=$STATE/logs
RUN=$STATE/run
# oslo.log rotates each service log at this size, keeping this many.
LOG_SIZE_MB=${MINOVA_LOG_SIZE_MB:-50}
LOG_COUNT=${MINOVA_LOG_COUNT:-5}
HOST_IP=${MINOVA_HOST_IP:-${STACKED_HOST_IP:-127.0.0.1}}
API_PORT=${MINOVA_API_PORT:-${STACKED_API_PORT:-8774}}
IMAGE_PORT=${MINOVA_IMAGE_PORT:-${STACKED_IMAGE_PORT:-9292}}
RABBIT=${MINOVA_RABBIT:-${STACKED_RABBIT:-guest:guest@127.0.0.1:5672}}
RABBIT_VHOST=${MINOVA_RABBIT_VHOST:-${STACKED_RABBIT_VHOST:-/}}
DATABASE=${MINOVA_DATABASE:-${STACKED_DATABASE:-}}
VIRT_TYPE=${MINOVA_VIRT_TYPE:-${STACKED_VIRT_TYPE:-qemu}}
INSTANCE_NAME_TEMPLATE=${MINOVA_INSTANCE_NAME_TEMPLATE:-${STACKED_INSTANCE_NAME_TEMPLATE:-instance-%08x}}
BRIDGE=${MINOVA_BRIDGE:-${STACKED_BRIDGE:-br100}}
FIXED_RANGE=${MINOVA_FIXED_RANGE:-${STACKED_FIXED_RANGE:-10.11.12.0/24}}
PUBLIC_BRIDGE=${MINOVA_PUBLIC_BRIDGE:-${STACKED_PUBLIC_BRIDGE:-br-public}}
PUBLIC_RANGE=${MINOVA_PUBLIC_RANGE:-${STACKED_PUBLIC_RANGE:-172.24.4.0/24}}
FLOATING_RANGE=${MINOVA_FLOATING_RANGE:-${STACKED_FLOATING_RANGE:-172.24.4.128/28}}
OUTSIDE_NS=${MINOVA_OUTSIDE_NS:-${STACKED_OUTSIDE_NS:-minova-outside}}
OUTSIDE_ADDRESS=${PUBLIC_RANGE%.*}.1/${PUBLIC_RANGE#*/}
# Our end of the outside's veth pair on the public bridge (15 characters
# at most; minova accepts "out-" ports there).
OUTSIDE_VETH=out-$(printf %s "$OUTSIDE_NS" | md5sum | cut -c1-8)
PYTHON=${MINOVA_PYTHON:-python3}
BIN=${MINOVA_BIN:-$(bin_dir)}
COMPUTE_URL=http://$HOST_IP:$API_PORT/v2.1
IMAGE_URL=http://$HOST_IP:$IMAGE_PORT
# The Network API façade in minova-api (README "The Network API"): the
# catalog's URL; clients add /v2.0 (an endpoint override names it).
NETWORK_URL=http://$HOST_IP:$API_PORT/networking
AUTH=${MINOVA_AUTH:-${STACKED_AUTH:-keystone}}
KEYSTONE_PORT=${MINOVA_KEYSTONE_PORT:-${STACKED_KEYSTONE_PORT:-5000}}
KEYSTONE_VENV=${MINOVA_KEYSTONE_VENV:-${STACKED_KEYSTONE_VENV:-/opt/minova/keystone-venv}}
KEYSTONE_VERSION=${MINOVA_KEYSTONE_VERSION:-${STACKED_KEYSTONE_VERSION:-30.0.0}}
KEYSTONE_DIR=$STATE/keystone
KEYSTONE_HASH_ROUNDS=${MINOVA_KEYSTONE_HASH_ROUNDS:-4}
KEYSTONE_URL=http://$HOST_IP:$KEYSTONE_PORT
KEYSTONE_SERVICE=minova-keystone
ADMIN_PASSWORD=${MINOVA_PASSWORD:-${STACKED_ADMIN_PASSWORD:-}}
SERVICE_PASSWORD=${MINOVA_SERVICE_PASSWORD:-${STACKED_SERVICE_PASSWORD:-}}
CLOUDS_YAML=${MINOVA_CLOUDS_YAML:-${STACKED_CLOUDS_YAML:-/etc/openstack/clouds.yaml}}
REGION=RegionOne

# Start order; stop order is the reverse.
ALL_SERVICES=(minova-image-api minova-conductor minova-scheduler
              minova-network minova-compute minova-api)

say() {
    if [ -t 1 ]; then printf '\033[1m==> %s\033[0m\n' "$*"; else printf '==> %s\n' "$*"; fi
}
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

systemd_is_pid1() {
    [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]
}

# yes when the services of this stack are (to be) systemd units.
use_systemd() {
    local mode=${MINOVA_SYSTEMD:-${STACKED_SYSTEMD:-auto}}
    case $mode in
        yes) return 0 ;;
        no) return 1 ;;
        *) systemd_is_pid1 ;;
    esac
}

# The pid of a service started as a background process, if it still runs
# (and is that service, not a recycled pid).
service_pid() {
    local pidfile=$RUN/$1.pid pid
    [ -r "$pidfile" ] || return 1
    pid=$(cat "$pidfile")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$1" ||
        return 1
    echo "$pid"
}

service_running() {
    if use_systemd; then
        systemctl is-active --quiet "$1.service"
    else
        service_pid "$1" >/dev/null
    fi
}

# The services of this stack that have a pid file or a unit.
stacked_services() {
    local name
    for name in "$KEYSTONE_SERVICE" "${ALL_SERVICES[@]}"; do
        if [ -e "$RUN/$name.pid" ] ||
           [ -e "/etc/systemd/system/$name.service" ]; then
            echo "$name"
        fi
    done
}

stop_service() {
    stop_services "$1"
}

# SIGTERM to all at once, so they shut down in parallel; SIGKILL to those
# still there after 15 s.
stop_services() {
    local name pid pids=() names=()
    if use_systemd; then
        for name in "$@"; do
            systemctl stop "$name.service" 2>/dev/null || true
            echo "   $name stopped"
        done
        return
    fi
    for name in "$@"; do
        if pid=$(service_pid "$name"); then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
            names+=("$name")
        fi
        rm -f "$RUN/$name.pid"
    done
    for _ in $(seq 150); do
        any_alive "${pids[@]}" || break
        sleep 0.1
    done
    for i in "${!pids[@]}"; do
        pid=${pids[$i]}
        if kill -0 "$pid" 2>/dev/null; then
            warn "${names[$i]} (pid $pid) ignored SIGTERM; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        echo "   ${names[$i]} stopped (pid $pid)"
    done
}

any_alive() {
    local pid
    for pid in "$@"; do
        kill -0 "$pid" 2>/dev/null && return 0
    done
    return 1
}

stop_all() {
    local services
    # Reverse start order, which matters with systemd (serial stops).
    mapfile -t services < <(stacked_services | tac)
    stop_services "${services[@]}"
}

# The minova CLI against this stack, as user:project $1 (admin:admin,
# demo:demo or alt_demo:alt_demo), through the stack's own auth: its
# clouds of clouds.yaml with keystone, the token itself with noauth2.
cli() {
    local token=$1 cloud=devstack unset=() var
    shift
    # Only the stack's choice counts, not the caller's OS_* variables.
    for var in $(compgen -e); do
        case $var in OS_*) unset+=(-u "$var") ;; esac
    done
    if [ "$AUTH" = keystone ]; then
        case $token in
            admin*) cloud=devstack-admin ;;
            alt_demo*) cloud=devstack-alt ;;
        esac
        env "${unset[@]}" OS_CLIENT_CONFIG_FILE="$CLOUDS_YAML" \
            OS_CLOUD="$cloud" "$BIN/minova" "$@"
        return
    fi
    env "${unset[@]}" OS_AUTH_TYPE=admin_token \
        OS_TOKEN="$token" OS_COMPUTE_ENDPOINT_OVERRIDE="$COMPUTE_URL" \
        OS_IMAGE_ENDPOINT_OVERRIDE="$IMAGE_URL" "$BIN/minova" "$@"
}

# A token of the stack's admin: a keystone token, or noauth2's admin:admin.
admin_token() {
    if [ "$AUTH" != keystone ]; then
        echo admin:admin
        return
    fi
    OS_CLIENT_CONFIG_FILE=$CLOUDS_YAML "$PYTHON" -c '
import openstack.config
from keystoneauth1 import session
cloud = openstack.config.OpenStackConfig().get_one("devstack-admin")
print(session.Session(auth=cloud.get_auth()).get_token())'
}
