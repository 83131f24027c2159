#!/usr/bin/env bash
# Adds Debian's bookworm-backports suite to apt's sources, with the same
# mirror, components and keyring as the machine's own bookworm lines
# (deb822 *.sources or one-line *.list), unless a backports line is there
# already. Prints the file it wrote. Needs root.
#   scripts/add-bookworm-backports.sh [APT_ETC]   (default /etc/apt)
set -euo pipefail
etc="${1:-/etc/apt}"
out="$etc/sources.list.d/bookworm-backports.sources"

files=()
[ -f "$etc/sources.list" ] && files+=("$etc/sources.list")
for f in "$etc"/sources.list.d/*.list "$etc"/sources.list.d/*.sources; do
  [ -f "$f" ] && files+=("$f")
done
if [ ${#files[@]} -eq 0 ]; then
  echo "no apt sources under $etc" >&2
  exit 1
fi
if grep -qsE '^[^#]*bookworm-backports' "${files[@]}"; then
  echo "bookworm-backports is already in apt's sources" >&2
  exit 0
fi

# Find the first enabled stanza or line whose suite is exactly "bookworm":
# print "URI<TAB>COMPONENTS<TAB>SIGNED-BY".
found=$(awk '
  function flush() {
    if (uris != "" && enabled && types ~ /(^| )deb( |$)/) {
      n = split(suites, s, /[ \t]+/)
      for (i = 1; i <= n; i++) if (s[i] == "bookworm") { split(uris, u, /[ \t]+/); print u[1] "\t" comps "\t" signed; exit }
    }
    uris = ""; suites = ""; comps = ""; signed = ""; types = ""; enabled = 1
  }
  BEGIN { enabled = 1 }
  FILENAME != last { flush(); last = FILENAME }
  FILENAME ~ /\.sources$/ {
    if ($0 ~ /^[ \t]*$/) { flush(); next }
    if ($0 ~ /^[ \t]*#/) next
    key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
    if (key == "types") types = val
    else if (key == "uris") uris = val
    else if (key == "suites") suites = val
    else if (key == "components") comps = val
    else if (key == "signed-by") signed = val
    else if (key == "enabled" && tolower(val) == "no") enabled = 0
    next
  }
  {
    line = $0; sub(/#.*/, "", line)
    if (line !~ /^[ \t]*deb[ \t]/) next
    opts = ""
    if (match(line, /\[[^]]*\]/)) { opts = substr(line, RSTART + 1, RLENGTH - 2); line = substr(line, 1, RSTART - 1) substr(line, RSTART + RLENGTH) }
    n = split(line, w, /[ \t]+/); k = 0
    for (i = 1; i <= n; i++) if (w[i] != "") a[++k] = w[i]
    if (k < 4 || a[3] != "bookworm") next
    c = a[4]; for (i = 5; i <= k; i++) c = c " " a[i]
    sb = ""; m = split(opts, o, /[ \t]+/)
    for (i = 1; i <= m; i++) if (o[i] ~ /^signed-by=/) { sb = o[i]; sub(/^signed-by=/, "", sb) }
    print a[2] "\t" c "\t" sb; exit
  }
  END { flush() }
' "${files[@]}")
if [ -z "$found" ]; then
  echo "no enabled bookworm line in apt's sources: cannot derive a mirror for bookworm-backports" >&2
  exit 1
fi
IFS=$'\t' read -r uri comps signed <<<"$found"
{
  echo "# Added by ReplScope's scripts/add-bookworm-backports.sh (valkey-server is in bookworm-backports)"
  echo "Types: deb"
  echo "URIs: $uri"
  echo "Suites: bookworm-backports"
  echo "Components: $comps"
  if [ -n "$signed" ]; then echo "Signed-By: $signed"; fi
} >"$out"
echo "$out"
