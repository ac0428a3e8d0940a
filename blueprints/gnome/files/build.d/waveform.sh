#!/bin/sh
# OBS Studio plugin waveform (audio visualiser), taken from the upstream
# Ubuntu .deb release; x86_64 only.
set -e

if [ "$(uname -m)" != x86_64 ]; then
  echo "waveform: no build for $(uname -m); skipped" >&2
  exit 0
fi

workdir=$(mktemp -d)
url=$(get-github-download-url phandasm waveform '.*_Ubuntu_x86_64\.deb$')
download "$url" > "$workdir/plugin.deb"
(cd "$workdir" && deb2targz plugin.deb)
mkdir "$workdir/root"
tar -xzf "$workdir/plugin.tar.gz" -C "$workdir/root"

mkdir -p /usr/lib64/obs-plugins /usr/share/obs/obs-plugins
cp "$workdir"/root/usr/lib/x86_64-linux-gnu/obs-plugins/*.so /usr/lib64/obs-plugins/
cp -R "$workdir"/root/usr/share/obs/obs-plugins/. /usr/share/obs/obs-plugins/
rm -rf "$workdir"
