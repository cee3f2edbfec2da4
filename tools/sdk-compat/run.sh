#!/usr/bin/env bash
# Runs the official JavaScript SDK (npm package `oneentry`) against the emulator binary: the
# paid-order scenario, all 30 AuthProvider/Orders/Payments methods and the 43 shop methods
# (Products, Users, Forms, FormData, Pages, Discounts, Blocks), each once plain and
# once with the SDK's strict response validation.
# Needs node and npm; installs the SDK into a temporary directory, nothing into the repo.
#
#   tools/sdk-compat/run.sh [SDK_VERSION]     (default 1.0.149)
set -euo pipefail
cd "$(dirname "$0")/../.."

version="${1:-1.0.149}"
port="${SDK_COMPAT_PORT:-18480}"
url="http://127.0.0.1:${port}"
work="$(mktemp -d)"
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "installing oneentry@${version} into ${work}"
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --no-package-lock "oneentry@${version}" >/dev/null)

cargo build -q -p oneentry-emulator
./target/debug/oneentry-emulator --addr "127.0.0.1:${port}" --app-token sdk-compat-token \
  --user sdk@example.com:sdk-password >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 50); do
  grep -q "listening" "$work/emulator.log" 2>/dev/null && break
  sleep 0.1
done

for script in scenario all_methods shop_methods; do
  for mode in "" "--strict"; do
    echo "== SDK ${script} ${mode:-(no validation)}"
    NODE_PATH="$work/node_modules" node "tools/sdk-compat/${script}.cjs" "$url" sdk-compat-token \
      sdk@example.com sdk-password $mode | cut -c1-160
  done
done
