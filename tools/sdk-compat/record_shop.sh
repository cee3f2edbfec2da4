#!/usr/bin/env bash
# Installs the official JavaScript SDK into a temporary directory (nothing into the repo) and
# prints what it sends for the 43 shop methods of issue 12, once plain and once with the SDK's
# strict response validation. Needs node and npm; talks only to a recorder on 127.0.0.1.
#
#   tools/sdk-compat/record_shop.sh [SDK_VERSION]     (default 1.0.149)
set -euo pipefail
cd "$(dirname "$0")/../.."

version="${1:-1.0.149}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "installing oneentry@${version} into ${work}"
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --no-package-lock "oneentry@${version}" >/dev/null)

for mode in "" "--strict"; do
  NODE_PATH="$work/node_modules" node tools/sdk-compat/record_shop.cjs $mode
done
