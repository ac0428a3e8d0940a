#!/bin/sh
/usr/bin/hello > /etc/motd
