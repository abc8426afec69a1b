#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# Build (once) the Debian 12 root file system of the host lane
# (tests/host/run.sh): systemd as PID 1, udev, apt, DKMS and the 6.1
# kernel with its headers (linux-image-amd64, linux-headers-amd64), ndctl
# and daxctl, and the build and run dependencies of our .debs, from
# Debian's packages (mmdebstrap, with the host's apt sources).  The guest
# has no network: its apt sources are removed, and the 6.12 kernel and
# headers it upgrades to are downloaded here, with exactly the packages
# they need beyond the image, for the lane to hand it.
#
# Cached in $DAXMGR_CACHE/debhost/KEY/, KEY a hash of this script, the
# guest files it installs and the kernel releases: root.img (raw ext4,
# never written by the lane: it boots a qcow2 overlay), vmlinuz and
# initrd.img (the image's own 6.1 kernel, for direct kernel boot), kdebs/
# (the 6.12 upgrade).  Prints that folder.  About 6 minutes to build.
#
# Usage: tests/host/image.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/scripts/kver.sh"

k61=$(kver_resolve 6.1)
k612=$(kver_resolve 6.12)
# the image's packages; what our .debs need is here too (debian/control:
# libdaxmgr-dev's -dev dependencies), as the guest can fetch nothing;
# zstd, as on an installed system (initramfs-tools recommends it): its
# initrd compresses with zstd -1, not gzip -9 (the 6.12 upgrade's initrd
# is made under TCG)
pkgs=(systemd-sysv udev dbus apt dkms build-essential kmod e2fsprogs procps
	initramfs-tools zstd "linux-image-$k61" "linux-headers-$k61" linux-image-amd64 linux-headers-amd64
	ndctl daxctl libndctl6 libdaxctl1 libjson-c5 libkmod2 libuuid1
	libndctl-dev libdaxctl-dev libkmod-dev uuid-dev)
# the upgrade the guest installs from the lane's share (its dependencies
# beyond the image are downloaded with them)
kpkgs=("linux-image-$k612-unsigned" "linux-headers-$k612")

key=$( { cat "$0" "$here"/guest/*.service "$here"/guest/fstab; echo "${pkgs[*]} ${kpkgs[*]}"; } |
	sha256sum | cut -c1-16)
cache=$DAXMGR_CACHE/debhost/$key
if [ -s "$cache/root.img" ] && [ -s "$cache/initrd.img" ] && [ -f "$cache/done" ]; then
	echo "$cache"
	exit 0
fi

if ! command -v mmdebstrap > /dev/null || ! command -v mkfs.ext4 > /dev/null; then
	echo "image.sh: needs mmdebstrap and e2fsprogs (make deps installs them)" >&2
	exit 2
fi
start=$(date +%s)
rm -rf "$cache"
mkdir -p "$cache/kdebs"
root=$cache/root
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
echo "image.sh: building the Debian 12 host image in $cache (a few minutes)" >&2
# the 6.12 packages: downloaded inside the new root, so that they are the
# ones its apt needs beyond what it has, then moved out
dl="mkdir -p \"\$1/var/tmp/kdebs/partial\" &&
	chroot \"\$1\" apt-get -qq -o Dir::Cache::archives=/var/tmp/kdebs install -y --download-only ${kpkgs[*]} &&
	mv \"\$1\"/var/tmp/kdebs/*.deb '$cache/kdebs/' && rm -rf \"\$1/var/tmp/kdebs\""
mmdebstrap --quiet --variant=apt --include="$(IFS=,; echo "${pkgs[*]}")" \
	--customize-hook="$dl" \
	bookworm "$root" "$sources" > "$cache/mmdebstrap.log" 2>&1 ||
	{ tail -20 "$cache/mmdebstrap.log" >&2; exit 1; }

# no network in the guest: no sources, no lists (apt installs local files)
rm -f "$root"/etc/apt/sources.list "$root"/etc/apt/sources.list.d/*
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
install -m644 "$here/guest/fstab" "$root/etc/fstab"
echo debhost > "$root/etc/hostname"
mkdir -p "$root/share"
install -m644 "$here"/guest/*.service "$root/etc/systemd/system/"
# the lane's steps run every boot; the mapping application only in the
# boot whose kernel command line asks for it (systemd.wants=): enabled,
# it would pull in the start job of a /dev/dax1.0 that boot 1 has not
# made yet and hold the boot up for that job's 90 s timeout
ln -sf ../hostlane.service "$root/etc/systemd/system/multi-user.target.wants/hostlane.service"
# initramfs-tools' MODULES=dep (initramfs.conf(5)): an initrd with the
# modules this machine boots with, not most of the kernel's.  The 6.12
# upgrade's initrd with the default MODULES=most took 575 s of the 874 s
# boot under TCG; dep makes it with the same tool and hooks
sed -i 's/^MODULES=.*/MODULES=dep/' "$root/etc/initramfs-tools/initramfs.conf"
grep -q '^MODULES=dep$' "$root/etc/initramfs-tools/initramfs.conf" ||
	{ echo "image.sh: no MODULES= line in initramfs.conf" >&2; exit 1; }
# nothing to log in on: no getty on a VT the guest does not have
ln -sf /dev/null "$root/etc/systemd/system/getty@tty1.service"
# ndctl's health monitor: QEMU's NVDIMMs have no health (SMART) commands,
# so it says "no dimms to monitor" and fails (exit 250) on every boot
rm "$root/etc/systemd/system/multi-user.target.wants/ndctl-monitor.service"
passwd -R "$root" -d root > /dev/null
# an installed system, not a first boot: a machine id, a time zone, so
# that systemd-firstboot does not wait for answers on the console
systemd-machine-id-setup --root="$root" > /dev/null 2>&1
ln -sf /usr/share/zoneinfo/Etc/UTC "$root/etc/localtime"
echo Etc/UTC > "$root/etc/timezone"
cp "$root/boot/vmlinuz-$k61" "$cache/vmlinuz"
cp "$root/boot/initrd.img-$k61" "$cache/initrd.img"
echo "$k61" > "$cache/release"
mkfs.ext4 -q -L root -d "$root" "$cache/root.img" 4G > /dev/null
rm -rf "$root"
echo "$(($(date +%s) - start))" > "$cache/done"
# images of older recipes, unless another tree's lane used one today
find "$DAXMGR_CACHE/debhost" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -mtime +1 \
	-exec rm -rf {} +
echo "image.sh: built in $(cat "$cache/done")s" >&2
echo "$cache"
