#!/bin/sh
# Installs the Debian packages the project needs (idempotent). Each component
# lists its own in a deps.txt in its folder, at any depth (toolstack/xenstored/
# deps.txt); ci/deps.txt holds the shared ones.
set -eu
cd "$(dirname "$0")/.."
pkgs=$(find . -name build -prune -o -name .git -prune -o -name deps.txt -print | sort | xargs cat | sed 's/#.*//' | tr -s ' \n' '\n' | sort -u | grep -v '^$')
missing=
for p in $pkgs; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing"
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $missing
