#!/bin/sh
# Make SRS listen on IPv6 as well as IPv4: the configuration Gentoo installs binds the RTMP
# (1935) and HTTP API (1985) ports on IPv4 only. An "[::]:port" listener accepts both on Linux.
# The SRT port stays as it is: SRS reads srt_server's listen as a bare port number.
set -e

conf=/etc/srs/srs.conf
if [ ! -f "$conf" ]; then
    echo "srs-ipv6: $conf is missing, leaving it alone"
    exit 0
fi
sed -i -E 's/^([[:space:]]*listen[[:space:]]+)(1935|1985)[[:space:]]*;/\1[::]:\2;/' "$conf"
grep -E '^[[:space:]]*listen' "$conf"
