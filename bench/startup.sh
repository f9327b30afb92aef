#!/usr/bin/env bash
# Start-up benchmark: the README's offline example (`./scylla run --tiers-dir examples/hello-world
# --agent scripted:... --runs 1`) against a bare `docker run --rm IMAGE true` on the same runner
# image. After one warm-up of each, the two alternate for ROUNDS rounds (default 7), so that load
# from elsewhere falls on both; it prints every time, both medians and their ratio, and asserts
# nothing.
#
# Usage: bench/startup.sh [ROUNDS]   (Linux: GNU date; Docker reachable as for ./scylla)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-7}"
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/startup.sh [ROUNDS] (a positive number, default 7)" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A copy outside the checkout: the results go to the temporary folder, and the example's bundle is
# read the same way from any checkout (a git worktree's .git file names a folder the container
# does not see).
cp -R "$root/examples/hello-world" "$work/hello-world"
cd "$work"

example() {
  "$root/scylla" run --tiers-dir hello-world --agent scripted:hello-world/scripted-agent.yaml \
    --runs 1 --results-dir "$work/results" >"$work/out.txt" 2>&1
}

# Milliseconds that "$@" takes; a failing command ends the benchmark with its output.
millis() {
  local start end
  start="$(date +%s%N)"
  if ! "$@"; then
    cat "$work/out.txt" >&2 2>/dev/null || true
    echo "bench/startup.sh: '$*' failed" >&2
    exit 1
  fi
  end="$(date +%s%N)"
  echo $(((end - start) / 1000000))
}

median() {
  sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}

# The warm-up run builds the jar, the runner image or the class-data sharing archive if need be.
example || { cat "$work/out.txt" >&2; exit 1; }
image="$("$root/scylla" image status | awk '/^Tag:/ {print $2}')"
bare() { docker run --rm "$image" true >/dev/null 2>&1; }
# After a build the launcher records its class-data sharing archive in the background: wait for it.
for ((waited = 0; waited < 120; waited++)); do
  locks="$(find "$root/scylla-cli/target" -maxdepth 1 -name 'scylla-*.jsa.lock' 2>/dev/null)"
  [[ -z "$locks" ]] && break
  sleep 1
done
millis example >/dev/null
millis bare >/dev/null

echo "image: $image; $rounds rounds, $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores"
: >"$work/example.ms"
: >"$work/bare.ms"
for ((i = 1; i <= rounds; i++)); do
  e="$(millis example)"
  b="$(millis bare)"
  echo "$e" >>"$work/example.ms"
  echo "$b" >>"$work/bare.ms"
  printf 'round %d: example %d ms, bare %d ms\n' "$i" "$e" "$b"
done
e="$(median <"$work/example.ms")"
b="$(median <"$work/bare.ms")"
printf 'median: example %d ms, bare docker run %d ms, ratio %s\n' "$e" "$b" \
  "$(awk -v e="$e" -v b="$b" 'BEGIN {printf "%.1f", e / b}')"
