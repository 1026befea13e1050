#!/usr/bin/env bash
# What runs: each minova service of this stack (state, pid, uptime, log),
# then what the cloud itself reports when its API answers.
set -uo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

if [ ! -e "$STACK_ENV" ]; then
    echo "No minova stack in $STATE (run devstack/stack.sh)."
    exit 1
fi
if use_systemd; then how="systemd units"; else how="background processes"; fi
echo "minova in $STATE: ${STACKED_DRIVER:-?} driver, services as $how"
echo "config $CONF, logs $LOGS"
echo
printf '%-18s %-9s %-8s %-12s %s\n' SERVICE STATE PID UPTIME LOG
down=0
services=("${ALL_SERVICES[@]}")
[ "$AUTH" = keystone ] && services=("$KEYSTONE_SERVICE" "${services[@]}")
for name in "${services[@]}"; do
    pid=""
    if use_systemd; then
        [ -e "/etc/systemd/system/$name.service" ] || continue
        state=$(systemctl is-active "$name.service" 2>/dev/null)
        pid=$(systemctl show -p MainPID --value "$name.service" 2>/dev/null)
        [ "$pid" = 0 ] && pid=""
    else
        [ -e "$RUN/$name.pid" ] || continue
        if pid=$(service_pid "$name"); then state=running; else state=stopped; fi
    fi
    uptime=$([ -n "$pid" ] && ps -o etime= -p "$pid" | tr -d ' ')
    [ -n "$pid" ] || down=$((down + 1))
    printf '%-18s %-9s %-8s %-12s %s\n' "$name" "$state" "${pid:--}" \
        "${uptime:--}" "$LOGS/$name.log"
done
echo
# Through the stack's own auth (keystone or noauth2): any failure counts.
if [ "$AUTH" = keystone ] && ! curl -sf -o /dev/null "$KEYSTONE_URL/v3"; then
    echo "Keystone at $KEYSTONE_URL does not answer."
    down=$((down + 1))
elif curl -sf -o /dev/null "$COMPUTE_URL/"; then
    echo "Services as the cloud sees them ($COMPUTE_URL, auth $AUTH):"
    cli admin:admin service-list -c Binary -c Host -c Status -c State \
        -c Updated_at || down=$((down + 1))
    echo "Hypervisors:"
    cli admin:admin hypervisor-list || down=$((down + 1))
    echo "Servers (all projects):"
    cli admin:admin list --all-tenants || down=$((down + 1))
else
    echo "The compute API at $COMPUTE_URL does not answer."
    down=$((down + 1))
fi
exit $((down > 0))
