#!/usr/bin/env bash
# Runs every test of the beneficiary_relations Odoo 18.0 add-on.
#
#   ./scripts/test.sh              all parts: static unit odoo
#   ./scripts/test.sh static unit  only the named parts (the others: SKIPPED)
#
# Parts:
#   static  pylint (+pylint-odoo, .pylintrc), ruff check, ruff format --check,
#           scripts/static_checks.py (XML/CSV/PO files, manifest, Arabic coverage)
#   unit    pure-Python tests in tests/unit (pytest, no Odoo)
#   odoo    private PostgreSQL cluster; install without demo data; install with
#           demo data + Arabic (ar_001) and run the module's Odoo tests
#           (at_install + post_install, HttpCase and tours); then, for
#           a fresh .pot export must match i18n/<module>.pot and be fully translated
#
# The last line printed is "N passed, N failed"; the exit status is non-zero
# when anything failed.
#
# Environment:
#   ODOO_PYTHON      python that can "import odoo" (Odoo 18)      [python3]
#   BR_PYTHON        python used for pylint/pytest/static checks  [python3]
#   BR_TEST_TAGS     Odoo --test-tags                [/beneficiary_relations]
#   BR_TEST_LOG_DIR  directory that receives copies of all logs
#   BR_ODOO_TIMEOUT  seconds allowed for the Odoo test run         [900]
#                    (the install without demo gets 420s, the .pot export 180s)
#   BR_REQUIRE_ODOO  1: a missing Odoo is a failure, not SKIPPED  [0]
#   BR_KEEP_TMP      1: keep the temporary directory              [0]
#   BR_EXTRA_ADDONS  extra addons directories (comma-separated), appended to
#                    the addons path, e.g. for throwaway probe modules
#   BR_EXTRA_MODULES extra modules installed with the module in the test run
#   PG_BIN           PostgreSQL server binaries  [/usr/lib/postgresql/15/bin]
set -uo pipefail

MODULE=beneficiary_relations
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
ODOO_PYTHON=${ODOO_PYTHON:-python3}
PY=${BR_PYTHON:-python3}
TEST_TAGS=${BR_TEST_TAGS:-/$MODULE}
ODOO_TIMEOUT=${BR_ODOO_TIMEOUT:-900}
export PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1

# ---------------------------------------------------------------- arguments
RUN_STATIC=0 RUN_UNIT=0 RUN_ODOO=0
if [ $# -eq 0 ]; then
    RUN_STATIC=1 RUN_UNIT=1 RUN_ODOO=1
fi
for arg in "$@"; do
    case "$arg" in
        static) RUN_STATIC=1 ;;
        unit) RUN_UNIT=1 ;;
        odoo) RUN_ODOO=1 ;;
        -h | --help)
            sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "unknown argument: $arg (expected: static, unit, odoo)" >&2
            exit 2
            ;;
    esac
done

# ---------------------------------------------------------------- temp dir
TMP=$(mktemp -d "${TMPDIR:-/tmp}/br-test.XXXXXX") || {
    echo "cannot create a temporary directory" >&2
    exit 1
}
PG_STARTED=0
PG_CTL=""
PGDATA_DIR=""
ODOO_PID=""

as_pg_user() {
    # PostgreSQL refuses to run as root: use the postgres system user then.
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$ODOO_PID" ] && kill -0 "$ODOO_PID" 2>/dev/null; then
        kill "$ODOO_PID" 2>/dev/null
        wait "$ODOO_PID" 2>/dev/null
    fi
    if [ "$PG_STARTED" = 1 ]; then
        as_pg_user "$PG_CTL" -D "$PGDATA_DIR" -m immediate -w stop >/dev/null 2>&1
    fi
    if [ "${BR_KEEP_TMP:-0}" = 1 ]; then
        echo "temporary directory kept: $TMP"
    else
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# ---------------------------------------------------------------- reporting
PART_NAMES=() PART_STATUS=() PART_DETAIL=() PART_TIME=()
TOTAL_PASSED=0
TOTAL_FAILED=0

now() { date +%s; }
hr() { printf '%s\n' "======================================================================"; }
section() {
    echo
    hr
    echo "== $*"
    hr
}
# record_part NAME STATUS DETAIL SECONDS PASSED FAILED
record_part() {
    local failed=$6
    # a failed part always contributes at least one failure to the total
    if [ "$2" = FAILED ] && [ "$failed" -eq 0 ]; then
        failed=1
    fi
    PART_NAMES+=("$1")
    PART_STATUS+=("$2")
    PART_DETAIL+=("$3")
    PART_TIME+=("$4")
    TOTAL_PASSED=$((TOTAL_PASSED + $5))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    echo "-- $1: $2${3:+ ($3)} [$4s]"
}
# check_line NAME OK|FAIL DETAIL
check_line() { printf '   %-22s %-7s %s\n' "$1" "$2" "$3"; }
indent() { sed 's/^/   | /'; }
# show at most N lines of a file, indented
show_head() {
    local file=$1 max=${2:-200} total
    total=$(wc -l <"$file")
    head -n "$max" "$file" | indent
    if [ "$total" -gt "$max" ]; then
        echo "   | ... ($((total - max)) more lines in the log)"
    fi
}

ADDONS="$TMP/addons"
mkdir -p "$ADDONS" "$TMP/logs"
ln -s "$REPO" "$ADDONS/$MODULE"

echo "beneficiary_relations tests"
echo "repository: $REPO"
echo "temp dir:   $TMP"

# ================================================================ a. static
part_static() {
    section "a. static checks"
    local t0 passed=0 failed=0 rc out count
    t0=$(now)

    # -- pylint (+ pylint-odoo), through the symlink named after the module
    out="$TMP/logs/pylint.log"
    if [ ! -f "$REPO/.pylintrc" ]; then
        check_line pylint FAIL "$REPO/.pylintrc is missing (it is mandatory)"
        failed=$((failed + 1))
    else
        (cd "$ADDONS" && PYLINTHOME="$TMP/pylint-home" "$PY" -m pylint \
            --rcfile="$REPO/.pylintrc" "$MODULE") >"$out" 2>&1
        rc=$?
        count=$(grep -cE '^[^ ].*:[0-9]+: \[[A-Z][0-9]+' "$out")
        if [ "$rc" -eq 0 ]; then
            check_line pylint OK "0 messages (pylint-odoo, valid-odoo-versions=18.0)"
            passed=$((passed + 1))
        else
            check_line pylint FAIL "$count message(s), exit $rc"
            show_head "$out" 200
            failed=$((failed + 1))
        fi
    fi

    # -- ruff
    local ruff=(ruff)
    command -v ruff >/dev/null 2>&1 || ruff=("$PY" -m ruff)
    if [ ! -f "$REPO/ruff.toml" ]; then
        check_line "ruff check" FAIL "$REPO/ruff.toml is missing"
        check_line "ruff format" FAIL "$REPO/ruff.toml is missing"
        failed=$((failed + 2))
    else
        out="$TMP/logs/ruff-check.log"
        (cd "$REPO" && "${ruff[@]}" check --no-cache --output-format=concise --config "$REPO/ruff.toml" .) >"$out" 2>&1
        rc=$?
        if [ "$rc" -eq 0 ]; then
            check_line "ruff check" OK "no findings"
            passed=$((passed + 1))
        else
            check_line "ruff check" FAIL "exit $rc ($(grep -oE '^Found [0-9]+ errors?' "$out" || echo 'see below'))"
            show_head "$out" 200
            failed=$((failed + 1))
        fi
        out="$TMP/logs/ruff-format.log"
        (cd "$REPO" && "${ruff[@]}" format --no-cache --config "$REPO/ruff.toml" --check \
            --output-format=concise .) >"$out" 2>&1
        rc=$?
        if [ "$rc" -eq 0 ]; then
            check_line "ruff format" OK "all files formatted"
            passed=$((passed + 1))
        else
            check_line "ruff format" FAIL "exit $rc; run: ruff format ."
            show_head "$out" 100
            failed=$((failed + 1))
        fi
    fi

    # -- data/i18n/manifest checks (one pass/fail per check)
    out="$TMP/logs/static-checks.log"
    if [ ! -f "$REPO/scripts/static_checks.py" ]; then
        check_line static_checks.py FAIL "scripts/static_checks.py is missing"
        failed=$((failed + 1))
    else
        "$PY" "$REPO/scripts/static_checks.py" --repo "$REPO" >"$out" 2>&1
        rc=$?
        local summary sp sf
        summary=$(grep -E '^static_checks: [0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
        if [ -z "$summary" ]; then
            check_line static_checks.py FAIL "crashed (exit $rc)"
            show_head "$out" 100
            failed=$((failed + 1))
        else
            sp=$(sed -E 's/^static_checks: ([0-9]+) passed, ([0-9]+) failed$/\1/' <<<"$summary")
            sf=$(sed -E 's/^static_checks: ([0-9]+) passed, ([0-9]+) failed$/\2/' <<<"$summary")
            grep -vE '^static_checks: ' "$out" | sed 's/^/   /'
            passed=$((passed + sp))
            failed=$((failed + sf))
            if [ "$rc" -ne 0 ] && [ "$sf" -eq 0 ]; then
                failed=$((failed + 1))
            fi
        fi
    fi

    local status=PASSED
    [ "$failed" -gt 0 ] && status=FAILED
    record_part "static" "$status" "$passed passed, $failed failed checks" "$(($(now) - t0))" \
        "$passed" "$failed"
}

# ================================================================ b. unit
part_unit() {
    section "b. pure-Python unit tests (pytest, no Odoo)"
    local t0 rc junit counts tests=0 fails=0 errors=0 skipped=0 passed=0 failed=0
    t0=$(now)
    if [ ! -d "$REPO/tests/unit" ]; then
        echo "   tests/unit does not exist"
        record_part "unit" FAILED "tests/unit missing" "$(($(now) - t0))" 0 1
        return
    fi
    junit="$TMP/pytest-junit.xml"
    mkdir -p "$TMP/pytest-cwd"
    # A dedicated, empty ini file: no stray pytest configuration applies.
    printf '[pytest]\n' >"$TMP/pytest.ini"
    # -p no:odoo: pytest-odoo registers its plugin under the entry-point name
    # "odoo" and would import Odoo; these tests must not need it.
    # cwd is a scratch directory so that nothing (e.g. .hypothesis) lands in
    # the repository.
    # rootdir and confcutdir are tests/unit itself: with --import-mode=importlib
    # a higher directory would make pytest import the packages above it
    # (tests/__init__.py imports the Odoo tests, the repo root imports Odoo).
    (cd "$TMP/pytest-cwd" && "$PY" -m pytest -c "$TMP/pytest.ini" \
        --rootdir="$REPO/tests/unit" --confcutdir="$REPO/tests/unit" \
        -p no:odoo -p no:cacheprovider --import-mode=importlib \
        -q --tb=short -rfE --junitxml="$junit" "$REPO/tests/unit") >"$TMP/logs/pytest.log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        tail -n 1 "$TMP/logs/pytest.log" | indent
    else
        # the failures (short tracebacks) then the summary; full output in the log
        sed -n '/^=* FAILURES =*$\|^=* ERRORS =*$/,$p' "$TMP/logs/pytest.log" >"$TMP/pytest-fail.txt"
        if [ -s "$TMP/pytest-fail.txt" ] && [ "$(wc -l <"$TMP/pytest-fail.txt")" -gt 150 ]; then
            show_head "$TMP/pytest-fail.txt" 120
            tail -n 30 "$TMP/logs/pytest.log" | indent
        elif [ -s "$TMP/pytest-fail.txt" ]; then
            indent <"$TMP/pytest-fail.txt"
        else
            tail -n 40 "$TMP/logs/pytest.log" | indent
        fi
    fi
    if [ -f "$junit" ]; then
        counts=$("$PY" - "$junit" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
totals = [0, 0, 0, 0]
for suite in suites:
    for i, key in enumerate(("tests", "failures", "errors", "skipped")):
        totals[i] += int(suite.get(key, 0))
print(*totals)
EOF
        ) || counts="0 0 0 0"
        read -r tests fails errors skipped <<<"$counts"
    fi
    passed=$((tests - fails - errors - skipped))
    failed=$((fails + errors))
    local status=PASSED detail="$passed passed, $failed failed, $skipped skipped"
    case "$rc" in
        0) ;;
        1) status=FAILED ;;
        5)
            status=FAILED
            detail="no tests were collected in tests/unit (pytest exit 5)"
            ;;
        *)
            status=FAILED
            detail="pytest exit $rc (interrupted, internal or usage error); $detail"
            ;;
    esac
    [ "$failed" -gt 0 ] && status=FAILED
    record_part "unit" "$status" "$detail" "$(($(now) - t0))" "$passed" "$failed"
}

# ================================================================ c. odoo
odoo_skip_reason=""
odoo_probe() {
    local info
    if ! info=$("$ODOO_PYTHON" -c '
import os, odoo
from odoo import release
print(release.version_info[0])
print(release.version)
print(os.path.dirname(odoo.__file__))
' 2>/dev/null); then
        odoo_skip_reason="Odoo 18 not importable with '$ODOO_PYTHON' (python3 -c 'import odoo' fails).
   Provide it: install Odoo 18 Community so that '$ODOO_PYTHON -c \"import odoo\"' works
   (e.g. pip install -e <odoo-18-checkout> plus its requirements.txt), or set
   ODOO_PYTHON=/path/to/python of an environment that has Odoo 18."
        return 1
    fi
    ODOO_MAJOR=$(sed -n 1p <<<"$info")
    ODOO_VERSION=$(sed -n 2p <<<"$info")
    ODOO_DIR=$(sed -n 3p <<<"$info")
    if [ "$ODOO_MAJOR" != 18 ]; then
        odoo_skip_reason="'$ODOO_PYTHON' imports Odoo $ODOO_VERSION, but this add-on needs Odoo 18.
   Set ODOO_PYTHON to a python that imports Odoo 18."
        return 1
    fi
    return 0
}

find_pg_bin() {
    local d
    for d in "${PG_BIN:-}" /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null)" \
        $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr) \
        "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")"; do
        if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

free_port() {
    "$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# start_pg: private cluster in $TMP/pg; sets PGSOCK PGPORT
start_pg() {
    local pgbin pgroot
    if ! pgbin=$(find_pg_bin); then
        echo "   PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BIN"
        return 1
    fi
    PG_CTL="$pgbin/pg_ctl"
    pgroot="$TMP/pg"
    PGDATA_DIR="$pgroot/data"
    PGSOCK="$pgroot/sock"
    PGPORT=$(free_port)
    mkdir -p "$pgroot" "$PGSOCK"
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "   running as root but there is no 'postgres' system user to run PostgreSQL"
            return 1
        fi
        chmod 711 "$TMP"
        chown -R postgres: "$pgroot"
        if ! runuser -u postgres -- test -w "$pgroot"; then
            echo "   the postgres user cannot reach $pgroot (check permissions of ${TMPDIR:-/tmp})"
            return 1
        fi
    fi
    echo "   PostgreSQL: $pgbin (socket $PGSOCK, port $PGPORT)"
    if ! as_pg_user "$pgbin/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C >"$TMP/initdb.log" 2>&1; then
        echo "   initdb failed:"
        show_head "$TMP/initdb.log" 50
        return 1
    fi
    if ! as_pg_user "$PG_CTL" -D "$PGDATA_DIR" -l "$pgroot/postgresql.log" -w -t 60 \
        -o "-k $PGSOCK -p $PGPORT -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        start >"$TMP/pg_ctl.log" 2>&1; then
        echo "   pg_ctl start failed:"
        show_head "$TMP/pg_ctl.log" 20
        [ -f "$pgroot/postgresql.log" ] && show_head "$pgroot/postgresql.log" 50
        return 1
    fi
    PG_STARTED=1
    if ! "$pgbin/psql" -h "$PGSOCK" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -qc "CREATE ROLE odoo LOGIN CREATEDB" >"$TMP/createuser.log" 2>&1; then
        echo "   creating the 'odoo' role failed:"
        show_head "$TMP/createuser.log" 20
        return 1
    fi
    return 0
}

LOG_LINE_RE='^[0-9][0-9-]+ [0-9][0-9:,]+ [0-9]+ '
# the registry finished loading (with or without at_install test failures)
LOADED_RE='odoo\.modules\.loading: (Modules loaded|At least one test failed when loading)'
# progress filter for the live output of an Odoo run
odoo_progress() {
    grep --line-buffered -E "${LOG_LINE_RE}(ERROR|CRITICAL) |${LOG_LINE_RE}WARNING [^ ]+ odoo\.addons\.$MODULE|odoo\.modules\.loading: (loading [0-9]+ modules|[0-9]+ modules loaded)|Modules loaded|odoo\.tests\.(result|stats)|Starting post tests|post-tests in|Initiating shutdown" |
        awk '{ print "   | " substr($0, 1, 220); fflush() }'
}

# run_odoo LOGFILE TIMEOUT ARGS... : runs Odoo with the common options;
# returns its exit code (124: stopped after TIMEOUT seconds)
run_odoo() {
    local log=$1 limit=$2 rc tail_pid
    shift 2
    local cmd=("$ODOO_PYTHON" -m odoo -c "$TMP/odoo.conf"
        --addons-path "$ODOO_ADDONS_PATH"
        --db_host "$PGSOCK" --db_port "$PGPORT" --db_user odoo
        --data-dir "$TMP/data" --workers=0 --max-cron-threads=0
        --http-interface=127.0.0.1 --http-port "$(free_port)"
        --no-database-list "$@")
    echo "   \$ ${cmd[*]}" | sed "s#$TMP#\$TMP#g"
    : >"$log"
    # in the background so that an interrupt can stop it (see cleanup)
    timeout --kill-after=30 "$limit" "${cmd[@]}" </dev/null >"$log" 2>&1 &
    ODOO_PID=$!
    tail -n +1 -F --pid="$ODOO_PID" "$log" 2>/dev/null | odoo_progress &
    tail_pid=$!
    wait "$ODOO_PID"
    rc=$?
    ODOO_PID=""
    wait "$tail_pid" 2>/dev/null
    if [ "$rc" = 124 ]; then
        echo "!! Odoo was stopped after ${limit}s (timeout)" | tee -a "$log" | indent
    fi
    return "$rc"
}

# show_errors LOGFILE : the failing tests, then every ERROR/CRITICAL line with
# its continuation lines (tracebacks), capped
show_errors() {
    local failing
    failing=$(grep -E "${LOG_LINE_RE}ERROR [^ ]+ [^ ]+: (FAIL|ERROR): " "$1" |
        sed -E "s/${LOG_LINE_RE}ERROR [^ ]+ ([^ ]+): (FAIL|ERROR): (.*)$/\\2: \\3  (\\1)/")
    if [ -n "$failing" ]; then
        echo "   failing tests:"
        sed 's/^/     /' <<<"$failing"
    fi
    grep -qE "${LOG_LINE_RE}(ERROR|CRITICAL) " "$1" || return 0
    echo "   ERROR/CRITICAL lines of $(basename "$1") (line number: text):"
    awk -v re="$LOG_LINE_RE" '
        $0 ~ (re "(ERROR|CRITICAL) ") { print NR ": " $0; block = 1; n = 0; next }
        $0 ~ re { block = 0; next }
        block && n < 40 { print NR "  " $0; n++ }
    ' "$1" | cut -c1-300 | head -n 400 | indent
}
count_errors() {
    grep -cE "${LOG_LINE_RE}(ERROR|CRITICAL) " "$1"
}

part_odoo() {
    section "c. Odoo tests (Odoo 18, private PostgreSQL)"
    local t0 rc
    t0=$(now)
    if ! odoo_probe; then
        echo "   SKIPPED: $odoo_skip_reason"
        if [ "${BR_REQUIRE_ODOO:-0}" = 1 ]; then
            record_part "odoo" FAILED "Odoo 18 not available and BR_REQUIRE_ODOO=1" "$(($(now) - t0))" 0 1
        else
            record_part "odoo" SKIPPED "Odoo 18 not importable with $ODOO_PYTHON" "$(($(now) - t0))" 0 0
        fi
        return
    fi
    echo "   Odoo $ODOO_VERSION at $ODOO_DIR (python: $(command -v "$ODOO_PYTHON" || echo "$ODOO_PYTHON"))"
    ODOO_ADDONS_PATH="$ODOO_DIR/addons"
    # source checkout layout: <root>/odoo/addons (base) + <root>/addons (the rest)
    if [ -d "$(dirname "$ODOO_DIR")/addons/web" ]; then
        ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$(dirname "$ODOO_DIR")/addons"
    fi
    ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$ADDONS${BR_EXTRA_ADDONS:+,$BR_EXTRA_ADDONS}"
    printf '[options]\n' >"$TMP/odoo.conf"
    mkdir -p "$TMP/data"

    # browser tests: Odoo skips HttpCase browser_js/tours without them
    local chrome="" ws=""
    for b in google-chrome chromium chromium-browser google-chrome-stable; do
        chrome=$(command -v "$b" 2>/dev/null) && break
    done
    ws=$("$ODOO_PYTHON" -c 'import websocket; print(getattr(websocket, "__version__", "?"))' 2>/dev/null)
    if [ -n "$chrome" ] && [ -n "$ws" ]; then
        echo "   browser tests/tours: WILL RUN (chrome: $chrome, websocket-client $ws)"
    else
        echo "   browser tests/tours: SKIPPED by Odoo (chrome: ${chrome:-missing}, websocket-client: ${ws:-missing})"
    fi

    if ! start_pg; then
        record_part "odoo" FAILED "could not start PostgreSQL" "$(($(now) - t0))" 0 1
        return
    fi

    local passed=0 failed=0 status=PASSED install_status=ok errs

    # (i) install without demo data
    local log1="$TMP/logs/odoo-install-nodemo.log" t1
    t1=$(now)
    echo
    echo "   (i) install $MODULE without demo data (database br_nodemo)"
    run_odoo "$log1" 420 -d br_nodemo -i "$MODULE" --without-demo=all --stop-after-init
    rc=$?
    errs=$(count_errors "$log1")
    if [ "$rc" -eq 0 ] && [ "$errs" -eq 0 ] && grep -qE "$LOADED_RE" "$log1"; then
        check_line "install (no demo)" OK "exit 0, no ERROR/CRITICAL [$(($(now) - t1))s]"
        install_status=ok
        passed=$((passed + 1))
    else
        check_line "install (no demo)" FAIL "exit $rc$([ "$rc" = 124 ] && echo ' (timed out)'), $errs ERROR/CRITICAL line(s) [$(($(now) - t1))s]"
        show_errors "$log1"
        [ "$errs" -eq 0 ] && tail -n 40 "$log1" | indent
        failed=$((failed + 1))
        status=FAILED
        install_status=FAILED
    fi

    # (ii) install with demo data + Arabic, run the tests
    local log2="$TMP/logs/odoo-tests.log" t2 results total=0 tfail=0 terr=0
    t2=$(now)
    echo
    echo "   (ii) install $MODULE with demo data + ar_001, run tests (tags: $TEST_TAGS)"
    run_odoo "$log2" "$ODOO_TIMEOUT" -d br_test -i "$MODULE${BR_EXTRA_MODULES:+,$BR_EXTRA_MODULES}" \
        --load-language=ar_001 --test-enable \
        --test-tags "$TEST_TAGS" --stop-after-init --log-level=test
    rc=$?
    errs=$(count_errors "$log2")
    # Odoo 18 logs one cumulative line per database at the end:
    #   odoo.tests.result: 0 failed, 0 error(s) of 45 tests when loading database 'br_test'
    # keep the last one per database and sum over databases
    results=$(grep -oE "odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests? when loading database '[^']*'" "$log2" |
        sed -E "s/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests? when loading database '([^']*)'/\4 \1 \2 \3/" |
        awk '{ last[$1] = $2 " " $3 " " $4 } END { f = 0; e = 0; t = 0; for (d in last) { split(last[d], a, " "); f += a[1]; e += a[2]; t += a[3] } print f, e, t }')
    read -r tfail terr total <<<"${results:-0 0 0}"
    local tpassed=$((total - tfail - terr))
    [ "$tpassed" -lt 0 ] && tpassed=0
    local tskipped
    tskipped=$(grep -cE "${LOG_LINE_RE}INFO [^ ]+ [^ ]+: skipped " "$log2")
    local why=()
    if [ "$rc" = 124 ]; then
        why+=("timed out after ${ODOO_TIMEOUT}s (BR_ODOO_TIMEOUT)")
    elif [ "$rc" -ne 0 ]; then
        why+=("exit $rc")
    fi
    [ "$errs" -gt 0 ] && why+=("$errs ERROR/CRITICAL line(s)")
    if [ "$total" -eq 0 ]; then
        if [ "$rc" = 124 ]; then
            why+=("0 tests ran")
        elif grep -qE "$LOADED_RE" "$log2"; then
            why+=("0 tests ran (are the test modules imported in tests/__init__.py? tags: $TEST_TAGS)")
        else
            why+=("the install failed, 0 tests ran")
        fi
    fi
    [ "$((tfail + terr))" -gt 0 ] && why+=("$tfail failed, $terr error(s)")
    if [ "${#why[@]}" -eq 0 ]; then
        check_line "tests (demo + ar)" OK "$total tests: $tpassed passed, 0 failed ($tskipped skipped) [$(($(now) - t2))s]"
    else
        local whytext
        whytext=$(printf '%s; ' "${why[@]}")
        check_line "tests (demo + ar)" FAIL "${whytext%; } [$(($(now) - t2))s]"
        show_errors "$log2"
        [ "$errs" -eq 0 ] && tail -n 40 "$log2" | indent
        status=FAILED
    fi
    passed=$((passed + tpassed))
    failed=$((failed + tfail + terr))
    if [ "${#why[@]}" -gt 0 ] && [ "$((tfail + terr))" -eq 0 ]; then
        failed=$((failed + 1))
    fi

    # Arabic coverage of the code as it is: export a fresh .pot from the test
    # database (demo data included); every msgid must be in the committed
    # i18n/<module>.pot and translated in i18n/ar.po. One check, counted.
    local potdb=br_test
    grep -qE "$LOADED_RE" "$log2" || potdb=br_nodemo
    if grep -qE "$LOADED_RE" "$log1" "$log2"; then
        echo
        echo "   (iii) fresh .pot export from $potdb: committed template and Arabic coverage"
        if run_odoo "$TMP/logs/odoo-pot-export.log" 180 -d "$potdb" --i18n-export="$TMP/export.pot" \
            --modules="$MODULE" --stop-after-init >/dev/null && [ -f "$TMP/export.pot" ] \
            && "$PY" "$REPO/scripts/i18n_coverage.py" "$TMP/export.pot" "$REPO/i18n/$MODULE.pot" \
                "$REPO/i18n/ar.po" | indent; then
            check_line "i18n (fresh export)" OK "every term of the code is in the .pot and in Arabic"
            passed=$((passed + 1))
        else
            check_line "i18n (fresh export)" FAIL "the .pot is stale or Arabic is missing (see above)"
            failed=$((failed + 1))
            status=FAILED
        fi
    fi

    record_part "odoo" "$status" \
        "install without demo: $install_status; tests: $total ran, $tpassed passed, $((tfail + terr)) failed" \
        "$(($(now) - t0))" "$passed" "$failed"
}

# ================================================================ main
T_START=$(now)
if [ "$RUN_STATIC" = 1 ]; then part_static; else record_part static SKIPPED "not selected" 0 0 0; fi
if [ "$RUN_UNIT" = 1 ]; then part_unit; else record_part unit SKIPPED "not selected" 0 0 0; fi
if [ "$RUN_ODOO" = 1 ]; then part_odoo; else record_part odoo SKIPPED "not selected" 0 0 0; fi

# ================================================================ d. summary
[ -f "$TMP/pg/postgresql.log" ] && cp "$TMP/pg/postgresql.log" "$TMP/logs/postgresql.log"
[ -f "$TMP/pytest-junit.xml" ] && cp "$TMP/pytest-junit.xml" "$TMP/logs/pytest-junit.xml"
section "summary ($(($(now) - T_START))s)"
if [ -n "${BR_TEST_LOG_DIR:-}" ]; then
    if mkdir -p "$BR_TEST_LOG_DIR" && cp "$TMP"/logs/* "$BR_TEST_LOG_DIR"/; then
        echo "   logs: $BR_TEST_LOG_DIR"
    else
        echo "   could not copy the logs to $BR_TEST_LOG_DIR"
    fi
elif [ "${BR_KEEP_TMP:-0}" = 1 ]; then
    echo "   logs: $TMP/logs"
else
    echo "   (set BR_TEST_LOG_DIR=<dir> to keep the logs)"
fi
for i in "${!PART_NAMES[@]}"; do
    status=${PART_STATUS[$i]}
    [ "$status" = PASSED ] && status="RAN/PASSED"
    printf '   %-8s %-11s %5ss  %s\n' "${PART_NAMES[$i]}" "$status" "${PART_TIME[$i]}" "${PART_DETAIL[$i]}"
done
echo
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ]
