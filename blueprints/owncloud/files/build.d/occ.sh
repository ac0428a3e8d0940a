#!/bin/sh
# /usr/bin/occ: a small C front end to ownCloud's occ command, built from the
# newest source tarball of github.com/shimarin/occ.
set -e

src=$(mktemp -d)
download "$(get-github-download-url shimarin occ '@tarball')" | tar -xzf - -C "$src" --strip-components=1
gcc -O2 -o /usr/bin/occ "$src/occ.c"
rm -rf "$src"
