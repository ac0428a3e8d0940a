#!/bin/sh
# Install the OBS plugin Advanced Scene Switcher from its latest GitHub release (a tarball
# built for Ubuntu), which Portage does not package. Only x86_64 builds are released.
set -e

if [ "$(uname -m)" != x86_64 ]; then
    echo "advanced-scene-switcher: no release for $(uname -m), not installed"
    exit 0
fi

work=$(mktemp -d)
download "$(get-github-download-url WarmUpTill SceneSwitcher 'advanced-scene-switcher-.*-x86_64-linux-gnu\.tar\.xz$')" | tar xJf - -C "$work"
mkdir -p /usr/lib64/obs-plugins /usr/share/obs/obs-plugins
cp -a "$work"/share/obs/obs-plugins/advanced-scene-switcher /usr/share/obs/obs-plugins/
cp -a "$work"/lib/x86_64-linux-gnu/obs-plugins/. /usr/lib64/obs-plugins/
rm -rf "$work"
