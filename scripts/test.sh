#!/usr/bin/env bash
# Set up the complete test environment and run the whole suite:
#   swift build, swift test [ARGS...], then pytest on Tests/python.
#
# Usage: scripts/test.sh [swift test arguments, e.g. --filter Golden]
#
# Environment knobs:
#   SCHEMAGEN_SKIP_SWIFT_TEST=1   skip `swift test` (swift build and pytest still run)
#   SCHEMAGEN_SKIP_SWIFT_BUILD=1  skip `swift build` as well
#   SCHEMAGEN_SLOW_TESTS=1        also run the tests marked slow (the pre-commit framework's first install)
#   SCHEMAGEN_FUZZ_SECONDS=N      also run scripts/fuzz.sh for N seconds (its sanitizer build takes minutes,
#                                 so it is not part of the default run; swift test replays Tests/FuzzRegressions)
#   SCHEMAGEN_PG_PORT             socket file suffix (default 54329)
#   SCHEMAGEN_PG_BINDIR           PostgreSQL binaries to use instead of the detected ones
#   SCHEMAGEN_PG_TMPDIR           parent of the cluster's temporary directory (default /tmp)
#
# The PostgreSQL cluster is stopped and its directory removed on exit, also on
# failure and Ctrl-C. See scripts/lib/env.sh for the variables exported to tests.
set -euo pipefail

# shellcheck source=scripts/lib/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
cd "$SG_REPO_ROOT"

# shellcheck disable=SC2317  # called through the EXIT trap
_sg_on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  sg_restore_stdio
  sg_env_down
  if [[ $rc -eq 0 ]]; then
    sg_log "all test steps passed"
  else
    sg_err "scripts/test.sh failed (exit status $rc)"
  fi
  exit "$rc"
}
sg_save_stdio
trap _sg_on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

sg_env_up
sg_env_print

if ! command -v swift >/dev/null 2>&1; then
  sg_err "swift not found on PATH (the Swift toolchain is not installed by this script)"
  exit 1
fi

# Package.resolved is committed: the dependencies are pinned, and stale pins fail the run.
sg_log "scripts/check-package-resolved.sh"
scripts/check-package-resolved.sh

if [[ "${SCHEMAGEN_SKIP_SWIFT_BUILD:-0}" == 1 ]]; then
  sg_log "skipping swift build (SCHEMAGEN_SKIP_SWIFT_BUILD=1)"
else
  sg_log "swift build"
  t="$(sg_now_ms)"
  swift build
  sg_log "swift build done ($(sg_elapsed "$t"))"
fi

if [[ "${SCHEMAGEN_SKIP_SWIFT_BUILD:-0}" != 1 ]]; then
  # Generated/ is committed: it must be exactly what schema.yaml produces.
  sg_log "schemagen check (Generated/ matches schema.yaml)"
  "$(swift build --show-bin-path)/schemagen" check
fi

if [[ "${SCHEMAGEN_SKIP_SWIFT_TEST:-0}" == 1 || "${SCHEMAGEN_SKIP_SWIFT_BUILD:-0}" == 1 ]]; then
  sg_log "skipping swift test (SCHEMAGEN_SKIP_SWIFT_TEST or SCHEMAGEN_SKIP_SWIFT_BUILD is 1)"
else
  sg_log "swift test $*"
  t="$(sg_now_ms)"
  swift test "$@"
  sg_log "swift test done ($(sg_elapsed "$t"))"
fi

# Fuzzing: a bounded libFuzzer run over the loader, validator and emitters, when asked (scripts/fuzz.sh).
if [[ -n "${SCHEMAGEN_FUZZ_SECONDS:-}" ]]; then
  sg_log "scripts/fuzz.sh $SCHEMAGEN_FUZZ_SECONDS"
  t="$(sg_now_ms)"
  scripts/fuzz.sh "$SCHEMAGEN_FUZZ_SECONDS"
  sg_log "fuzz run done ($(sg_elapsed "$t"))"
fi

if compgen -G 'Tests/python/test_*.py' >/dev/null; then
  sg_log "pytest Tests/python"
  t="$(sg_now_ms)"
  # The pre-commit framework's first install (a release build of the package from scratch, several minutes) is
  # marked slow and runs with SCHEMAGEN_SLOW_TESTS=1 or scripts/slow-tests.sh.
  if [[ "${SCHEMAGEN_SLOW_TESTS:-0}" == 1 ]]; then
    "$SCHEMAGEN_TEST_PYTHON" -m pytest Tests/python -q
  else
    "$SCHEMAGEN_TEST_PYTHON" -m pytest Tests/python -q -m "not slow"
  fi
  sg_log "pytest done ($(sg_elapsed "$t"))"
else
  sg_log "no Tests/python/test_*.py, skipping pytest"
fi
