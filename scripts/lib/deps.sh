# shellcheck shell=bash
# System dependencies: PostgreSQL server binaries, the TypeScript compiler,
# git and a Python able to create virtual environments.

if [[ -n "${_SG_DEPS_SH:-}" ]]; then
  return 0
fi
_SG_DEPS_SH=1

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

_sg_is_pg_bindir() {
  local d="$1"
  [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" && -x "$d/psql" && -x "$d/pg_isready" ]]
}

# Print the directory holding the PostgreSQL server binaries. Preference:
# $SCHEMAGEN_PG_BINDIR, PostgreSQL 15 from Debian, `pg_config --bindir`, then
# the newest /usr/lib/postgresql/*/bin.
sg_find_pg_bindir() {
  local d
  if [[ -n "${SCHEMAGEN_PG_BINDIR:-}" ]]; then
    if _sg_is_pg_bindir "$SCHEMAGEN_PG_BINDIR"; then
      printf '%s\n' "$SCHEMAGEN_PG_BINDIR"
      return 0
    fi
    sg_err "SCHEMAGEN_PG_BINDIR=$SCHEMAGEN_PG_BINDIR does not contain initdb, pg_ctl, postgres, psql and pg_isready"
    return 1
  fi
  if _sg_is_pg_bindir /usr/lib/postgresql/15/bin; then
    printf '%s\n' /usr/lib/postgresql/15/bin
    return 0
  fi
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if _sg_is_pg_bindir "$d"; then
      printf '%s\n' "$d"
      return 0
    fi
  fi
  while IFS= read -r d; do
    if _sg_is_pg_bindir "$d"; then
      printf '%s\n' "$d"
      return 0
    fi
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -t/ -k4,4 -V -r)
  return 1
}

_sg_python_can_venv() {
  command -v python3 >/dev/null 2>&1 && python3 -c 'import venv, ensurepip' >/dev/null 2>&1
}

# Install whatever is missing with apt-get. `apt-get update` runs only when
# at least one package has to be installed.
sg_install_system_deps() {
  local -a pkgs=()
  if ! sg_find_pg_bindir >/dev/null 2>&1; then
    pkgs+=(postgresql)
  fi
  if ! command -v tsc >/dev/null 2>&1; then
    pkgs+=(node-typescript)
  fi
  if ! command -v git >/dev/null 2>&1; then
    pkgs+=(git)
  fi
  if ! _sg_python_can_venv; then
    pkgs+=(python3 python3-venv)
  fi
  if [[ ${#pkgs[@]} -eq 0 ]]; then
    sg_log "system packages present (PostgreSQL, tsc, git, python3 venv)"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    sg_err "missing: ${pkgs[*]}; apt-get is not available, install them by hand"
    return 1
  fi
  sg_log "installing system packages: ${pkgs[*]}"
  local -a apt_opts=(-y -q -o DPkg::Lock::Timeout=300
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  sg_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
  sg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" \
    --no-install-recommends "${pkgs[@]}" || return 1
  hash -r
  if ! sg_find_pg_bindir >/dev/null 2>&1; then
    sg_err "PostgreSQL server binaries still not found after installing"
    return 1
  fi
  if ! command -v tsc >/dev/null 2>&1; then
    sg_err "tsc still not found after installing node-typescript"
    return 1
  fi
  if ! _sg_python_can_venv; then
    sg_err "python3 cannot create virtual environments (venv/ensurepip missing)"
    return 1
  fi
}
