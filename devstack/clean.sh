#!/usr/bin/env bash
# Stop minova (unstack.sh), then remove what devstack/stack.sh made: the
# libvirt domains of this stack's instances, the network's bridge, its
# namespaces and dnsmasq, the RabbitMQ vhost (when not "/"), the systemd
# units, the configuration and the whole state directory.
set -uo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
# shellcheck source=keystone.sh source-path=SCRIPTDIR
. "$(dirname "$0")/keystone.sh"

case $STATE in
    /|/usr|/etc|/var|/var/lib|"$HOME") die "refusing to remove $STATE" ;;
esac

"$TOP/devstack/unstack.sh"

# Domains named like this stack's instances whose XML points into its
# state (disks, kernel, console log): another stack's guests stay.
remove_domains() {
    local dom xml prefix=${INSTANCE_NAME_TEMPLATE%%%*}
    command -v virsh >/dev/null || return 0
    virsh -c qemu:///system version >/dev/null 2>&1 || return 0
    for dom in $(virsh -c qemu:///system list --all --name); do
        case $dom in "$prefix"*) ;; *) continue ;; esac
        # Read the XML whole first: with pipefail, grep -q closing the
        # pipe early would fail the pipeline through virsh's SIGPIPE.
        xml=$(virsh -c qemu:///system dumpxml "$dom" 2>/dev/null) || continue
        grep -qF "$STATE/" <<<"$xml" || continue
        echo "   removing libvirt domain $dom"
        virsh -c qemu:///system destroy "$dom" >/dev/null 2>&1
        virsh -c qemu:///system undefine "$dom" >/dev/null 2>&1
    done
}

# The namespaces at the other end of the veth pairs on our bridge, the
# dnsmasq processes that serve this stack, then the bridge itself.
remove_network() {
    local dev ns pid namespaces=()
    command -v ip >/dev/null || return 0
    for pid in $(pgrep -f "dnsmasq.*$STATE/" 2>/dev/null); do
        kill "$pid" 2>/dev/null
    done
    ip link show dev "$BRIDGE" >/dev/null 2>&1 || return 0
    for dev in $(ip -o link show master "$BRIDGE" | awk -F': ' '{print $2}'); do
        dev=${dev%@*}
        ns=$(ip -o link show dev "$dev" |
             sed -n 's/.* link-netns \([^ ]*\).*/\1/p')
        [ -n "$ns" ] && namespaces+=("$ns")
        ip link delete "$dev" 2>/dev/null
    done
    for ns in "${namespaces[@]}"; do
        echo "   removing network namespace $ns"
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            kill "$pid" 2>/dev/null
        done
        ip netns delete "$ns" 2>/dev/null
    done
    echo "   removing bridge $BRIDGE"
    ip link delete "$BRIDGE" 2>/dev/null
}

# The outside namespace and the public bridge (the routers' namespaces
# went with the network above).
remove_public() {
    command -v ip >/dev/null || return 0
    if ip netns list | awk '{print $1}' | grep -qx "$OUTSIDE_NS"; then
        echo "   removing namespace $OUTSIDE_NS"
        ip netns delete "$OUTSIDE_NS" 2>/dev/null
    fi
    ip link delete "$OUTSIDE_VETH" 2>/dev/null
    if ip link show dev "$PUBLIC_BRIDGE" >/dev/null 2>&1; then
        echo "   removing bridge $PUBLIC_BRIDGE"
        ip link delete "$PUBLIC_BRIDGE" 2>/dev/null
    fi
}

remove_units() {
    local unit removed=no
    use_systemd || return 0
    for unit in /etc/systemd/system/minova-*.service \
                /etc/systemd/system/minova.target; do
        [ -e "$unit" ] || continue
        grep -qF "$CONF" "$unit" || [ "${unit##*/}" = minova.target ] ||
            continue
        systemctl disable --quiet "${unit##*/}" 2>/dev/null
        rm -f "$unit"
        removed=yes
    done
    [ "$removed" = no ] || systemctl daemon-reload
}

say "Removing the minova stack of $STATE"
remove_domains
[ "${STACKED_NETWORK:-no}" = yes ] && remove_network
[ "${STACKED_NETWORK:-no}" = yes ] && [ -n "${STACKED_PUBLIC_BRIDGE:-}" ] &&
    remove_public
remove_units
[ "${STACKED_AUTH:-}" = keystone ] && remove_clouds_yaml
if [ "$RABBIT_VHOST" != / ] && command -v rabbitmqctl >/dev/null; then
    echo "   deleting RabbitMQ vhost $RABBIT_VHOST"
    rabbitmqctl -q delete_vhost "$RABBIT_VHOST" >/dev/null 2>&1
fi
if [ -n "$DATABASE" ]; then
    warn "the database $DATABASE was given to stack.sh: left as it is"
fi
rm -f "$CONF" "$CONF_DIR/api-paste.ini"
rmdir "$CONF_DIR" 2>/dev/null
rm -rf "$STATE"
echo "   removed $STATE and $CONF"
