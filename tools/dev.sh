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
ADDONS="sales_claim_registration,sales_public_pool,sales_credit_split,sales_claim_portal,sales_pool_credit_split,sales_credit_split_commission"
# Installed into the test database next to the suite: Odoo's website form
# flow (and its tests) must keep working with the suite installed.
TEST_EXTRA_ADDONS="website_crm"
# Odoo's own tests run by `make test` with the suite installed: the tests of
# the Odoo addons the suite extends, and of OCA's commission addons that
# sales_credit_split_commission extends (module:path inside the module), when
# the module is installed in the test database.
ODOO_TEST_SPECS="crm:tests sale_crm:tests sale:tests website_crm:tests portal:tests
base:tests/test_res_partner.py base:tests/test_res_partner_merge.py mail:tests/test_res_partner.py
commission_oca:tests account_commission_oca:tests"
# OCA's addons the suite builds on (sales_credit_split_commission), pinned in
# tools/oca-addons.txt: unpacked from their wheels, never pip-installed
OCA_PINS="$ROOT/tools/oca-addons.txt"
OCA_ADDONS_DIR="$LOCAL/oca-addons"
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

# OCA's addons (tools/oca-addons.txt): the pinned wheels are downloaded
# (hashes checked) into .local/oca-wheels and their odoo/addons/* unpacked
# into .local/oca-addons, which write_conf puts on the addons path. Not
# `pip install`: an odoo-addon-* wheel installed next to an editable Odoo
# makes `odoo` a namespace package and breaks `import odoo`. Skipped when the
# folder already holds the addons of the current pins.
ensure_oca_addons() {
    local stamp="$OCA_ADDONS_DIR/.pins-$(sha1sum "$OCA_PINS" | cut -c1-12)"
    [ -f "$stamp" ] && return
    say "downloading OCA's addons pinned in tools/oca-addons.txt into .local/oca-addons"
    mkdir -p "$LOCAL/oca-wheels"
    "$PYTHON" -m pip download -q --no-deps --only-binary=:all: --require-hashes \
        -r "$OCA_PINS" -d "$LOCAL/oca-wheels" >"$LOCAL/oca-download.log" 2>&1 \
        || { cat "$LOCAL/oca-download.log" >&2; die "pip could not download the wheels of tools/oca-addons.txt (is PyPI reachable?)"; }
    "$PYTHON" - "$OCA_PINS" "$LOCAL/oca-wheels" "$OCA_ADDONS_DIR" <<'EOF' || die "could not unpack the wheels of tools/oca-addons.txt"
import pathlib, re, shutil, sys, tempfile, zipfile
pins, wheels, target = (pathlib.Path(a) for a in sys.argv[1:])
tmp = pathlib.Path(tempfile.mkdtemp(dir=target.parent))
for line in pins.read_text().splitlines():
    m = re.match(r"odoo-addon-(\S+?)==(\S+)", line.strip())
    if not m:
        continue
    name, version = m.groups()
    wheel = wheels / f"odoo_addon_{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp, [n for n in z.namelist() if n.startswith(f"odoo/addons/{name}/")])
shutil.rmtree(target, ignore_errors=True)
(tmp / "odoo" / "addons").rename(target)
shutil.rmtree(tmp)
EOF
    touch "$stamp"
}

setup() {
    check_odoo
    ensure_pg_binaries
    ensure_python_deps
    ensure_oca_addons
}

# Odoo's addons folders, OCA's (once unpacked) and the suite's
addons_path() {
    local path
    path="$(odoo_addons_path)"
    [ ! -d "$OCA_ADDONS_DIR" ] || path="$path,$OCA_ADDONS_DIR"
    echo "$path,$ROOT"
}

# --- the private PostgreSQL cluster ----------------------------------------
# Used unless PGHOST points at a server. Unix socket only, UTF-8 character
# type (pg_trgm sees no Chinese characters under the C locale), and run by an
# unprivileged user because PostgreSQL refuses to run as root.
#
# The cluster lives in .local/pg, unless you are root and the postgres user
# cannot traverse the checkout (a clone under /root, mode 700): then it lives
# in /var/lib/sales-suite/<hash of the checkout path>/pg, owned by postgres,
# and .local/pg is a symlink to it. We never loosen the permissions of a
# directory we did not create.

PGPORT_PRIVATE="${PGPORT:-5432}"
PG_OUTSIDE_BASE="${PG_OUTSIDE_BASE:-/var/lib/sales-suite}"

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
    # from /: the checkout may be a directory the postgres user cannot enter
    if is_root; then (cd / && runuser -u "$u" -- "$@"); else "$@"; fi
}

# the directory holding this checkout's PostgreSQL clusters (private one in
# pg/, the replication topology in cluster/): reachable by the postgres user
pg_base() {
    if ! is_root; then echo "$LOCAL"; return; fi
    mkdir -p "$LOCAL"
    if [ -d "$LOCAL/pg" ] && [ ! -L "$LOCAL/pg" ]; then echo "$LOCAL"; return; fi
    if [ -L "$LOCAL/pg" ]; then dirname "$(readlink "$LOCAL/pg")"; return; fi
    if runuser -u "$(pg_user)" -- test -x "$LOCAL"; then echo "$LOCAL"; return; fi
    echo "$PG_OUTSIDE_BASE/$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
}

# create pg_base when it is outside the checkout: root-owned parents that
# others may traverse, the per-checkout directory itself owned by postgres
ensure_pg_base() {
    local base u
    base="$(pg_base)"
    [ "$base" != "$LOCAL" ] || return 0
    u="$(pg_user)"
    install -d -m 755 "$(dirname "$base")"
    install -d -m 700 -o "$u" "$base"
    printf '%s\n' "$ROOT" >"$base/checkout"
    [ -L "$LOCAL/pg" ] || ln -s "$base/pg" "$LOCAL/pg"
}

PGDIR="$(pg_base)/pg"

pg_running() { [ -f "$PGDIR/data/postmaster.pid" ] && as_pg "$(pg_bindir)/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; }

# Durability of the private cluster. `make run` keeps real data: fsync and
# full-page writes on. Test and benchmark runs may start it without them
# (PG_FAST=1), never downgrade a cluster that already runs. These are reload
# settings (ALTER SYSTEM), so `make run` upgrades a running fast cluster.
pg_set_durability() {
    local mode="$1" on=on
    [ "$mode" = safe ] || on=off
    psql_ -d postgres \
        -c "ALTER SYSTEM SET fsync = $on" \
        -c "ALTER SYSTEM SET full_page_writes = $on" \
        -c "ALTER SYSTEM SET synchronous_commit = $on" \
        -c "SELECT pg_reload_conf()" >/dev/null
}

pg_ensure_safe() {
    external_pg && return 0
    [ "$(psql_ -d postgres -tAc "SHOW fsync")" = on ] && return 0
    say "turning fsync and full-page writes on (the cluster ran for tests)"
    pg_set_durability safe
    sync
    psql_ -d postgres -c "CHECKPOINT" >/dev/null
    sleep 1
    [ "$(psql_ -d postgres -tAc "SHOW fsync")" = on ] \
        || die "fsync stays off (set on the server's command line): run 'make db-stop', then retry."
}

pg_start() {
    if external_pg; then return; fi
    ensure_pg_binaries
    local bin u
    bin="$(pg_bindir)"
    u="$(pg_user)"
    ensure_pg_base
    mkdir -p "$PGDIR/run"
    if is_root; then
        chown "$u" "$PGDIR" "$PGDIR/run"
        runuser -u "$u" -- test -x "$PGDIR" || die "user $u cannot reach $PGDIR: clone the project where other users may traverse the path"
    fi
    if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
        say "creating the private PostgreSQL cluster in $PGDIR"
        as_pg "$bin/initdb" -D "$PGDIR/data" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOCAL/initdb.log" 2>&1 \
            || die "initdb failed, see $LOCAL/initdb.log"
    fi
    if pg_running; then return; fi
    # a quarter of the memory for shared buffers (128 MB to 4 GB), as a
    # production server would: the benchmark data sets are several GB
    local mem_mb buffers_mb
    mem_mb=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo 2>/dev/null || echo 512)
    buffers_mb=$((mem_mb / 4))
    [ "$buffers_mb" -ge 128 ] || buffers_mb=128
    [ "$buffers_mb" -le 4096 ] || buffers_mb=4096
    # durability is not on the command line: ALTER SYSTEM below must win
    say "starting PostgreSQL (socket in $PGDIR/run)"
    as_pg "$bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
        -o "-k $PGDIR/run -p $PGPORT_PRIVATE -c listen_addresses='' -c max_connections=200 -c shared_buffers=${buffers_mb}MB -c max_wal_size=4GB" \
        start >/dev/null || die "PostgreSQL did not start, see $PGDIR/server.log"
    if [ -n "${PG_FAST:-}" ]; then
        pg_set_durability fast
    else
        # what a fast run wrote may still sit in the page cache
        pg_set_durability safe
        sync
    fi
    touch "$PGDIR/.started-by-us"
}

pg_stop() {
    if external_pg || [ ! -f "$PGDIR/data/PG_VERSION" ]; then return; fi
    pg_running || return 0
    as_pg "$(pg_bindir)/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null
    rm -f "$PGDIR/.started-by-us"
}

# stop the cluster and remove its data when it lives outside the checkout
# (make clean removes .local itself)
pg_remove() {
    pg_stop
    local base
    base="$(pg_base)"
    if [ "$base" != "$LOCAL" ] && [ -f "$base/checkout" ]; then rm -rf "$base"; fi
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
    addons="$(addons_path)"
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

# whether every addon of the comma-separated list $2 (default: the suite) is installed in $1
addons_installed() {
    local list="${2:-$ADDONS}" n
    n="$(psql_ -d "$1" -tAc "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name = ANY(string_to_array('$list', ','))" 2>/dev/null || echo 0)"
    [ "$n" = "$(echo "$list" | tr ',' '\n' | wc -l)" ]
}

# install the addons (default: the suite's, with demo data) into database $1
install_db() {
    local db="$1" addons="${2:-$ADDONS}" log="$LOCAL/install-$1.log"
    say "installing $addons into database $db (log: .local/install-$1.log)"
    if ! odoo_ -d "$db" -i "$addons" --stop-after-init --log-level=warn >"$log" 2>&1; then
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
    # in Odoo's shell rather than with --load-language: on a database that
    # already exists, --load-language left the data records (roles, split
    # types, CRM stages) untranslated. The subcommand comes before the options.
    "$PYTHON" -m odoo shell -c "$LOCAL/odoo.conf" -d "$db" --no-http --log-level=warn >"$log" 2>&1 <<EOF || die "loading language $lang failed, see $log"
lang = env["res.lang"].with_context(active_test=False).search([("code", "=", "$lang")])
assert lang, "unknown language $lang"
env["base.language.install"].create({"lang_ids": [(6, 0, lang.ids)]}).lang_install()
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
    pg_ensure_safe
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
    PG_FAST=1 pg_start
    write_conf >/dev/null
    trap test_cleanup EXIT
    if ! db_exists "$db" || ! addons_installed "$db" "$ADDONS,$TEST_EXTRA_ADDONS"; then
        psql_ -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
        install_db "$db" "$ADDONS,$TEST_EXTRA_ADDONS"
    fi
    cd "$ROOT"
    # Odoo's own tests run after the whole suite's (not after a run narrowed
    # by PYTEST_ARGS); ODOO_TESTS=0 leaves them out, ODOO_TESTS=1 adds them
    # to a narrowed run, ODOO_TESTS=only runs them alone with the PYTEST_ARGS
    local odoo_tests="${ODOO_TESTS:-}"
    if [ -z "$odoo_tests" ]; then
        if [ "$#" -gt 0 ]; then odoo_tests=0; else odoo_tests=1; fi
    fi
    local odoo_junit="$LOCAL/junit-odoo-$db.xml"
    rm -f "$odoo_junit"
    if [ "$odoo_tests" = only ]; then
        set +e
        run_odoo_tests "$db" "$odoo_junit" "$@"
        rc=$?
        set -e
        "$PYTHON" "$ROOT/tools/report.py" --odoo-only "$odoo_junit" || { [ "$rc" = 0 ] && rc=1; }
        return "$rc"
    fi
    [ "$#" -gt 0 ] || set -- ${ADDONS//,/ } tests
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
    local odoo_rc=0
    if [ "$odoo_tests" = 1 ]; then
        set +e
        run_odoo_tests "$db" "$odoo_junit"
        odoo_rc=$?
        set -e
        [ "$rc" != 0 ] || rc="$odoo_rc"
    fi
    "$PYTHON" "$ROOT/tools/report.py" "$junit" "$COVERAGE_FILE" "$odoo_junit" || { [ "$rc" = 0 ] && rc=1; }
    return "$rc"
}

# paths of Odoo's test files (see ODOO_TEST_SPECS) of the modules installed in $1
odoo_test_paths() {
    local installed
    installed="$(psql_ -d "$1" -tAc "SELECT string_agg(name, ',') FROM ir_module_module WHERE state = 'installed'")"
    "$PYTHON" - "$LOCAL/odoo.conf" "$installed" "$ODOO_TEST_SPECS" <<'EOF'
import os
import sys

from odoo.modules.module import get_module_path
from odoo.tools import config

config.parse_config(["-c", sys.argv[1]])
installed = set(sys.argv[2].split(","))
for spec in sys.argv[3].split():
    module, rel = spec.split(":")
    if module in installed:
        print(os.path.join(get_module_path(module), rel))
EOF
}

# Odoo's own tests of the addons the suite extends, on database $1 (JUnit
# report $2, more pytest arguments after), with the deselections of
# tests/odoo_tests_deselected.txt; without coverage: the coverage reported
# is the suite's, measured by its own tests
run_odoo_tests() {
    local db="$1" junit="$2" odoo_root paths
    shift 2
    odoo_root="$("$PYTHON" -c 'import os, odoo; print(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))))')"
    mapfile -t paths < <(odoo_test_paths "$db")
    say "Odoo's own tests with the suite installed (${#paths[@]} test folders and files)"
    timeout --signal=TERM --kill-after=30 "${ODOO_TEST_TIMEOUT:-3600}" \
        "$PYTHON" -m pytest --rootdir="$odoo_root" -p no:cacheprovider -p tools.odoo_tests_plugin \
        --odoo-config="$LOCAL/odoo.conf" --odoo-database="$db" --odoo-http --odoo-log-level=warn \
        -q -ra --junitxml="$junit" "${paths[@]}" "$@"
}

# the translation templates of every addon exported from database $1 (where
# the addons are installed and up to date), and each zh_CN.po brought in
# line with its template: new strings appear untranslated for a translator,
# removed ones go
cmd_i18n() {
    local db="${1:?database where the addons are installed}" addon i18n
    for addon in ${ADDONS//,/ }; do
        i18n="$ROOT/$addon/i18n"
        "$PYTHON" -m odoo -c "$LOCAL/odoo.conf" -d "$db" --i18n-export="$i18n/$addon.pot" \
            --modules="$addon" --stop-after-init --log-level=warn
        msgmerge --quiet --no-fuzzy-matching --no-wrap "$i18n/zh_CN.po" "$i18n/$addon.pot" \
            | msgattrib --no-obsolete --no-wrap -o "$i18n/zh_CN.po"
        say "$addon: $(msgattrib --untranslated "$i18n/zh_CN.po" | grep -c '^msgid' || true) strings to translate (header included)"
    done
}

# sourced by tools/cluster.sh for its functions
[ -z "${DEV_SH_LIB:-}" ] || return 0

case "${1:-}" in
check) check_odoo ;;
setup) setup ;;
pg-start) setup; pg_start ;;
pg-stop) pg_stop ;;
pg-remove) pg_remove ;;
conf) check_odoo; write_conf ;;
install) setup; pg_start; write_conf >/dev/null; install_db "${2:?database name}" ;;
psql) shift; psql_ "$@" ;;
run) cmd_run ;;
test) shift; cmd_test "$@" ;;
i18n) setup; write_conf >/dev/null; cmd_i18n "${2:-}" ;;
*) echo "usage: $0 {check|setup|pg-start|pg-stop|conf|install DB|psql ARGS|run|test [PYTEST ARGS]|i18n DB}" >&2; exit 2 ;;
esac
