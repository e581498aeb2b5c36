#!/usr/bin/env bash
# The OpenAPI contract of SPEC §14, runnable locally as CI runs it:
#   Tests/contract/run_schemathesis.sh [path/to/baton]   (default .build/debug/baton)
# 1. validates docs/openapi/director.json and explorer.json (openapi-spec-validator);
# 2. starts `baton serve` on a free loopback port over a fresh `baton init` home, with a user
#    for the Explorer API, and fuzzes both dialects with schemathesis (--checks all) through
#    the documents the server itself serves: no 5xx, no answer that breaks its document. The
#    Director API is run with auth off (loopback's default) and, for its 401s, on.
# Bounded: 30 examples per operation, and `timeout` around each run.
set -euo pipefail
cd "$(dirname "$0")/../.."
baton="${1:-.build/debug/baton}"
[ -x "$baton" ] || { echo "no baton binary at $baton (swift build --product baton)"; exit 1; }
examples="${SCHEMATHESIS_EXAMPLES:-30}"
config="$PWD/Tests/contract/schemathesis.toml"

for package in openapi-spec-validator schemathesis; do
  python3 -c "import ${package//-/_}" 2>/dev/null ||
    python3 -m pip install -q "$package" || python3 -m pip install -q --break-system-packages "$package"
done
# pip --user puts the command there when the system site is not writable.
command -v schemathesis >/dev/null || export PATH="$HOME/.local/bin:$PATH"
# The flags below are schemathesis 4's (3.x spelled several of them differently).
schemathesis --version

echo "-- validate"
python3 -m openapi_spec_validator docs/openapi/director.json docs/openapi/explorer.json

work=$(mktemp -d)
servers=()
cleanup() {
  for pid in ${servers[@]+"${servers[@]}"}; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

home="$work/home"
"$baton" init "$home" >/dev/null
# A throwaway user with a random password: nothing secret is kept or printed.
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$password" | "$baton" user create contract --password-stdin --home "$home" >/dev/null
# `serve NAME [baton serve flags...]` on a free loopback port; sets $url to its base URL.
# (Not in a $(...) subshell: the parent must know the pid, to stop the server.)
serve() {
  local name=$1; shift
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$baton" serve --home "$home" --host 127.0.0.1 --port "$port" "$@" >"$work/$name.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/ping" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/api/ping" >/dev/null || { cat "$work/$name.log"; echo "baton serve did not start"; exit 1; }
  url="http://127.0.0.1:$port"
}
# Loopback: Director auth is off, as its document allows ([{}] among its security requirements).
serve serve
base=$url
# Auth on, as on any address but loopback (same home, no workers: one engine is enough).
BATON_AUTH_ENABLED=true serve serve-auth --no-workers
auth_base=$url

account=$(printf 'contract:%s' "$password" | base64 | tr -d '\n')
token=$(curl -s -D - -o /dev/null -X POST -H "Authorization: Bearer $account" \
  -d '{"address": "127.0.0.1", "port": 9669}' "$base/api-open/v1/connect" |
  sed -n 's/^[Ss]et-[Cc]ookie: explorer_token=\([^;]*\);.*/\1/p')
[ -n "$token" ] || { echo "connect gave no token"; exit 1; }
# Read by schemathesis.toml: the Explorer run's credentials.
export CONTRACT_TOKEN="$token" CONTRACT_ACCOUNT="$account"

status=0
run() {
  local name=$1; shift
  echo "-- schemathesis: $name"
  local started=$SECONDS
  # From the temporary folder: schemathesis keeps its cache (.schemathesis/) in the current one.
  # One worker: with two, hypothesis's ast.parse calls race in CPython 3.11.7 ("AST constructor
  # recursion depth mismatch"); a run takes seconds anyway.
  (cd "$work" && timeout "${SCHEMATHESIS_TIMEOUT:-600}" schemathesis --no-color --config-file "$config" run \
    --checks all --max-examples "$examples" --workers 1 --request-timeout 10 "$@") || status=1
  echo "-- $name: $((SECONDS - started)) s"
}
run director "$base/api/openapi.json"
run explorer "$base/api-open/v1/openapi.json"
# Without credentials: every answer but ping and the document is the 401 the document shows.
run "director, auth on, no credentials" "$auth_base/api/openapi.json"

if [ $status -ne 0 ]; then
  for log in serve serve-auth; do echo "-- $log's log"; tail -n 30 "$work/$log.log"; done
fi
exit $status
