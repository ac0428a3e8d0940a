#!/bin/sh
# Log root in automatically on the virtio console (hvc0) and the serial console (ttyS0),
# so that `vm console` lands straight in a shell next to the installer scripts.
set -e
autologin() { # UNIT BAUD
    mkdir -p "/etc/systemd/system/$1.d"
    printf '[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin root --noclear %%I %s linux\n' "$2" \
        > "/etc/systemd/system/$1.d/autologin.conf"
}
autologin getty@hvc0.service 38400
autologin serial-getty@ttyS0.service 115200
