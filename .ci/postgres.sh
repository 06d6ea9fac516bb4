#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store's contract tests (ADR 0019), in a temporary folder on a free port.
#
#   eval "$(bash .ci/postgres.sh start)"   # starts one; prints the export lines below
#   bash .ci/postgres.sh env               # prints them again for the cluster that is running
#   bash .ci/postgres.sh stop              # stops it and deletes its folder
#
# Exports BONEMETS_TEST_POSTGRES (an Npgsql connection string to the superuser "postgres", trust auth on 127.0.0.1)
# and BONEMETS_TEST_POSTGRES_DIR (the cluster's folder, which `stop` and `env` read when no folder is given).
# initdb refuses root, so as root the cluster belongs to the `postgres` user; otherwise to whoever runs this.
set -euo pipefail

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    # Nothing answering on the port: free for us (pg_ctl fails on a race, and start tries again).
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2
  return 1
}

print_env() {
  local dir=$1
  echo "export BONEMETS_TEST_POSTGRES='$(cat "$dir/connection")'"
  echo "export BONEMETS_TEST_POSTGRES_DIR='$dir'"
}

start() {
  local bin dir port
  if ! bin=$(find_bin); then
    echo "PostgreSQL is missing: installing it with apt" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } >&2
    bin=$(find_bin)
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home postgres >&2
  fi

  dir=$(mktemp -d "${TMPDIR:-/tmp}/bonemets-pg.XXXXXX")
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }

  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >&2; then
      break
    fi
    [ "$attempt" -eq 5 ] && { cat "$dir/server.log" >&2; exit 1; }
  done

  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" >"$dir/connection"
  echo "$bin" >"$dir/bin"
  echo "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port in $dir" >&2
  print_env "$dir"
}

stop() {
  local dir=${1:-${BONEMETS_TEST_POSTGRES_DIR:-}}
  if [ -z "$dir" ] || ! [ -d "$dir" ]; then
    echo "no cluster to stop (give its folder, or set BONEMETS_TEST_POSTGRES_DIR)" >&2
    return 0
  fi
  as_owner "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  env)
    dir=${2:-${BONEMETS_TEST_POSTGRES_DIR:-}}
    [ -n "$dir" ] && [ -f "$dir/connection" ] || { echo "no cluster running (give its folder)" >&2; exit 1; }
    print_env "$dir"
    ;;
  *) echo "usage: $0 start | stop [DIR] | env [DIR]" >&2; exit 2 ;;
esac
