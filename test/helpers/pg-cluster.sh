#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks.
#   eval "$(bash test/helpers/pg-cluster.sh start [DIR])"   → exports TEST_DATABASE_URL, PG_CLUSTER_DIR
#   bash test/helpers/pg-cluster.sh stop DIR
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
set -euo pipefail

bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

case "${1:-}" in
  start)
    BIN=$(bin_dir)
    DIR=${2:-$(mktemp -d /tmp/pulse-pg.XXXXXX)}
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    PORT=$(free_port)
    as_owner "$BIN/initdb" -D "$DIR/data" -U pulse -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    # Tests trade durability for speed (fsync off); benchmarks set PG_DURABLE=1 to measure
    # with PostgreSQL's default, durable commits.
    OPTS="-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200"
    [ "${PG_DURABLE:-0}" = 1 ] || OPTS="$OPTS -c fsync=off -c synchronous_commit=off"
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -o "$OPTS" start >&2 \
      || { cat "$DIR/server.log" >&2; exit 1; }
    echo "export PG_CLUSTER_DIR=$DIR"
    echo "export TEST_DATABASE_URL=postgres://pulse@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    BIN=$(bin_dir)
    DIR=${2:?usage: pg-cluster.sh stop DIR}
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac
