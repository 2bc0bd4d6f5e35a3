#!/usr/bin/env bash
# Runs the add-on on Odoo 18 in Arabic, right to left, with demo data:
#   ./scripts/run.sh              serve http://localhost:8069 (admin / admin)
#   ./scripts/run.sh --update     upgrade the module first
#   ./scripts/run.sh --reset      start again from a new database
#   ./scripts/run.sh --init-only  prepare everything, do not serve
# The first run creates, in $BR_HOME, a PostgreSQL cluster of its own (unix
# socket only; as root it lives in the postgres user's home) and the database
# with the module, demo data and Arabic (ar_001, also the admin's language).
# Odoo lays Arabic out right to left only when the rtlcss command is on its
# PATH: when it is missing, npm installs it into $BR_HOME/npm.
# Environment: BR_HOME [~/.local/share/beneficiary_relations], BR_DB
# [beneficiary_relations], BR_HTTP_PORT [8069], ODOO_PYTHON [python3], PG_BIN.
set -uo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
BR_HOME=${BR_HOME:-$HOME/.local/share/beneficiary_relations}
DB=${BR_DB:-beneficiary_relations}
PORT=${BR_HTTP_PORT:-8069}
UPDATE=0 RESET=0 INIT_ONLY=0
for arg in "$@"; do
    case "$arg" in
        --update) UPDATE=1 ;;
        --reset) RESET=1 ;;
        --init-only) INIT_ONLY=1 ;;
        *) sed -n '2,13s/^# \{0,1\}//p' "$0" && exit 2 ;;
    esac
done
say() { echo "[run.sh] $*"; }
die() { echo "[run.sh] ERROR: $*" >&2 && exit 1; }

ODOO_ADDONS=$(odoo_addons_path) ||
    die "'$ODOO_PYTHON -c \"import odoo\"' does not give Odoo 18: install Odoo 18 Community
         for that python, or run: ODOO_PYTHON=/path/to/odoo18/python $0"
mkdir -p "$BR_HOME/addons" "$BR_HOME/data" || die "cannot create $BR_HOME"
ln -sfn "$REPO" "$BR_HOME/addons/$MODULE"

# Right to left: Odoo runs rtlcss on the stylesheets of right-to-left languages.
RTLCSS_DIR=$BR_HOME/npm
if ! command -v rtlcss >/dev/null; then
    RTLCSS_INSTALL="npm install --prefix '$RTLCSS_DIR' --no-audit --no-fund rtlcss"
    if [ ! -x "$RTLCSS_DIR/node_modules/.bin/rtlcss" ]; then
        command -v npm >/dev/null || die "Arabic needs rtlcss for a right-to-left layout; run:
         sudo apt-get install npm && $RTLCSS_INSTALL"
        say "installing rtlcss with npm into $RTLCSS_DIR"
        bash -c "$RTLCSS_INSTALL" >"$BR_HOME/npm.log" 2>&1 ||
            die "npm could not install rtlcss (see $BR_HOME/npm.log); run: $RTLCSS_INSTALL"
    fi
    export PATH="$RTLCSS_DIR/node_modules/.bin:$PATH"
fi
rtlcss --version >/dev/null 2>&1 || die "rtlcss does not run (node missing?): sudo apt-get install nodejs"

# PostgreSQL must be able to reach its directory as the postgres user.
PG_HOME=$BR_HOME/pg
if [ "$(id -u)" -eq 0 ]; then
    PG_HOME="$(getent passwd postgres | cut -d: -f6)/$MODULE-$(printf %s "$BR_HOME" | md5sum | cut -c1-8)"
fi
trap pg_stop EXIT
trap 'exit 130' INT TERM
pg_start "$PG_HOME" || die "PostgreSQL did not start (see $PG_HOME/postgresql.log)"
psql_db() { "$PSQL" -U postgres -d "$1" -tAc "$2" 2>/dev/null; }
odoo() {
    "$ODOO_PYTHON" -m odoo "$@" --addons-path="$ODOO_ADDONS,$BR_HOME/addons" --db_host="$PGHOST" \
        --db_port="$PGPORT" --db_user=odoo --data-dir="$BR_HOME/data" --max-cron-threads=1
}
installed() {
    [ "$(psql_db "$DB" "SELECT state FROM ir_module_module WHERE name = '$MODULE'")" = installed ]
}

if [ "$RESET" = 1 ] || { [ -n "$(psql_db postgres "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ] && ! installed; }; then
    say "dropping database $DB"
    "$PSQL" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" || die "cannot drop $DB"
    rm -rf "$BR_HOME/data/filestore/$DB"
fi
if ! installed; then
    say "creating database $DB: $MODULE, demo data, Arabic (a few minutes)"
    odoo -d "$DB" -i "$MODULE" --load-language=ar_001 --stop-after-init --no-http ||
        die "the installation failed (see above)"
elif [ "$UPDATE" = 1 ]; then
    say "upgrading $MODULE in $DB"
    odoo -d "$DB" -u "$MODULE" --stop-after-init --no-http || die "the upgrade failed (see above)"
fi
if [ "$(psql_db "$DB" "SELECT p.lang FROM res_users u JOIN res_partner p ON p.id = u.partner_id
        WHERE u.login = 'admin'")" != ar_001 ]; then
    say "making Arabic the admin's language"
    odoo shell -d "$DB" --no-http --log-level=warn <<'EOF' || die "cannot make Arabic the admin's language"
env.ref("base.user_admin").write({"lang": "ar_001"})
env.cr.commit()
EOF
fi
[ "$INIT_ONLY" = 1 ] && say "database $DB is ready (--init-only: not serving)" && exit 0

say "Odoo serves $DB on http://localhost:$PORT (login admin, password admin); Ctrl-C stops it"
odoo -d "$DB" --db-filter="^$DB\$" --no-database-list --http-interface=127.0.0.1 --http-port="$PORT"
