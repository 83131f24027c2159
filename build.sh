#!/usr/bin/env bash
# ReplScope's one entry point: build, serve, test, bench.
#   ./build.sh build   build web/app.wasm and the static site in dist/
#   ./build.sh serve   build, then serve dist/ on 127.0.0.1:8080
#   ./build.sh test    install what tests need, then run every test
#   ./build.sh bench   speed figures (core benchmarks and the page in Chromium)
set -euo pipefail
cd "$(dirname "$0")"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"

BASE="${BASE:-/}"          # the sub-path the site is served under, e.g. /replscope/
ADDR="${ADDR:-127.0.0.1:8080}"

say() { printf '\n== %s\n' "$*"; }

build() {
  say "web/app.wasm"
  GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o web/app.wasm ./wasm
  say "static site in dist/ (base ${BASE})"
  rm -rf dist
  go run ./wasm -generate dist -base "$BASE"
}

# install_deps installs the Debian packages the tests drive, only when
# they are missing (CI machines start bare).
install_deps() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      say "installing ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "not root: cannot install ${missing[*]}; the tests that need them will skip and say why" >&2
    fi
  fi
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
    go test -count=1 -timeout 20m -parallel 16 ./...
    ;;
  axe)
    fetch_axe
    ;;
  bench)
    say "core benchmarks"
    go test -run '^$' -bench . -benchtime 2s ./core/...
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
      REPLSCOPE_BENCH=1 REPLSCOPE_FLOOR="$floor/dist" go test -count=1 -run TestPageSpeed -v ./wasm/... | grep -E '^(\||---|ok|PASS|FAIL)' || true
    fi
    ;;
  *)
    echo "usage: $0 build|serve|test|bench" >&2
    exit 2
    ;;
esac
