/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The daxmgr developers */
/*
 * The only place that knows kernel versions.  daxmgr targets Debian's 6.1
 * and 6.12 kernels; both still have pfn_t and the devmap page-table bits
 * this driver is built on.  Upstream replaced that model with refcounted
 * ZONE_DEVICE folios in 6.15, so newer kernels are refused outright rather
 * than built into something that would corrupt page refcounts.
 */
#ifndef DAXMGR_COMPAT_H
#define DAXMGR_COMPAT_H

#include <linux/version.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/device.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#error "daxmgr needs pfn_t/devmap (Linux < 6.15); this kernel uses refcounted ZONE_DEVICE folios"
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "daxmgr supports Linux 6.1 to 6.14"
#endif

/*
 * The dax bus's private layouts (dax_layout.h) are carried for the 6.1 and
 * 6.12 series only; 6.12 matches drivers by type, 6.1 by match_always.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0) && \
	LINUX_VERSION_CODE < KERNEL_VERSION(6, 12, 0)
#error "daxmgr carries the dax bus layouts of Linux 6.1 and 6.12 only"
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define DAXMGR_DAX_TYPED_MATCH 1
#endif

/* ->huge_fault() takes a page order since 6.6, an enum before. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define DAXMGR_HUGE_FAULT_ORDER 1
#endif

/* mm->get_unmapped_area went away in 6.10. */
static inline unsigned long
daxmgr_mm_get_unmapped_area(struct file *filp, unsigned long addr,
			    unsigned long len, unsigned long pgoff,
			    unsigned long flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	return mm_get_unmapped_area(current->mm, filp, addr, len, pgoff, flags);
#else
	return current->mm->get_unmapped_area(filp, addr, len, pgoff, flags);
#endif
}

/* vm_flags became read-only outside the vm_flags_*() helpers in 6.3. */
static inline void daxmgr_vm_flags_set(struct vm_area_struct *vma,
				       vm_flags_t flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

/* MAP_SYNC support is advertised through fop_flags since 6.12. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define DAXMGR_FOPS_MAP_SYNC .fop_flags = FOP_MMAP_SYNC
#else
#define DAXMGR_FOPS_MAP_SYNC .mmap_supported_flags = MAP_SYNC
#endif

#endif /* DAXMGR_COMPAT_H */
