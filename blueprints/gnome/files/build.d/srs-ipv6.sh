#!/bin/sh
# media-video/srs ships /etc/srs/srs.conf with IPv4-only listeners. Make the
# RTMP (1935) and HTTP API (1985) listeners dual-stack by binding them to
# [::]. The SRT listener (10080) is left alone on purpose: SRS parses its
# listen value as a bare port number and would end up on a random port.
set -e

conf=/etc/srs/srs.conf
if [ ! -f "$conf" ]; then
  echo "$conf not found; leaving SRS listeners as they are" >&2
  exit 0
fi

for port in 1935 1985; do
  sed -i -E "s/^([[:space:]]*listen[[:space:]]+)$port;/\\1[::]:$port;/" "$conf"
done
