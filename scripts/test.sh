#!/usr/bin/env bash
# The one test command of beneficiary_relations (CI runs it through .ci/run):
#   static  pre-commit run --all-files (.pre-commit-config.yaml)
#   unit    python3 -m pytest tests/unit (pure Python, no Odoo)
#   wheel   pip wheel of the committed tree (whool): the wheel and its requirements
#   odoo    only when "$ODOO_PYTHON -c 'import odoo'" works (Odoo 18): a private
#           PostgreSQL, an install without demo data, then the standard run
#             odoo -d DB -i beneficiary_relations --test-enable \
#               --test-tags /beneficiary_relations --stop-after-init
#           (at_install and post_install tests, HttpCase and tours), each log
#           checked by checklog-odoo (checklog-odoo.cfg), and the Arabic
#           coverage of a fresh .pot export.
# It says what ran and what was skipped, ends with "N passed, N failed" and
# exits non-zero on any failure.
# Environment: ODOO_PYTHON [python3], PG_BIN (PostgreSQL server binaries),
# BR_ODOO_TIMEOUT seconds per Odoo run [1800], BR_KEEP_TMP=1 keeps the logs.
set -uo pipefail
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
export PYTHONDONTWRITEBYTECODE=1 PRE_COMMIT_COLOR=never
TMP=$(mktemp -d "${TMPDIR:-/tmp}/br-test.XXXXXX") || exit 1
export PRE_COMMIT_HOME=$TMP/pre-commit
trap 'pg_stop; [ "${BR_KEEP_TMP:-0}" = 1 ] || rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
PASSED=0 FAILED=0 SUMMARY=() START=$SECONDS

section() { printf '\n== %s\n' "$*"; }
show() { cut -c1-300 "$1" | head -n "${2:-80}" | sed 's/^/   | /'; }
# record PART PASSED FAILED DETAIL
record() {
    local status=PASSED
    [ "$3" -gt 0 ] && status=FAILED
    PASSED=$((PASSED + $2)) FAILED=$((FAILED + $3))
    SUMMARY+=("$(printf '%-7s %-8s %s' "$1" "$status" "$4")")
    echo "-- $1: $status ($4)"
}
skip() { SUMMARY+=("$(printf '%-7s %-8s %s' "$1" SKIPPED "$2")") && echo "-- $1: SKIPPED ($2)"; }

section "static: pre-commit run --all-files"
(cd "$REPO" && pre-commit run --all-files) >"$TMP/static.log" 2>&1
rc=$?
show "$TMP/static.log" 400
hooks_ok=$(grep -cE '\.Passed$' "$TMP/static.log") hooks_ko=$(grep -cE '\.Failed$' "$TMP/static.log")
[ "$rc" -ne 0 ] && [ "$hooks_ko" -eq 0 ] && hooks_ko=1
record static "$hooks_ok" "$hooks_ko" "$hooks_ok hooks passed, $hooks_ko failed"

section "unit: python3 -m pytest tests/unit"
(cd "$REPO" && python3 -m pytest tests/unit -q --tb=short) >"$TMP/unit.log" 2>&1
rc=$?
grep -E '^(FAILED|ERROR) ' "$TMP/unit.log" | sed 's/^/   /'
tail -n 1 "$TMP/unit.log" | sed 's/^/   /'
count() { grep -oE "[0-9]+ $1" <<<"$2" | grep -oE '^[0-9]+' || echo 0; }
line=$(tail -n 1 "$TMP/unit.log")
ok=$(count passed "$line") ko=$(($(count failed "$line") + $(count error "$line")))
[ "$rc" -ne 0 ] && [ "$ko" -eq 0 ] && ko=1 && show "$TMP/unit.log" 40
record unit "$ok" "$ko" "$ok passed, $ko failed"

section "wheel: pip wheel --no-deps --no-build-isolation (whool), offline"
ko=1
if git clone -q "$REPO" "$TMP/src/$MODULE" &&
    python3 -m pip wheel -q --no-deps --no-build-isolation --no-index -w "$TMP/dist" \
        "$TMP/src/$MODULE" >"$TMP/wheel.log" 2>&1; then
    wheel=$(ls "$TMP"/dist/odoo_addon_${MODULE}-18.0.*-py3-none-any.whl 2>/dev/null)
    echo "   built: $(basename "${wheel:-nothing}")"
    python3 -c 'import sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
meta = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
sys.exit("Requires-Dist: hijridate" not in wheel.read(meta).decode())' "$wheel" 2>/dev/null && ko=0
fi
[ "$ko" = 1 ] && echo "   no odoo_addon_$MODULE-18.0.*.whl requiring hijridate" && show "$TMP/wheel.log" 30
record wheel $((1 - ko)) "$ko" "odoo_addon_$MODULE-18.0.* wheel requiring hijridate"

section "odoo: install and every test of the module (Odoo 18, private PostgreSQL)"
if ! ODOO_ADDONS=$(odoo_addons_path); then
    echo "   SKIPPED: '$ODOO_PYTHON -c \"import odoo\"' does not give Odoo 18."
    echo "   Install Odoo 18 for that python or point ODOO_PYTHON at one that has it."
    skip odoo "Odoo 18 not importable with $ODOO_PYTHON"
else
    chrome=$(command -v chromium chromium-browser google-chrome 2>/dev/null | head -n 1)
    if [ -n "$chrome" ] && "$ODOO_PYTHON" -c 'import websocket' 2>/dev/null; then
        echo "   browser tests and tours: RUN (chrome: $chrome)"
    else
        echo "   browser tests and tours: SKIPPED by Odoo (chrome: ${chrome:-missing}, websocket-client)"
    fi
    mkdir -p "$TMP/addons" && ln -s "$REPO" "$TMP/addons/$MODULE"
    [ "$(id -u)" -eq 0 ] && chmod 711 "$TMP"
    PG_OPTIONS="-c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        pg_start "$TMP/pg" >"$TMP/pg.log" 2>&1
    PG_OK=$?
    odoo() {
        timeout --kill-after=30 "${BR_ODOO_TIMEOUT:-1800}" "$ODOO_PYTHON" -m odoo \
            --addons-path="$ODOO_ADDONS,$TMP/addons" --db_host="$PGHOST" --db_port="$PGPORT" \
            --db_user=odoo --data-dir="$TMP/data" --workers=0 --max-cron-threads=0 "$@" </dev/null
    }
    # run_checked NAME LOG ODOO-ARGS...: Odoo must exit 0 and checklog-odoo find nothing
    run_checked() {
        local name=$1 log=$2 t0=$SECONDS
        shift 2
        odoo "$@" >"$log" 2>&1
        local rc=$?
        checklog-odoo --config="$REPO/checklog-odoo.cfg" "$log" >"$log.check" 2>&1
        local clean=$?
        echo "   $name: exit $rc, checklog-odoo $([ "$clean" = 0 ] && echo clean || echo FAILED) [$((SECONDS - t0))s]"
        [ "$clean" = 0 ] || show "$log.check" 120
        [ "$rc" = 0 ] && [ "$clean" = 0 ]
    }
    if [ "$PG_OK" -ne 0 ]; then
        show "$TMP/pg.log" 30
        record odoo 0 1 "PostgreSQL did not start"
    else
        ok=0 ko=0
        run_checked "install without demo data" "$TMP/nodemo.log" -d br_nodemo -i "$MODULE" \
            --without-demo=all --stop-after-init --no-http && ok=$((ok + 1)) || ko=$((ko + 1))
        run_checked "tests (standard run)" "$TMP/tests.log" -d br_test -i "$MODULE" --test-enable \
            --test-tags "/$MODULE" --stop-after-init --http-interface=127.0.0.1 \
            --http-port="$(free_port)"
        rc=$?
        # Odoo's own count: "N failed, N error(s) of N tests when loading database"
        counts=$(grep -oE '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$TMP/tests.log" | tail -n 1)
        read -r tf te tn <<<"$(grep -oE '[0-9]+' <<<"${counts:-0 0 0}" | xargs)"
        grep -oE 'ERROR br_test [^ ]+: (FAIL|ERROR): .*' "$TMP/tests.log" | sed 's/^/   /'
        echo "   Odoo tests: $tn ran, $((tn - tf - te)) passed, $tf failed, $te error(s)"
        ok=$((ok + tn - tf - te)) ko=$((ko + tf + te))
        [ "$rc" -ne 0 ] || [ "$tn" -eq 0 ] && [ "$((tf + te))" -eq 0 ] && ko=$((ko + 1))
        if odoo -d br_test --i18n-export="$TMP/fresh.pot" --modules="$MODULE" --stop-after-init \
            --no-http >"$TMP/export.log" 2>&1 && python3 "$REPO/scripts/i18n_coverage.py" \
            "$TMP/fresh.pot" "$REPO/i18n/ar.po" "$REPO/i18n/$MODULE.pot" >"$TMP/coverage.log" 2>&1; then
            ok=$((ok + 1))
        else
            ko=$((ko + 1))
        fi
        show "$TMP/coverage.log" 40
        record odoo "$ok" "$ko" "install without demo, $tn tests, Arabic coverage of a fresh .pot"
    fi
fi

section "summary ($((SECONDS - START))s)"
[ "${BR_KEEP_TMP:-0}" = 1 ] && echo "   logs: $TMP"
printf '   %s\n' "${SUMMARY[@]}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
