#!/usr/bin/env bash
# Stop every minova service that devstack/stack.sh started. Configuration,
# database, images and guests stay; devstack/clean.sh removes them too.
set -uo pipefail
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

if use_systemd; then
    say "Stopping the minova systemd units of $STATE"
else
    say "Stopping the minova processes of $STATE"
fi
stop_all
