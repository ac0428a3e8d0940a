#!/bin/sh
# Make fontconfig prefer the Noto CJK fonts for Japanese/Chinese/Korean text.
set -e
eselect fontconfig enable 70-noto-cjk.conf
