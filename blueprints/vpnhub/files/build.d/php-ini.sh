#!/bin/sh
# Let Apache's PHP (the Zabbix web frontend) run longer and accept bigger posts.
set -e
for ini in /etc/php/apache2-php*/php.ini; do
    sed -i -e 's/^max_execution_time\b.*/max_execution_time = 300/' \
        -e 's/^max_input_time\b.*/max_input_time = 300/' \
        -e 's/^post_max_size\b.*/post_max_size = 16M/' "$ini"
done
