#!/usr/bin/env bash
# Writes core/cmd/replsim/default.pgo, the CPU profile Go's profile-guided
# optimisation builds replsim with (go build picks a main package's
# default.pgo up by itself; ./build.sh bench builds the core's benchmarks
# with it too, so they measure the code replsim runs). The profile is the
# core's own benchmarks, the work replsim does: commands propagated through
# a master and two replicas with and without events, one by one and
# pipelined, and a 100k-command timeline played.
#
#   scripts/pgo-profile.sh     (then commit core/cmd/replsim/default.pgo)
#
# A profile of older code still helps: Go matches it by function and line
# and ignores what moved; regenerate it after large changes to the hot path.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
out=core/cmd/replsim/default.pgo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Built without a profile, so the new one does not learn from the old.
go test -pgo=off -c -o "$tmp/core.test" ./core
(cd core && "$tmp/core.test" -test.run '^$' -test.bench 'Propagate|Play100k' -test.benchtime 2s \
  -test.cpuprofile "$tmp/cpu.pprof" >/dev/null)
go tool pprof -proto "$tmp/core.test" "$tmp/cpu.pprof" >"$out" 2>/dev/null
echo "wrote $out ($(wc -c <"$out") bytes)"
