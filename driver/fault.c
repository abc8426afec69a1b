// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * Page faults on a daxmgr mapping.  Like drivers/dax/device.c, a device
 * maps with exactly one page size, its alignment: a fault of a smaller size
 * gets SIGBUS, a larger one falls back so the core mm retries smaller.  The
 * pfns carry PFN_DEV|PFN_MAP, which makes the entries devmap entries: no
 * page reference is taken for them, vm_normal_page() skips them, and GUP
 * finds the struct pages through get_dev_pagemap().
 */
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/pagemap.h>
#include <linux/pfn_t.h>

#include "daxmgr.h"

static struct daxmgr_file *vma_to_daxmgr_file(struct vm_area_struct *vma)
{
	return vma->vm_file->private_data;
}

/*
 * memory_failure() finds the processes mapping a poisoned page through
 * page->mapping and page->index (of the compound head).
 */
static void daxmgr_set_mapping(struct vm_fault *vmf, struct daxmgr_binding *ddev,
			       pfn_t pfn, pgoff_t pgoff, unsigned long size)
{
	unsigned long i, nr = size >> PAGE_SHIFT;

	if (ddev->pm->pgmap.vmemmap_shift)
		nr = 1;
	for (i = 0; i < nr; i++) {
		struct page *page = compound_head(pfn_to_page(pfn_t_to_pfn(pfn) + i));

		if (page->mapping)
			continue;
		page->mapping = vmf->vma->vm_file->f_mapping;
		page->index = pgoff + i;
	}
}

static vm_fault_t daxmgr_insert(struct vm_fault *vmf, pfn_t pfn,
				enum daxmgr_fault_kind kind)
{
	bool write = vmf->flags & FAULT_FLAG_WRITE;

	switch (kind) {
	case DAXMGR_FAULT_PTE:
		return vmf_insert_mixed(vmf->vma, vmf->address, pfn);
	case DAXMGR_FAULT_PMD:
		return vmf_insert_pfn_pmd(vmf, pfn, write);
#ifdef CONFIG_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD
	case DAXMGR_FAULT_PUD:
		return vmf_insert_pfn_pud(vmf, pfn, write);
#endif
	default:
		return VM_FAULT_FALLBACK;
	}
}

/*
 * Fault-around for a 4K device, as the page cache does for files
 * (do_fault_around()): after a PTE fault, map the neighbours of @addr in
 * an aligned window of fault_around bytes, within the vma, the page table
 * of @addr and the device.  Like readahead, only when the access looks
 * sequential: the page before @addr's (device offset) was mapped before.
 * So a fault in fresh memory, or a random one, costs what device_dax's
 * costs, and a sequential run of faults takes one per window.  Every page
 * is recorded as touched before it is mapped, like a faulted one, so a
 * count after a revoke sees it; the caller's SRCU section and its alive
 * check keep a revoke from passing before these inserts are done, so none
 * lands after one.  Entries that are present already are left as they
 * are; a failure ends the window (the next fault there maps it).  One page
 * size, the device's: a window never builds a PMD.
 */
static void daxmgr_fault_around(struct vm_fault *vmf, struct daxmgr_binding *ddev,
				unsigned long addr)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned long window = READ_ONCE(ddev->fault_around);
	unsigned long start, end, a;
	pgoff_t first;

	if (window <= PAGE_SIZE || ddev->align != PAGE_SIZE)
		return;
	first = linear_page_index(vma, addr);
	if (!first || !daxmgr_pagemap_touched(ddev->pm, first - 1))
		return;
	start = max3(ALIGN_DOWN(addr, window), ALIGN_DOWN(addr, PMD_SIZE),
		     vma->vm_start);
	end = min3(ALIGN_DOWN(addr, window) + window,
		   ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE, vma->vm_end);
	for (a = start; a < end; a += PAGE_SIZE) {
		pgoff_t pgoff = linear_page_index(vma, a);
		phys_addr_t phys;
		pfn_t pfn;

		if (a == addr)
			continue;
		phys = daxmgr_pgoff_to_phys(ddev->pm, pgoff, PAGE_SIZE);
		if (phys == (phys_addr_t)-1 || daxmgr_pagemap_touch(ddev->pm, pgoff))
			break;
		pfn = phys_to_pfn_t(phys, PFN_DEV | PFN_MAP);
		daxmgr_set_mapping(vmf, ddev, pfn, pgoff, PAGE_SIZE);
		if (vmf_insert_mixed(vma, a, pfn) != VM_FAULT_NOPAGE)
			break;
	}
}

static const unsigned long daxmgr_fault_size[DAXMGR_NR_FAULT_KINDS] = {
	[DAXMGR_FAULT_PTE] = PAGE_SIZE,
	[DAXMGR_FAULT_PMD] = PMD_SIZE,
	[DAXMGR_FAULT_PUD] = PUD_SIZE,
};

static vm_fault_t daxmgr_fault_kind(struct vm_fault *vmf,
				    enum daxmgr_fault_kind kind)
{
	struct vm_area_struct *vma = vmf->vma;
	struct daxmgr_file *df = vma_to_daxmgr_file(vma);
	struct daxmgr_binding *ddev = df->ddev;
	unsigned long size = daxmgr_fault_size[kind];
	unsigned long addr = ALIGN_DOWN(vmf->address, size);
	vm_fault_t rc = VM_FAULT_SIGBUS;
	phys_addr_t phys;
	pgoff_t pgoff;
	pfn_t pfn;
	int idx;

	idx = srcu_read_lock(&daxmgr_srcu);
	/*
	 * revoked, unbound, or a mapping from before a revoke.  Acquire,
	 * pairs with daxmgr_set_alive(): the gen read after an alive that an
	 * unquiesce set is at least that of the revoke before it.
	 */
	if (!smp_load_acquire(&ddev->alive) || df->gen != READ_ONCE(ddev->gen))
		goto out;
	if (size > ddev->align) {
		rc = VM_FAULT_FALLBACK;
		goto out;
	}
	if (size < ddev->align)
		goto out;
	if (addr < vma->vm_start || addr + size > vma->vm_end)
		goto out;

	pgoff = linear_page_index(vma, addr);
	phys = daxmgr_pgoff_to_phys(ddev->pm, pgoff, size);
	if (phys == (phys_addr_t)-1)
		goto out;
	if (daxmgr_pagemap_touch(ddev->pm, pgoff)) {
		rc = VM_FAULT_OOM;
		goto out;
	}

	pfn = phys_to_pfn_t(phys, PFN_DEV | PFN_MAP);
	daxmgr_set_mapping(vmf, ddev, pfn, pgoff, size);
	rc = daxmgr_insert(vmf, pfn, kind);
	if (rc == VM_FAULT_NOPAGE) {
		atomic_long_inc(&ddev->faults[kind]);
		if (kind == DAXMGR_FAULT_PTE)
			daxmgr_fault_around(vmf, ddev, addr);
	}
out:
	srcu_read_unlock(&daxmgr_srcu, idx);
	return rc;
}

#ifdef DAXMGR_HUGE_FAULT_ORDER
static vm_fault_t daxmgr_huge_fault(struct vm_fault *vmf, unsigned int order)
{
	if (order == 0)
		return daxmgr_fault_kind(vmf, DAXMGR_FAULT_PTE);
	if (order == PMD_ORDER)
		return daxmgr_fault_kind(vmf, DAXMGR_FAULT_PMD);
	if (order == PUD_ORDER)
		return daxmgr_fault_kind(vmf, DAXMGR_FAULT_PUD);
	return VM_FAULT_FALLBACK;
}
#else
static vm_fault_t daxmgr_huge_fault(struct vm_fault *vmf,
				    enum page_entry_size pe_size)
{
	switch (pe_size) {
	case PE_SIZE_PTE:
		return daxmgr_fault_kind(vmf, DAXMGR_FAULT_PTE);
	case PE_SIZE_PMD:
		return daxmgr_fault_kind(vmf, DAXMGR_FAULT_PMD);
	case PE_SIZE_PUD:
		return daxmgr_fault_kind(vmf, DAXMGR_FAULT_PUD);
	}
	return VM_FAULT_FALLBACK;
}
#endif

static vm_fault_t daxmgr_pte_fault(struct vm_fault *vmf)
{
	return daxmgr_fault_kind(vmf, DAXMGR_FAULT_PTE);
}

/* A split must not leave a vma that cannot be mapped at the device's size. */
static int daxmgr_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	if (!IS_ALIGNED(addr, vma_to_daxmgr_file(vma)->ddev->align))
		return -EINVAL;
	return 0;
}

/* KernelPageSize in /proc/PID/smaps */
static unsigned long daxmgr_pagesize(struct vm_area_struct *vma)
{
	return vma_to_daxmgr_file(vma)->ddev->align;
}

/* fork, split and mremap copy a vma: it pins like the original */
static void daxmgr_vm_open(struct vm_area_struct *vma)
{
	struct daxmgr_file *df = vma_to_daxmgr_file(vma);

	daxmgr_pin_vma_open(df->ddev, df);
}

static void daxmgr_vm_close(struct vm_area_struct *vma)
{
	struct daxmgr_file *df = vma_to_daxmgr_file(vma);

	daxmgr_pin_vma_close(df->ddev, df);
}

const struct vm_operations_struct daxmgr_vm_ops = {
	.open		= daxmgr_vm_open,
	.close		= daxmgr_vm_close,
	.fault		= daxmgr_pte_fault,
	.huge_fault	= daxmgr_huge_fault,
	.may_split	= daxmgr_may_split,
	.pagesize	= daxmgr_pagesize,
};
