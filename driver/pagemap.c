// SPDX-License-Identifier: GPL-2.0
/*
 * The ZONE_DEVICE pagemap of a bound device, and the pinned-page drain that
 * must precede its release.
 *
 * Mapping a devmap PTE/PMD/PUD takes no page reference, so an idle page (or
 * compound head, when the alignment makes compound pages) has refcount 1.
 * GUP for O_DIRECT raises it; after GUP returns, in-flight I/O holds page
 * references only, never the pagemap's percpu ref (mm/gup.c in 6.1 and
 * 6.12).  memunmap_pages() waits for the percpu ref alone, so releasing the
 * pagemap while a page is still pinned would free struct pages under the
 * I/O.  The drain closes that hole.
 *
 * The pagemap is MEMORY_DEVICE_FS_DAX rather than GENERIC for one reason:
 * put_page() on FS_DAX pages calls wake_up_var() when a page drops back to
 * refcount 1, which gives the drain a wake-up instead of pure polling.
 * Not every release path wakes (6.1 bio completion drops references with
 * folio_put_refs()), so the drain also polls.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/wait_bit.h>

#include "daxmgr.h"

#define DAXMGR_DRAIN_POLL	msecs_to_jiffies(10)
#define DAXMGR_DRAIN_REPORT	(10 * HZ)

int daxmgr_pagemap_setup(struct daxmgr_dev *ddev)
{
	struct dev_pagemap *pgmap = &ddev->pgmap;
	void *addr;

	lockdep_assert_held(&ddev->lock);
	memset(pgmap, 0, sizeof(*pgmap));
	pgmap->type = MEMORY_DEVICE_FS_DAX;
	pgmap->range = ddev->range;
	pgmap->nr_range = 1;
	if (ddev->align > PAGE_SIZE)
		pgmap->vmemmap_shift = order_base_2(ddev->align >> PAGE_SHIFT);

	addr = memremap_pages(pgmap, dev_to_node(&ddev->dev));
	if (IS_ERR(addr)) {
		dev_err(&ddev->dev, "memremap_pages %#llx-%#llx failed: %ld\n",
			ddev->range.start, ddev->range.end, PTR_ERR(addr));
		return PTR_ERR(addr);
	}
	ddev->has_pagemap = true;
	return 0;
}

void daxmgr_pagemap_teardown(struct daxmgr_dev *ddev)
{
	lockdep_assert_held(&ddev->lock);
	if (!ddev->has_pagemap)
		return;
	memunmap_pages(&ddev->pgmap);
	ddev->has_pagemap = false;
}

static unsigned long daxmgr_pfn_step(struct daxmgr_dev *ddev)
{
	return 1UL << ddev->pgmap.vmemmap_shift;
}

static bool daxmgr_page_busy(unsigned long pfn)
{
	return page_ref_count(pfn_to_page(pfn)) > 1;
}

/* Busy pages (compound units) from @pfn to the end of the range. */
static unsigned long daxmgr_count_busy(struct daxmgr_dev *ddev,
				       unsigned long pfn)
{
	unsigned long end = PHYS_PFN(ddev->range.end + 1);
	unsigned long step = daxmgr_pfn_step(ddev);
	unsigned long busy = 0, n = 0;

	for (; pfn < end; pfn += step) {
		if (daxmgr_page_busy(pfn))
			busy++;
		if (!(++n & 4095))
			cond_resched();
	}
	return busy;
}

/* Number of pages (compound units) held above their idle refcount. */
unsigned long daxmgr_pagemap_busy(struct daxmgr_dev *ddev)
{
	lockdep_assert_held(&ddev->lock);
	if (!ddev->has_pagemap)
		return 0;
	return daxmgr_count_busy(ddev, PHYS_PFN(ddev->range.start));
}

/*
 * Wait until no page of a revoked device is pinned.  Called after revoke,
 * so no new pins can appear: faults fail and no PTE is left for GUP.  One
 * pass suffices; each busy page is waited on where it is found.  A GUP-fast
 * walker that raced with the zap holds the pagemap's percpu ref while it
 * backs out, and memunmap_pages() waits for that ref.
 */
void daxmgr_pagemap_drain(struct daxmgr_dev *ddev)
{
	unsigned long pfn = PHYS_PFN(ddev->range.start);
	unsigned long end = PHYS_PFN(ddev->range.end + 1);
	unsigned long step, report, n = 0;
	unsigned long start = jiffies;

	if (!ddev->has_pagemap)
		return;
	step = daxmgr_pfn_step(ddev);
	report = start + DAXMGR_DRAIN_REPORT;

	while (pfn < end) {
		struct page *page = pfn_to_page(pfn);

		if (!daxmgr_page_busy(pfn)) {
			pfn += step;
			if (!(++n & 4095))
				cond_resched();
			continue;
		}
		wait_var_event_timeout(&page->_refcount,
				       page_ref_count(page) <= 1,
				       DAXMGR_DRAIN_POLL);
		if (time_after(jiffies, report)) {
			dev_info(&ddev->dev,
				 "waited %us for %lu pinned page(s) (in-flight I/O) to be released\n",
				 jiffies_to_msecs(jiffies - start) / 1000,
				 daxmgr_count_busy(ddev, pfn));
			report = jiffies + DAXMGR_DRAIN_REPORT;
		}
	}
}
