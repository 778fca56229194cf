#!/usr/bin/env bash
# Start the test environment (packages, venv, throwaway PostgreSQL with the
# Supabase template) and run a command inside it, for example:
#
#   scripts/dev-env.sh swift test --filter Golden
#   scripts/dev-env.sh bash              # interactive shell; cluster stops on exit
#   scripts/dev-env.sh                   # same as: scripts/dev-env.sh "$SHELL"
#
# Or source it into the current bash shell:
#
#   source scripts/dev-env.sh            # variables exported here
#   sg_env_down                          # stop early; otherwise stopped when the shell exits
#
# The exported variables are listed in scripts/lib/env.sh.

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: keep the caller's shell options; errors are returned, not fatal.
  # shellcheck source=scripts/lib/env.sh
  source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh" || return 1
  if [[ -n "${SG_PG_DIR:-}" ]]; then
    sg_log "test environment already running in $SG_PG_DIR"
    return 0
  fi
  trap 'sg_env_down' EXIT
  if ! sg_env_up; then
    sg_env_down
    trap - EXIT
    return 1
  fi
  sg_env_print
  sg_log "PostgreSQL stops when this shell exits (or run: sg_env_down)"
  return 0
fi

set -euo pipefail

# shellcheck source=scripts/lib/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

# shellcheck disable=SC2317  # called through the EXIT trap
_sg_on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  sg_restore_stdio
  sg_env_down
  exit "$rc"
}
sg_save_stdio
trap _sg_on_exit EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

sg_env_up
sg_env_print

if [[ $# -eq 0 ]]; then
  set -- "${SHELL:-bash}"
fi
sg_log "running: $*"
# A Ctrl-C meant for the command (or typed in an interactive shell) must not
# end this script before the command does; the command's own status decides.
trap ':' INT
set +e
"$@"
rc=$?
set -e
exit "$rc"
