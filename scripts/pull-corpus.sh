#!/usr/bin/env bash
# Pull every compiling fixture's database and check the round trip (Tests/python/test_pull.py with
# SCHEMAGEN_PULL_ALL=1); the test command pulls a core set of them. Longer than the suite allows, so run on its own.
#
# Usage: scripts/pull-corpus.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
swift build --product schemagen
SCHEMAGEN_PULL_ALL=1 exec scripts/dev-env.sh bash -c '"$SCHEMAGEN_TEST_PYTHON" -m pytest Tests/python/test_pull.py -q "$@"' _ "$@"
