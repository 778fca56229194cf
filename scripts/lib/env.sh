# shellcheck shell=bash
# The whole test environment in two calls: sg_env_up and sg_env_down.
#
# sg_env_up installs missing system packages, prepares the Python venv, starts
# the throwaway PostgreSQL cluster, creates the Supabase template database and
# exports the variables the tests read:
#
#   SCHEMAGEN_TEST_PGHOST       socket directory of the cluster
#   SCHEMAGEN_TEST_PGPORT       port number (socket file suffix only, no TCP)
#   SCHEMAGEN_TEST_PGUSER       postgres (superuser, trust authentication)
#   SCHEMAGEN_TEST_PG_TEMPLATE  supabase_template
#   SCHEMAGEN_TEST_PG_BINDIR    directory of the PostgreSQL binaries
#   SCHEMAGEN_TEST_PSQL         absolute path of psql
#   SCHEMAGEN_TEST_PYTHON       absolute path of .venv/bin/python
#   SCHEMAGEN_TEST_DENO         absolute path of deno (from the venv)
#   SCHEMAGEN_TEST_TSC          absolute path of tsc
#   SCHEMAGEN_TEST_SWIFTC       absolute path of the swiftc next to the swift on PATH
#   PGHOST PGPORT PGUSER        the same connection settings for libpq tools
#
# Register sg_env_down in an EXIT trap before calling sg_env_up so the cluster
# is stopped and its directory deleted whatever happens.

if [[ -n "${_SG_ENV_SH:-}" ]]; then
  return 0
fi
_SG_ENV_SH=1

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=scripts/lib/deps.sh
source "$(dirname "${BASH_SOURCE[0]}")/deps.sh"
# shellcheck source=scripts/lib/venv.sh
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
# shellcheck source=scripts/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"

sg_env_up() {
  local t0 t tsc swiftc
  t0="$(sg_now_ms)"

  t="$(sg_now_ms)"
  sg_install_system_deps || return 1
  sg_log "system packages ready ($(sg_elapsed "$t"))"

  t="$(sg_now_ms)"
  sg_setup_venv || return 1
  sg_log "Python venv ready ($(sg_elapsed "$t"))"

  tsc="$(command -v tsc)" || { sg_err "tsc not found"; return 1; }
  if [[ "$tsc" != /* ]]; then
    tsc="$(cd "$(dirname "$tsc")" && pwd)/$(basename "$tsc")"
  fi

  # The generated Swift is compiled by the toolchain that runs the tests.
  swiftc="$(command -v swift)" || { sg_err "swift not found on PATH"; return 1; }
  if [[ "$swiftc" != /* ]]; then
    swiftc="$(cd "$(dirname "$swiftc")" && pwd)/$(basename "$swiftc")"
  fi
  swiftc="$(dirname "$swiftc")/swiftc"
  [[ -x "$swiftc" ]] || { sg_err "swiftc not found next to swift ($swiftc)"; return 1; }

  t="$(sg_now_ms)"
  sg_pg_start || return 1
  sg_pg_create_template || return 1
  sg_log "PostgreSQL ready ($(sg_elapsed "$t"))"

  export SCHEMAGEN_TEST_PGHOST="$SG_PG_DIR"
  export SCHEMAGEN_TEST_PGPORT="$SG_PG_PORT"
  export SCHEMAGEN_TEST_PGUSER="$SG_PG_SUPERUSER"
  export SCHEMAGEN_TEST_PG_TEMPLATE="$SG_PG_TEMPLATE"
  export SCHEMAGEN_TEST_PG_BINDIR="$SG_PG_BINDIR"
  export SCHEMAGEN_TEST_PSQL="$SG_PG_BINDIR/psql"
  export SCHEMAGEN_TEST_PYTHON="$SG_VENV_PYTHON"
  export SCHEMAGEN_TEST_DENO="$SG_VENV_DENO"
  export SCHEMAGEN_TEST_TSC="$tsc"
  export SCHEMAGEN_TEST_SWIFTC="$swiftc"
  export PGHOST="$SG_PG_DIR"
  export PGPORT="$SG_PG_PORT"
  export PGUSER="$SG_PG_SUPERUSER"
  # deno must not try to reach the network for update checks or prompt.
  export DENO_NO_UPDATE_CHECK=1
  export DENO_NO_PROMPT=1

  sg_log "environment ready in $(sg_elapsed "$t0")"
}

sg_env_down() {
  local dir="${SG_PG_DIR:-}"
  sg_pg_stop
  if [[ -n "$dir" && "${SCHEMAGEN_TEST_PGHOST:-}" == "$dir" ]]; then
    unset SCHEMAGEN_TEST_PGHOST SCHEMAGEN_TEST_PGPORT SCHEMAGEN_TEST_PGUSER \
      SCHEMAGEN_TEST_PG_TEMPLATE
    if [[ "${PGHOST:-}" == "$dir" ]]; then
      unset PGHOST PGPORT PGUSER
    fi
  fi
}

sg_env_print() {
  local v
  for v in SCHEMAGEN_TEST_PGHOST SCHEMAGEN_TEST_PGPORT SCHEMAGEN_TEST_PGUSER \
    SCHEMAGEN_TEST_PG_TEMPLATE SCHEMAGEN_TEST_PG_BINDIR SCHEMAGEN_TEST_PSQL \
    SCHEMAGEN_TEST_PYTHON SCHEMAGEN_TEST_DENO SCHEMAGEN_TEST_TSC SCHEMAGEN_TEST_SWIFTC PGHOST PGPORT PGUSER; do
    printf '    %s=%s\n' "$v" "${!v:-}" >&2
  done
}
