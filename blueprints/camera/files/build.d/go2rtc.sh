#!/bin/sh
# go2rtc is not packaged in Portage: fetch its single static binary from the
# upstream GitHub release. The version is pinned so that builds repeat.
set -e

GO2RTC_VERSION=1.9.14

machine=$(uname -m)
case "$machine" in
  x86_64) release_arch=amd64 ;;
  aarch64) release_arch=arm64 ;;
  *) echo "go2rtc: no release binary for $machine" >&2; exit 1 ;;
esac

echo "Installing go2rtc $GO2RTC_VERSION for $release_arch"
download "https://github.com/AlexxIT/go2rtc/releases/download/v$GO2RTC_VERSION/go2rtc_linux_$release_arch" > /usr/bin/go2rtc
chmod 0755 /usr/bin/go2rtc
