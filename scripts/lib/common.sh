# shellcheck shell=bash
# Shared helpers for the schemagen test scripts. Source this file; do not run it.
# The functions check their own errors and return non-zero, so they also work
# in a shell without `set -e` (for example when scripts/dev-env.sh is sourced).

if [[ -n "${_SG_COMMON_SH:-}" ]]; then
  return 0
fi
_SG_COMMON_SH=1

SG_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2034  # used by the files that source this one
SG_REPO_ROOT="$(cd "$SG_LIB_DIR/../.." && pwd)"

sg_log() {
  printf '==> %s\n' "$*" >&2
}

sg_warn() {
  printf 'warning: %s\n' "$*" >&2
}

sg_err() {
  printf 'error: %s\n' "$*" >&2
}

sg_is_root() {
  [[ "$(id -u)" -eq 0 ]]
}

# Run a command with root privileges: directly when already root, through
# sudo otherwise. Fails when neither is possible.
sg_as_root() {
  if sg_is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    sg_err "need root privileges to run: $* (not root and sudo is not installed)"
    return 1
  fi
}

# Print the current time in milliseconds (used for the timing lines).
sg_now_ms() {
  local t
  t="$(date +%s%3N 2>/dev/null)"
  if [[ "$t" =~ ^[0-9]+$ ]]; then
    printf '%s\n' "$t"
  else
    printf '%s000\n' "$(date +%s)"
  fi
}

sg_elapsed() {
  local start="$1" end
  end="$(sg_now_ms)"
  awk -v ms="$((end - start))" 'BEGIN { printf "%.1fs", ms / 1000 }'
}

# Keep duplicates of the script's stdout/stderr. A trap can fire while a
# command with redirected output is running, and then runs with that
# redirection in place; sg_restore_stdio in the exit handler undoes it so the
# last messages reach the terminal or CI log.
sg_save_stdio() {
  exec {SG_STDOUT_FD}>&1 {SG_STDERR_FD}>&2
}

sg_restore_stdio() {
  if [[ -n "${SG_STDOUT_FD:-}" && -n "${SG_STDERR_FD:-}" ]]; then
    exec 1>&"$SG_STDOUT_FD" 2>&"$SG_STDERR_FD"
  fi
}

# For subshells starting long-lived processes (the database server): do not
# hand them the saved descriptors.
sg_close_saved_stdio() {
  if [[ -n "${SG_STDOUT_FD:-}" ]]; then exec {SG_STDOUT_FD}>&-; fi
  if [[ -n "${SG_STDERR_FD:-}" ]]; then exec {SG_STDERR_FD}>&-; fi
  return 0
}
