// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * The two pinning policies, and revocation.
 *
 * vma: "pmem as memory".  Every vma of the current generation holds a
 *      reference on the pagemap's percpu ref, taken in mmap and in
 *      vm_ops->open (fork, split, mremap) and dropped in vm_ops->close.
 *      Unbind waits for the mappings to go away; the application is never
 *      surprised by SIGBUS unless the admin forces a revoke.
 * io:  "pmem as storage".  vmas hold nothing; only I/O that has the pages
 *      pinned (O_DIRECT through the mapping) keeps the device.  Unbind
 *      revokes every mapping at once and waits only for that I/O.
 *
 * In both policies a revoke (explicit, or the last step of unbind) stops
 * faults, zaps all page-table entries, drops whatever the vmas held and
 * starts a new generation, so that surviving vmas and files stay dead.
 */
#include <linux/mm.h>
#include <linux/percpu-refcount.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>

#include "daxmgr.h"

#define DAXMGR_UNMAP_REPORT	(10 * HZ)
#define DAXMGR_UNMAP_POLL	(HZ / 10)

/* Account a new mapping; ddev->lock is held and the state is LIVE. */
int daxmgr_pin_mmap(struct daxmgr_binding *ddev, struct daxmgr_file *df)
{
	int rc = 0;

	lockdep_assert_held(&ddev->lock);
	spin_lock(&ddev->vma_lock);
	if (ddev->pin_mode == DAXMGR_PIN_VMA &&
	    !percpu_ref_tryget_live(&ddev->pm->pgmap.ref))
		rc = -ENXIO;
	else
		ddev->vmas++;
	spin_unlock(&ddev->vma_lock);
	return rc;
}

/*
 * A copy of a vma of generation df->gen.  If that generation is current,
 * the device is bound and its policy cannot have changed since the
 * original was counted (pin_mode changes need zero mappings).
 */
void daxmgr_pin_vma_open(struct daxmgr_binding *ddev, struct daxmgr_file *df)
{
	spin_lock(&ddev->vma_lock);
	if (df->gen == ddev->gen) {
		ddev->vmas++;
		if (ddev->pin_mode == DAXMGR_PIN_VMA)
			percpu_ref_get(&ddev->pm->pgmap.ref);
	}
	spin_unlock(&ddev->vma_lock);
}

void daxmgr_pin_vma_close(struct daxmgr_binding *ddev, struct daxmgr_file *df)
{
	bool idle = false;

	spin_lock(&ddev->vma_lock);
	if (df->gen == ddev->gen) {
		if (ddev->pin_mode == DAXMGR_PIN_VMA)
			percpu_ref_put(&ddev->pm->pgmap.ref);
		idle = --ddev->vmas == 0;
	}
	spin_unlock(&ddev->vma_lock);
	if (idle) {
		wake_up_all(&ddev->unmapped_wq);
		daxmgr_notify(ddev->kn_vmas);
	}
}

long daxmgr_pin_vmas(struct daxmgr_binding *ddev)
{
	long n;

	spin_lock(&ddev->vma_lock);
	n = ddev->vmas;
	spin_unlock(&ddev->vma_lock);
	return n;
}

/*
 * Stop faults, zap every mapping and start a new generation.  Pinned pages
 * may remain: the caller drains them before the pagemap can go.
 */
void daxmgr_revoke_locked(struct daxmgr_binding *ddev)
{
	long refs, mappings;

	lockdep_assert_held(&ddev->reconfig_lock);
	lockdep_assert_held(&ddev->lock);
	/* revoked already: nothing can have mapped it since */
	if (ddev->state == DAXMGR_REVOKED || ddev->state == DAXMGR_GONE)
		return;

	daxmgr_set_state(ddev, DAXMGR_REVOKED);
	daxmgr_set_alive(ddev, false);
	/*
	 * Faults that saw alive == true have inserted their entries when this
	 * returns.  Expedited: an admin is waiting, and only our own fault
	 * handlers are SRCU readers of daxmgr_srcu.
	 */
	synchronize_srcu_expedited(&daxmgr_srcu);
	unmap_mapping_range(ddev->inode->i_mapping, 0, 0, 1);
	/*
	 * GUP-fast walks page tables with IRQs off and, on a PMD/PUD devmap
	 * entry, drops its pagemap reference before it re-checks the entry
	 * and undoes its page reference (6.1 __gup_device_huge(), 6.12
	 * gup_fast_devmap_leaf()).  A walker that raced with the zap above
	 * may still hold a page reference it is about to drop, or may not
	 * have dropped it yet: a count of pinned pages is only trustworthy
	 * once every IRQs-off section that began before the zap has ended,
	 * which is what an RCU grace period guarantees.  Expedited, like the
	 * SRCU one above: a normal grace period was most of an idle unbind's
	 * cost over device_dax's (bench/README.md, "unbind idle").
	 */
	synchronize_rcu_expedited();

	spin_lock(&ddev->vma_lock);
	mappings = ddev->vmas;
	/* under the vma policy each counted vma holds one reference */
	refs = ddev->pin_mode == DAXMGR_PIN_VMA ? mappings : 0;
	ddev->vmas = 0;
	WRITE_ONCE(ddev->gen, ddev->gen + 1);
	spin_unlock(&ddev->vma_lock);

	if (refs)
		percpu_ref_put_many(&ddev->pm->pgmap.ref, refs);
	if (mappings)
		dev_info(ddev->dev, "revoked %ld mapping(s); their users get SIGBUS\n",
			 mappings);
	wake_up_all(&ddev->unmapped_wq);
	daxmgr_notify(ddev->kn_state);
	daxmgr_notify(ddev->kn_vmas);
}

/*
 * vma policy unbind: wait for the mappings to go, saying so every ten
 * seconds.  The wait is killable: killing the unbinding task is the admin
 * asking for the forced path, and the caller revokes what is left.
 * Writing "revoke" from another shell ends the wait too.  Nothing wakes
 * it when the dax core kills the device, so it looks every
 * DAXMGR_UNMAP_POLL, and returns -ENODEV once the device is deleted.
 */
int daxmgr_wait_unmapped(struct daxmgr_binding *ddev)
{
	unsigned long start = jiffies, report = start + DAXMGR_UNMAP_REPORT;
	long n = daxmgr_pin_vmas(ddev);
	long rc;

	if (!n)
		return 0;
	dev_info(ddev->dev, "unbind waits for %ld mapping(s) to close (pin_mode vma; write 1 to revoke to end it)\n",
		 n);
	for (;;) {
		rc = wait_event_killable_timeout(ddev->unmapped_wq,
						 daxmgr_pin_vmas(ddev) == 0,
						 DAXMGR_UNMAP_POLL);
		if (rc > 0)
			return 0;
		n = daxmgr_pin_vmas(ddev);
		if (rc < 0) {
			dev_warn(ddev->dev, "unbind interrupted: revoking %ld mapping(s)\n",
				 n);
			return rc;
		}
		if (daxmgr_dax_deleted(ddev))
			return -ENODEV;
		if (time_after(jiffies, report)) {
			dev_info(ddev->dev, "unbind still waiting after %us for %ld mapping(s)\n",
				 jiffies_to_msecs(jiffies - start) / 1000, n);
			report = jiffies + DAXMGR_UNMAP_REPORT;
		}
	}
}
