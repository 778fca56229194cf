#!/usr/bin/env bash
# Fails when Package.resolved is stale: `swift package resolve` must leave the committed pins as they are.
# A requirement in Package.swift that the pins no longer satisfy, a dependency added or removed without
# resolving, or a pin edited by hand all make resolve rewrite the file; the rewrite is shown and left in place.
#
# Usage: scripts/check-package-resolved.sh   (from anywhere; works in the repository root)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -f Package.resolved ]]; then
  echo "check-package-resolved: error: Package.resolved is missing; run swift package resolve and commit it" >&2
  exit 1
fi
before="$(mktemp)"
trap 'rm -f "$before"' EXIT
cp Package.resolved "$before"
swift package resolve >/dev/null
if ! cmp -s "$before" Package.resolved; then
  echo "check-package-resolved: error: Package.resolved is stale; swift package resolve changed it:" >&2
  diff -u "$before" Package.resolved >&2 || true
  echo "check-package-resolved: review the new pins (git diff Package.resolved) and commit them" >&2
  exit 1
fi
echo "check-package-resolved: Package.resolved is current"
