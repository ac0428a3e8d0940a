#!/bin/sh
# Build restic's REST backend server (served by rest-server.service) and create its data directory.
set -e
export GOPATH=/tmp/rest-server-go GOCACHE=/tmp/rest-server-go/cache GOBIN=/usr/bin
go install github.com/restic/rest-server/cmd/rest-server@latest
rm -rf /tmp/rest-server-go
mkdir -p /var/lib/rest-server
