#!/usr/bin/env bash
# Packs Northstar (`npm pack` builds it first), installs the tarball without dev
# dependencies into an empty folder, and runs the installed command there as a user would.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $tarball: $(tar tzf "$work/$tarball" | wc -l) files"
if tar tzf "$work/$tarball" | grep -E '\.test\.|^package/(src|test)/'; then
  echo "the tarball ships tests or sources (above)" >&2
  exit 1
fi

mkdir "$work/app"
cd "$work/app"
echo '{ "private": true }' > package.json
# --prefer-offline: `npm ci` has just filled the cache with nearly every package needed.
npm install --omit=dev --prefer-offline --no-audit --no-fund "$work/$tarball"
northstar="$PWD/node_modules/.bin/northstar"
"$northstar" --version
"$northstar" demo --no-serve
"$northstar" metrics
