#!/bin/bash
# Entry point of the Scylla runner image. Deliberately thin: the credential logic lives in the
# Scylla jar. On every path (scylla, bash, sh or anything else) it prepares the home and Claude
# config folders and their permissions, then runs the command. An interactive bash or sh first
# gets the welcome banner from `scylla welcome`.
#
# It works whatever PATH the user passes with --env: its own tools are found on the image's
# PATH, and the user's PATH is put back for the command it runs.
set -euo pipefail

user_path="${PATH-}"
PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

home="${HOME:-/home/scylla}"
config="${CLAUDE_CONFIG_DIR:-$home/.claude}"
legacy_source="/tmp/host-creds"

warn() {
  echo "scylla-entrypoint: $*" >&2
}

# Owner-only permissions on what this user owns; anything else is reported, not touched.
secure_config_dir() {
  if ! mkdir -p "$home" "$config" 2>/dev/null; then
    warn "cannot create $config as uid $(id -u): run the container as the image's user"
    return 0
  fi
  if [[ -O "$config" ]]; then
    chmod 700 "$config"
  else
    warn "$config is owned by uid $(stat -c %u "$config"), not by the container user (uid $(id -u)): Claude Code may not be able to use it"
  fi
  local file
  for file in "$config"/.credentials.json "$config"/.claude.json "$config"/*; do
    [[ -f "$file" ]] || continue
    if [[ -O "$file" ]]; then
      chmod 600 "$file"
    elif [[ ! -r "$file" ]]; then
      warn "$file is not readable by the container user (uid $(id -u)): stage it owned by that uid"
    fi
  done
}

# The legacy flow: credentials mounted read-only at /tmp/host-creds are copied into the config dir.
copy_legacy_credentials() {
  if [[ ! -d "$legacy_source" ]]; then
    warn "SCYLLA_CREDENTIALS_MODE=legacy but $legacy_source is not mounted: no credentials copied"
    return 0
  fi
  local file
  for file in "$legacy_source"/.credentials.json "$legacy_source"/.claude.json; do
    [[ -f "$file" ]] || continue
    install -m 600 "$file" "$config/$(basename "$file")"
  done
}

# True for `bash` or `sh` (any path, options only, no -c and no script) on a terminal.
is_interactive_shell() {
  (($# > 0)) || return 1
  case "$(basename -- "$1")" in
    bash | sh) ;;
    *) return 1 ;;
  esac
  shift
  local arg
  for arg in "$@"; do
    case "$arg" in
      --*) ;;
      -*c*) return 1 ;;
      -*) ;;
      *) return 1 ;;
    esac
  done
  [[ -t 0 && -t 1 ]]
}

if (($# == 0)); then
  set -- bash
fi

secure_config_dir
if [[ "${SCYLLA_CREDENTIALS_MODE:-staged}" == "legacy" ]]; then
  copy_legacy_credentials
  secure_config_dir
fi

# Claude Code accepts --dangerously-skip-permissions as root only in a sandbox: this container is
# one (the image runs as root exactly when the host user is root).
if [[ "$(id -u)" == 0 ]]; then
  export IS_SANDBOX="${IS_SANDBOX:-1}"
fi

if is_interactive_shell "$@"; then
  # The banner is a convenience: a failure must not keep the user out of the shell.
  /usr/local/bin/scylla welcome || true
fi

# The command is looked up on the image's PATH (so `scylla` and `bash` always resolve), then
# runs with the user's PATH.
command_path="$(type -P -- "$1" || true)"
if [[ -n "$user_path" ]]; then
  export PATH="$user_path"
fi
exec "${command_path:-$1}" "${@:2}"
