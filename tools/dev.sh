#!/usr/bin/env bash
# Development commands behind the Makefile: a private PostgreSQL cluster,
# an Odoo configuration that points at it, the demo server and the test run.
#
# Usage: tools/dev.sh {check|setup|pg-start|pg-stop|conf|install DB|run|test}
#
# Odoo 18.0 must already be importable by $PYTHON; this script never
# installs, builds or downloads Odoo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
LOCAL="$ROOT/.local"
ADDONS="sales_claim_registration,sales_public_pool,sales_credit_split,sales_claim_portal,sales_pool_credit_split"
ODOO_GUIDE="https://www.odoo.com/documentation/18.0/administration/on_premise/source.html"
export TZ=UTC

die() { echo "error: $*" >&2; exit 1; }
say() { echo ">> $*"; }

# --- prerequisites -----------------------------------------------------------

check_odoo() {
    "$PYTHON" - <<'EOF' 2>/dev/null || die "Odoo 18.0 is not importable by ${PYTHON}: install Odoo 18.0 Community first (${ODOO_GUIDE}), then retry."
import sys
import odoo.release
sys.exit(0 if odoo.release.version_info[:2] == (18, 0) else 1)
EOF
}

# Odoo's own addons folders: odoo/addons always, ../addons in a source checkout.
odoo_addons_path() {
    "$PYTHON" - <<'EOF'
import os
import odoo
base = os.path.dirname(os.path.abspath(odoo.__file__))
paths = [p for p in (os.path.join(base, "addons"), os.path.join(os.path.dirname(base), "addons"))
         if os.path.isdir(p)]
print(",".join(paths))
EOF
}

is_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
    is_root && command -v apt-get >/dev/null || return 1
    say "installing Debian packages: $*"
    if [ ! -f "$LOCAL/.apt-updated" ]; then
        apt-get update -qq >/dev/null && mkdir -p "$LOCAL" && touch "$LOCAL/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_bindir() {
    local d
    if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
    done
    return 1
}

ensure_pg_binaries() {
    pg_bindir >/dev/null 2>&1 && return
    apt_install postgresql postgresql-contrib || true
    pg_bindir >/dev/null 2>&1 || die "PostgreSQL server binaries (pg_ctl, initdb) not found: install PostgreSQL 15 (Debian package 'postgresql'), then retry."
}

ensure_python_deps() {
    local stamp="$LOCAL/.deps-$(sha1sum "$ROOT/requirements.txt" | cut -c1-12)"
    [ -f "$stamp" ] && return
    say "installing the project's Python requirements"
    "$PYTHON" -m pip install -q -r "$ROOT/requirements.txt" || die "pip could not install requirements.txt"
    mkdir -p "$LOCAL" && touch "$stamp"
}

ensure_chromium() {
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
        || command -v google-chrome >/dev/null 2>&1 && return
    apt_install chromium || die "Chromium is needed by the browser tests: install Debian's 'chromium' package, then retry."
}

setup() {
    check_odoo
    ensure_pg_binaries
    ensure_python_deps
}

# --- the private PostgreSQL cluster ----------------------------------------
# Used unless PGHOST points at a server. Unix socket only, UTF-8 character
# type (pg_trgm sees no Chinese characters under the C locale), and run by an
# unprivileged user because PostgreSQL refuses to run as root.

PGDIR="$LOCAL/pg"
PGPORT_PRIVATE="${PGPORT:-5432}"

external_pg() { [ -n "${PGHOST:-}" ]; }

pg_user() {
    if ! is_root; then id -un; return; fi
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    echo postgres
}

as_pg() {
    local u
    u="$(pg_user)"
    if is_root; then runuser -u "$u" -- "$@"; else "$@"; fi
}

pg_running() { [ -f "$PGDIR/data/postmaster.pid" ] && as_pg "$(pg_bindir)/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; }

pg_start() {
    if external_pg; then return; fi
    ensure_pg_binaries
    local bin u
    bin="$(pg_bindir)"
    u="$(pg_user)"
    mkdir -p "$PGDIR/run"
    if is_root; then
        chown -R "$u" "$PGDIR"
        runuser -u "$u" -- test -x "$PGDIR" || die "user $u cannot reach $PGDIR: clone the project where other users may traverse the path"
    fi
    if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
        say "creating the private PostgreSQL cluster in .local/pg"
        as_pg "$bin/initdb" -D "$PGDIR/data" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 \
            || die "initdb failed, see $PGDIR/initdb.log"
    fi
    if pg_running; then return; fi
    # a quarter of the memory for shared buffers (128 MB to 4 GB), as a
    # production server would: the benchmark data sets are several GB
    local mem_mb buffers_mb
    mem_mb=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo 2>/dev/null || echo 512)
    buffers_mb=$((mem_mb / 4))
    [ "$buffers_mb" -ge 128 ] || buffers_mb=128
    [ "$buffers_mb" -le 4096 ] || buffers_mb=4096
    say "starting PostgreSQL (socket in .local/pg/run)"
    as_pg "$bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
        -o "-k $PGDIR/run -p $PGPORT_PRIVATE -c listen_addresses='' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=${buffers_mb}MB -c max_wal_size=4GB" \
        start >/dev/null || die "PostgreSQL did not start, see $PGDIR/server.log"
    touch "$PGDIR/.started-by-us"
}

pg_stop() {
    if external_pg || [ ! -f "$PGDIR/data/PG_VERSION" ]; then return; fi
    pg_running || return 0
    as_pg "$(pg_bindir)/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null
    rm -f "$PGDIR/.started-by-us"
}

# psql against the cluster in use
psql_() {
    if external_pg; then
        psql -X -q -v ON_ERROR_STOP=1 "$@"
    else
        psql -X -q -v ON_ERROR_STOP=1 -h "$PGDIR/run" -p "$PGPORT_PRIVATE" -U odoo "$@"
    fi
}

# --- Odoo ---------------------------------------------------------------------

write_conf() {
    mkdir -p "$LOCAL"
    local conf="$LOCAL/odoo.conf" addons
    addons="$(odoo_addons_path),$ROOT"
    {
        echo "[options]"
        echo "addons_path = $addons"
        echo "data_dir = $LOCAL/data"
        if external_pg; then
            echo "db_host = $PGHOST"
            echo "db_port = ${PGPORT:-5432}"
            echo "db_user = ${PGUSER:-$(id -un)}"
            echo "db_password = ${PGPASSWORD:-False}"
        else
            echo "db_host = $PGDIR/run"
            echo "db_port = $PGPORT_PRIVATE"
            echo "db_user = odoo"
            echo "db_password = False"
        fi
        echo "admin_passwd = admin"
        echo "list_db = True"
        echo "max_cron_threads = 1"
        echo "without_demo = False"
    } >"$conf"
    echo "$conf"
}

odoo_() { "$PYTHON" -m odoo -c "$LOCAL/odoo.conf" "$@"; }

db_exists() { [ "$(psql_ -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = "1" ]; }

addons_installed() {
    local n
    n="$(psql_ -d "$1" -tAc "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN ('sales_claim_registration','sales_public_pool','sales_credit_split','sales_claim_portal','sales_pool_credit_split')" 2>/dev/null || echo 0)"
    [ "$n" = "5" ]
}

# install the three addons (with demo data) into database $1
install_db() {
    local db="$1" log="$LOCAL/install-$1.log"
    say "installing the addons into database $db (log: .local/install-$1.log)"
    if ! odoo_ -d "$db" -i "$ADDONS" --stop-after-init --log-level=warn >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "installing the addons into $db failed, see $log"
    fi
    if grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL)" "$log" >/dev/null; then
        grep -E -A 15 "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL)" "$log" | head -n 60 >&2
        die "installing the addons into $db logged errors, see $log"
    fi
}

port_free() {
    "$PYTHON" - "$1" <<'EOF'
import socket, sys
s = socket.socket()
try:
    s.bind(("0.0.0.0", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
}

# RUN_LANG=zh_CN make run: load the language and make the demo a Chinese
# company (users' language and time zone, the company's country), so that
# the data shipped by the addons shows translated
set_language() {
    local db="$1" lang="$2" log="$LOCAL/lang-$1.log"
    say "loading language $lang into database $db (log: .local/lang-$1.log)"
    odoo_ -d "$db" --load-language="$lang" --stop-after-init --log-level=warn >"$log" 2>&1 \
        || { tail -n 20 "$log" >&2; die "loading language $lang failed, see $log"; }
    odoo_ shell -d "$db" --no-http --log-level=warn >>"$log" 2>&1 <<EOF || die "setting language $lang failed, see $log"
users = env["res.users"].with_context(active_test=False).search([("share", "=", False)])
users.write({"lang": "$lang"})
if "$lang" == "zh_CN":
    users.write({"tz": "Asia/Shanghai"})
    env.ref("base.main_company").country_id = env.ref("base.cn")
env.cr.commit()
EOF
}

cmd_run() {
    setup
    local port="${HTTP_PORT:-8069}" db="${DB:-sales_demo}"
    port_free "$port" || die "port $port is taken: stop what listens there (or set HTTP_PORT), then retry."
    pg_start
    write_conf >/dev/null
    if ! db_exists "$db" || ! addons_installed "$db"; then
        install_db "$db"
    fi
    if [ -n "${RUN_LANG:-}" ]; then
        set_language "$db" "$RUN_LANG"
    fi
    say "Odoo 18.0 on http://localhost:$port (database $db) - login admin / password admin - Ctrl-C stops"
    exec "$PYTHON" -m odoo -c "$LOCAL/odoo.conf" -d "$db" --db-filter="^$db\$" --http-port="$port" --log-level=warn
}

# drop the throwaway database, stop the cluster when this run started it
test_cleanup() {
    if [ -z "${KEEP_DB:-}" ]; then
        psql_ -d postgres -c "DROP DATABASE IF EXISTS \"$TEST_DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || true
        rm -rf "$LOCAL/data/filestore/$TEST_DB_NAME"
    fi
    if [ "$STARTED_PG" = 1 ] && [ -z "${KEEP_CLUSTER:-}" ]; then pg_stop; fi
}

cmd_test() {
    setup
    ensure_chromium
    local rc=0
    TEST_DB_NAME="${TEST_DB:-sales_test_$$}"
    STARTED_PG=0
    local db="$TEST_DB_NAME"
    if ! external_pg && ! pg_running; then STARTED_PG=1; fi
    pg_start
    write_conf >/dev/null
    trap test_cleanup EXIT
    if ! db_exists "$db" || ! addons_installed "$db"; then
        psql_ -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
        install_db "$db"
    fi
    cd "$ROOT"
    [ "$#" -gt 0 ] || set -- sales_claim_registration sales_public_pool sales_credit_split sales_claim_portal sales_pool_credit_split tests
    # per-database report files, so two runs on one checkout don't mix them
    export COVERAGE_FILE="$LOCAL/coverage-$db"
    local junit="$LOCAL/junit-$db.xml"
    rm -f "$COVERAGE_FILE" "$COVERAGE_FILE".* "$junit"
    set +e
    # a hard limit, so that a hung browser or lock fails the run instead of CI's clock
    timeout --signal=TERM --kill-after=30 "${TEST_TIMEOUT:-4200}" \
        "$PYTHON" -m coverage run -m pytest \
        --odoo-config="$LOCAL/odoo.conf" --odoo-database="$db" --odoo-http --odoo-log-level=warn \
        --junitxml="$junit" "$@"
    rc=$?
    set -e
    "$PYTHON" "$ROOT/tools/report.py" "$junit" "$COVERAGE_FILE" || { [ "$rc" = 0 ] && rc=1; }
    return "$rc"
}

case "${1:-}" in
check) check_odoo ;;
setup) setup ;;
pg-start) setup; pg_start ;;
pg-stop) pg_stop ;;
conf) check_odoo; write_conf ;;
install) setup; pg_start; write_conf >/dev/null; install_db "${2:?database name}" ;;
psql) shift; psql_ "$@" ;;
run) cmd_run ;;
test) shift; cmd_test "$@" ;;
*) echo "usage: $0 {check|setup|pg-start|pg-stop|conf|install DB|psql ARGS|run|test [PYTEST ARGS]}" >&2; exit 2 ;;
esac
