#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# shellcheck shell=bash
# Sourced by the QEMU harnesses (tests/vm/run.sh, tests/host/run.sh): the
# guest machine with its emulated NVDIMMs (pc,nvdimm=on), no network card,
# no display, and no reboot (a guest that reboots has ended).
#
# nvdimm_args DIR N SIZE LABELS MEM: N NVDIMMs of SIZE backed by the
# files DIR/nvdimmI.img (created sparse; kept if they exist, so that a
# guest booted again finds its namespaces and data), LABELS "" or
# ",label-size=SIZE", MEM of RAM.  Sets NV_QEMU, the QEMU arguments of
# that machine: -m MEM with room for the RAM and every NVDIMM in the
# hotplug area (at least 32G), the -object/-device pairs, and the rest.
# shellcheck disable=SC2034 # NV_QEMU is the caller's
nvdimm_args() {
	local dir=$1 n=$2 size=$3 labels=$4 mem=$5 i img maxmem args
	args=()
	for i in $(seq 0 $((n - 1))); do
		img=$dir/nvdimm$i.img
		[ -e "$img" ] || truncate -s "$size" "$img"
		args+=(-object "memory-backend-file,id=mem$i,share=on,mem-path=$img,size=$size,align=2M"
			-device "nvdimm,memdev=mem$i,id=nv$i$labels")
	done
	maxmem=$(($(numfmt --from=iec "$mem") / 1048576 + n * $(numfmt --from=iec "$size") / 1048576 + 1024))
	[ "$maxmem" -ge 32768 ] || maxmem=32768
	NV_QEMU=(-machine "pc,nvdimm=on" -m "$mem,slots=$((n + 1)),maxmem=${maxmem}M" "${args[@]}"
		-nodefaults -display none -no-reboot -nic none)
}
