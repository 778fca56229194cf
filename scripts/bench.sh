#!/usr/bin/env bash
# The benchmark: schemagen against its process floor and against LinkML, written into docs/benchmarks.md.
#
# Usage: scripts/bench.sh [--quick] [--no-linkml] [--no-write]
#   --quick      fewer runs and no 10,000-table schema (a smoke run; numbers are rougher)
#   --no-linkml  skip the LinkML side (no .venv-bench needed)
#   --no-write   print the table but leave docs/benchmarks.md alone
#
# Builds the release binary and the bench-floor executable, writes synthetic schemas of
# 10, 100, 1,000 and 10,000 tables (scripts/bench/synth_schema.py) next to a copy of the
# real schema.yaml under .build/bench/, times with hyperfine (warm-up, several runs:
# median and spread) the floor, `schemagen generate` (every output; the outputs already
# exist, as on every commit after the first) and `schemagen check`, records peak memory
# with GNU time, and runs LinkML's gen-sqlddl and gen-sqla (in .venv-bench) on the same
# schemas translated by scripts/bench/to_linkml.py. Installs hyperfine and GNU time from
# Debian when missing. The table goes into docs/benchmarks.md between the bench markers.
set -euo pipefail

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$SG_REPO_ROOT"

quick=0 linkml=1 write=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --no-linkml) linkml=0 ;;
    --no-write) write=0 ;;
    *) sg_err "unknown argument $arg (see the header of scripts/bench.sh)"; exit 2 ;;
  esac
done

out=.build/bench
rm -rf "$out/results"
mkdir -p "$out/schemas" "$out/results"

# Tools.
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[[ -x /usr/bin/time ]] || missing+=(time)
if [[ ${#missing[@]} -gt 0 ]]; then
  sg_log "installing ${missing[*]} from Debian"
  sg_as_root apt-get update -qq
  sg_as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

sg_log "building the release binaries (schemagen, bench-floor)"
swift build -c release --product schemagen
swift build -c release --product bench-floor
bin="$(swift build -c release --show-bin-path)"
schemagen="$bin/schemagen"
floor="$bin/bench-floor"

if [[ $linkml == 1 ]]; then
  venv=.venv-bench
  if [[ ! -x "$venv/bin/gen-sqlddl" ]]; then
    sg_log "installing LinkML into $venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check linkml
  fi
fi

# Schemas: the real one and the synthetic ones.
sizes=(10 100 1000 10000)
[[ $quick == 1 ]] && sizes=(10 100 1000)
cases=(pixcrawler)
mkdir -p "$out/schemas/pixcrawler"
cp schema.yaml "$out/schemas/pixcrawler/schema.yaml"
for n in "${sizes[@]}"; do
  mkdir -p "$out/schemas/tables-$n"
  python3 scripts/bench/synth_schema.py "$n" >"$out/schemas/tables-$n/schema.yaml"
  cases+=("tables-$n")
done
tables_of() { if [[ $1 == pixcrawler ]]; then echo 9; else echo "${1#tables-}"; fi; }
for c in "${cases[@]}"; do
  dir="$out/schemas/$c"
  rm -rf "$dir/Generated"
  "$schemagen" generate --schema "$dir/schema.yaml" 2>"$dir/generate.log" || {
    cat "$dir/generate.log" >&2
    sg_err "schemagen failed on $dir/schema.yaml"
    exit 1
  }
  if [[ $linkml == 1 && ( "$(tables_of "$c")" -le 1000 || "${BENCH_LINKML_ALL:-0}" == 1 ) ]]; then
    "$venv/bin/python" scripts/bench/to_linkml.py "$dir/schema.yaml" >"$dir/schema.linkml.yaml"
  fi
done

runs_for() { # tables -> "warmup runs" for schemagen
  if [[ $quick == 1 ]]; then echo "1 5"; elif [[ $1 -ge 10000 ]]; then echo "0 3"; else echo "3 20"; fi
}
linkml_runs_for() {
  if [[ $quick == 1 ]]; then echo "0 1"; elif [[ $1 -ge 1000 ]]; then echo "0 1"; else echo "1 5"; fi
}
for c in "${cases[@]}"; do
  dir="$out/schemas/$c"
  n="$(tables_of "$c")"
  read -r warmup runs <<<"$(runs_for "$n")"
  sg_log "timing $c (warm-up $warmup, $runs runs)"
  hyperfine -N --style basic --warmup "$warmup" --runs "$runs" \
    --export-json "$out/results/$c.schemagen.json" \
    -n floor "$floor --schema $dir/schema.yaml" \
    -n generate "$schemagen generate --schema $dir/schema.yaml" \
    -n check "$schemagen check --schema $dir/schema.yaml" >&2
  rss_runs=3
  [[ $n -ge 10000 ]] && rss_runs=1
  for i in $(seq 1 "$rss_runs"); do
    /usr/bin/time -f '%M' -o "$out/results/$c.generate.rss$i" "$schemagen" generate --schema "$dir/schema.yaml" 2>/dev/null
    /usr/bin/time -f '%M' -o "$out/results/$c.check.rss$i" "$schemagen" check --schema "$dir/schema.yaml" >/dev/null 2>&1
  done
  /usr/bin/time -f '%M' -o "$out/results/$c.floor.rss1" "$floor" --schema "$dir/schema.yaml"
  # LinkML needs about 40 s per generator at 1,000 tables here; 10,000 tables only with BENCH_LINKML_ALL=1.
  if [[ $linkml == 1 && ( $n -le 1000 || "${BENCH_LINKML_ALL:-0}" == 1 ) ]]; then
    read -r warmup runs <<<"$(linkml_runs_for "$n")"
    hyperfine -N --style basic --warmup "$warmup" --runs "$runs" \
      --export-json "$out/results/$c.linkml.json" \
      -n gen-sqlddl "$venv/bin/gen-sqlddl --dialect postgresql $dir/schema.linkml.yaml" \
      -n gen-sqla "$venv/bin/gen-sqla $dir/schema.linkml.yaml" >&2
  fi
done

versions="$out/results/versions.txt"
{
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "swift: $(swift --version 2>&1 | head -1)"
  echo "hyperfine: $(hyperfine --version)"
  echo "schemagen: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Templates Package.swift || echo ' (with local changes)')"
  if [[ $linkml == 1 ]]; then
    echo "linkml: $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("linkml"))'), $("$venv/bin/python" --version)"
  fi
} >"$versions"

args=(--results "$out/results" --cases "${cases[*]}")
[[ $write == 1 ]] && args+=(--write docs/benchmarks.md)
python3 scripts/bench/report.py "${args[@]}"
