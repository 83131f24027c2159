#!/usr/bin/env bash
# Side by side, in one run: `replsim run` on N SETs to N distinct keys with
# one master and two replicas, as users run it (whole process, parse
# included), and a real redis-server with two replicas replicating N SETs
# sent by redis-benchmark -P 16 (from the first request until both
# replicas' slave_repl_offset equals the master's). N = 10k, 100k, 1M, or
# the sizes given.
#
#   scripts/bench-scale.sh [N...]
#
# Prints a Markdown table: seconds, replicated SET/s, peak RSS, and the
# ratio replsim / Redis for each N.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
for cmd in redis-server redis-benchmark redis-cli; do
  command -v "$cmd" >/dev/null || { echo "bench-scale: $cmd is needed (apt-get install redis-server redis-tools)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench-scale: GNU time is needed (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/replsim" ./core/cmd/replsim

# free_port asks the kernel for a free loopback port.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_redis() { # name port [master-port]
  mkdir -p "$work/$1"
  local args=(--port "$2" --bind 127.0.0.1 --dir "$work/$1" --save "" --appendonly no
    --repl-diskless-sync-delay 0 --repl-ping-replica-period 3600 --repl-timeout 3600 --daemonize no)
  [ -n "${3:-}" ] && args+=(--replicaof 127.0.0.1 "$3")
  redis-server "${args[@]}" >"$work/$1.log" 2>&1 &
  pids+=($!)
}

field() { redis-cli -p "$1" info replication | tr -d '\r' | sed -n "s/^$2://p"; }

wait_synced() { # master r1 r2: until both replicas are up and caught up
  while :; do
    local m a b
    m=$(field "$1" master_repl_offset); a=$(field "$2" slave_repl_offset); b=$(field "$3" slave_repl_offset)
    if [ "$(field "$2" master_link_status)" = up ] && [ "$(field "$3" master_link_status)" = up ] &&
       [ -n "$m" ] && [ "$m" = "$a" ] && [ "$m" = "$b" ]; then return; fi
    sleep 0.05
  done
}

printf '| SETs | replsim run | replicated SET/s | peak RSS | redis-server + 2 replicas | replicated SET/s | replsim / Redis |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|\n'
for n in "${sizes[@]}"; do
  f="$work/sets-$n.scenario"
  {
    printf 'node M\nnode R1 replicaof M\nnode R2 replicaof M\n'
    awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) printf "M SET key:%d 0123456789abcdef\n", i }'
  } >"$f"
  /usr/bin/time -f '%e %M' -o "$work/time" "$work/replsim" run "$f" >/dev/null
  read -r sim_s sim_kb <"$work/time"

  pm=$(free_port); p1=$(free_port); p2=$(free_port)
  start_redis m "$pm"; start_redis r1 "$p1" "$pm"; start_redis r2 "$p2" "$pm"
  until redis-cli -p "$pm" ping >/dev/null 2>&1 && redis-cli -p "$p1" ping >/dev/null 2>&1 && redis-cli -p "$p2" ping >/dev/null 2>&1; do sleep 0.05; done
  wait_synced "$pm" "$p1" "$p2"
  t0=$(date +%s.%N)
  redis-benchmark -p "$pm" -t set -P 16 -r 1000000000 -d 16 -n "$n" -q >/dev/null 2>&1
  wait_synced "$pm" "$p1" "$p2"
  t1=$(date +%s.%N)
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
  rm -rf "$work/m" "$work/r1" "$work/r2"

  redis_rate=$(awk -v n="$n" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.0f", n / (t1 - t0) }')
  awk -v n="$n" -v s="$sim_s" -v kb="$sim_kb" -v t0="$t0" -v t1="$t1" 'BEGIN {
    r = t1 - t0; if (s < 0.01) s = 0.01
    printf "| %d | %.2f s | %.0f | %.0f MiB | %.2f s | %.0f | %.2fx |\n", n, s, n / s, kb / 1024, r, n / r, (n / s) / (n / r)
  }'
done

# The core's events-off benchmark, natively and in WebAssembly under node
# (Go's go_js_wasm_exec), against the replicated SET/s Redis reached at
# the largest N above: the same run, so the same machine load. Natively
# it is built with replsim's profile (core/cmd/replsim/default.pgo), as
# the replsim above was, and without it; app.wasm is built without one
# (it would add 1% to the download), so the WebAssembly row is too.
bench_rate() { # native | native-nopgo | wasm
  local args=(-run '^$' -bench 'PropagateEventsOff$' -benchtime 2s -count 3)
  case "$1" in
  wasm) GOOS=js GOARCH=wasm go test "${args[@]}" -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./core/ ;;
  native) go test -pgo=core/cmd/replsim/default.pgo "${args[@]}" ./core/ ;;
  *) go test -pgo=off "${args[@]}" ./core/ ;;
  esac 2>/dev/null | awk '/cmds\/s/ { for (i = 1; i < NF; i++) if ($(i+1) == "cmds/s") print $i }' | sort -n | tail -1
}
native=$(bench_rate native)
nopgo=$(bench_rate native-nopgo)
wasm=$(bench_rate wasm)
printf '\n| events-off benchmark (best of 3) | commands/s | redis-server + 2 replicas at %d SETs | ratio |\n|---|---:|---:|---:|\n' "${sizes[-1]}"
for row in "native, as replsim is built (default.pgo):$native" "native, no profile:$nopgo" "WebAssembly (node):$wasm"; do
  awk -v name="${row%%:*}" -v c="${row##*:}" -v r="$redis_rate" 'BEGIN { printf "| %s | %.0f | %.0f | %.2fx |\n", name, c, r, c / r }'
done
