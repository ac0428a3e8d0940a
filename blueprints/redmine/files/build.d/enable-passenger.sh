#!/bin/sh
# Load Phusion Passenger in Apache (-D PASSENGER). Passenger switches to the application's
# user, which the capability bound of Gentoo's apache2.service would forbid, so lift it.
set -e
conf=/etc/conf.d/apache2
grep -q -- '-D PASSENGER\b' "$conf" || sed -i '/^APACHE2_OPTS=/s/"$/ -D PASSENGER"/' "$conf"
sed -i 's/^CapabilityBoundingSet=/#&/' /usr/lib/systemd/system/apache2.service
