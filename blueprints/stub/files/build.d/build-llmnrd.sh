#!/bin/sh
# Build a static llmnrd (LLMNR responder, so that guests resolve by host name without DNS).
# The installer scripts copy it into distributions that do not package it.
set -e
version=0.7
src=$(mktemp -d)
download "https://github.com/tklauser/llmnrd/archive/refs/tags/v$version.tar.gz" | tar xzf - --strip-components=1 -C "$src"
cd "$src"
# Compile the daemon's sources directly: no make needed, and a pid file right in /run,
# which every target distribution has.
gcc -O2 -static -o /usr/bin/llmnrd \
    -DVERSION_STRING="\"v$version\"" -DGIT_VERSION='""' -DPIDFILE='"/run/llmnrd.pid"' \
    llmnrd.c llmnr.c iface.c socket.c util.c log.c
cd /
rm -rf "$src"
