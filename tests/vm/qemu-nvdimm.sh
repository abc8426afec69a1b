#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# shellcheck shell=bash
# Sourced by the QEMU harnesses (tests/vm/run.sh, tests/host/run.sh): the
# emulated NVDIMMs of a guest (machine pc,nvdimm=on).
#
# nvdimm_args DIR N SIZE LABELS MEM: N NVDIMMs of SIZE backed by the
# files DIR/nvdimmI.img (created sparse; kept if they exist, so that a
# guest booted again finds its namespaces and data), LABELS "" or
# ",label-size=SIZE".  Sets NV_ARGS (the -object/-device arguments),
# NV_SLOTS and NV_MAXMEM (MiB) for -m MEM,slots=NV_SLOTS,maxmem=NV_MAXMEMM:
# room for the RAM and every NVDIMM in the hotplug area, at least 32G.
# shellcheck disable=SC2034 # NV_* are the caller's
nvdimm_args() {
	local dir=$1 n=$2 size=$3 labels=$4 mem=$5 i img
	NV_ARGS=()
	for i in $(seq 0 $((n - 1))); do
		img=$dir/nvdimm$i.img
		[ -e "$img" ] || truncate -s "$size" "$img"
		NV_ARGS+=(-object "memory-backend-file,id=mem$i,share=on,mem-path=$img,size=$size,align=2M"
			-device "nvdimm,memdev=mem$i,id=nv$i$labels")
	done
	NV_SLOTS=$((n + 1))
	NV_MAXMEM=$(($(numfmt --from=iec "$mem") / 1048576 + n * $(numfmt --from=iec "$size") / 1048576 + 1024))
	[ "$NV_MAXMEM" -ge 32768 ] || NV_MAXMEM=32768
}
