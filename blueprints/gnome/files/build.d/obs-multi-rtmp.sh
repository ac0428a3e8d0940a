#!/bin/sh
# OBS Studio plugin obs-multi-rtmp (stream to several RTMP servers at once),
# taken from the upstream .deb release; x86_64 only.
set -e

if [ "$(uname -m)" != x86_64 ]; then
  echo "obs-multi-rtmp: no build for $(uname -m); skipped" >&2
  exit 0
fi

workdir=$(mktemp -d)
url=$(get-github-download-url sorayuki obs-multi-rtmp 'obs-multi-rtmp-.*x86_64-linux-gnu\.deb$')
download "$url" > "$workdir/plugin.deb"
(cd "$workdir" && deb2targz plugin.deb)
mkdir "$workdir/root"
tar -xzf "$workdir/plugin.tar.gz" -C "$workdir/root"

mkdir -p /usr/lib64/obs-plugins /usr/share/obs/obs-plugins
cp "$workdir"/root/usr/lib/x86_64-linux-gnu/obs-plugins/*.so /usr/lib64/obs-plugins/
cp -R "$workdir"/root/usr/share/obs/obs-plugins/. /usr/share/obs/obs-plugins/
rm -rf "$workdir"
