#!/usr/bin/env bash
# Bring a whole minova cloud up on this machine and boot a demo server.
#
#   devstack/stack.sh        # idempotent: running it again is harmless
#
# Installs what is missing (apt, pip), writes $MINOVA_CONF_DIR/minova.conf,
# syncs the database, starts RabbitMQ (and libvirtd for the libvirt driver),
# starts every minova service -- systemd units where systemd is PID 1,
# background processes with pid files elsewhere -- creates the default
# flavors, a network (when minova-network exists) and an image, boots
# "demo" and shows it. Settings: see devstack/lib.sh. Also:
# devstack/status.sh, devstack/unstack.sh, devstack/clean.sh.
set -eEuo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
# shellcheck source=keystone.sh source-path=SCRIPTDIR
. "$(dirname "$0")/keystone.sh"

STEPS=11
STEP=0
STEP_STARTED=$SECONDS
CONFIG_CHANGED=no
APT_UPDATED=no

step() {
    if [ "$STEP" -gt 0 ]; then
        printf '    (%ds)\n' $((SECONDS - STEP_STARTED))
    fi
    STEP=$((STEP + 1))
    STEP_STARTED=$SECONDS
    if [ -t 1 ]; then
        printf '\033[1m==> [%d/%d] %s\033[0m\n' "$STEP" "$STEPS" "$*"
    else
        printf '==> [%d/%d] %s\n' "$STEP" "$STEPS" "$*"
    fi
}

on_error() {
    echo "stack.sh failed in step $STEP; the service logs are in $LOGS" >&2
}
trap on_error ERR

# ---------------------------------------------------------------- install

ensure_packages() {
    local missing=() pkg
    command -v dpkg >/dev/null || { warn "no dpkg: install $* yourself"; return 0; }
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    echo "   apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if [ "$APT_UPDATED" = no ]; then
        apt-get update -q >/dev/null
        APT_UPDATED=yes
    fi
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# pip-install this tree when a console script of setup.cfg is missing or
# minova is imported from elsewhere.
ensure_minova_installed() {
    local missing
    missing=$("$PYTHON" - "$TOP" "$BIN" <<'PY'
import configparser, os, sys
top, bin_dir = sys.argv[1:]
cfg = configparser.ConfigParser()
cfg.read(os.path.join(top, 'setup.cfg'))
scripts = cfg['options.entry_points']['console_scripts'].split('\n')
names = [s.split('=')[0].strip() for s in scripts if s.strip()]
gone = [n for n in names if not os.path.exists(os.path.join(bin_dir, n))]
try:
    import minova
    if not os.path.realpath(minova.__file__).startswith(
            os.path.realpath(top)):
        gone.append('minova (installed from elsewhere)')
except ImportError:
    gone.append('minova')
print(' '.join(gone))
PY
)
    if [ -n "$missing" ]; then
        echo "   pip install -e $TOP (missing: $missing)"
        # libvirt-python (a requirement) builds against libvirt's headers.
        if ! "$PYTHON" -c 'import libvirt' 2>/dev/null; then
            ensure_packages libvirt-dev pkg-config gcc
            "$PYTHON" -c 'import os, sysconfig; exit(not os.path.exists(
                os.path.join(sysconfig.get_paths()["include"], "Python.h")))' ||
                ensure_packages python3-dev
        fi
        PIP_BREAK_SYSTEM_PACKAGES=1 "$PYTHON" -m pip install -q \
            --disable-pip-version-check -e "$TOP"
    fi
}

# ------------------------------------------------------- choices: driver

libvirt_usable() {
    "$PYTHON" -c 'import minova.virt.libvirt' 2>/dev/null || return 1
    virsh -c qemu:///system version >/dev/null 2>&1
}

# Packages, the Python binding and a running libvirtd; 1 if impossible.
setup_libvirt() {
    ensure_packages libvirt-daemon-system libvirt-clients qemu-system-x86 \
        qemu-utils genisoimage busybox-static cpio xz-utils zstd kmod \
        e2fsprogs || return 1
    if ! "$PYTHON" -c 'import libvirt' 2>/dev/null; then
        ensure_packages libvirt-dev pkg-config gcc || return 1
        PIP_BREAK_SYSTEM_PACKAGES=1 "$PYTHON" -m pip install -q \
            --disable-pip-version-check libvirt-python || return 1
    fi
    # Without udev /dev/kvm stays root-only and libvirtd re-probes QEMU
    # on every domain start (about a minute each): set Debian's modes.
    if [ -c /dev/kvm ] && ! systemd_is_pid1; then
        chgrp kvm /dev/kvm 2>/dev/null && chmod 0660 /dev/kvm
    fi
    if ! virsh -c qemu:///system version >/dev/null 2>&1; then
        echo "   starting libvirtd"
        if systemd_is_pid1; then
            systemctl start libvirtd || return 1
        else
            pgrep -x virtlogd >/dev/null || virtlogd -d || return 1
            libvirtd -d || return 1
        fi
        for _ in $(seq 50); do
            virsh -c qemu:///system version >/dev/null 2>&1 && break
            sleep 0.2
        done
    fi
    libvirt_usable
}

choose_driver() {
    # A re-run keeps the driver of the servers it already has.
    case ${MINOVA_COMPUTE_DRIVER:-${STACKED_DRIVER:-auto}} in
        fake|fake.FakeDriver) DRIVER=fake ;;
        libvirt|libvirt.LibvirtDriver)
            setup_libvirt || die "the libvirt driver cannot run here"
            DRIVER=libvirt ;;
        auto)
            DRIVER=fake
            if [ -d "$TOP/minova/virt/libvirt" ]; then
                if setup_libvirt; then
                    DRIVER=libvirt
                else
                    warn "libvirt cannot run here: using the fake driver"
                fi
            fi ;;
        *) die "MINOVA_COMPUTE_DRIVER: auto, fake or libvirt" ;;
    esac
    case ${MINOVA_NETWORK:-${STACKED_NETWORK:-auto}} in
        yes) NETWORK=yes ;;
        no) NETWORK=no ;;
        *) if [ -x "$BIN/minova-network" ]; then NETWORK=yes
           else NETWORK=no; fi ;;
    esac
    if [ "$NETWORK" = yes ]; then
        [ -x "$BIN/minova-network" ] || die "minova-network is not installed"
        ensure_packages iproute2 dnsmasq-base dnsmasq-utils
    fi
    SERVICES=()
    for name in "${ALL_SERVICES[@]}"; do
        [ "$name" = minova-network ] && [ "$NETWORK" = no ] && continue
        SERVICES+=("$name")
    done
    if use_systemd; then MODE=systemd; else MODE=process; fi
    echo "   driver: $DRIVER; network: $NETWORK; services as: $MODE"
    choose_auth
}

# A re-run keeps the auth strategy and the passwords it made.
choose_auth() {
    case $AUTH in
        keystone|noauth2) ;;
        *) die "MINOVA_AUTH: keystone or noauth2" ;;
    esac
    [ -n "$ADMIN_PASSWORD" ] || ADMIN_PASSWORD=$(new_password)
    [ -n "$SERVICE_PASSWORD" ] || SERVICE_PASSWORD=$(new_password)
    echo "   auth: $AUTH"
}

new_password() {
    "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(15))'
}

# ---------------------------------------------------------------- rabbit

port_open() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

start_rabbitmq() {
    local hostport=${RABBIT#*@} user=${RABBIT%%:*}
    local host=${hostport%:*} port=${hostport##*:}
    if ! port_open "$host" "$port"; then
        case $host in
            127.*|localhost) ;;
            *) die "RabbitMQ at $host:$port does not answer" ;;
        esac
        ensure_packages rabbitmq-server
        echo "   starting RabbitMQ"
        if systemd_is_pid1; then
            systemctl start rabbitmq-server
        else
            rabbitmq-server -detached
        fi
        for _ in $(seq 120); do
            port_open "$host" "$port" && break
            sleep 0.5
        done
        port_open "$host" "$port" || die "RabbitMQ did not start"
    fi
    if [ "$RABBIT_VHOST" != / ] &&
       ! rabbitmqctl -q list_vhosts | grep -qxF "$RABBIT_VHOST"; then
        echo "   creating RabbitMQ vhost $RABBIT_VHOST"
        rabbitmqctl -q add_vhost "$RABBIT_VHOST"
        rabbitmqctl -q set_permissions -p "$RABBIT_VHOST" "$user" \
            '.*' '.*' '.*'
    fi
}

# ---------------------------------------------------------------- config

transport_url() {
    if [ "$RABBIT_VHOST" = / ]; then
        echo "rabbit://$RABBIT/"
    else
        echo "rabbit://$RABBIT/$RABBIT_VHOST"
    fi
}

render_config() {
    cat <<CONF
# Written by devstack/stack.sh; edit MINOVA_* settings and re-run it.
[DEFAULT]
state_path = $STATE
transport_url = $(transport_url)
compute_driver = $(if [ "$DRIVER" = libvirt ]; then
                       echo libvirt.LibvirtDriver
                   else
                       echo fake.FakeDriver
                   fi)
osapi_compute_listen = $HOST_IP
osapi_compute_listen_port = $API_PORT
api_paste_config = $CONF_DIR/api-paste.ini
instance_name_template = $INSTANCE_NAME_TEMPLATE
# One host resizes to itself (as Nova's devstack sets it).
allow_resize_to_same_host = True
report_interval = 5
update_resources_interval = 10
# oslo.log writes and rotates each service's log itself, under systemd
# and as processes alike: $LOGS/<service>.log, then .1 ... .$LOG_COUNT
# (MINOVA_LOG_SIZE_MB, MINOVA_LOG_COUNT). stdout and stderr (a crash
# before logging starts) go to <service>.out, or the journal.
log_dir = $LOGS
log_rotation_type = size
max_logfile_size_mb = $LOG_SIZE_MB
max_logfile_count = $LOG_COUNT

[database]
connection = $DATABASE

[glance]
api_servers = $IMAGE_URL

[image_api]
bind_host = $HOST_IP
bind_port = $IMAGE_PORT

[libvirt]
virt_type = $VIRT_TYPE

[oslo_messaging_notifications]
driver = noop
$(render_network_config)
$(render_auth_config)
CONF
}

# Floating IPs live on the public bridge, NATed only inside the
# network's router namespace.
render_network_config() {
    [ "$NETWORK" = yes ] || return 0
    cat <<CONF

[network]
public_bridge = $PUBLIC_BRIDGE
public_cidr = $PUBLIC_RANGE
CONF
}

# Both APIs validate tokens with keystonemiddleware as the minova service
# user, who also sends its service token with the user's on the calls
# compute makes to the image API (as Nova does to Glance).
render_auth_config() {
    [ "$AUTH" = keystone ] || return 0
    local user
    user="auth_type = password
auth_url = $KEYSTONE_URL/v3
username = minova
password = $SERVICE_PASSWORD
user_domain_name = Default
project_name = service
project_domain_name = Default"
    cat <<CONF

[api]
auth_strategy = keystone

[image_api]
auth_strategy = keystone

[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
region_name = $REGION
service_token_roles_required = true
$user

[service_user]
send_service_user_token = true
$user
CONF
}

write_config() {
    local new
    mkdir -p "$CONF_DIR" "$LOGS" "$RUN"
    new=$(render_config)
    if [ ! -f "$CONF" ] || [ "$new" != "$(cat "$CONF")" ]; then
        [ -f "$CONF" ] && CONFIG_CHANGED=yes
        printf '%s\n' "$new" > "$CONF"
        echo "   wrote $CONF"
    else
        echo "   $CONF unchanged"
    fi
    if ! cmp -s "$TOP/etc/minova/api-paste.ini" "$CONF_DIR/api-paste.ini"; then
        cp "$TOP/etc/minova/api-paste.ini" "$CONF_DIR/api-paste.ini"
        CONFIG_CHANGED=yes
    fi
    {
        for var in CONF_DIR HOST_IP API_PORT IMAGE_PORT RABBIT RABBIT_VHOST \
                   DATABASE VIRT_TYPE BRIDGE FIXED_RANGE DRIVER NETWORK \
                   PUBLIC_BRIDGE PUBLIC_RANGE FLOATING_RANGE OUTSIDE_NS \
                   INSTANCE_NAME_TEMPLATE AUTH KEYSTONE_PORT KEYSTONE_VENV \
                   KEYSTONE_VERSION ADMIN_PASSWORD SERVICE_PASSWORD \
                   CLOUDS_YAML; do
            printf 'STACKED_%s=%q\n' "$var" "${!var}"
        done
        printf 'STACKED_SYSTEMD=%q\n' "$([ "$MODE" = systemd ] && echo yes || echo no)"
    } > "$STACK_ENV.new"
    # It holds the passwords.
    chmod 0600 "$STACK_ENV.new"
    mv "$STACK_ENV.new" "$STACK_ENV"
    write_openrc
}

write_openrc() {
    if [ "$AUTH" = keystone ]; then
        write_keystone_openrc
        return
    fi
    cat > "$STATE/openrc" <<RC
# source $STATE/openrc [user [project]]   (noauth2: the token is user:project)
# For minova and openstack; for nova see README.md.
export OS_TOKEN="\${1:-demo}:\${2:-\${1:-demo}}"
export OS_AUTH_TYPE=admin_token
export OS_ENDPOINT=http://$HOST_IP:$API_PORT/v3
export OS_COMPUTE_ENDPOINT_OVERRIDE=$COMPUTE_URL
export OS_IMAGE_ENDPOINT_OVERRIDE=$IMAGE_URL
export OS_NETWORK_ENDPOINT_OVERRIDE=$NETWORK_URL/v2.0
RC
}

write_keystone_openrc() {
    local rc=$STATE/openrc
    install -m 0600 /dev/null "$rc"
    cat > "$rc" <<RC
# source $STATE/openrc [user [project]]   (demo, alt_demo or admin)
# Keystone's password auth, endpoints from its catalog: for minova, nova
# and openstack alike. (Or: export OS_CLOUD=devstack, with clouds.yaml.)
unset OS_TOKEN OS_AUTH_TYPE OS_ENDPOINT OS_CLOUD \
    OS_COMPUTE_ENDPOINT_OVERRIDE OS_IMAGE_ENDPOINT_OVERRIDE \
    OS_NETWORK_ENDPOINT_OVERRIDE
export OS_AUTH_URL=$KEYSTONE_URL/v3
export OS_IDENTITY_API_VERSION=3
export OS_USERNAME=\${1:-demo}
export OS_PROJECT_NAME=\${2:-\${1:-demo}}
export OS_PASSWORD=$(printf '%q' "$ADMIN_PASSWORD")
export OS_USER_DOMAIN_ID=default
export OS_PROJECT_DOMAIN_ID=default
export OS_REGION_NAME=$REGION
export OS_INTERFACE=public
RC
}

# ---------------------------------------------------------------- systemd

# Unit files run as the minova user when it can run the code here (not,
# for instance, when python lives under /root); else as root.
prepare_unit_user() {
    UNIT_USER=minova
    if ! id minova >/dev/null 2>&1; then
        useradd --system --user-group --home-dir "$STATE" --no-create-home \
            --shell /usr/sbin/nologin minova
    fi
    if ! runuser -u minova -- "$BIN/minova-api" --help >/dev/null 2>&1; then
        warn "user minova cannot run $BIN/minova-api: units run as root"
        UNIT_USER=root
    fi
    chgrp minova "$STATE" "$LOGS" "$RUN" "$CONF_DIR" "$CONF"
    # QEMU and dnsmasq (other users) must traverse the state dir.
    chmod 2775 "$STATE"
    chmod 2770 "$LOGS"
    chmod 0640 "$CONF"
    mkdir -p "$STATE/images"
    chown -R "$UNIT_USER:minova" "$STATE/images"
    find "$STATE" -maxdepth 1 -name '*.sqlite*' \
        -exec chown "$UNIT_USER:minova" {} + -exec chmod 0660 {} +
}

install_units() {
    local name src dst changed=no
    for name in "${SERVICES[@]}" minova; do
        src=$TOP/etc/systemd/$name.service
        dst=/etc/systemd/system/$name.service
        [ "$name" = minova ] && { src=$TOP/etc/systemd/minova.target; dst=/etc/systemd/system/minova.target; }
        sed -e "s|/usr/local/bin/|$BIN/|g" \
            -e "s|/etc/minova/minova.conf|$CONF|g" \
            -e "s|/var/lib/minova|$STATE|g" \
            -e "s|^User=minova$|User=$UNIT_USER|" \
            -e "s|^StandardOutput=append:.*|StandardOutput=journal|" \
            "$src" > "$dst.new"
        if cmp -s "$dst.new" "$dst"; then
            rm "$dst.new"
        else
            mv "$dst.new" "$dst"
            changed=yes
        fi
    done
    [ "$changed" = no ] || systemctl daemon-reload
}

# --------------------------------------------------------------- services

start_service() {
    local name=$1 pid
    if [ "$MODE" = systemd ]; then
        systemctl enable --quiet "$name.service"
        if [ "$CONFIG_CHANGED" = yes ]; then
            systemctl restart "$name.service"
            echo "   $name restarted (systemd)"
        elif systemctl is-active --quiet "$name.service"; then
            echo "   $name already running (systemd)"
        else
            systemctl start "$name.service"
            echo "   $name started (systemd, log $LOGS/$name.log)"
        fi
        return
    fi
    if pid=$(service_pid "$name"); then
        if [ "$CONFIG_CHANGED" = no ]; then
            echo "   $name already running (pid $pid)"
            return
        fi
        stop_service "$name"
    fi
    # setsid: the service outlives this shell and its terminal.
    setsid "$BIN/$name" --config-file "$CONF" \
        >>"$LOGS/$name.out" 2>&1 </dev/null &
    echo $! > "$RUN/$name.pid"
    echo "   $name started (pid $!, log $LOGS/$name.log)"
}

check_alive() {
    local name
    for name in $([ "$AUTH" = keystone ] && echo "$KEYSTONE_SERVICE") \
                "${SERVICES[@]}"; do
        if ! service_running "$name"; then
            echo "$name is not running; the end of $LOGS/$name.log" \
                "and $name.out:" >&2
            tail -n 20 "$LOGS/$name.log" "$LOGS/$name.out" >&2 || true
            return 1
        fi
    done
}

# Wait until "$@" succeeds, checking that every service still runs.
wait_for() {
    local what=$1 deadline=$((SECONDS + $2))
    shift 2
    until "$@" >/dev/null 2>&1; do
        check_alive || die "$what: a service died"
        [ "$SECONDS" -lt "$deadline" ] || die "$what: timed out; see $LOGS"
        sleep 0.3
    done
}

services_up() {
    local up want
    up=$(cli admin:admin service-list -f value -c Binary -c State |
         awk '$2 == "up" {print $1}')
    for want in minova-conductor minova-scheduler minova-compute \
                $([ "$NETWORK" = yes ] && echo minova-network); do
        grep -qx "$want" <<<"$up" || return 1
    done
    cli admin:admin hypervisor-list -f value -c State | grep -qx up
}

start_services() {
    local name
    if [ "$MODE" = systemd ]; then
        prepare_unit_user
        install_units
    fi
    for name in "${SERVICES[@]}"; do
        start_service "$name"
    done
    wait_for "image API at $IMAGE_URL" 60 curl -sf -o /dev/null "$IMAGE_URL/versions"
    wait_for "compute API at $COMPUTE_URL" 60 curl -sf -o /dev/null "$COMPUTE_URL/"
    wait_for "services reporting up" 90 services_up
    echo "   all services up"
}

# ------------------------------------------------------------ resources

create_flavors() {
    local manage=("$BIN/minova-manage" --config-file "$CONF") have
    have=$("${manage[@]}" flavor list | awk 'NR > 1 {print $2}')
    while read -r name id ram disk; do
        if grep -qx "$name" <<<"$have"; then
            echo "   $name exists"
        else
            "${manage[@]}" flavor create "$name" --id "$id" --ram "$ram" \
                --disk "$disk" --vcpus 1 --if-missing | sed 's/^/   /'
        fi
    done <<'FLAVORS'
m1.nano 42 128 1
m1.micro 84 192 1
m1.tiny 1 512 1
m1.small 2 2048 20
FLAVORS
}

create_network() {
    local manage=("$BIN/minova-manage" --config-file "$CONF") out
    if [ "$NETWORK" = no ]; then
        echo "   skipped: no minova-network here"
        return
    fi
    if "${manage[@]}" network list 2>/dev/null | grep -qw private; then
        echo "   network private exists"
        return
    fi
    if ! out=$("${manage[@]}" network create --label private \
                 --fixed-range-v4 "$FIXED_RANGE" --bridge "$BRIDGE" 2>&1); then
        grep -qi exist <<<"$out" || die "network create failed: $out"
    fi
    echo "   network private: $FIXED_RANGE on bridge $BRIDGE"
}

# The floating IP pool "public", as devstack names it.
create_floating_pool() {
    local manage=("$BIN/minova-manage" --config-file "$CONF")
    [ "$NETWORK" = yes ] || return 0
    if "${manage[@]}" floating list 2>/dev/null | awk '{print $2}' |
            grep -qx public; then
        echo "   floating IP pool public exists"
        return
    fi
    "${manage[@]}" floating create --pool public \
        --ip-range "$FLOATING_RANGE" | sed 's/^/   /'
}

# The namespace $OUTSIDE_NS stands for the rest of the world: its only
# link is a veth pair into the public bridge, where the routers'
# namespaces hold the floating IPs. The bridge has no physical port, and
# the root namespace no address on it (not even IPv6 link-local).
create_outside() {
    [ "$NETWORK" = yes ] || return 0
    if ! ip link show dev "$PUBLIC_BRIDGE" >/dev/null 2>&1; then
        ip link add "$PUBLIC_BRIDGE" type bridge
    fi
    ip link set dev "$PUBLIC_BRIDGE" addrgenmode none
    ip link set dev "$PUBLIC_BRIDGE" up
    if ! ip netns list | awk '{print $1}' | grep -qx "$OUTSIDE_NS"; then
        ip netns add "$OUTSIDE_NS"
    fi
    if ! ip link show dev "$OUTSIDE_VETH" >/dev/null 2>&1; then
        ip link add "$OUTSIDE_VETH" type veth peer name eth0 \
            netns "$OUTSIDE_NS"
        ip -n "$OUTSIDE_NS" addr add "$OUTSIDE_ADDRESS" dev eth0
    fi
    ip link set dev "$OUTSIDE_VETH" addrgenmode none
    ip link set dev "$OUTSIDE_VETH" master "$PUBLIC_BRIDGE" up
    ip -n "$OUTSIDE_NS" link set lo up
    ip -n "$OUTSIDE_NS" link set eth0 up
    echo "   namespace $OUTSIDE_NS ($OUTSIDE_ADDRESS) on bridge $PUBLIC_BRIDGE"
}

# The demo project's way in (devstack/demo_access.py): ICMP and SSH in
# its default group; with a real guest, a floating IP on the demo server.
demo_access() {
    local args=()
    [ "$NETWORK" = yes ] || return 0
    [ "$DRIVER" = libvirt ] && args=(--server demo)
    DEMO_FIP=$(AUTH=$AUTH CLOUDS_YAML=$CLOUDS_YAML COMPUTE_URL=$COMPUTE_URL \
               IMAGE_URL=$IMAGE_URL "$PYTHON" "$TOP/devstack/demo_access.py" \
               "${args[@]}") || die "setting up the demo's access failed"
    echo "   default group of demo: ICMP and SSH allowed${DEMO_FIP:+; demo has floating IP $DEMO_FIP}"
}

# The demo's key pair: its private key stays in $STATE/demo-key.pem.
demo_keypair() {
    local pem=$STATE/demo-key.pem
    [ -s "$pem" ] && return 0
    cli demo:demo keypair-delete demo-key >/dev/null 2>&1 || true
    (umask 077; cli demo:demo keypair-add demo-key > "$pem")
}

# Both drivers get an image called $IMAGE, so README.md's commands hold
# for either: the real test image with libvirt, a few bytes with fake.
IMAGE=minova-test

upload_image() {
    local out data id
    if [ "$DRIVER" = libvirt ]; then
        out=$("$TOP/tools/build-test-image" --endpoint "$IMAGE_URL" \
              --token "$(admin_token)" --name "$IMAGE")
        id=$(sed -n 's/^image_id=//p' <<<"$out")
        [ -n "$id" ] || die "build-test-image printed no image_id"
        echo "   test image $IMAGE: $id"
        return
    fi
    if cli admin:admin image-show "$IMAGE" >/dev/null 2>&1; then
        echo "   image $IMAGE exists"
        return
    fi
    data=$STATE/$IMAGE.img
    printf 'minova test image (fake driver)\n' > "$data"
    cli admin:admin image-create "$IMAGE" --file "$data" --disk-format raw \
        --visibility public --progress >/dev/null
    echo "   image $IMAGE uploaded"
}

boot_demo() {
    local status
    status=$(cli demo:demo show demo -f value -c status 2>/dev/null || true)
    case $status in
        ACTIVE|SHUTOFF)
            echo "   demo exists ($status)"
            return ;;
        '') ;;
        *)
            echo "   demo is $status: booting it again"
            cli demo:demo delete --wait demo >/dev/null ;;
    esac
    demo_keypair
    cli demo:demo boot demo --flavor m1.nano --image "$IMAGE" \
        --key-name demo-key --poll >/dev/null
    status=$(cli demo:demo show demo -f value -c status)
    if [ "$status" != ACTIVE ]; then
        cli demo:demo show demo -c status -c fault >&2
        die "the demo server is $status"
    fi
}

# The test image prints this line once it booted and ran DHCP.
wait_for_guest() {
    local deadline=$((SECONDS + 300)) started=$SECONDS
    until cli demo:demo console-log demo 2>/dev/null |
            grep -q "minova-guest ready"; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo
            warn "demo printed no 'minova-guest ready' in 300s"
            return
        fi
        printf '\r   waiting for the guest to print "minova-guest ready" %ds' \
            $((SECONDS - started)) >&2
        sleep 2
    done
    printf '\r   the guest is ready (%ds)%20s\n' $((SECONDS - started)) '' >&2
}

show_demo() {
    cli demo:demo list --name demo
    if [ "$DRIVER" = libvirt ]; then wait_for_guest; fi
    if [ "$DRIVER" = libvirt ]; then
        # The guest's own report (its minova-guest lines), not the kernel's.
        echo "Console of demo (what the guest reports):"
        cli demo:demo console-log demo | grep '^minova-guest' |
            sed 's/^/    /'
    else
        echo "Console of demo (last lines):"
        cli demo:demo console-log demo --length 10 | sed 's/^/    /'
    fi
}

main() {
    local started=$SECONDS
    step "Installing what is missing"
    ensure_packages curl procps iproute2 util-linux
    "$PYTHON" -m pip --version >/dev/null 2>&1 || ensure_packages python3-pip
    ensure_minova_installed
    step "Choosing the compute driver and network"
    choose_driver
    step "RabbitMQ"
    start_rabbitmq
    step "Keystone ($AUTH)"
    setup_keystone
    step "Configuration ($CONF)"
    write_config
    step "Database"
    "$BIN/minova-manage" --config-file "$CONF" db sync
    step "Starting services"
    start_services
    step "Flavors"
    create_flavors
    step "Network"
    create_network
    create_floating_pool
    create_outside
    step "Image"
    upload_image
    step "Demo server"
    if [ "${MINOVA_DEMO:-yes}" = no ]; then
        echo "   skipped (MINOVA_DEMO=no)"
    else
        boot_demo
        demo_access
        show_demo
    fi
    printf '    (%ds)\n' $((SECONDS - STEP_STARTED))
    cat <<NEXT

minova is up in $((SECONDS - started))s: $DRIVER driver, services as $MODE, logs in $LOGS.
Next:
    $(if [ "$AUTH" = keystone ]; then
        echo "export OS_CLOUD=devstack         # or devstack-admin, devstack-alt ($CLOUDS_YAML)"
    else
        echo "source $STATE/openrc              # demo:demo ('source $STATE/openrc admin' for admin)"
    fi)
    minova list
    minova boot --flavor m1.nano --image $IMAGE --poll vm1
    minova console-log vm1
    openstack server list$(if [ -n "${DEMO_FIP:-}" ]; then
        printf '\n    ip netns exec %s ssh -i %s root@%s hostname   # the demo server' \
            "$OUTSIDE_NS" "$STATE/demo-key.pem" "$DEMO_FIP"
    fi)
    $TOP/devstack/status.sh | unstack.sh | clean.sh
NEXT
}

main "$@"
