#!/usr/bin/env bash
# Proves the README quick start on a fresh clone, as a newcomer would run it:
#   npm ci && npx gatehouse serve      -> the home page answers in English and in Czech
# With --test it also runs the second command (npm test) in that clone.
# Slow (npm ci compiles better-sqlite3), so it is not part of npm test; CI covers the built CLI.
#
# Usage: scripts/fresh-clone-check.sh [--test] [repository]   (default: this checkout's committed HEAD)
set -euo pipefail

RUN_TESTS=0
if [ "${1:-}" = "--test" ]; then
  RUN_TESTS=1
  shift
fi
REPO=${1:-$(cd "$(dirname "$0")/.." && pwd)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-fresh-XXXXXX")
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    # npx starts node as a child: stop the whole process group we created with setsid.
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  if [ -f "$WORK/server.log" ]; then
    echo '--- server log ---' >&2
    tail -n 40 "$WORK/server.log" >&2
  fi
  exit 1
}

step "clone $REPO"
git clone --quiet "$REPO" "$WORK/gatehouse"
cd "$WORK/gatehouse"
git log --oneline -1

step "npm ci (compiles better-sqlite3, builds dist through prepare)"
start=$(date +%s)
npm ci --no-audit --no-fund
echo "npm ci took $(($(date +%s) - start)) s"

PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
BASE="http://127.0.0.1:$PORT"

step "npx gatehouse serve on $BASE (DATA_DIR in a temp dir)"
start_ms=$(date +%s%3N)
PORT=$PORT DATA_DIR="$WORK/data" setsid npx gatehouse serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ready=0
for _ in $(seq 1 300); do
  if curl -fsS "$BASE/readyz" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited before it was ready"
  sleep 0.1
done
[ "$ready" = 1 ] || fail "the server was not ready within 30 s"
echo "ready after $(($(date +%s%3N) - start_ms)) ms (including npx)"

check_home() {
  local language=$1 expected=$2
  local body
  body=$(curl -fsS -H "Accept-Language: $language" "$BASE/") || fail "GET / with Accept-Language: $language failed"
  grep -q "<html lang=\"${language%%-*}\">" <<<"$body" || fail "GET / ($language) is not in lang=${language%%-*}"
  grep -q "$expected" <<<"$body" || fail "GET / ($language) lacks \"$expected\""
  echo "GET / in $language: \"$expected\" ✓"
}
step "home page in English and Czech"
check_home en 'Your customer account'
check_home cs 'Váš zákaznický účet'
curl -fsS "$BASE/dev/outbox" >/dev/null && echo "GET /dev/outbox ✓" || echo "note: /dev/outbox not served (yet)"

step "stop the server"
kill -TERM -- "-$SERVER_PID"
for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$SERVER_PID" 2>/dev/null && fail "the server did not stop within 10 s of SIGTERM"
SERVER_PID=""
echo "stopped"

if [ "$RUN_TESTS" = 1 ]; then
  step "npm test (the README's second command)"
  npm test
fi

printf '\nfresh clone check passed\n'
