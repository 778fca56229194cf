#!/usr/bin/env bash
# The tests too slow for the test command (marked slow in Tests/python): the pre-commit framework's first install of
# the hooks, which builds the package in release mode from scratch. Runs them in the test environment.
#
# Usage: scripts/slow-tests.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
swift build --product schemagen
exec scripts/dev-env.sh bash -c '"$SCHEMAGEN_TEST_PYTHON" -m pytest Tests/python -q -m slow "$@"' _ "$@"
