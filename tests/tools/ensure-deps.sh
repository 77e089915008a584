#!/bin/sh
# Checks that the Debian packages given as arguments are installed.  As root
# (or with password-less sudo) it installs the missing ones; otherwise it
# prints the exact apt-get line and fails.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	echo "mentormatch needs these Debian packages:$missing"
	echo "Install them with:"
	echo "  sudo apt-get update && sudo apt-get install -y$missing"
	exit 1
fi
echo "Installing missing packages:$missing"
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq$missing >/dev/null
