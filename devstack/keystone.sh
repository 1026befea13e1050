# shellcheck shell=bash
# Keystone for stack.sh (sourced by it): installed from PyPI into its own
# virtualenv ($KEYSTONE_VENV, so its pins never meet minova's), its state
# (SQLite database, fernet and credential keys) in $KEYSTONE_DIR, served
# by uWSGI on $KEYSTONE_URL as a background process or a systemd unit.

KEYSTONE_CONF=$KEYSTONE_DIR/keystone.conf

install_keystone() {
    local want="keystone==$KEYSTONE_VERSION"
    if [ -x "$KEYSTONE_VENV/bin/uwsgi" ] &&
       [ "$("$KEYSTONE_VENV/bin/python" -c 'import importlib.metadata as m
print(m.version("keystone"))' 2>/dev/null)" = "$KEYSTONE_VERSION" ]; then
        echo "   keystone $KEYSTONE_VERSION in $KEYSTONE_VENV"
        return
    fi
    # uWSGI builds its C core at install time.
    ensure_packages gcc
    "$PYTHON" -c 'import os, sysconfig; exit(not os.path.exists(
        os.path.join(sysconfig.get_paths()["include"], "Python.h")))' ||
        ensure_packages python3-dev
    echo "   pip install $want uwsgi into $KEYSTONE_VENV"
    [ -x "$KEYSTONE_VENV/bin/pip" ] || "$PYTHON" -m venv "$KEYSTONE_VENV"
    "$KEYSTONE_VENV/bin/pip" install -q --disable-pip-version-check \
        "$want" uwsgi
}

render_keystone_config() {
    cat <<CONF
# Written by devstack/stack.sh.
[DEFAULT]
use_stderr = true

[database]
# keystone-manage and the uWSGI worker may meet on the SQLite file: wait
# up to 60 s for the other's write lock (pysqlite's default is 5 s).
connection = sqlite:///$KEYSTONE_DIR/keystone.sqlite?timeout=60

[identity]
# devstack's choice: bcrypt's cheapest cost, or a loaded test machine
# spends seconds on every login and new user (tempest makes many).
password_hash_rounds = $KEYSTONE_HASH_ROUNDS

[token]
provider = fernet

[fernet_tokens]
key_repository = $KEYSTONE_DIR/fernet-keys

[fernet_receipts]
key_repository = $KEYSTONE_DIR/fernet-keys

[credential]
key_repository = $KEYSTONE_DIR/credential-keys
CONF
}

render_uwsgi_config() {
    cat <<CONF
[uwsgi]
http-socket = $HOST_IP:$KEYSTONE_PORT
module = keystone.wsgi.api:application
env = OS_KEYSTONE_CONFIG_FILES=$KEYSTONE_CONF
home = $KEYSTONE_VENV
master = true
# One worker: keystone writes to SQLite in transactions that read first
# (authenticate, then UPDATE user SET last_active_at); two processes doing
# that at once is a lock upgrade SQLite refuses at once, whatever the busy
# timeout ("database is locked", and uWSGI closes the connection without
# an answer). Tokens are cached by keystonemiddleware, so one is enough.
processes = 1
threads = 1
die-on-term = true
need-app = true
lazy-apps = true
buffer-size = 65535
# Plain http-socket cannot keep a connection open: say so to clients.
add-header = Connection: close
procname-prefix-spaced = $KEYSTONE_SERVICE
CONF
}

# Changed files make KEYSTONE_CHANGED=yes (a restart).
write_keystone_config() {
    local file new
    mkdir -p "$KEYSTONE_DIR"
    chmod 0700 "$KEYSTONE_DIR"
    KEYSTONE_CHANGED=no
    for file in keystone.conf "$KEYSTONE_SERVICE.ini"; do
        if [ "$file" = keystone.conf ]; then new=$(render_keystone_config)
        else new=$(render_uwsgi_config); fi
        if [ ! -f "$KEYSTONE_DIR/$file" ] ||
           [ "$new" != "$(cat "$KEYSTONE_DIR/$file")" ]; then
            printf '%s\n' "$new" > "$KEYSTONE_DIR/$file"
            KEYSTONE_CHANGED=yes
        fi
    done
}

keystone_manage() {
    OS_KEYSTONE_CONFIG_FILES=$KEYSTONE_CONF \
        "$KEYSTONE_VENV/bin/keystone-manage" --config-file "$KEYSTONE_CONF" \
        "$@" >>"$LOGS/keystone-manage.log" 2>&1 ||
        die "keystone-manage $1 failed; see $LOGS/keystone-manage.log"
}

# db_sync, keys, bootstrap: only when the database or the settings are
# new (a re-run costs nothing then).
bootstrap_keystone() {
    local marker=$KEYSTONE_DIR/bootstrapped want
    want=$(printf '%s\n' "$KEYSTONE_VERSION" "$KEYSTONE_URL" \
               "$ADMIN_PASSWORD" | sha256sum)
    if [ -f "$KEYSTONE_DIR/keystone.sqlite" ] && [ -f "$marker" ] &&
       [ "$(cat "$marker")" = "$want" ]; then
        echo "   keystone bootstrapped"
        return
    fi
    echo "   keystone-manage db_sync, fernet_setup, bootstrap"
    keystone_manage db_sync
    # WAL (kept in the file): readers never wait for the writer.
    "$KEYSTONE_VENV/bin/python" -c 'import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' \
        "$KEYSTONE_DIR/keystone.sqlite"
    [ -d "$KEYSTONE_DIR/fernet-keys" ] || keystone_manage fernet_setup \
        --keystone-user root --keystone-group root
    [ -d "$KEYSTONE_DIR/credential-keys" ] || keystone_manage \
        credential_setup --keystone-user root --keystone-group root
    keystone_manage bootstrap --bootstrap-password "$ADMIN_PASSWORD" \
        --bootstrap-username admin --bootstrap-project-name admin \
        --bootstrap-role-name admin --bootstrap-service-name keystone \
        --bootstrap-region-id "$REGION" \
        --bootstrap-admin-url "$KEYSTONE_URL/v3" \
        --bootstrap-internal-url "$KEYSTONE_URL/v3" \
        --bootstrap-public-url "$KEYSTONE_URL/v3"
    printf '%s\n' "$want" > "$marker"
    KEYSTONE_CHANGED=yes
}

keystone_unit() {
    cat <<UNIT
# The keystone of the minova stack of $CONF
[Unit]
Description=Keystone for minova (uWSGI, $KEYSTONE_URL)
After=network-online.target

[Service]
Type=notify
NotifyAccess=all
ExecStart=$KEYSTONE_VENV/bin/uwsgi --ini $KEYSTONE_DIR/$KEYSTONE_SERVICE.ini
StandardOutput=append:$LOGS/keystone.log
StandardError=append:$LOGS/keystone.log
KillSignal=SIGTERM
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT
}

start_keystone() {
    local pid unit=/etc/systemd/system/$KEYSTONE_SERVICE.service
    if [ "$MODE" = systemd ]; then
        keystone_unit > "$unit.new"
        if cmp -s "$unit.new" "$unit"; then rm "$unit.new"
        else mv "$unit.new" "$unit"; systemctl daemon-reload; fi
        systemctl enable --quiet "$KEYSTONE_SERVICE.service"
        if [ "$KEYSTONE_CHANGED" = yes ]; then
            systemctl restart "$KEYSTONE_SERVICE.service"
        else
            systemctl start "$KEYSTONE_SERVICE.service"
        fi
    elif pid=$(service_pid "$KEYSTONE_SERVICE") &&
         [ "$KEYSTONE_CHANGED" = no ]; then
        echo "   keystone already running (pid $pid)"
    else
        [ -z "${pid:-}" ] || stop_service "$KEYSTONE_SERVICE"
        if port_open "$HOST_IP" "$KEYSTONE_PORT"; then
            die "something else listens on $HOST_IP:$KEYSTONE_PORT" \
                "(set MINOVA_KEYSTONE_PORT)"
        fi
        setsid "$KEYSTONE_VENV/bin/uwsgi" \
            --ini "$KEYSTONE_DIR/$KEYSTONE_SERVICE.ini" \
            >>"$LOGS/keystone.log" 2>&1 </dev/null &
        echo $! > "$RUN/$KEYSTONE_SERVICE.pid"
        echo "   keystone started (pid $!, log $LOGS/keystone.log)"
    fi
    local deadline=$((SECONDS + 60))
    until curl -sf -o /dev/null "$KEYSTONE_URL/v3"; do
        if ! service_running "$KEYSTONE_SERVICE"; then
            tail -n 20 "$LOGS/keystone.log" >&2
            die "keystone died; see $LOGS/keystone.log"
        fi
        [ "$SECONDS" -lt "$deadline" ] || die "keystone: no answer in 60s"
        sleep 0.3
    done
}

create_accounts() {
    KEYSTONE_AUTH_URL=$KEYSTONE_URL/v3 ADMIN_PASSWORD=$ADMIN_PASSWORD \
        SERVICE_PASSWORD=$SERVICE_PASSWORD REGION=$REGION \
        COMPUTE_URL=$COMPUTE_URL IMAGE_URL=$IMAGE_URL NETWORK_URL=$NETWORK_URL \
        "$PYTHON" "$TOP/devstack/keystone_accounts.py"
}

setup_keystone() {
    if [ "$AUTH" != keystone ]; then
        echo "   skipped: MINOVA_AUTH=noauth2"
        return
    fi
    mkdir -p "$LOGS" "$RUN"
    install_keystone
    write_keystone_config
    bootstrap_keystone
    start_keystone
    create_accounts
    write_clouds_yaml
}

# clouds.yaml: our three clouds replace their old entries, others stay.
write_clouds_yaml() {
    mkdir -p "$(dirname "$CLOUDS_YAML")"
    CLOUDS_YAML=$CLOUDS_YAML AUTH_URL=$KEYSTONE_URL/v3 REGION=$REGION \
        ADMIN_PASSWORD=$ADMIN_PASSWORD "$PYTHON" - <<'PY'
import os
import yaml

path = os.environ['CLOUDS_YAML']
try:
    with open(path) as f:
        data = yaml.safe_load(f) or {}
except FileNotFoundError:
    data = {}
clouds = data.setdefault('clouds', {})
for cloud, user in (('devstack', 'demo'), ('devstack-admin', 'admin'),
                    ('devstack-alt', 'alt_demo')):
    clouds[cloud] = {
        'auth': {'auth_url': os.environ['AUTH_URL'], 'username': user,
                 'password': os.environ['ADMIN_PASSWORD'],
                 'project_name': user, 'user_domain_id': 'default',
                 'project_domain_id': 'default'},
        'region_name': os.environ['REGION'],
        'identity_api_version': 3,
        'interface': 'public',
    }
fd = os.open(path + '.new', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, 'w') as f:
    f.write('# devstack, devstack-admin, devstack-alt: written by minova\'s '
            'devstack/stack.sh\n')
    yaml.safe_dump(data, f, default_flow_style=False)
os.replace(path + '.new', path)
print('   wrote %s (devstack, devstack-admin, devstack-alt)' % path)
PY
}

# clean.sh: our clouds leave clouds.yaml (the file too, when empty) if
# they point at this stack's keystone.
remove_clouds_yaml() {
    [ -f "$CLOUDS_YAML" ] || return 0
    CLOUDS_YAML=$CLOUDS_YAML AUTH_URL=$KEYSTONE_URL/v3 "$PYTHON" - <<'PY'
import os
import yaml

path = os.environ['CLOUDS_YAML']
with open(path) as f:
    data = yaml.safe_load(f) or {}
clouds = data.get('clouds', {})
for cloud in ('devstack', 'devstack-admin', 'devstack-alt'):
    auth = clouds.get(cloud, {}).get('auth', {})
    if auth.get('auth_url') == os.environ['AUTH_URL']:
        del clouds[cloud]
if clouds:
    with open(path, 'w') as f:
        yaml.safe_dump(data, f, default_flow_style=False)
else:
    os.remove(path)
print('   removed the devstack clouds from %s' % path)
PY
}
