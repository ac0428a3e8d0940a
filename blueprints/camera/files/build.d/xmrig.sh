#!/bin/sh
# Install the xmrig binary from the upstream GitHub release (x86_64 builds only).
set -e

if [ "$(uname -m)" != x86_64 ]; then
  echo "xmrig: no release binary for $(uname -m)" >&2
  exit 1
fi

url=$(get-github-download-url xmrig xmrig 'xmrig-.*-jammy-x64\.tar\.gz$')
workdir=$(mktemp -d)
download "$url" | tar -xzf - -C "$workdir"
install -m 0755 "$workdir"/xmrig-*/xmrig /usr/bin/xmrig
rm -rf "$workdir"
