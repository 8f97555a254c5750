#!/usr/bin/env bash
# Prints an apt source (deb822) for <codename>-backports that uses the same
# mirror and signing key as this machine's own configured Debian source, so no
# mirror host name is written into the repo. Reads deb822 files
# (/etc/apt/sources.list.d/*.sources) first, then one-line sources.list files.
# Usage: debian-backports-source.sh CODENAME   (exit 1 when no source names it)
set -euo pipefail
codename=${1:?usage: debian-backports-source.sh CODENAME}

# deb822 stanzas: the first whose Suites list the bare codename.
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  out=$(awk -v want="$codename" '
    function flush() {
      if (!done && uri != "" && found) { done = 1; printf "Types: deb\nURIs: %s\nSuites: %s-backports\nComponents: %s\n", uri, want, comps; if (key != "") printf "Signed-By: %s\n", key; exit }
      uri = ""; found = 0; comps = "main"; key = ""
    }
    BEGIN { comps = "main" }
    /^[ \t]*$/ { flush(); next }
    /^URIs:/ { uri = $2 }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == want) found = 1 }
    /^Components:/ { comps = $2; for (i = 3; i <= NF; i++) comps = comps " " $i }
    /^Signed-By:/ { key = $2 }
    END { flush() }' "$f")
  if [ -n "$out" ]; then printf '%s\n' "$out"; exit 0; fi
done

# One-line sources: "deb [opts] URI codename components..."
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  line=$(awk -v want="$codename" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i + 1) == want) { print $i; exit } }' "$f")
  if [ -n "$line" ]; then printf 'Types: deb\nURIs: %s\nSuites: %s-backports\nComponents: main\n' "$line" "$codename"; exit 0; fi
done
echo "no configured Debian source names suite $codename" >&2
exit 1
