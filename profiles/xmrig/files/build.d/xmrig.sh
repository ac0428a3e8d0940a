#!/bin/sh
# Install the latest xmrig release binary (built for Ubuntu jammy, statically enough to run
# here) into /usr/bin. Releases exist for x86_64 only; other arches get no xmrig.
set -e

case "$(uname -m)" in
    x86_64) platform=x64 ;;
    *)
        echo "xmrig: no release for $(uname -m), not installed"
        exit 0
        ;;
esac

work=$(mktemp -d)
url=$(get-github-download-url xmrig xmrig "xmrig-.*-jammy-${platform}\.tar\.gz\$")
echo "xmrig: fetching $url"
download "$url" | tar xzf - -C "$work"
install -m 0755 "$work"/xmrig-*/xmrig /usr/bin/xmrig
rm -rf "$work"
