#!/usr/bin/env bash
# Runs the beneficiary_relations add-on locally on Odoo 18.
#
#   ./scripts/run.sh              serve on http://localhost:8069 (admin / admin)
#   ./scripts/run.sh --init-only  prepare the database, then exit (no server)
#   ./scripts/run.sh --update     upgrade the module (-u) before serving
#   ./scripts/run.sh --reset      drop the database and create it again
#   ./scripts/run.sh --stop       stop the private PostgreSQL server
#
# On the first run it creates a private PostgreSQL cluster under $BR_HOME and
# the database $BR_DB with the module, its demo data and Arabic (ar_001, also
# the admin user's language). Later runs reuse both. Options combine, e.g.
# "--update --init-only". PostgreSQL (no TCP, unix socket in $BR_HOME/pg/sock)
# is stopped again when the script ends, unless it was already running.
# As root, PostgreSQL runs as the "postgres" user; if that user cannot reach
# $BR_HOME (e.g. under /root) the cluster lives in its home directory instead
# (the path is written to $BR_HOME/pg-location).
#
# Environment:
#   BR_HOME       state directory   [$HOME/.local/share/beneficiary_relations]
#   BR_DB         database name                         [beneficiary_relations]
#   BR_HTTP_PORT  HTTP port                                              [8069]
#   ODOO_PYTHON   python that can "import odoo" (Odoo 18)             [python3]
#   PG_BIN        PostgreSQL server binaries  [/usr/lib/postgresql/15/bin]
#   BR_KEEP_PG    1: leave PostgreSQL running when Odoo stops            [0]
set -uo pipefail

MODULE=beneficiary_relations
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
ODOO_PYTHON=${ODOO_PYTHON:-python3}
BR_HOME=${BR_HOME:-$HOME/.local/share/beneficiary_relations}
DB=${BR_DB:-beneficiary_relations}
HTTP_PORT=${BR_HTTP_PORT:-8069}

INIT_ONLY=0 UPDATE=0 RESET=0 STOP=0
for arg in "$@"; do
    case "$arg" in
        --init-only) INIT_ONLY=1 ;;
        --update) UPDATE=1 ;;
        --reset) RESET=1 ;;
        --stop) STOP=1 ;;
        -h | --help)
            sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "unknown argument: $arg (see --help)" >&2
            exit 2
            ;;
    esac
done

say() { echo "[run.sh] $*"; }
die() {
    echo "[run.sh] ERROR: $*" >&2
    exit 1
}

# ------------------------------------------------------------------ Odoo 18
if ! ODOO_INFO=$("$ODOO_PYTHON" -c '
import os, odoo
from odoo import release
print(release.version_info[0])
print(release.version)
print(os.path.dirname(odoo.__file__))
' 2>/dev/null); then
    cat >&2 <<EOF
[run.sh] ERROR: Odoo 18 is not importable with '$ODOO_PYTHON'
         ('$ODOO_PYTHON -c "import odoo"' fails).

This script runs the add-on on an existing Odoo 18 Community installation; it
does not download or install Odoo. Provide Odoo 18 in one of these ways:
  * install Odoo 18 Community for this python, so that
        $ODOO_PYTHON -c "import odoo"
    works (e.g. a checkout of the 18.0 branch of https://github.com/odoo/odoo
    installed with "pip install -e <checkout>" and its requirements.txt, or the
    official Odoo 18 packages), or
  * set ODOO_PYTHON to a python that can import Odoo 18, e.g.
        ODOO_PYTHON=/opt/odoo18-venv/bin/python ./scripts/run.sh
EOF
    exit 1
fi
ODOO_MAJOR=$(sed -n 1p <<<"$ODOO_INFO")
ODOO_VERSION=$(sed -n 2p <<<"$ODOO_INFO")
ODOO_DIR=$(sed -n 3p <<<"$ODOO_INFO")
[ "$ODOO_MAJOR" = 18 ] ||
    die "'$ODOO_PYTHON' imports Odoo $ODOO_VERSION; this add-on needs Odoo 18 (set ODOO_PYTHON)"
ODOO_ADDONS_PATH="$ODOO_DIR/addons"
if [ -d "$(dirname "$ODOO_DIR")/addons/web" ]; then
    ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$(dirname "$ODOO_DIR")/addons"
fi

# ------------------------------------------------------------------ layout
mkdir -p "$BR_HOME/addons" "$BR_HOME/data" || die "cannot create $BR_HOME"
BR_HOME=$(cd "$BR_HOME" && pwd -P)
ln -sfn "$REPO" "$BR_HOME/addons/$MODULE"
ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$BR_HOME/addons"
printf '[options]\n' >"$BR_HOME/odoo.conf"

# ------------------------------------------------------------------ PostgreSQL
find_pg_bin() {
    local d
    for d in "${PG_BIN:-}" /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null)" \
        $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr); do
        if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}
PGBIN=$(find_pg_bin) || die "PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BIN"

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
as_pg_user() {
    # PostgreSQL refuses to run as root: use the postgres system user then.
    if [ "$IS_ROOT" = 1 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

PGROOT="$BR_HOME/pg"
if [ "$IS_ROOT" = 1 ]; then
    id postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' system user"
    mkdir -p "$PGROOT"
    chown postgres: "$PGROOT"
    if ! runuser -u postgres -- test -w "$PGROOT"; then
        # BR_HOME is not reachable by the postgres user (e.g. under /root):
        # keep the cluster in the postgres user's home, one per BR_HOME
        rmdir "$PGROOT" 2>/dev/null
        pg_home=$(getent passwd postgres | cut -d: -f6)
        PGROOT="$pg_home/beneficiary_relations-$(printf '%s' "$BR_HOME" | md5sum | cut -c1-8)"
        mkdir -p "$PGROOT"
        chown postgres: "$PGROOT"
        runuser -u postgres -- test -w "$PGROOT" ||
            die "no directory writable by the postgres user for the cluster (tried $BR_HOME/pg and $PGROOT)"
        printf '%s\n' "$PGROOT" >"$BR_HOME/pg-location"
    fi
fi
PGDATA_DIR="$PGROOT/data"
PGSOCK="$PGROOT/sock"
PG_STARTED=0

pg_stop() {
    as_pg_user "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ "$PG_STARTED" = 1 ] && [ "${BR_KEEP_PG:-0}" != 1 ]; then
        say "stopping PostgreSQL"
        pg_stop
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$STOP" = 1 ]; then
    if [ -f "$PGDATA_DIR/postmaster.pid" ] && pg_stop; then
        say "PostgreSQL stopped ($PGDATA_DIR)"
    else
        say "PostgreSQL is not running ($PGDATA_DIR)"
    fi
    exit 0
fi

if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    say "creating a private PostgreSQL cluster in $PGDATA_DIR"
    as_pg_user mkdir -p "$PGSOCK"
    as_pg_user "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C >"$BR_HOME/initdb.log" 2>&1 ||
        die "initdb failed, see $BR_HOME/initdb.log"
    # no TCP at all (listen_addresses=''): the port only names the socket file
    "$ODOO_PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' >"$BR_HOME/pg-port"
fi
[ -s "$BR_HOME/pg-port" ] || echo 5432 >"$BR_HOME/pg-port"
PGPORT=$(cat "$BR_HOME/pg-port")
as_pg_user mkdir -p "$PGSOCK"

if as_pg_user "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    say "reusing the running PostgreSQL ($PGDATA_DIR)"
else
    say "starting PostgreSQL ($PGDATA_DIR, socket $PGSOCK)"
    as_pg_user "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGROOT/postgresql.log" -w -t 60 \
        -o "-k $PGSOCK -p $PGPORT -c listen_addresses=''" start >/dev/null ||
        die "PostgreSQL did not start, see $PGROOT/postgresql.log"
    PG_STARTED=1
fi

psql_q() {
    "$PGBIN/psql" -h "$PGSOCK" -p "$PGPORT" -U postgres -At -v ON_ERROR_STOP=1 "$@"
}
if [ "$(psql_q -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'")" != 1 ]; then
    psql_q -d postgres -qc "CREATE ROLE odoo LOGIN CREATEDB" || die "cannot create the role odoo"
fi

# ------------------------------------------------------------------ database
odoo_cmd() {
    "$ODOO_PYTHON" -m odoo "$@" -c "$BR_HOME/odoo.conf" --addons-path "$ODOO_ADDONS_PATH" \
        --db_host "$PGSOCK" --db_port "$PGPORT" --db_user odoo --data-dir "$BR_HOME/data"
}
db_exists() {
    [ "$(psql_q -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" = 1 ]
}
module_state() {
    psql_q -d "$DB" -c "SELECT state FROM ir_module_module WHERE name = '$MODULE'" 2>/dev/null
}
drop_db() {
    say "dropping database $DB"
    psql_q -d postgres -qc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" ||
        die "cannot drop database $DB"
    rm -rf "$BR_HOME/data/filestore/$DB"
}

[[ "$DB" =~ ^[A-Za-z0-9_.-]+$ ]] || die "BR_DB must contain only letters, digits, '_', '.', '-'"
[ "$RESET" = 1 ] && drop_db
if db_exists && [ -z "$(module_state)" ]; then
    # a previous first run stopped half-way (no Odoo tables): start over
    say "database $DB is incomplete"
    drop_db
fi

if ! db_exists || [ "$(module_state)" != installed ]; then
    say "installing $MODULE with demo data and Arabic into database $DB (takes a minute or two)"
    odoo_cmd -d "$DB" -i "$MODULE" --load-language=ar_001 --stop-after-init \
        --workers=0 --max-cron-threads=0 --no-http ||
        die "the installation failed (see the log above)"
    [ "$(module_state)" = installed ] || die "$MODULE is not installed in $DB (see the log above)"
elif [ "$UPDATE" = 1 ]; then
    say "upgrading $MODULE in database $DB"
    odoo_cmd -d "$DB" -u "$MODULE" --stop-after-init --workers=0 --max-cron-threads=0 --no-http ||
        die "the upgrade failed (see the log above)"
fi

# Arabic for the admin user (idempotent)
admin_lang=$(psql_q -d "$DB" -c "SELECT p.lang FROM res_users u JOIN res_partner p
    ON p.id = u.partner_id WHERE u.login = 'admin'" 2>/dev/null)
if [ "$admin_lang" != ar_001 ]; then
    say "setting the admin user's language to Arabic (ar_001)"
    odoo_cmd shell -d "$DB" --no-http --log-level=warn <<'EOF' || die "cannot set the admin language"
lang = env["res.lang"]._activate_lang("ar_001")
env.ref("base.user_admin").write({"lang": "ar_001"})
env.cr.commit()
EOF
fi

say "database $DB is ready: $MODULE installed with demo data, Arabic (ar_001)"
if [ "$INIT_ONLY" = 1 ]; then
    say "--init-only: not starting the server"
    exit 0
fi

# ------------------------------------------------------------------ serve
if ! "$ODOO_PYTHON" -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$HTTP_PORT"; then
    die "port $HTTP_PORT is already in use on 127.0.0.1; stop that server or set BR_HTTP_PORT"
fi
echo
say "Odoo $ODOO_VERSION is starting: http://localhost:$HTTP_PORT"
say "login: admin   password: admin   (database: $DB)"
say "stop with Ctrl-C"
echo
odoo_cmd -d "$DB" --db-filter "^$DB\$" --no-database-list \
    --http-interface 127.0.0.1 --http-port "$HTTP_PORT"
