#!/bin/sh
# Usage: need-debian-package.sh COMMAND PACKAGE "what needs it"
# Does nothing if COMMAND exists. Otherwise installs Debian's PACKAGE with apt-get when run as root (as in CI),
# or stops with one line saying how.
command -v "$1" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's $2 for $3..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  command -v "$1" >/dev/null 2>&1 || { echo "Installing $2 did not provide '$1'." >&2; exit 1; }
else
  echo "$3 need Debian's $2: run 'sudo apt-get install $2', then 'make test' again." >&2
  exit 1
fi
