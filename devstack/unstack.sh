#!/usr/bin/env bash
# Stop every minova service that devstack/stack.sh started.
set -uo pipefail
STATE=${MINOVA_STATE:-/var/lib/minova}
for pidfile in "$STATE"/run/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill "$pid" 2>/dev/null; then
        echo "stopping $(basename "$pidfile" .pid) (pid $pid)"
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
done
