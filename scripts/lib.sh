# Sourced by scripts/run.sh and scripts/test.sh: the Odoo to use and a private
# PostgreSQL cluster (unix socket only, trust authentication, role "odoo").
MODULE=beneficiary_relations
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
ODOO_PYTHON=${ODOO_PYTHON:-python3}
PG_STARTED=0

# Prints the addons path of Odoo 18 for $ODOO_PYTHON; fails when it has none.
odoo_addons_path() {
    "$ODOO_PYTHON" - 2>/dev/null <<'PY'
import os
import odoo
from odoo import release

assert release.version_info[0] == 18, release.version
root = os.path.dirname(odoo.__file__)
paths = [os.path.join(root, "addons"), os.path.join(os.path.dirname(root), "addons")]
print(",".join(path for path in paths if os.path.isdir(path)))
PY
}

# PostgreSQL refuses to run as root: it then runs as the postgres system user.
as_pg_user() {
    if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# pg_start DIR: starts (creating it on first use) the cluster DIR/data with its
# socket in DIR; exports PGHOST and PGPORT for $PSQL and Odoo.
pg_start() {
    local bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
    if [ ! -x "$bin/initdb" ]; then
        echo "PostgreSQL server binaries not found: apt-get install postgresql, or set PG_BIN" >&2
        return 1
    fi
    PG_CTL=$bin/pg_ctl PSQL=$bin/psql PG_DIR=$1
    export PGHOST=$1 PGPORT=5432
    mkdir -p "$PG_DIR" || return 1
    [ "$(id -u)" -ne 0 ] || chown postgres: "$PG_DIR" || return 1
    if [ ! -f "$PG_DIR/data/PG_VERSION" ] && ! as_pg_user "$bin/initdb" -D "$PG_DIR/data" \
        -U postgres --auth=trust -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1; then
        cat "$PG_DIR/initdb.log" >&2
        return 1
    fi
    if ! as_pg_user "$PG_CTL" -D "$PG_DIR/data" status >/dev/null 2>&1; then
        as_pg_user "$PG_CTL" -D "$PG_DIR/data" -l "$PG_DIR/postgresql.log" -w -t 60 \
            -o "-k $PG_DIR -c listen_addresses='' ${PG_OPTIONS:-}" start >/dev/null ||
            { tail -n 20 "$PG_DIR/postgresql.log" >&2; return 1; }
        PG_STARTED=1
    fi
    "$PSQL" -U postgres -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'" |
        grep -q 1 || "$PSQL" -U postgres -d postgres -qc "CREATE ROLE odoo LOGIN CREATEDB"
}

# Stops the cluster if pg_start started it.
pg_stop() {
    [ "$PG_STARTED" = 1 ] && as_pg_user "$PG_CTL" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
    PG_STARTED=0
}

# Prints a free TCP port of 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
