#!/bin/sh
# Install the OBS plugin distroav from its latest GitHub release (a .deb built for Ubuntu), which
# Portage does not package. Only x86_64 builds are released.
set -e

if [ "$(uname -m)" != x86_64 ]; then
    echo "distroav: no release for $(uname -m), not installed"
    exit 0
fi

work=$(mktemp -d)
download "$(get-github-download-url DistroAV DistroAV '.*-x86_64-linux-gnu\.deb$')" > "$work/plugin.deb"
# deb2targz turns plugin.deb into plugin.tar.gz beside it.
deb2targz "$work/plugin.deb"
mkdir "$work/root"
tar xf "$work/plugin.tar.gz" -C "$work/root"
# Ubuntu puts plugins below lib/x86_64-linux-gnu; Gentoo's OBS looks in lib64.
mkdir -p /usr/lib64/obs-plugins /usr/share/obs/obs-plugins
cp -a "$work"/root/usr/lib/x86_64-linux-gnu/obs-plugins/. /usr/lib64/obs-plugins/
cp -a "$work"/root/usr/share/obs/obs-plugins/. /usr/share/obs/obs-plugins/
rm -rf "$work"
