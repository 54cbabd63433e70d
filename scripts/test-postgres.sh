#!/usr/bin/env bash
# Runs the database-touching test suites a second time on PostgreSQL: a throwaway server (initdb in a temp
# folder, 127.0.0.1 on a free port, unix socket in that folder) that is stopped and deleted on exit.
#
#   scripts/test-postgres.sh [--output FILE] [TEST PATH…]
#
# --output FILE  vitest's JSON report (default var/test-results-postgres.json)
# TEST PATH…     what to run (default: every suite that touches the database)
# Prints "postgres: N passed, N failed" last; exits non-zero if a test failed or the server could not start.
#
# Needs Debian's PostgreSQL server binaries (/usr/lib/postgresql/<version>/bin, package `postgresql`), or
# POSTGRES_BIN pointing at a folder holding initdb and pg_ctl. As root (CI) a missing server is installed with
# apt-get and run as the `postgres` system user (initdb refuses root); as anyone else it runs as that user.
set -euo pipefail
cd "$(dirname "$0")/.."

output=var/test-results-postgres.json
paths=()
while [ $# -gt 0 ]; do
  case "$1" in
    --output) output=$2; shift 2 ;;
    --output=*) output=${1#--output=}; shift ;;
    *) paths+=("$1"); shift ;;
  esac
done
if [ ${#paths[@]} -eq 0 ]; then
  paths=(tests/storage tests/schedule tests/progress tests/review tests/exam tests/members tests/bot tests/commands tests/cli)
fi

find_bin() {
  if [ -n "${POSTGRES_BIN:-}" ]; then
    [ -x "$POSTGRES_BIN/initdb" ] && echo "$POSTGRES_BIN"
    return 0
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
  return 0
}

bin=$(find_bin)
if [ -z "$bin" ]; then
  if [ "$(id -u)" -eq 0 ] && [ -z "${POSTGRES_BIN:-}" ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL server not found: installing it (apt-get install postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends postgresql
    bin=$(find_bin)
  fi
  if [ -z "$bin" ]; then
    echo "PostgreSQL server binaries not found (looked for ${POSTGRES_BIN:-/usr/lib/postgresql/*/bin}/initdb)." >&2
    echo "Install them, e.g. on Debian/Ubuntu: sudo apt-get install postgresql (or set POSTGRES_BIN), then run this again." >&2
    exit 1
  fi
fi

# As root, the server runs as the postgres system user; otherwise as whoever runs this.
as_server() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "running as root but there is no 'postgres' system user to run the server as (initdb refuses root)" >&2
    exit 1
  fi
  as_server() { runuser -u postgres -- "$@"; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/test-postgres.XXXXXX")
started=
cleanup() {
  if [ -n "$started" ]; then as_server "$bin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
[ "$(id -u)" -eq 0 ] && chown postgres: "$work"

port=$(node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')

# TCP logins need this run's password (another local user must not reach a superuser); the socket, in a
# folder only the server's user can enter, stays trust.
password=$(node -e 'console.log(require("node:crypto").randomBytes(18).toString("hex"))')
printf '%s\n' "$password" >"$work/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres: "$work/pwfile"
chmod 600 "$work/pwfile"
as_server "$bin/initdb" -D "$work/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$work/pwfile" -E UTF8 --locale=C.UTF-8 --no-sync >"$work/initdb.log" 2>&1 || {
  cat "$work/initdb.log" >&2
  exit 1
}
# A throwaway: no fsync. Enough connections for two vitest workers, each test opening a few pools.
options="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
started=1
if ! as_server "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -o "$options" -w -t 60 start >/dev/null; then
  cat "$work/server.log" >&2
  exit 1
fi
for _ in $(seq 1 60); do
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres && break
  sleep 0.5
done
"$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres || { cat "$work/server.log" >&2; exit 1; }
echo "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port ($work)"

mkdir -p "$(dirname "$output")"
rm -f "$output"
status=0
TEST_DATABASE_URL="postgres://postgres:$password@127.0.0.1:$port/postgres" \
  npx vitest run "${paths[@]}" --reporter=default --reporter=json --outputFile="$output" || status=$?
OUTPUT=$output node -e '
  const r = JSON.parse(require("fs").readFileSync(process.env.OUTPUT, "utf8"));
  console.log(`postgres: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || { echo "postgres: no test report (the run failed before any test)"; [ "$status" -ne 0 ] || status=1; }
exit "$status"
