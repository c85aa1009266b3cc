#!/usr/bin/env bash
# The one test command: type check, lint, the builds the tests run against, then every jest project
# (unit, cloud, screens on the compiled weapp output, browser end-to-end on the H5 build) with TZ=UTC
# as the cloud has it. Ends with one plain line "N passed, N failed" read from jest's JSON output.
set -uo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC CLOUD_LOG=silent

step() { echo "── $1"; }
fail_early() { echo "$1"; echo "0 passed, 1 failed"; exit 1; }

step "type check" && npx tsc --noEmit -p tsconfig.json || fail_early "tsc failed"
step "lint" && npm run --silent lint || fail_early "lint failed"
step "build: cloud functions" && npm run --silent build:cloud || fail_early "cloud build failed"
step "build: weapp (with size budget)" && npm run --silent build:weapp > build-weapp.log 2>&1 || { tail -50 build-weapp.log; fail_early "weapp build failed"; }
grep -A20 "^main package" build-weapp.log || true
step "build: screens as native components" && npm run --silent build:components > build-components.log 2>&1 || { tail -50 build-components.log; fail_early "components build failed"; }
step "build: h5" && npm run --silent build:h5 > build-h5.log 2>&1 || { tail -50 build-h5.log; fail_early "h5 build failed"; }

step "jest"
mkdir -p test-results
# In one process: on this 2-core machine it is as fast, and jest's worker pool was seen not to exit.
npx jest --ci --runInBand --json --outputFile=test-results/jest.json "$@"
status=$?
node -e '
const r = require("./test-results/jest.json")
const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites || 0)
console.log(`${r.numPassedTests} passed, ${failed} failed`)
' || { echo "0 passed, 1 failed"; exit 1; }
exit $status
