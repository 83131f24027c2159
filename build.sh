#!/usr/bin/env bash
# ReplScope's one entry point: build, serve, test, bench.
#   ./build.sh build   build web/app.wasm and the static site in dist/
#   ./build.sh serve   build, then serve dist/ on 127.0.0.1:8080
#   ./build.sh test    install what tests need, then run every test
#   ./build.sh bench   speed figures: core benchmarks natively and in WebAssembly,
#                      replsim run beside a real redis-server, the page in Chromium
#   ./build.sh difftest N   N random scenarios with fresh seeds against real redis-server;
#                           each divergence is written as core/testdata/conformance/diff-seed-S.scenario (+ .real.json)
set -euo pipefail
cd "$(dirname "$0")"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"

BASE="${BASE:-/}"          # the sub-path the site is served under, e.g. /replscope/
ADDR="${ADDR:-127.0.0.1:8080}"

say() { printf '\n== %s\n' "$*"; }

build() {
  say "web/app.wasm (the page) and web/sim.wasm (the simulator, in a Web Worker)"
  GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o web/app.wasm ./wasm
  GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o web/sim.wasm ./wasm/sim
  say "static site in dist/ (base ${BASE})"
  rm -rf dist
  go run ./wasm -generate dist -base "$BASE"
}

# no_service_start makes Debian's maintainer scripts leave services alone
# while we install (a packaged redis-server or valkey-server would start on
# port 6379 with its own config; the tests start their own servers on free
# ports and dirs), and stops and disables any that a machine already runs.
no_service_start() {
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# ReplScope build.sh: no service starts during install\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    POLICY_RC_D_ADDED=1
  fi
}
services_off() {
  if [ "${POLICY_RC_D_ADDED:-}" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  local s
  for s in redis-server valkey-server; do
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      systemctl disable --now "$s" >/dev/null 2>&1 || true
    elif [ -x "/etc/init.d/$s" ]; then
      "/etc/init.d/$s" stop >/dev/null 2>&1 || true
      update-rc.d "$s" disable >/dev/null 2>&1 || true
    fi
  done
}

# install_deps installs the Debian packages the tests drive, only when
# they are missing (CI machines start bare). valkey-server is in
# bookworm-backports, which scripts/add-bookworm-backports.sh adds with
# the machine's own bookworm mirror and components.
install_deps() {
  local missing=() valkey=
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # Chinese pages' screenshots and glyph check (issue 12): a system CJK font.
  { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; } || missing+=(fonts-noto-cjk)
  # the accessibility tests fetch axe-core with npm (fetch_axe).
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v valkey-server >/dev/null 2>&1 || valkey=1
  if [ ${#missing[@]} -eq 0 ] && [ -z "$valkey" ]; then
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "not root: cannot install ${missing[*]} ${valkey:+valkey-server}; the tests that need them will skip and say why" >&2
    return
  fi
  no_service_start
  if [ -n "$valkey" ] && grep -qs '^VERSION_CODENAME=bookworm' /etc/os-release; then
    scripts/add-bookworm-backports.sh >/dev/null
  fi
  say "installing${missing[*]:+ ${missing[*]}}${valkey:+ valkey-server}"
  apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ -n "$valkey" ]; then
    if grep -qs '^VERSION_CODENAME=bookworm' /etc/os-release; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports valkey-server >/dev/null
    else
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valkey-server >/dev/null
    fi
  fi
  services_off
}

# fetch_axe puts axe-core 4 into .testdeps/axe/ for the browser tests: it
# is injected into the page by the tests only; the site never loads it.
fetch_axe() {
  if [ -f .testdeps/axe/package/axe.min.js ]; then return; fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: the accessibility tests will skip (apt-get install -y npm)" >&2
    return
  fi
  mkdir -p .testdeps/axe
  (cd .testdeps/axe && npm pack --silent axe-core@4 >/dev/null && tar xzf axe-core-*.tgz)
}

case "${1:-build}" in
  build)
    build
    ;;
  serve)
    build
    say "serving dist/ on http://${ADDR}${BASE}"
    exec go run ./wasm -serve "$ADDR" -dir dist -base "$BASE"
    ;;
  test)
    install_deps
    say "gofmt"
    unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go') 2>/dev/null || true)
    if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
    say "scripts"
    scripts/test-add-bookworm-backports.sh
    say "go vet"
    go vet ./...
    say "the core builds for WebAssembly"
    GOOS=js GOARCH=wasm go build ./core/...
    build
    say "replsim check: lessons and scenarios"
    go run ./core/cmd/replsim check web/lessons/*.scenario core/testdata/scenarios/*.scenario core/testdata/conformance/*.scenario
    say "axe-core for the accessibility tests (test-only, from the npm registry)"
    fetch_axe
    say "go test"
    # -timeout catches a hang, it does not time the suite: the browser
    # package takes 13-15 min alone on 2 cores, and 15-20 min while other
    # heavy jobs compete (one run hit 20 min at load average 17).
    go test -count=1 -timeout 50m -parallel 16 ./...
    ;;
  axe)
    fetch_axe
    ;;
  bench)
    install_deps
    say "core benchmarks (native, built with replsim's profile, core/cmd/replsim/default.pgo, as replsim is)"
    go test -pgo=core/cmd/replsim/default.pgo -run '^$' -bench . -benchtime 2s ./core/
    say "the events-off benchmarks built without the profile, for comparison"
    go test -pgo=off -run '^$' -bench 'PropagateEventsOff' -benchtime 2s ./core/
    say "core benchmarks in WebAssembly (node, Go's go_js_wasm_exec)"
    GOOS=js GOARCH=wasm go test -run '^$' -bench 'Propagate' -benchtime 2s \
      -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./core/
    say "replsim run against redis-server with two replicas, side by side"
    scripts/bench-scale.sh
    if [ -d wasm ]; then
      build
      say "the go-app v9.8.0 floor (one component, the same flags)"
      floor="$(mktemp -d)"
      trap 'rm -rf "$floor"' EXIT
      GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o "$floor/app.wasm" ./tools/floor
      go run ./tools/floor -generate "$floor/dist" -wasm "$floor/app.wasm"
      app_gz=$(gzip -9 -c web/app.wasm | wc -c)
      floor_gz=$(gzip -9 -c "$floor/app.wasm" | wc -c)
      awk -v a="$app_gz" -v f="$floor_gz" 'BEGIN { printf "app.wasm gzipped %d bytes, floor %d bytes: %.2fx (target 1.3x)\n", a, f, a / f }'
      say "page benchmarks (headless Chromium)"
      REPLSCOPE_BENCH=1 REPLSCOPE_FLOOR="$floor/dist" go test -count=1 -timeout 30m -run TestPageSpeed -v ./wasm/ | grep -E '^(\||---|ok|PASS|FAIL)' || true
    fi
    ;;
  difftest)
    install_deps
    n="${2:-100}"
    say "differential test: ${n} fresh seeds against redis-server"
    # -v for the seed range and each divergence; pipefail keeps go test's status.
    go test -count=1 -timeout 120m -parallel 16 -v -run 'TestDifferentialFresh$' ./core/conformance -args -difftest "$n" |
      grep -E 'seeds [0-9]+\.\.|diverge|harness: |^ *(--- FAIL|FAIL|ok|PASS)' | grep -v -- '--- PASS'
    ;;
  *)
    echo "usage: $0 build|serve|test|bench|difftest N" >&2
    exit 2
    ;;
esac
