#!/bin/sh
# Every prefork child carries a whole PHP interpreter, so forking on demand is
# slow. Keep more idle children than Gentoo's stock 5/5/10:
# StartServers 10, MinSpareServers 10, MaxSpareServers 20.
set -e

conf=/etc/apache2/modules.d/00_mpm.conf
sed -i -E '/<IfModule mpm_prefork_module>/,/<\/IfModule>/{
  s/^([[:space:]]*StartServers[[:space:]]+)[0-9]+[[:space:]]*$/\110/
  s/^([[:space:]]*MinSpareServers[[:space:]]+)[0-9]+[[:space:]]*$/\110/
  s/^([[:space:]]*MaxSpareServers[[:space:]]+)[0-9]+[[:space:]]*$/\120/
}' "$conf"
