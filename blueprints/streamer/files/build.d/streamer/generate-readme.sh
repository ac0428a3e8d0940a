#!/bin/sh
# Leave a note in the user's home on how to turn on GNOME's system-wide remote login.
set -e
cd "$HOME"
cat > README.md <<'NOTE'
# Remote login (system-level remote desktop)

1. Open Settings > System > Remote Desktop > Remote Login and switch "Remote Login" on.
2. Fill in the login details (RDP user name; the password may stay empty for now).
3. Switch "Remote Login" off and on again so that the settings take effect.
4. Give this account a password with `passwd`: remote login refuses accounts without one.
NOTE
