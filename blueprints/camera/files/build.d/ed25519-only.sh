#!/bin/sh
# Offer only an Ed25519 host key: the commented-out HostKey defaults of
# sshd_config give way to a single HostKeyAlgorithms line in the same place.
set -e

config=/etc/ssh/sshd_config
[ -f "$config" ] || { echo "no $config; nothing to do" >&2; exit 0; }

tmp=$(mktemp)
awk '
  /^#HostKey/ {
    if (!written) { print "HostKeyAlgorithms ssh-ed25519"; written = 1 }
    next
  }
  { print }
' "$config" > "$tmp"
cat "$tmp" > "$config"
rm -f "$tmp"
