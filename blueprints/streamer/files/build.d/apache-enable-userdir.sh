#!/bin/sh
# Serve ~/public_html through mod_userdir (-D USERDIR).
set -e
conf=/etc/conf.d/apache2
grep -q -- '-D USERDIR\b' "$conf" || sed -i '/^APACHE2_OPTS=/s/"$/ -D USERDIR"/' "$conf"
