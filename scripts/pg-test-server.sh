# Starts and stops a throwaway PostgreSQL server for the test suites (sourced by .ci/run;
# usable by hand: `source scripts/pg-test-server.sh && pg_test_server_start`).
# Exports DATABASE_URL_TEST. Runs the server as the postgres user when started by root.
PG_TEST_PORT="${PG_TEST_PORT:-55432}"

pg_test_server_start() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$bin" ]; then
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    return 1
  fi
  PG_TEST_ROOT="$(mktemp -d)"
  local as=()
  if [ "$(id -u)" = "0" ]; then
    chown postgres "$PG_TEST_ROOT"
    as=(runuser -u postgres --)
  fi
  chmod 700 "$PG_TEST_ROOT"
  "${as[@]}" "$bin/initdb" -D "$PG_TEST_ROOT/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_ROOT/data" -l "$PG_TEST_ROOT/pg.log" -w -t 30 \
    -o "-p $PG_TEST_PORT -k $PG_TEST_ROOT -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  PG_TEST_BIN="$bin"
  PG_TEST_AS=("${as[@]}")
  export DATABASE_URL_TEST="postgres://postgres@127.0.0.1:$PG_TEST_PORT/postgres"
}

pg_test_server_stop() {
  if [ -n "${PG_TEST_ROOT:-}" ]; then
    "${PG_TEST_AS[@]}" "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_ROOT/data" -m fast -w stop >/dev/null || true
    rm -rf "$PG_TEST_ROOT"
  fi
}
