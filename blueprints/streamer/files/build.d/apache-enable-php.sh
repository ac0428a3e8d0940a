#!/bin/sh
# Load mod_php in Apache (-D PHP) and point the apache2 SAPI at the PHP slot in use.
set -e
conf=/etc/conf.d/apache2
grep -q -- '-D PHP\b' "$conf" || sed -i '/^APACHE2_OPTS=/s/"$/ -D PHP"/' "$conf"
slot=$(eselect php show apache2)
eselect php set apache2 "$slot"
