#!/usr/bin/env bash
# Builds redis-server from redis/redis at a tag, outside this repository
# (Redis's code and binaries are never committed: only what the servers
# report, as recordings, is our data).
#
#   scripts/build-redis.sh TAG
#
#   REDIS_GIT   a git directory holding redis/redis's tags (a bare mirror
#               is enough); required
#   REDIS_SRC   where sources are unpacked, one folder per tag (default /work/redis-src)
#   REDIS_BIN   where binaries go, one folder per tag (default /work/redis-bin)
#
# Prints the path of the built redis-server. jemalloc matters: the 7.x
# replication buffer's block sizes are jemalloc's usable sizes, so
# MALLOC=jemalloc (Redis's bundled jemalloc, as its release builds use).
set -euo pipefail
tag="${1:?usage: $0 TAG (e.g. 6.2.16)}"
git_dir="${REDIS_GIT:?set REDIS_GIT to a git directory of redis/redis (e.g. a bare mirror)}"
src_root="${REDIS_SRC:-/work/redis-src}"
bin_root="${REDIS_BIN:-/work/redis-bin}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
for d in "$src_root" "$bin_root"; do
  case "$(realpath -m "$d")/" in
    "$repo"/*) echo "$d is inside the repository; build Redis outside it" >&2; exit 2 ;;
  esac
done

out="$bin_root/$tag/redis-server"
if [ -x "$out" ] && "$out" --version | grep -q "v=$tag "; then
  echo "$out"
  exit 0
fi
src="$src_root/$tag"
rm -rf "$src"
mkdir -p "$src" "$bin_root/$tag"
git --git-dir="$git_dir" archive "$tag" | tar -x -C "$src"
# Nice: the machine is shared.
nice -n 10 make -C "$src" -j"${JOBS:-2}" BUILD_TLS=no MALLOC=jemalloc redis-server >"$src/build.log" 2>&1 || {
  tail -30 "$src/build.log" >&2
  exit 1
}
cp "$src/src/redis-server" "$out"
cp "$src/redis.conf" "$bin_root/$tag/redis.conf.default"
git --git-dir="$git_dir" rev-parse "$tag^{commit}" >"$bin_root/$tag/COMMIT"
"$out" --version >&2
echo "$out"
