#!/usr/bin/env bash
# One-shot step before the installed PostgreSQL server starts (the AppHost's "postgres-init" resource):
#  - creates the cluster in $PGDATA with initdb when it has none (as the postgres user when run as root);
#  - sets the superuser's password from $POSTGRES_PASSWORD on every start (so a password kept by the AppHost and the
#    cluster never disagree), through a single-user backend: the password is read from stdin, never from a command line.
# The databases themselves are created by the AppHost once the server answers.
set -euo pipefail

: "${PG_BIN:?PG_BIN must name the folder with initdb and postgres}"
: "${PGDATA:?PGDATA must name the data folder}"
: "${PG_SOCKET_DIR:?PG_SOCKET_DIR must name the socket folder}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"

as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi

mkdir -p "$PGDATA" "$PG_SOCKET_DIR"
chmod 700 "$PGDATA" "$PG_SOCKET_DIR"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PGDATA" "$PG_SOCKET_DIR"
  # The postgres user must pass through the folder that holds the cluster.
  chmod o+x "$(dirname "$PGDATA")"
  if ! "${as_postgres[@]}" test -w "$PGDATA"; then
    echo "postgres-init: the postgres user cannot reach $PGDATA; every folder above it must be open to others (o+x)." >&2
    exit 1
  fi
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "postgres-init: creating the cluster in $PGDATA"
  pwfile="$(mktemp "$PG_SOCKET_DIR/pw.XXXXXX")"
  trap 'rm -f "$pwfile"' EXIT
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres "$pwfile"
  "${as_postgres[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=peer --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "postgres-init: cluster created"
else
  echo "postgres-init: using the cluster in $PGDATA"
fi

# A server left running on this folder (an AppHost that was killed hard) would hold the port and the folder.
if [ -f "$PGDATA/postmaster.pid" ]; then
  pid="$(head -1 "$PGDATA/postmaster.pid")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "postgres-init: stopping a server left running by an earlier run (pid $pid)"
    "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null || kill -INT "$pid" || true
  fi
fi

escaped="${POSTGRES_PASSWORD//\'/\'\'}"
printf "ALTER ROLE postgres PASSWORD '%s';\n" "$escaped" \
  | "${as_postgres[@]}" "$PG_BIN/postgres" --single -D "$PGDATA" -c log_min_error_statement=panic -c log_statement=none postgres >/dev/null
echo "postgres-init: ready"
