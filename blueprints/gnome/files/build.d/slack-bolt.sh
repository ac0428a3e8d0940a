#!/bin/sh
# Slack's Bolt framework for Python, which Portage does not package.
set -e
pip install --break-system-packages slack-bolt
