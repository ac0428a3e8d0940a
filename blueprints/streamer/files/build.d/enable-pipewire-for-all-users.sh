#!/bin/sh
# Start PipeWire, its PulseAudio replacement and the WirePlumber session manager in every user session.
set -e
systemctl --global enable pipewire pipewire-pulse wireplumber
