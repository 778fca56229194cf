#!/usr/bin/env bash
# Fuzz the loader, validator and emitters with libFuzzer (target SchemaGenFuzz).
#
# Usage: scripts/fuzz.sh [SECONDS] [libFuzzer flags...]
#   SECONDS  how long to fuzz (default 60; 0 runs until a failure or Ctrl-C)
#   e.g.     scripts/fuzz.sh 1800                 # half an hour
#            scripts/fuzz.sh 0 -jobs=2 -workers=2 # until stopped, two processes
#
# Builds SchemaGenFuzz with -sanitize=fuzzer,address into .build/fuzz (apart from the
# normal build), seeds it with schema.yaml, every Tests/Fixtures/*/schema.yaml and every
# Tests/FuzzRegressions/* input, and keeps the growing corpus in .build/fuzz/corpus.
# An input that crashes, trips an invariant, runs longer than 10 s or needs more than
# 2 GiB is written to .build/fuzz/artifacts/ and the script fails; libFuzzer's output is in
# .build/fuzz/last-run.log. To keep such an input as a regression: fix the bug, copy the file
# to Tests/FuzzRegressions/<short-name>.yaml (swift test replays that folder). Replay one with
#   .build/fuzz/release/SchemaGenFuzz .build/fuzz/artifacts/crash-...
set -euo pipefail

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$SG_REPO_ROOT"

seconds="${1:-60}"
[[ $# -gt 0 ]] && shift
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
  sg_err "usage: scripts/fuzz.sh [SECONDS] [libFuzzer flags...]"
  exit 2
fi

scratch=.build/fuzz
mkdir -p "$scratch"

# SwiftPM links with gold by default, which fails on the sanitizer runtimes; lld ships with the toolchain.
swiftc_path="$(command -v swiftc)"
lld="$(dirname "$(readlink -f "$swiftc_path")")/ld.lld"
if [[ ! -x "$lld" ]]; then
  lld="$(command -v ld.lld || true)"
fi
if [[ -z "$lld" ]]; then
  sg_err "ld.lld not found next to swiftc or on PATH"
  exit 1
fi
printf '{ "schemaVersion": "1.0", "linker": { "path": "%s" } }\n' "$lld" >"$scratch/toolset.json"

# shellcheck disable=SC2054  # the commas belong to -sanitize=fuzzer,address
build=(swift build -c release --scratch-path "$scratch" --product SchemaGenFuzz --toolset "$scratch/toolset.json"
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xcc -fsanitize=fuzzer-no-link,address
  -Xswiftc -use-ld=lld)
sg_log "building SchemaGenFuzz with libFuzzer and AddressSanitizer"
t="$(sg_now_ms)"
"${build[@]}"
fuzzer="$("${build[@]}" --show-bin-path)/SchemaGenFuzz"
sg_log "build done ($(sg_elapsed "$t"))"

seeds="$scratch/seeds"
rm -rf "$seeds"
mkdir -p "$seeds" "$scratch/corpus" "$scratch/artifacts"
cp schema.yaml "$seeds/schema.yaml"
for file in Tests/Fixtures/*/schema.yaml; do
  [[ -e "$file" ]] || continue
  cp "$file" "$seeds/fixture-$(basename "$(dirname "$file")").yaml"
done
for file in Tests/FuzzRegressions/*.yaml; do
  [[ -f "$file" ]] || continue
  cp "$file" "$seeds/regression-$(basename "$file")"
done

log="$scratch/last-run.log"
sg_log "fuzzing for ${seconds}s (corpus $scratch/corpus, failures in $scratch/artifacts/, output in $log)"
status=0
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}" "$fuzzer" \
  -max_total_time="$seconds" \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -malloc_limit_mb=2048 \
  -max_len=32768 \
  -dict=scripts/fuzz/schema-yaml.dict \
  -artifact_prefix="$scratch/artifacts/" \
  -print_final_stats=1 \
  "$@" \
  "$scratch/corpus" "$seeds" >"$log" 2>&1 || status=$?
grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::' "$log" >&2 || true

if [[ $status -ne 0 ]]; then
  sg_err "the fuzzer found a failing input (exit status $status); see $scratch/artifacts/"
  tail -n 60 "$log" >&2
  exit "$status"
fi
sg_log "fuzzing passed"
