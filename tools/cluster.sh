#!/usr/bin/env bash
# The multi-node topology on one machine, for tests and measurements:
#
#   PostgreSQL primary (port 5510) --streaming--> replica (5511, hot standby)
#   HTTP node A 127.0.0.1:8171 } --workers=2, no cron thread, one shared
#   HTTP node B 127.0.0.1:8172 }  data directory (sessions, attachments)
#   cron nodes 1 and 2          --no-http, one cron worker each
#
# Every Odoo node writes to the primary and sends read-only requests
# (@api.readonly methods, readonly routes) to the replica (db_replica_host).
# Both clusters are private like the one of `make run`: unix sockets only,
# run by the postgres user when you are root, fsync off (throwaway data).
#
# Usage: tools/cluster.sh {up|down|status|remove|psql primary|replica ARGS}
set -euo pipefail

DEV_SH_LIB=1
# shellcheck source=tools/dev.sh
source "$(dirname "${BASH_SOURCE[0]}")/dev.sh"

CL_PRIMARY_PORT="${CLUSTER_PG_PORT:-5510}"
CL_REPLICA_PORT="$((CL_PRIMARY_PORT + 1))"
CL_HTTP_PORTS="${CLUSTER_HTTP_PORTS:-8171 8172}"
CL_WORKERS="${CLUSTER_WORKERS:-2}"
CL_DB="${CLUSTER_DB:-cluster_demo}"
CL_LOCAL="$LOCAL/cluster"         # Odoo side: configs, logs, pid files, data dir
CL_PG=""                          # PostgreSQL side, set by cl_init (reachable by postgres)

cl_init() {
    ensure_pg_base
    CL_PG="$(pg_base)/cluster"
    mkdir -p "$CL_LOCAL" "$CL_PG/run"
    if is_root; then chown "$(pg_user)" "$CL_PG" "$CL_PG/run"; fi
}

cl_psql() {
    local which="$1" port="$CL_PRIMARY_PORT"
    shift
    [ "$which" = primary ] || port="$CL_REPLICA_PORT"
    psql -X -q -v ON_ERROR_STOP=1 -h "$CL_PG/run" -p "$port" -U odoo "$@"
}

cl_pg_running() {
    [ -f "$CL_PG/$1/postmaster.pid" ] && as_pg "$(pg_bindir)/pg_ctl" -D "$CL_PG/$1" status >/dev/null 2>&1
}

cl_pg_start() {
    local which="$1" port="$2"
    cl_pg_running "$which" && return 0
    # test data: durability off; pg_stat_statements shows where queries ran
    as_pg "$(pg_bindir)/pg_ctl" -D "$CL_PG/$which" -l "$CL_PG/$which.log" -w -t 120 \
        -o "-k $CL_PG/run -p $port -c listen_addresses='' -c max_connections=100 -c shared_buffers=256MB -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c hot_standby_feedback=on" \
        start >/dev/null || die "PostgreSQL $which did not start, see $CL_PG/$which.log"
}

cl_pg_up() {
    local bin
    bin="$(pg_bindir)"
    if [ ! -f "$CL_PG/primary/PG_VERSION" ]; then
        say "creating the primary cluster"
        as_pg "$bin/initdb" -D "$CL_PG/primary" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$CL_LOCAL/initdb.log" 2>&1 \
            || die "initdb failed, see $CL_LOCAL/initdb.log"
    fi
    cl_pg_start primary "$CL_PRIMARY_PORT"
    if [ ! -f "$CL_PG/replica/PG_VERSION" ]; then
        say "creating the streaming replica (pg_basebackup -R)"
        as_pg "$bin/pg_basebackup" -D "$CL_PG/replica" -h "$CL_PG/run" -p "$CL_PRIMARY_PORT" -U odoo \
            -X stream -R -c fast >"$CL_LOCAL/basebackup.log" 2>&1 \
            || die "pg_basebackup failed, see $CL_LOCAL/basebackup.log"
    fi
    cl_pg_start replica "$CL_REPLICA_PORT"
    [ "$(cl_psql replica -d postgres -tAc 'SELECT pg_is_in_recovery()')" = t ] || die "the replica is not in recovery"
}

# one configuration per node kind; $1 = http|cron
cl_conf() {
    local kind="$1" conf="$CL_LOCAL/odoo-$1.conf"
    {
        echo "[options]"
        echo "addons_path = $(addons_path)"
        echo "data_dir = $CL_LOCAL/data"
        echo "db_host = $CL_PG/run"
        echo "db_port = $CL_PRIMARY_PORT"
        echo "db_replica_host = $CL_PG/run"
        echo "db_replica_port = $CL_REPLICA_PORT"
        echo "db_user = odoo"
        echo "db_password = False"
        echo "db_name = $CL_DB"
        echo "dbfilter = ^$CL_DB\$"
        echo "list_db = False"
        echo "admin_passwd = admin"
        echo "without_demo = False"
        echo "proxy_mode = True"
        echo "http_interface = 127.0.0.1"
        echo "limit_memory_soft = 805306368"
        echo "limit_memory_hard = 1073741824"
        echo "limit_time_cpu = 120"
        echo "limit_time_real = 240"
        echo "log_level = warn"
        if [ "$kind" = http ]; then
            echo "workers = $CL_WORKERS"
            echo "max_cron_threads = 0"
        else
            echo "workers = 1"
            echo "max_cron_threads = 1"
            echo "http_enable = False"
        fi
    } >"$conf"
    echo "$conf"
}

cl_install() {
    if [ "$(cl_psql primary -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$CL_DB'")" = 1 ] \
        && [ "$(cl_psql primary -d "$CL_DB" -tAc "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN ('sales_claim_registration','sales_public_pool','sales_credit_split','sales_claim_portal')")" = 4 ]; then
        return 0
    fi
    say "installing the addons with demo data into $CL_DB (once; log: .local/cluster/install.log)"
    cl_psql primary -d postgres -c "DROP DATABASE IF EXISTS \"$CL_DB\" WITH (FORCE)" >/dev/null
    "$PYTHON" -m odoo -c "$CL_LOCAL/odoo-http.conf" -d "$CL_DB" -i "$ADDONS" --workers=0 \
        --stop-after-init --log-level=warn >"$CL_LOCAL/install.log" 2>&1 \
        || { tail -n 40 "$CL_LOCAL/install.log" >&2; die "installing into $CL_DB failed"; }
    cl_psql primary -d "$CL_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
}

# start one Odoo node in the background: $1 = name, $2 = conf, then options
cl_node_start() {
    local name="$1" conf="$2"
    shift 2
    local pidfile="$CL_LOCAL/$name.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return 0; fi
    # ODOO_NOTIFY_CRON_CHANGES: a changed nextcall wakes the cron nodes at once
    ODOO_NOTIFY_CRON_CHANGES=1 ODOO_PGAPPNAME="odoo-$name-{pid}" setsid "$PYTHON" -m odoo -c "$conf" --pidfile="$pidfile" \
        --logfile="$CL_LOCAL/$name.log" "$@" </dev/null >/dev/null 2>&1 &
}

cl_wait_http() {
    local port="$1" i
    for i in $(seq 1 300); do
        # a JSON route: Odoo answers 400 to a body that is not declared JSON
        if "$PYTHON" -c "import urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:$port/web/webclient/version_info', data=b'{}', headers={'Content-Type': 'application/json'}), timeout=5)" 2>/dev/null; then
            return 0
        fi
        sleep 1
    done
    die "the Odoo node on port $port did not answer in 300 s, see $CL_LOCAL/*.log"
}

cmd_up() {
    setup
    cl_init
    local port
    for port in $CL_HTTP_PORTS; do
        if ! [ -f "$CL_LOCAL/http-$port.pid" ] || ! kill -0 "$(cat "$CL_LOCAL/http-$port.pid")" 2>/dev/null; then
            port_free "$port" || die "port $port is taken: set CLUSTER_HTTP_PORTS, then retry."
        fi
    done
    cl_pg_up
    local http_conf cron_conf
    http_conf="$(cl_conf http)"
    cron_conf="$(cl_conf cron)"
    cl_install
    local n=0
    for port in $CL_HTTP_PORTS; do
        n=$((n + 1))
        # the websocket (gevent) port of each node, next to it
        cl_node_start "http-$port" "$http_conf" --http-port="$port" --gevent-port="$((port + 100))"
    done
    cl_node_start cron-1 "$cron_conf"
    cl_node_start cron-2 "$cron_conf"
    for port in $CL_HTTP_PORTS; do cl_wait_http "$port"; done
    say "topology up: primary :$CL_PRIMARY_PORT, replica :$CL_REPLICA_PORT (sockets in $CL_PG/run)," \
        "HTTP nodes on 127.0.0.1:${CL_HTTP_PORTS// /, :}, 2 cron nodes, database $CL_DB"
}

cl_node_stop() {
    local pidfile="$1" pid i
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null
    fi
    rm -f "$pidfile"
}

cmd_down() {
    cl_init
    local f
    for f in "$CL_LOCAL"/*.pid; do
        [ -e "$f" ] && cl_node_stop "$f"
    done
    local which
    for which in replica primary; do
        if cl_pg_running "$which"; then
            as_pg "$(pg_bindir)/pg_ctl" -D "$CL_PG/$which" -m fast -w stop >/dev/null
        fi
    done
    say "topology stopped (data kept in $CL_PG; 'tools/cluster.sh remove' deletes it)"
}

cmd_remove() {
    cmd_down
    rm -rf "$CL_PG" "$CL_LOCAL"
}

cmd_status() {
    cl_init
    local f
    for f in "$CL_LOCAL"/*.pid; do
        [ -e "$f" ] || continue
        if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$(basename "$f" .pid): running"; else echo "$(basename "$f" .pid): dead"; fi
    done
    cl_pg_running primary && echo "primary: running" || echo "primary: stopped"
    cl_pg_running replica && echo "replica: running" || echo "replica: stopped"
}

case "${1:-}" in
up) cmd_up ;;
down) cmd_down ;;
remove) cmd_remove ;;
status) cmd_status ;;
psql) cl_init; shift; cl_psql "$@" ;;
*) echo "usage: $0 {up|down|remove|status|psql primary|replica ARGS}" >&2; exit 2 ;;
esac
