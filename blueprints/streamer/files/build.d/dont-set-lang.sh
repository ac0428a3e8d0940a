#!/bin/sh
# Leave LANG unset system-wide so that each desktop session picks its own locale.
set -e
for f in /etc/environment.d/10-gentoo-env.conf /etc/profile.env; do
    [ -f "$f" ] || continue
    sed -i -e 's/^\(export \)\{0,1\}LANG=/#&/' "$f"
done
