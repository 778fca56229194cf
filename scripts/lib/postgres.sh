# shellcheck shell=bash
# A throwaway PostgreSQL cluster in a fresh temporary directory, reachable only
# through a unix socket in that directory (no TCP). As root, the server runs as
# an unprivileged system user, because initdb and postgres refuse to run as root.

if [[ -n "${_SG_POSTGRES_SH:-}" ]]; then
  return 0
fi
_SG_POSTGRES_SH=1

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=scripts/lib/deps.sh
source "$(dirname "${BASH_SOURCE[0]}")/deps.sh"

# The port only names the socket file (.s.PGSQL.<port>); nothing listens on TCP.
SG_PG_PORT="${SCHEMAGEN_PG_PORT:-54329}"
SG_PG_SUPERUSER="postgres"
SG_PG_OS_USER="${SCHEMAGEN_PG_OS_USER:-schemagen-test}"
SG_PG_TEMPLATE="supabase_template"
SG_PG_FIXTURE="$SG_REPO_ROOT/Tests/Support/supabase.sql"
SG_PG_DIR=""
SG_PG_BINDIR=""
SG_PG_RUN_AS=""

# Make sure the unprivileged OS user for the server exists (root only).
_sg_pg_ensure_os_user() {
  if id -u "$SG_PG_OS_USER" >/dev/null 2>&1; then
    return 0
  fi
  sg_log "creating system user $SG_PG_OS_USER to run PostgreSQL"
  local nologin=/usr/sbin/nologin
  [[ -x "$nologin" ]] || nologin=/bin/false
  useradd --system --no-create-home --home-dir /nonexistent --shell "$nologin" \
    --user-group "$SG_PG_OS_USER" || return 1
}

# Run a server-side command as the cluster's OS user, from inside the cluster
# directory (the caller's working directory may be unreadable for that user).
_sg_pg_run() {
  if [[ -z "$SG_PG_RUN_AS" ]]; then
    (sg_close_saved_stdio && cd "$SG_PG_DIR" && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (sg_close_saved_stdio && cd "$SG_PG_DIR" && runuser -u "$SG_PG_RUN_AS" -- "$@")
  elif command -v setpriv >/dev/null 2>&1; then
    (sg_close_saved_stdio && cd "$SG_PG_DIR" && HOME=/nonexistent setpriv --reuid="$SG_PG_RUN_AS" \
      --regid="$(id -g "$SG_PG_RUN_AS")" --init-groups -- "$@")
  else
    local quoted
    quoted="$(printf '%q ' "$@")"
    (sg_close_saved_stdio && cd "$SG_PG_DIR" && su -s /bin/sh "$SG_PG_RUN_AS" -c "$quoted")
  fi
}

sg_pg_psql() {
  "$SG_PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$SG_PG_DIR" -p "$SG_PG_PORT" \
    -U "$SG_PG_SUPERUSER" "$@"
}

# Start the cluster. Sets SG_PG_DIR (socket directory) and SG_PG_BINDIR.
# Call sg_pg_stop afterwards (from an EXIT trap) to stop it and delete SG_PG_DIR.
sg_pg_start() {
  local version i
  SG_PG_BINDIR="$(sg_find_pg_bindir)" || {
    sg_err "PostgreSQL server binaries not found (install the 'postgresql' package)"
    return 1
  }
  version="$("$SG_PG_BINDIR/postgres" --version 2>/dev/null | awk '{print $3}')"
  case "$version" in
    15.*) ;;
    *) sg_warn "expected PostgreSQL 15, using $version from $SG_PG_BINDIR" ;;
  esac

  if sg_is_root; then
    _sg_pg_ensure_os_user || return 1
    SG_PG_RUN_AS="$SG_PG_OS_USER"
  else
    SG_PG_RUN_AS=""
  fi

  # /tmp keeps the socket path well below the 107-byte limit of unix sockets
  # and is reachable by the unprivileged server user.
  SG_PG_DIR="$(mktemp -d "${SCHEMAGEN_PG_TMPDIR:-/tmp}/schemagen-pg.XXXXXX")" || return 1
  chmod 0711 "$SG_PG_DIR" || return 1
  if [[ -n "$SG_PG_RUN_AS" ]]; then
    chown "$SG_PG_RUN_AS:" "$SG_PG_DIR" || return 1
  fi

  sg_log "starting PostgreSQL $version in $SG_PG_DIR (socket only, port $SG_PG_PORT${SG_PG_RUN_AS:+, as user $SG_PG_RUN_AS})"
  if ! _sg_pg_run "$SG_PG_BINDIR/initdb" -D "$SG_PG_DIR/data" -U "$SG_PG_SUPERUSER" \
    --auth=trust --encoding=UTF8 --locale=C --no-sync >"$SG_PG_DIR/initdb.log" 2>&1; then
    sg_err "initdb failed:"
    cat "$SG_PG_DIR/initdb.log" >&2
    return 1
  fi
  # One role must give a password (scram-sha-256), so the database tests (Tests/python/test_db_apply.py) can see authentication fail;
  # every other role keeps trust authentication.
  # shellcheck disable=SC2016  # $1 is expanded by the inner sh
  _sg_pg_run sh -c 'printf "local all schemagen_password scram-sha-256\n" | cat - "$1/data/pg_hba.conf" > "$1/data/pg_hba.new" && mv "$1/data/pg_hba.new" "$1/data/pg_hba.conf"' sh "$SG_PG_DIR" || return 1
  # shellcheck disable=SC2016  # $1 is expanded by the inner sh
  _sg_pg_run sh -c 'cat >> "$1/data/postgresql.conf"' sh "$SG_PG_DIR" <<CONF || return 1

# throwaway test cluster
listen_addresses = ''
port = $SG_PG_PORT
unix_socket_directories = '$SG_PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
timezone = 'UTC'
log_timezone = 'UTC'
lc_messages = 'C'
CONF

  # pg_ctl puts the server in its own session, so a Ctrl-C in the terminal
  # does not reach it and the EXIT trap can stop it in order.
  if ! _sg_pg_run "$SG_PG_BINDIR/pg_ctl" -D "$SG_PG_DIR/data" \
    -l "$SG_PG_DIR/postgres.log" -w -t 60 start >/dev/null; then
    sg_err "PostgreSQL did not start; server log:"
    tail -n 50 "$SG_PG_DIR/postgres.log" >&2 || true
    return 1
  fi
  for ((i = 0; i < 300; i++)); do
    if "$SG_PG_BINDIR/pg_isready" -q -h "$SG_PG_DIR" -p "$SG_PG_PORT" -U "$SG_PG_SUPERUSER"; then
      return 0
    fi
    sleep 0.1
  done
  sg_err "pg_isready still failing after 30s; server log:"
  tail -n 50 "$SG_PG_DIR/postgres.log" >&2 || true
  return 1
}

# Create the template database with the Supabase fixture loaded.
sg_pg_create_template() {
  sg_log "creating template database $SG_PG_TEMPLATE from ${SG_PG_FIXTURE#"$SG_REPO_ROOT"/}"
  sg_pg_psql -d postgres -c "CREATE DATABASE $SG_PG_TEMPLATE" || return 1
  # Roles for the connection-error tests: one with a password, one without privileges.
  sg_pg_psql -d postgres -c "CREATE ROLE schemagen_password LOGIN PASSWORD 'schemagen-test-secret'" || return 1
  sg_pg_psql -d postgres -c "CREATE ROLE schemagen_unprivileged LOGIN" || return 1
  sg_pg_psql -d "$SG_PG_TEMPLATE" -f "$SG_PG_FIXTURE" || return 1
  sg_pg_psql -d postgres -c "ALTER DATABASE $SG_PG_TEMPLATE WITH IS_TEMPLATE true" || return 1
}

# True when the process exists and is not a zombie waiting to be reaped.
_sg_pid_running() {
  local pid="$1" stat state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  if [[ -r "/proc/$pid/stat" ]]; then
    read -r stat <"/proc/$pid/stat" 2>/dev/null || return 1
    state="${stat##*) }"
    [[ "${state%% *}" != Z ]]
  else
    kill -0 "$pid" 2>/dev/null
  fi
}

# Stop the cluster and delete its directory. Safe to call more than once and
# when the cluster never started.
sg_pg_stop() {
  local dir="$SG_PG_DIR" pid=""
  [[ -n "$dir" ]] || return 0
  SG_PG_DIR=""
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    sg_log "stopping PostgreSQL in $dir"
    pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
    if ! SG_PG_DIR="$dir" _sg_pg_run "$SG_PG_BINDIR/pg_ctl" -D "$dir/data" -m fast -w -t 30 \
      stop >/dev/null 2>&1 \
      && ! SG_PG_DIR="$dir" _sg_pg_run "$SG_PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w \
        -t 15 stop >/dev/null 2>&1 \
      && _sg_pid_running "$pid"; then
      sg_warn "postmaster $pid did not stop; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
}
