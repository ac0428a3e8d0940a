#!/bin/sh
# Mine Monero with XMRig on the pool named in ./config (POOL=host:port), as worker $(hostname).
# Reserving 1 GiB huge pages beforehand speeds RandomX up but is optional:
# https://xmrig.com/docs/miner/hugepages
set -e
. "$(dirname "$0")/config"
exec xmrig --coin=monero -o "$POOL" -u "$(hostname)" --randomx-1gb-pages
