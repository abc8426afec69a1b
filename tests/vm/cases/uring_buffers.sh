# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 400
# io_uring registered buffers (IORING_REGISTER_BUFFERS) over a mapping.
# 6.12 pins them long-term (io_pin_pages(), FOLL_LONGTERM, no vma check):
# the same expectations as an RDMA MR, under both policies, on a 2M and a
# 4K device (lib.sh pin_scenario).  6.1 pins, then refuses a file-backed
# vma that is not shmem and unpins: exactly EOPNOTSUPP, and nothing stays
# pinned, so an unbind does not wait.
case $(uname -r) in
6.1.*)
	for a in 2M 4K; do
		dm_create $a
		echo io > $DM_DEVS/$DEV/pin_mode
		daxtest uring /dev/$DEV 2M EOPNOTSUPP /tmp/u.ready /tmp/u.go > /tmp/u.out 2>&1 ||
			fail "$a: $(cat /tmp/u.out)"
		expect_eq "$(cat /tmp/u.out)" "refused=EOPNOTSUPP" "$a: IORING_REGISTER_BUFFERS on 6.1"
		expect_eq "$(dm_attr $DEV pinned_pages)" 0 "$a: pinned_pages after the refusal"
		t0=$(uptime_cs)
		dm_unbind $DEV || fail "$a: unbind"
		dt=$(($(uptime_cs) - t0))
		log "uring $a: refused with EOPNOTSUPP; unbind returned after ${dt}0 ms"
		[ $dt -lt 200 ] || fail "$a: unbind waited ${dt}0 ms with nothing pinned"
		dm_parks | grep -q "^$DEV " && fail "$a: parked with nothing pinned"
		dm_bind $DEV || fail "$a: bind"
		dm_delete $DEV || fail "$a: give-back"
	done
	;;
*)
	pin_scenario uring_io_2M io 2M 4M keep uring 97
	pin_scenario uring_io_4K io 4K 1M keep uring 98
	pin_scenario uring_vma_2M vma 2M 4M unmap uring 99
	pin_scenario uring_vma_4K vma 4K 1M unmap uring 100
	;;
esac
