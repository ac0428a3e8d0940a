#!/bin/sh
# Add third-party OBS Studio plugins that Gentoo does not package, from their release builds.
set -e
if [ "$(uname -m)" != x86_64 ]; then
    echo "obs-studio-plugins: only x86_64 builds exist; skipped on $(uname -m)" >&2
    exit 0
fi

plugin_libdir=/usr/lib64/obs-plugins
plugin_datadir=/usr/share/obs/obs-plugins
work=$(mktemp -d)

# install_tree NAME DIR: move the plugin libraries and data found below DIR into place
install_tree() {
    mv "$2"/lib/x86_64-linux-gnu/obs-plugins/* "$plugin_libdir"/
    mv "$2"/share/obs/obs-plugins/* "$plugin_datadir"/
    echo "installed OBS plugin $1"
}

# install_deb NAME URL: unpack an Ubuntu package of a plugin and install it
install_deb() {
    download "$2" > "$work/$1.deb"
    (cd "$work" && deb2targz "$1.deb")
    mkdir "$work/$1"
    tar xf "$work/$1.tar.gz" -C "$work/$1"  # let tar detect the compression
    install_tree "$1" "$work/$1/usr"
}

mkdir -p "$plugin_libdir" "$plugin_datadir"

# obs-multi-rtmp stays at 0.7.3, the last release built against this OBS generation
install_deb obs-multi-rtmp https://github.com/sorayuki/obs-multi-rtmp/releases/download/0.7.3/obs-multi-rtmp-0.7.3.0-x86_64-linux-gnu.deb
install_deb waveform "$(get-github-download-url phandasm waveform '.*_Ubuntu_x86_64\.deb$')"
install_deb distroav "$(get-github-download-url DistroAV DistroAV '.*-x86_64-linux-gnu\.deb$')"

mkdir "$work/advanced-scene-switcher"
download "$(get-github-download-url WarmUpTill SceneSwitcher 'advanced-scene-switcher-.*-x86_64-linux-gnu\.tar\.xz$')" \
    | tar xJf - -C "$work/advanced-scene-switcher"
install_tree advanced-scene-switcher "$work/advanced-scene-switcher"

rm -rf "$work"
