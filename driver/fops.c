// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * File operations of /dev/daxX.Y while daxmgr serves it: open, mmap and an
 * aligned get_unmapped_area.  There is no read/write: the device is used
 * through mappings only, as with device_dax.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pagemap.h>
#include <linux/slab.h>

#include "daxmgr.h"

/* May a new open or mmap proceed?  Called with ddev->lock held. */
static int daxmgr_state_errno(struct daxmgr_binding *ddev)
{
	switch (ddev->state) {
	case DAXMGR_LIVE:
		return 0;
	case DAXMGR_QUIESCED:
		return -EBUSY;
	default:
		return -ENXIO;
	}
}

static int daxmgr_open(struct inode *inode, struct file *filp)
{
	struct daxmgr_file *df;
	struct daxmgr_binding *ddev;
	int rc = 0;

	df = kzalloc(sizeof(*df), GFP_KERNEL);
	if (!df)
		return -ENOMEM;
	ddev = daxmgr_open_binding(inode);
	if (!ddev) {
		kfree(df);
		return -ENXIO;
	}

	mutex_lock(&ddev->lock);
	rc = daxmgr_state_errno(ddev);
	df->gen = ddev->gen;
	mutex_unlock(&ddev->lock);
	if (rc) {
		daxmgr_binding_put(ddev);
		kfree(df);
		return rc;
	}

	df->ddev = ddev;
	/*
	 * All files of the device share one address_space; the devtmpfs
	 * inode's own i_mapping is left alone so that it never points at
	 * our inode after the device is gone.
	 */
	filp->f_mapping = ddev->inode->i_mapping;
	filp->f_wb_err = filemap_sample_wb_err(filp->f_mapping);
	filp->f_sb_err = file_sample_sb_err(filp);
	filp->private_data = df;
	atomic_long_inc(&ddev->node->files);
	return 0;
}

static int daxmgr_release(struct inode *inode, struct file *filp)
{
	struct daxmgr_file *df = filp->private_data;

	atomic_long_dec(&df->ddev->node->files);
	daxmgr_binding_put(df->ddev);
	kfree(df);
	return 0;
}

static int daxmgr_check_vma(struct daxmgr_binding *ddev,
			    struct vm_area_struct *vma)
{
	unsigned long mask = ddev->align - 1;
	unsigned long len = vma->vm_end - vma->vm_start;
	u64 size = ddev->size;
	u64 off;

	/* private mappings of persistent memory would be silently volatile */
	if (!(vma->vm_flags & VM_MAYSHARE)) {
		dev_dbg(ddev->dev, "%s: private mapping refused\n", current->comm);
		return -EINVAL;
	}
	if ((vma->vm_start | vma->vm_end) & mask) {
		dev_dbg(ddev->dev, "%s: vma %#lx-%#lx not aligned to %#lx\n",
			current->comm, vma->vm_start, vma->vm_end, ddev->align);
		return -EINVAL;
	}
	if (vma->vm_pgoff > PHYS_PFN(size))
		return -ENXIO;
	off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	if (off & mask)
		return -EINVAL;
	if (len > size - off)
		return -ENXIO;
	if (!vma_is_dax(vma))
		return -EINVAL;
	return 0;
}

static int daxmgr_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct daxmgr_file *df = filp->private_data;
	struct daxmgr_binding *ddev = df->ddev;
	int rc;

	/* align and the pin policy must not change between check and pin */
	mutex_lock(&ddev->lock);
	rc = daxmgr_state_errno(ddev);
	if (!rc && df->gen != ddev->gen)
		rc = -ENXIO;	/* opened before a revoke */
	if (!rc)
		rc = daxmgr_check_vma(ddev, vma);
	if (!rc)
		rc = daxmgr_pin_mmap(ddev, df);
	if (!rc)
		daxmgr_pagemap_prepare(ddev->pm, (u64)vma->vm_pgoff << PAGE_SHIFT,
				       vma->vm_end - vma->vm_start);
	mutex_unlock(&ddev->lock);
	if (rc)
		return rc;

	/*
	 * No VM_HUGEPAGE, unlike device_dax: vma_is_dax() alone lets the core
	 * mm call ->huge_fault.  VM_DONTEXPAND, unlike device_dax: 6.12 serves
	 * an mmap next to a vma of the same file at the adjoining offset by
	 * extending that vma (vma_merge_new_range()) without calling ->mmap,
	 * which would skip the state, bounds and alignment checks above, and
	 * mremap() grows a vma without any hook.  VM_DONTEXPAND is in
	 * VM_SPECIAL, which no merge takes (6.1 and 6.12), and mremap() then
	 * refuses to grow (EFAULT); the retry of the merge that 6.12 makes
	 * after a flag change here fails for the same reason, so it cannot
	 * free the new vma without ->close.
	 */
	daxmgr_vm_flags_set(vma, VM_DONTEXPAND);
	vma->vm_ops = &daxmgr_vm_ops;
	return 0;
}

/*
 * Give mmap(NULL, ...) an address congruent to the file offset modulo the
 * device alignment, so huge faults can be used (as device-dax does), or,
 * on a 4K device, modulo the fault-around window, so that windows are
 * whole.
 */
static unsigned long daxmgr_get_unmapped_area(struct file *filp,
					      unsigned long addr,
					      unsigned long len,
					      unsigned long pgoff,
					      unsigned long flags)
{
	struct daxmgr_file *df = filp ? filp->private_data : NULL;
	unsigned long off, off_end, off_align, len_align, addr_align, align;

	if (!df || addr)
		goto out;

	align = READ_ONCE(df->ddev->align);
	/* a 4K device: whole fault-around windows */
	if (align == PAGE_SIZE)
		align = max(align, READ_ONCE(df->ddev->fault_around));
	off = pgoff << PAGE_SHIFT;
	off_end = off + len;
	off_align = round_up(off, align);

	if (off_end <= off_align || (off_end - off_align) < align)
		goto out;

	len_align = len + align;
	if ((off + len_align) < off)
		goto out;

	addr_align = daxmgr_mm_get_unmapped_area(filp, addr, len_align, pgoff,
						 flags);
	if (!IS_ERR_VALUE(addr_align)) {
		addr_align += (off - addr_align) & (align - 1);
		return addr_align;
	}
out:
	return daxmgr_mm_get_unmapped_area(filp, addr, len, pgoff, flags);
}

const struct file_operations daxmgr_fops = {
	.owner			= THIS_MODULE,
	.open			= daxmgr_open,
	.release		= daxmgr_release,
	.mmap			= daxmgr_mmap,
	.get_unmapped_area	= daxmgr_get_unmapped_area,
	.llseek			= noop_llseek,
	DAXMGR_FOPS_MAP_SYNC,
};
