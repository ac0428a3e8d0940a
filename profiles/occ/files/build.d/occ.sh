#!/bin/sh
# Build the occ wrapper (github.com/shimarin/occ): a small setuid program that runs
# Nextcloud's or ownCloud's occ command as the web server user. Its source is one C file.
set -e

work=$(mktemp -d)
download "$(get-github-download-url shimarin occ '@tarball')" | tar xzf - -C "$work" --strip-components=1
gcc -O2 -o /usr/bin/occ "$work/occ.c"
rm -rf "$work"
