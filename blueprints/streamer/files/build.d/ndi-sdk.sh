#!/bin/sh
# Install the NDI runtime libraries (used by the DistroAV OBS plugin). x86_64 only.
set -e
if [ "$(uname -m)" != x86_64 ]; then
    echo "ndi-sdk: no NDI SDK build for $(uname -m)" >&2
    exit 1
fi
work=$(mktemp -d)
cd "$work"
download https://downloads.ndi.tv/SDK/NDI_SDK_Linux/Install_NDI_SDK_v6_Linux.tar.gz | tar xzf -
# The installer is a self-extracting script that shows the licence and asks to accept it.
yes | PAGER=cat sh ./Install_NDI_SDK_v6_Linux.sh >/dev/null
cp -av "NDI SDK for Linux/lib/x86_64-linux-gnu/." /usr/lib/
cd /
rm -rf "$work"
