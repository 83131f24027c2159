#!/usr/bin/env bash
# Records every conformance scenario, lesson and shared real-Redis
# scenario on a real server of each version given, into
# core/testdata/versions/VERSION/NAME.real.json, then plays them all a
# second time and checks that the two real runs agree (exit 1 if not).
#
#   scripts/record-versions.sh VERSION...        e.g. redis-6.2 valkey-8.0
#   scripts/record-versions.sh -check VERSION... only the second run, against what is checked in
#
# Servers are found as conformance.FindServer says: REPLSCOPE_SERVER_REDIS_6_2=PATH
# and so on, else redis-server / valkey-server on PATH (7.0, 8.0), else the
# builds of scripts/build-redis.sh in /work/redis-bin (REDIS_BIN).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
only_check=
if [ "${1:-}" = -check ]; then only_check=1; shift; fi
[ $# -gt 0 ] || { echo "usage: $0 [-check] VERSION..." >&2; exit 2; }
go build -o /tmp/replrecord.$$ ./core/conformance/cmd/replrecord
trap 'rm -f /tmp/replrecord.$$ /tmp/replrecord.$$.out' EXIT
status=0
for v in "$@"; do
  if [ -z "$only_check" ]; then
    echo "== recording $v"
    /tmp/replrecord.$$ -version "$v" || status=1
  fi
  echo "== playing $v again and comparing with the recordings"
  if /tmp/replrecord.$$ -version "$v" -check >/tmp/replrecord.$$.out; then
    echo "$v: both real runs agree on $(grep -c ': agrees with ' /tmp/replrecord.$$.out) scenarios"
  else
    grep -v ': agrees with ' /tmp/replrecord.$$.out || true
    echo "$v: the two real runs differ" >&2
    status=1
  fi
done
exit $status
