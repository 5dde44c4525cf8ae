#!/usr/bin/env bash
# The API contract checked from outside, as another tool reads it: the
# OpenAPI document must be valid OpenAPI 3.1 (openapi-spec-validator), and
# the demo server must keep it under schemathesis — every check, positive
# and negative data — as two roles: a location director (reads and writes
# medical and protection data) and a nurse (medical only). Any finding
# fails. Runs alone too: `bash .ci/api-contract.sh` (it builds the debug
# binary, a no-op after `cargo test`).
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS=4.32.5
VALIDATOR=0.9.0
# Examples per operation and phase: about 50 operations, two roles, on two
# cores with the debug binary; keeps the whole step within a few minutes.
EXAMPLES=${DUGU_API_EXAMPLES:-20}
VENV=${DUGU_API_VENV:-target/api-contract-venv}

echo "== API contract: tools (schemathesis $SCHEMATHESIS, openapi-spec-validator $VALIDATOR)"
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS" \
  || ! "$VENV/bin/pip" show openapi-spec-validator 2>/dev/null | grep -q "^Version: $VALIDATOR$"; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS" "openapi-spec-validator==$VALIDATOR"
fi

# Nothing to do after `cargo test`; alone, it makes sure the binary is current.
cargo build -q -p dugu

WORK=$(mktemp -d)
PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
target/debug/dugu demo --data "$WORK/data" --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
stop() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop EXIT

echo "== API contract: demo server on $BASE"
for _ in $(seq 1 300); do
  if curl -fsS "$BASE/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER" 2>/dev/null; then
    cat "$WORK/server.log"
    echo "the demo server stopped before answering /healthz" >&2
    exit 1
  fi
  sleep 1
done
if ! curl -fsS "$BASE/healthz" >/dev/null; then
  tail -20 "$WORK/server.log"
  echo "the demo server did not answer /healthz within 300 s" >&2
  exit 1
fi

echo "== API contract: openapi-spec-validator"
curl -fsS "$BASE/api/v1/openapi.json" >"$WORK/openapi.json"
"$VENV/bin/openapi-spec-validator" "$WORK/openapi.json"

token() {
  curl -fsS -X POST "$BASE/api/v1/login" -H 'content-type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"dugu-demo-2026\"}" |
    "$VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
# Every token first: fuzzing the sign-in route soon throttles this address.
DIRECTOR=$(token director.kita)
NURSE=$(token nurse.kita)
LEAVING=$(token nurse.kita)

# The records the runs work on (see .ci/schemathesis.toml): a Kita child
# under five, the Kita site, a new day-care group and a new household.
api() {
  local method=$1 path=$2 body=${3:-}
  if [ -n "$body" ]; then
    curl -fsS -X "$method" "$BASE$path" -H "Authorization: Bearer $DIRECTOR" -H 'content-type: application/json' -d "$body"
  else
    curl -fsS -X "$method" "$BASE$path" -H "Authorization: Bearer $DIRECTOR"
  fi
}
json_of() { "$VENV/bin/python" -c "import json, sys; data = json.load(sys.stdin); print($1)"; }
DUGU_CONTRACT_SITE=$(api GET /api/v1/locations | json_of 'next(l["id"] for l in data["items"] if l["code"] == "KIT")')
DUGU_CONTRACT_CHILD=$(api GET "/api/v1/people?location_id=$DUGU_CONTRACT_SITE&age_group=0-4&limit=1" |
  json_of 'data["items"][0]["id"]')
DUGU_CONTRACT_GROUP=$(api POST /api/v1/groups \
  "{\"location_id\": \"$DUGU_CONTRACT_SITE\", \"name\": \"Contrat\", \"kind\": \"daycare\"}" | json_of 'data["id"]')
DUGU_CONTRACT_HOUSEHOLD=$(api POST /api/v1/households \
  "{\"location_id\": \"$DUGU_CONTRACT_SITE\", \"name\": \"Contrat\"}" | json_of 'data["id"]')
export DUGU_CONTRACT_SITE DUGU_CONTRACT_CHILD DUGU_CONTRACT_GROUP DUGU_CONTRACT_HOUSEHOLD

# One worker: with two, Python 3.11's ast.parse (which Hypothesis calls to
# describe its filters) races and the run dies on a tool error.
schemathesis() {
  "$VENV/bin/schemathesis" --config-file .ci/schemathesis.toml run "$BASE/api/v1/openapi.json" \
    --checks all --mode all --max-examples "$EXAMPLES" --seed 20261201 --workers 1 \
    --generation-database none --no-color "$@"
}

# Signing out ends the token the run is using, and every later request
# would then be 401: the two roles' runs leave it out, and a run of its
# own checks it with a token of its own.
echo "== API contract: schemathesis as director.kita"
schemathesis -H "Authorization: Bearer $DIRECTOR" --exclude-path /api/v1/logout
echo "== API contract: schemathesis as nurse.kita"
schemathesis -H "Authorization: Bearer $NURSE" --exclude-path /api/v1/logout
echo "== API contract: schemathesis on signing out"
schemathesis -H "Authorization: Bearer $LEAVING" --include-path /api/v1/logout
echo "== API contract: no findings"
