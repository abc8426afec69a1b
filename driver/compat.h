/* SPDX-License-Identifier: GPL-2.0 */
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

/* ->huge_fault() takes a page order since 6.6, an enum before. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define DAXMGR_HUGE_FAULT_ORDER 1
#endif

/* vm_flags became read-only behind vm_flags_set() in 6.3. */
static inline void daxmgr_vma_set_flags(struct vm_area_struct *vma,
					vm_flags_t flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

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

/* MAP_SYNC support is advertised through fop_flags since 6.12. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define DAXMGR_FOPS_MAP_SYNC .fop_flags = FOP_MMAP_SYNC
#else
#define DAXMGR_FOPS_MAP_SYNC .mmap_supported_flags = MAP_SYNC
#endif

/* bus_type callbacks and attributes take a const bus_type since 6.4. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define daxmgr_bus_t const struct bus_type
#else
#define daxmgr_bus_t struct bus_type
#endif

/* class->dev_uevent/devnode take a const device since 6.2. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define daxmgr_const_dev_t const struct device
#else
#define daxmgr_const_dev_t struct device
#endif

#endif /* DAXMGR_COMPAT_H */
