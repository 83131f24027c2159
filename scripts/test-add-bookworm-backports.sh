#!/usr/bin/env bash
# Checks scripts/add-bookworm-backports.sh on made-up apt configurations:
# deb822 and one-line sources, keyrings, disabled stanzas, idempotence.
set -euo pipefail
cd "$(dirname "$0")"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "add-bookworm-backports: $*" >&2; exit 1; }

# deb822, as on Debian's cloud and container images.
mkdir -p "$t/a/sources.list.d"
cat >"$t/a/sources.list.d/debian.sources" <<'X'
Types: deb
URIs: http://deb.example.org/debian
Suites: bookworm bookworm-updates
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.example.org/debian-security
Suites: bookworm-security
Components: main
X
./add-bookworm-backports.sh "$t/a" >/dev/null
want='Types: deb
URIs: http://deb.example.org/debian
Suites: bookworm-backports
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg'
[ "$(grep -v '^#' "$t/a/sources.list.d/bookworm-backports.sources")" = "$want" ] || fail "deb822: $(cat "$t/a/sources.list.d/bookworm-backports.sources")"
./add-bookworm-backports.sh "$t/a" 2>/dev/null >/dev/null
[ "$(ls "$t/a/sources.list.d" | wc -l)" = 2 ] || fail "not idempotent"

# One-line sources.list, a disabled deb822 stanza first, options in brackets.
mkdir -p "$t/b/sources.list.d"
cat >"$t/b/sources.list.d/off.sources" <<'X'
Types: deb
URIs: http://off.example.org/debian
Suites: bookworm
Components: main
Enabled: no
X
cat >"$t/b/sources.list" <<'X'
# deb http://commented.example.org/debian bookworm main
deb http://security.example.org/debian-security bookworm-security main
deb [arch=amd64 signed-by=/etc/apt/keyrings/d.gpg] http://ftp.example.org/debian bookworm main non-free-firmware
X
./add-bookworm-backports.sh "$t/b" >/dev/null
want='Types: deb
URIs: http://ftp.example.org/debian
Suites: bookworm-backports
Components: main non-free-firmware
Signed-By: /etc/apt/keyrings/d.gpg'
[ "$(grep -v '^#' "$t/b/sources.list.d/bookworm-backports.sources")" = "$want" ] || fail "one-line: $(cat "$t/b/sources.list.d/bookworm-backports.sources")"

# A disabled stanza is skipped.
mkdir -p "$t/d/sources.list.d"
cat >"$t/d/sources.list.d/debian.sources" <<'X'
Types: deb
URIs: http://off.example.org/debian
Suites: bookworm
Components: main
Enabled: no

Types: deb deb-src
URIs: http://on.example.org/debian http://second.example.org/debian
Suites: bookworm
Components: main
X
./add-bookworm-backports.sh "$t/d" >/dev/null
want='Types: deb
URIs: http://on.example.org/debian
Suites: bookworm-backports
Components: main'
[ "$(grep -v '^#' "$t/d/sources.list.d/bookworm-backports.sources")" = "$want" ] || fail "disabled stanza: $(cat "$t/d/sources.list.d/bookworm-backports.sources")"

# No bookworm line: an error, nothing written.
mkdir -p "$t/c/sources.list.d"
echo 'deb http://x.example.org/debian trixie main' >"$t/c/sources.list"
if ./add-bookworm-backports.sh "$t/c" 2>/dev/null; then fail "no bookworm line should fail"; fi
[ ! -e "$t/c/sources.list.d/bookworm-backports.sources" ] || fail "wrote a file without a bookworm line"
echo "add-bookworm-backports: 4 passed, 0 failed"
