# shellcheck shell=bash
# Python virtual environment at <repo>/.venv with Tests/python/requirements.txt.
# The environment is reused while the requirements file and the Python version
# are unchanged; their hash is kept inside the venv.

if [[ -n "${_SG_VENV_SH:-}" ]]; then
  return 0
fi
_SG_VENV_SH=1

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SG_VENV_DIR="${SCHEMAGEN_VENV:-$SG_REPO_ROOT/.venv}"
SG_REQUIREMENTS="$SG_REPO_ROOT/Tests/python/requirements.txt"
SG_VENV_STAMP_NAME=".schemagen-requirements.sha256"

_sg_venv_fingerprint() {
  {
    sha256sum "$SG_REQUIREMENTS" | cut -d' ' -f1
    python3 -c 'import sys; print(sys.version)'
  } | sha256sum | cut -d' ' -f1
}

# Create or reuse the venv. Sets SG_VENV_PYTHON and SG_VENV_DENO.
sg_setup_venv() {
  local fingerprint stamp
  if [[ ! -f "$SG_REQUIREMENTS" ]]; then
    sg_err "missing $SG_REQUIREMENTS"
    return 1
  fi
  fingerprint="$(_sg_venv_fingerprint)" || return 1
  stamp="$SG_VENV_DIR/$SG_VENV_STAMP_NAME"
  if [[ -x "$SG_VENV_DIR/bin/python" && -f "$stamp" ]] \
    && [[ "$(cat "$stamp")" == "$fingerprint" ]] \
    && "$SG_VENV_DIR/bin/python" -c 'import sys' >/dev/null 2>&1; then
    sg_log "reusing Python venv $SG_VENV_DIR (requirements unchanged)"
  else
    sg_log "creating Python venv $SG_VENV_DIR"
    rm -rf "$SG_VENV_DIR"
    python3 -m venv "$SG_VENV_DIR" || return 1
    sg_log "installing ${SG_REQUIREMENTS#"$SG_REPO_ROOT"/} into the venv"
    "$SG_VENV_DIR/bin/python" -m pip install -q --disable-pip-version-check \
      -r "$SG_REQUIREMENTS" || { rm -f "$stamp"; return 1; }
    printf '%s\n' "$fingerprint" >"$stamp"
  fi
  # shellcheck disable=SC2034  # read by scripts/lib/env.sh
  SG_VENV_PYTHON="$SG_VENV_DIR/bin/python"
  SG_VENV_DENO="$SG_VENV_DIR/bin/deno"
  if [[ ! -x "$SG_VENV_DENO" ]]; then
    sg_err "deno binary not found at $SG_VENV_DENO (is 'deno' in requirements.txt?)"
    return 1
  fi
}
