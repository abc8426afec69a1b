// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * The ZONE_DEVICE pagemap of a binding, the count of pinned pages, the
 * bounded drain that precedes the release, and parking.
 *
 * Mapping a devmap PTE/PMD/PUD takes no page reference, so an idle page (or
 * compound head, when the alignment makes compound pages) has refcount 1.
 * GUP raises it (O_DIRECT, vmsplice, FOLL_LONGTERM pins); once GUP has
 * returned, the holder keeps page references only, never the pagemap's
 * percpu ref (mm/gup.c in 6.1 and 6.12).  memunmap_pages() waits for the
 * percpu ref alone, so releasing the pagemap while a page is pinned would
 * free struct pages under the holder.  Hence: count, drain, and park.
 *
 * The pagemap is MEMORY_DEVICE_GENERIC like device_dax's: FS_DAX would
 * enable a put_page() hook for every ZONE_DEVICE page in the system just
 * to get a wake-up here, and not every release path wakes anyway (6.1's
 * bio completion drops references with folio_put_refs()).  The drain polls.
 *
 * Counting visits only the units (pages at the device's alignment) that
 * were ever mapped: a page that was never in our page tables cannot have
 * been pinned.  The cost is O(device size / chunk span / 64) bit reads plus
 * O(touched units), never a walk of every struct page of the device; once
 * remove() has revoked, the first count forgets the idle units and lists
 * the pinned pages, which are all the drain polls, and the release's count
 * visits only what is still set.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "daxmgr.h"

#define DAXMGR_DRAIN_POLL_MS	10
#define DAXMGR_DRAIN_FAST_MS	1
#define DAXMGR_DRAIN_FAST_SLACK_NS	(100 * NSEC_PER_USEC)
#define DAXMGR_DRAIN_REPORT	(10 * HZ)
#define DAXMGR_REAP_PERIOD_SHORT	(HZ / 10)
#define DAXMGR_REAP_PERIOD	HZ
#define DAXMGR_REAP_PERIOD_LONG	(10 * HZ)
#define DAXMGR_REAP_SLOWER_AFTER	(2 * HZ)
#define DAXMGR_REAP_BACKOFF_AFTER	(60 * HZ)

static DEFINE_IDA(daxmgr_park_ida);

static struct daxmgr_pagemap *to_daxmgr_pagemap(struct device *dev)
{
	return container_of(dev, struct daxmgr_pagemap, dev);
}

/* The dax device the parked pagemap served. */
static ssize_t device_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n", to_daxmgr_pagemap(dev)->name);
}
static DEVICE_ATTR_RO(device);

/*
 * Pages pinned at the reaper's last count: it counts again only once the
 * pages it watches are released, so this may be more than are left.
 */
static ssize_t pinned_pages_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n",
			  READ_ONCE(to_daxmgr_pagemap(dev)->pinned));
}
static DEVICE_ATTR_RO(pinned_pages);

static ssize_t seconds_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	unsigned long at = to_daxmgr_pagemap(dev)->parked_at;

	return sysfs_emit(buf, "%u\n", jiffies_to_msecs(jiffies - at) / 1000);
}
static DEVICE_ATTR_RO(seconds);

static struct attribute *daxmgr_park_attrs[] = {
	&dev_attr_device.attr,
	&dev_attr_pinned_pages.attr,
	&dev_attr_seconds.attr,
	NULL,
};
ATTRIBUTE_GROUPS(daxmgr_park);

/* /sys/class/daxmgr_park: a device per parked pagemap */
static struct class daxmgr_park_class = {
	.name = "daxmgr_park",
};

int daxmgr_park_class_init(void)
{
	return class_register(&daxmgr_park_class);
}

void daxmgr_park_class_exit(void)
{
	class_unregister(&daxmgr_park_class);
	ida_destroy(&daxmgr_park_ida);
}

/*
 * The pagemap to map: a copy of the one dax_pmem prepared (probe takes
 * only such static, one-range devices); it carries the altmap that keeps
 * struct pages in pmem with --map=dev.  Ours, not the dev_dax's, so that
 * a parked pagemap can outlive the dax device.
 */
static void daxmgr_pagemap_init(struct daxmgr_pagemap *pm,
				struct dev_dax *dev_dax)
{
	struct dev_pagemap *pgmap = &pm->pgmap;

	/* memcpy: the altmap has const members */
	memcpy(pgmap, dev_dax->pgmap, sizeof(*pgmap));
	pgmap->type = MEMORY_DEVICE_GENERIC;
	pgmap->ops = NULL;
	pgmap->owner = NULL;
	pgmap->vmemmap_shift = 0;
	if (dev_dax->align > PAGE_SIZE)
		pgmap->vmemmap_shift = order_base_2(dev_dax->align >> PAGE_SHIFT);
}

/*
 * The bitmap of @chunk, allocated and entered in the chunk map if it has
 * none yet (faults race for it: one allocation wins); NULL without memory.
 */
static unsigned long *daxmgr_pagemap_chunk(struct daxmgr_pagemap *pm,
					   unsigned long chunk)
{
	unsigned long *bits = READ_ONCE(pm->touched[chunk]), *new;

	if (bits)
		return bits;
	new = kzalloc(DAXMGR_CHUNK_BYTES, GFP_KERNEL);
	if (!new)
		return NULL;
	bits = cmpxchg(&pm->touched[chunk], NULL, new);
	if (bits) {
		kfree(new);
		return bits;
	}
	/*
	 * A count racing with this fault may miss the unit either way; one
	 * that starts after a revoke sees both (the revoke's grace period
	 * orders them).
	 */
	set_bit(chunk, pm->chunk_map);
	return new;
}

/*
 * A touched map of at most a page (a 2M device up to 64 GiB, a 4K one up
 * to 128 MiB) is allocated whole at bind: 4 KiB of DRAM at most, against
 * an O(size) memmap init, and no fault of the device allocates.
 */
static int daxmgr_pagemap_prealloc(struct daxmgr_pagemap *pm)
{
	unsigned long i;

	if (pm->nr_chunks * DAXMGR_CHUNK_BYTES > PAGE_SIZE)
		return 0;
	for (i = 0; i < pm->nr_chunks; i++)
		if (!daxmgr_pagemap_chunk(pm, i))
			return -ENOMEM;
	return 0;
}

/*
 * A new mapping of the device offsets [@off, @off + @len): allocate the
 * touched-map chunks of its first units now, so that its first fault sets
 * a bit, as device_dax's costs nothing of the kind, instead of allocating
 * and zeroing a chunk (bench/README.md, "first fault").  At most
 * DAXMGR_MMAP_CHUNKS of them: an mmap() of a TiB device allocates 8 KiB,
 * not a bit per unit of it; faults past them allocate their own.  Best
 * effort: a chunk that cannot be had now is tried again by its first
 * fault, which alone fails (VM_FAULT_OOM) without one.
 */
void daxmgr_pagemap_prepare(struct daxmgr_pagemap *pm, u64 off, u64 len)
{
	unsigned long first, last, c, nr = 0;

	if (!len)
		return;
	first = (off >> pm->unit_shift) / DAXMGR_CHUNK_BITS;
	last = ((off + len - 1) >> pm->unit_shift) / DAXMGR_CHUNK_BITS;
	last = min3(last, first + DAXMGR_MMAP_CHUNKS - 1, pm->nr_chunks - 1);
	for (c = first; c <= last; c++) {
		if (READ_ONCE(pm->touched[c]))
			continue;
		if (!daxmgr_pagemap_chunk(pm, c))
			break;
		nr++;
	}
	pr_debug("%s: an mmap allocated touched-map chunks %lu-%lu: %lu new\n",
		 pm->name, first, last, nr);
}

/*
 * Where the struct pages live when they are in pmem: from the first page
 * the altmap hands out (after the info block's reserve) to the data.
 */
static void daxmgr_pagemap_memmap_init(struct daxmgr_pagemap *pm,
				       struct device *dev)
{
	const struct vmem_altmap *altmap = &pm->pgmap.altmap;
	u64 start = PFN_PHYS(altmap->base_pfn + altmap->reserve);

	pm->memmap.start = 0;
	pm->memmap.end = -1;	/* empty */
	if (!(pm->pgmap.flags & PGMAP_ALTMAP_VALID) || !dev->parent ||
	    !dev->parent->bus || start >= pm->range.start)
		return;
	pm->memmap.start = start;
	pm->memmap.end = pm->range.start - 1;
	pm->nd_dax = get_device(dev->parent);
}

/*
 * dax_pmem let go of a parked pagemap's namespace: it released the
 * metadata area that holds the struct pages.  Claim it before anyone can
 * enable a namespace there (the unbind holds nd_dax's device_lock).
 */
static int daxmgr_memmap_notify(struct notifier_block *nb,
				unsigned long action, void *data)
{
	struct daxmgr_pagemap *pm = container_of(nb, struct daxmgr_pagemap,
						 memmap_nb);

	if (action != BUS_NOTIFY_UNBOUND_DRIVER || data != pm->nd_dax ||
	    pm->memmap_claimed)
		return NOTIFY_DONE;
	if (!request_mem_region(pm->memmap.start, range_len(&pm->memmap),
				pm->name)) {
		pr_warn("%s: could not claim the parked memmap at %#llx-%#llx: a namespace enabled there would overwrite live struct pages\n",
			pm->name, pm->memmap.start, pm->memmap.end);
		return NOTIFY_DONE;
	}
	pm->memmap_claimed = true;
	pr_info("%s: namespace disabled while parked: its memmap at %#llx-%#llx stays claimed until the park ends\n",
		pm->name, pm->memmap.start, pm->memmap.end);
	return NOTIFY_OK;
}

/* Parking a pagemap whose struct pages are in pmem: watch dax_pmem go. */
static void daxmgr_memmap_watch(struct daxmgr_pagemap *pm)
{
	if (!pm->nd_dax)
		return;
	pm->memmap_nb.notifier_call = daxmgr_memmap_notify;
	if (bus_register_notifier(pm->nd_dax->bus, &pm->memmap_nb)) {
		pr_warn("%s: cannot watch the namespace of a parked memmap\n",
			pm->name);
		return;
	}
	pm->memmap_watched = true;
}

/* The park ends: no claim of the memmap from now on. */
static void daxmgr_memmap_unwatch(struct daxmgr_pagemap *pm)
{
	if (pm->memmap_watched)
		bus_unregister_notifier(pm->nd_dax->bus, &pm->memmap_nb);
	pm->memmap_watched = false;
}

/*
 * What a park holds, given back before its device leaves sysfs: the
 * struct pages and the range claims (pm->dev's devres, in reverse order),
 * then the memmap's claim.
 */
static void daxmgr_pagemap_unmap(struct daxmgr_pagemap *pm)
{
	devm_memunmap_pages(&pm->dev, &pm->pgmap);
	devm_release_mem_region(&pm->dev, pm->range.start, range_len(&pm->range));
	if (pm->memmap_claimed)
		release_mem_region(pm->memmap.start, range_len(&pm->memmap));
	pm->memmap_claimed = false;
}

/*
 * The pagemap device's release: its devres (the struct pages, the range
 * claims) are gone already; what is left is bookkeeping.
 */
static void daxmgr_pagemap_dev_release(struct device *dev)
{
	struct daxmgr_pagemap *pm = to_daxmgr_pagemap(dev);
	unsigned long i;

	/* after memunmap_pages(): nothing reads those struct pages any more */
	if (pm->memmap_claimed)
		release_mem_region(pm->memmap.start, range_len(&pm->memmap));
	if (pm->touched) {
		for (i = 0; i < pm->nr_chunks; i++)
			kfree(pm->touched[i]);
		kvfree(pm->touched);
	}
	bitmap_free(pm->chunk_map);
	put_device(pm->nd_dax);
	if (pm->inode)
		iput(pm->inode);
	if (pm->id >= 0)
		ida_free(&daxmgr_park_ida, pm->id);
	kfree(pm);
}

/*
 * Claim the device's range and map struct pages for it.  @inode is the
 * binding's address_space host: pinned pages point at it (page->mapping),
 * so the pagemap holds a reference on it for as long as it lives.  Probe
 * has checked that @dev_dax is static with one range at offset 0.
 */
struct daxmgr_pagemap *daxmgr_pagemap_create(struct dev_dax *dev_dax,
					     struct inode *inode)
{
	struct device *dev = &dev_dax->dev;
	struct daxmgr_pagemap *pm;
	void *addr;
	int rc;

	pm = kzalloc(sizeof(*pm), GFP_KERNEL);
	if (!pm)
		return ERR_PTR(-ENOMEM);
	device_initialize(&pm->dev);
	pm->dev.release = daxmgr_pagemap_dev_release;
	pm->dev.class = &daxmgr_park_class;
	pm->dev.groups = daxmgr_park_groups;
	set_dev_node(&pm->dev, dev_to_node(dev));
	pm->id = ida_alloc(&daxmgr_park_ida, GFP_KERNEL);
	if (pm->id < 0) {
		rc = pm->id;
		goto err;
	}
	rc = dev_set_name(&pm->dev, "park%d", pm->id);
	if (rc)
		goto err;
	strscpy(pm->name, dev_name(dev), sizeof(pm->name));
	pm->inode = igrab(inode);
	if (!pm->inode) {
		rc = -ENOMEM;
		goto err;
	}
	pm->range = dev_dax->ranges[0].range;
	pm->unit_shift = ilog2(dev_dax->align);
	pm->nr_units = range_len(&pm->range) >> pm->unit_shift;
	pm->nr_chunks = DIV_ROUND_UP(pm->nr_units, DAXMGR_CHUNK_BITS);
	pm->touched = kvcalloc(pm->nr_chunks, sizeof(*pm->touched), GFP_KERNEL);
	pm->chunk_map = bitmap_zalloc(pm->nr_chunks, GFP_KERNEL);
	if (!pm->touched || !pm->chunk_map) {
		rc = -ENOMEM;
		goto err;
	}
	rc = daxmgr_pagemap_prealloc(pm);
	if (rc)
		goto err;
	daxmgr_pagemap_init(pm, dev_dax);
	daxmgr_pagemap_memmap_init(pm, dev);

	/* the devres of pm->dev, released in reverse: the pages, then the claim */
	if (!devm_request_mem_region(&pm->dev, pm->range.start,
				     range_len(&pm->range), pm->name)) {
		dev_warn(dev, "mapping0: %#llx-%#llx could not reserve range (parked, claimed by another driver, or no memory)\n",
			 pm->range.start, pm->range.end);
		rc = -EBUSY;
		goto err;
	}
	addr = devm_memremap_pages(&pm->dev, &pm->pgmap);
	if (IS_ERR(addr)) {
		rc = PTR_ERR(addr);
		dev_err(dev, "memremap_pages failed: %d\n", rc);
		goto err;
	}
	return pm;

err:
	put_device(&pm->dev);
	return ERR_PTR(rc);
}

/* Physical address of device offset @pgoff if a whole @size unit fits. */
phys_addr_t daxmgr_pgoff_to_phys(struct daxmgr_pagemap *pm, pgoff_t pgoff,
				 unsigned long size)
{
	phys_addr_t phys;

	if (pgoff >= PHYS_PFN(range_len(&pm->range)))
		return (phys_addr_t)-1;
	phys = PFN_PHYS(pgoff) + pm->range.start;
	return phys + size - 1 <= pm->range.end ? phys : (phys_addr_t)-1;
}

/*
 * The slow path of daxmgr_pagemap_touch() (daxmgr.h): the unit's bit is
 * not set yet, or its chunk has no bitmap yet.
 */
int daxmgr_pagemap_touch_slow(struct daxmgr_pagemap *pm, unsigned long unit)
{
	unsigned long chunk = unit / DAXMGR_CHUNK_BITS;
	unsigned long *bits = READ_ONCE(pm->touched[chunk]);

	if (!bits) {
		bits = daxmgr_pagemap_chunk(pm, chunk);
		if (!bits)
			return -ENOMEM;
		pr_debug("%s: a fault allocated touched-map chunk %lu\n",
			 pm->name, chunk);
	}
	set_bit(unit % DAXMGR_CHUNK_BITS, bits);
	return 0;
}

/*
 * The head page of @unit.  The struct pages of the one range follow each
 * other (SPARSEMEM_VMEMMAP), so the head page of a unit @b after it is
 * this one plus @b << (unit_shift - PAGE_SHIFT).
 */
static struct page *daxmgr_unit_page(struct daxmgr_pagemap *pm,
				     unsigned long unit)
{
	pgoff_t pgoff = ((u64)unit << pm->unit_shift) >> PAGE_SHIFT;

	return pfn_to_page(PHYS_PFN(pm->range.start) + pgoff);
}

/*
 * The busy units among the set bits of @word, as a mask; @first is the
 * head page of the word's first unit.
 */
static unsigned long daxmgr_word_busy(struct daxmgr_pagemap *pm,
				      unsigned long word, struct page *first)
{
	unsigned int step = pm->unit_shift - PAGE_SHIFT;
	unsigned long busy = 0, b;

	/*
	 * A word of touched units in a row, what a sequential touch leaves:
	 * a pointer walk over their 64 head pages, six instructions a unit
	 * where the bit scan below takes eighteen.  Pins are rare: on the
	 * first busy page, the bit scan says which ones are.
	 */
	if (word == ~0UL) {
		struct page *page = first, *end = first + (BITS_PER_LONG << step);
		unsigned long stride = 1UL << step;

		while (page < end && page_ref_count(page) <= 1)
			page += stride;
		if (page == end)
			return 0;
	}
	while (word) {
		struct page *page;

		b = __ffs(word);
		word &= word - 1;
		page = first + (b << step);
		/* idle: the base reference memremap_pages() left */
		if (page_ref_count(page) > 1)
			busy |= BIT(b);
	}
	return busy;
}

/*
 * Pages (units) held above their idle refcount, among the touched ones;
 * the first @max of their head pages go to @out, if given.
 *
 * @forget drops idle units from the map, so that later counts visit only
 * the busy ones: only for a pagemap that can never be faulted again (after
 * the revoke of remove(), or parked), where an idle unit stays idle.  A
 * live device must keep them: a unit that is mapped can be pinned by
 * GUP-fast without another fault.
 */
static unsigned long daxmgr_pagemap_scan(struct daxmgr_pagemap *pm,
					 bool forget, struct page **out,
					 unsigned long max)
{
	unsigned int step = pm->unit_shift - PAGE_SHIFT;
	unsigned long chunk, w, busy = 0;

	for_each_set_bit(chunk, pm->chunk_map, pm->nr_chunks) {
		unsigned long *bits = READ_ONCE(pm->touched[chunk]);

		if (!bits)
			continue;
		for (w = 0; w < BITS_TO_LONGS(DAXMGR_CHUNK_BITS); w++) {
			unsigned long word = READ_ONCE(bits[w]), keep;
			unsigned long base = chunk * DAXMGR_CHUNK_BITS +
					     w * BITS_PER_LONG;
			struct page *first;

			if (!word)
				continue;
			/* one lookup per word serves all 64 units */
			first = daxmgr_unit_page(pm, base);
			keep = daxmgr_word_busy(pm, word, first);
			if (forget)
				WRITE_ONCE(bits[w], keep);
			if (!out) {
				busy += hweight_long(keep);
				continue;
			}
			for (; keep; keep &= keep - 1, busy++)
				if (busy < max)
					out[busy] = first + (__ffs(keep) << step);
		}
		cond_resched();
	}
	return busy;
}

unsigned long daxmgr_pagemap_busy(struct daxmgr_pagemap *pm, bool forget)
{
	return daxmgr_pagemap_scan(pm, forget, NULL, 0);
}

/* Keep the pages of @pages[@nr] that are still pinned; how many. */
static unsigned long daxmgr_pages_busy(struct page **pages, unsigned long *nr)
{
	unsigned long i, busy = 0;

	for (i = 0; i < *nr; i++)
		if (page_ref_count(pages[i]) > 1)
			pages[busy++] = pages[i];
	*nr = busy;
	return busy;
}

/*
 * Sleep until the drain's next look: 1 ms on a high-resolution timer for
 * the first second, so that the unbind goes on soon after a short I/O (a
 * one-jiffy timeout sleeps up to two ticks, 8 ms at HZ=250), then 10 ms.
 * Killable, like the wait.
 */
static void daxmgr_drain_sleep(unsigned long start)
{
	ktime_t poll = ms_to_ktime(DAXMGR_DRAIN_FAST_MS);

	if (time_after(jiffies, start + HZ)) {
		schedule_timeout_killable(msecs_to_jiffies(DAXMGR_DRAIN_POLL_MS));
		return;
	}
	set_current_state(TASK_KILLABLE);
	schedule_hrtimeout_range(&poll, DAXMGR_DRAIN_FAST_SLACK_NS, HRTIMER_MODE_REL);
}

/*
 * Pinned pages of a pagemap that can no longer be faulted (after the
 * unbind's revoke, or parked), for a wait that polls: while one of the
 * watched pages stays pinned, the last count stands and the poll costs
 * O(DAXMGR_WATCH_PAGES), whatever the number of pins (an RDMA MR over a
 * TiB pins 2^28 4K units, for days).  Once every watched page is
 * released, a recount, O(C/64 + p): it forgets idle units and watches the
 * first pinned pages it finds.  No new pin can appear, so a page that
 * went idle stays idle, and the count only goes down.
 */
static unsigned long daxmgr_pagemap_pinned(struct daxmgr_pagemap *pm)
{
	struct daxmgr_poll_stats *st = &pm->stats;
	ktime_t t0 = ktime_get();

	if (pm->nr_watch && daxmgr_pages_busy(pm->watch, &pm->nr_watch)) {
		st->polls++;
		st->poll_ns += ktime_to_ns(ktime_sub(ktime_get(), t0));
		return pm->pinned;
	}
	WRITE_ONCE(pm->pinned, daxmgr_pagemap_scan(pm, true, pm->watch,
						   DAXMGR_WATCH_PAGES));
	pm->nr_watch = min_t(unsigned long, pm->pinned, DAXMGR_WATCH_PAGES);
	st->counts++;
	st->count_ns += ktime_to_ns(ktime_sub(ktime_get(), t0));
	return pm->pinned;
}

/*
 * What a wait's looks cost, for the log (and make bench-pins): the polls
 * that a watched page answered, and the counts.
 */
static void daxmgr_pagemap_stats(struct daxmgr_pagemap *pm, const char *what)
{
	struct daxmgr_poll_stats *st = &pm->stats;

	pr_info("%s: %s: %lu poll(s) of %llu ns and %lu count(s) of %llu ns on average, %lu pinned page(s) at the last count\n",
		pm->name, what, st->polls,
		st->polls ? div64_u64(st->poll_ns, st->polls) : 0, st->counts,
		st->counts ? div64_u64(st->count_ns, st->counts) : 0, pm->pinned);
	memset(st, 0, sizeof(*st));
}

/*
 * Wait up to @timeout_s seconds for the pins on @ddev's pagemap to go,
 * saying every ten seconds what it waits for.  Killable: killing the
 * unbinding task ends the wait (the caller then parks what is left), and
 * so does the dax core deleting the device (-ENODEV).  Called after a
 * revoke and an RCU grace period, so no new pin can appear; each poll is
 * daxmgr_pagemap_pinned().
 */
int daxmgr_pagemap_drain(struct daxmgr_binding *ddev, unsigned int timeout_s)
{
	struct daxmgr_pagemap *pm = ddev->pm;
	unsigned long start = jiffies;
	unsigned long deadline = start + (unsigned long)timeout_s * HZ;
	unsigned long report = start + DAXMGR_DRAIN_REPORT;
	unsigned long busy = daxmgr_pagemap_pinned(pm);
	int rc = 0;

	if (!busy)
		goto out;
	if (!timeout_s) {
		rc = -ETIMEDOUT;
		goto out;
	}
	pr_info("%s: unbind waits up to %us for %lu pinned page(s) (in-flight I/O or held pins)\n",
		pm->name, timeout_s, busy);
	while (busy) {
		if (fatal_signal_pending(current)) {
			rc = -EINTR;
			break;
		}
		if (daxmgr_dax_deleted(ddev)) {
			rc = -ENODEV;
			break;
		}
		if (time_after(jiffies, deadline)) {
			rc = -ETIMEDOUT;
			break;
		}
		if (time_after(jiffies, report)) {
			pr_info("%s: unbind still waiting after %us for %lu pinned page(s)\n",
				pm->name, jiffies_to_msecs(jiffies - start) / 1000,
				busy);
			report = jiffies + DAXMGR_DRAIN_REPORT;
		}
		daxmgr_drain_sleep(start);
		busy = daxmgr_pagemap_pinned(pm);
	}
	daxmgr_pagemap_stats(pm, "unbind's wait for pinned pages");
out:
	memset(&pm->stats, 0, sizeof(pm->stats));
	return rc;
}

/*
 * The reaper looks every 100 ms for the first two seconds of a park (most
 * parks are I/O that outlived the drain by a little: the device can be
 * bound again as soon as it ends), once a second up to a minute, then
 * every ten seconds: a pin that lasts (RDMA, io_uring) is released within
 * ten seconds of its end.  A look that a watched page answers costs
 * O(DAXMGR_WATCH_PAGES) (daxmgr_pagemap_pinned()).
 */
static unsigned long daxmgr_reap_period(struct daxmgr_pagemap *pm)
{
	if (time_before(jiffies, pm->parked_at + DAXMGR_REAP_SLOWER_AFTER))
		return DAXMGR_REAP_PERIOD_SHORT;
	if (time_before(jiffies, pm->parked_at + DAXMGR_REAP_BACKOFF_AFTER))
		return DAXMGR_REAP_PERIOD;
	return DAXMGR_REAP_PERIOD_LONG;
}

static void daxmgr_pagemap_reap(struct work_struct *work)
{
	struct daxmgr_pagemap *pm = container_of(to_delayed_work(work),
						 struct daxmgr_pagemap, reap);
	unsigned long busy = daxmgr_pagemap_pinned(pm);

	if (busy) {
		queue_delayed_work(daxmgr_wq, &pm->reap, daxmgr_reap_period(pm));
		return;
	}
	daxmgr_pagemap_stats(pm, "park");
	/*
	 * The park's device goes from sysfs only once the range can be
	 * claimed again (whoever sees the park gone may bind at once): its
	 * devres are released here, the struct pages first, then the
	 * ranges and, after the pages it protected, the memmap's claim;
	 * deleting the device then finds none, and the last put frees the
	 * bookkeeping.
	 */
	daxmgr_memmap_unwatch(pm);
	daxmgr_pagemap_unmap(pm);
	pr_info("%s: last pinned page released after %us; pagemap and range released\n",
		pm->name, jiffies_to_msecs(jiffies - pm->parked_at) / 1000);
	if (pm->added)
		device_del(&pm->dev);
	put_device(&pm->dev);
	/* the module's exit destroys daxmgr_wq, which waits for this return */
	module_put(THIS_MODULE);
}

/*
 * Release the pagemap at unbind, or park it if pages are still pinned.
 * A parked pagemap keeps its iomem claim, so the device cannot be bound
 * (by us or by device_dax) until the worker has released it, and holds a
 * module reference, so that the module cannot go away under it.  Its
 * device is added while it is parked: /sys/class/daxmgr_park/parkN, with
 * "device", "pinned_pages" and "seconds"; never deleted before the park
 * ends, since deleting it releases the pages.
 */
void daxmgr_pagemap_release(struct daxmgr_pagemap *pm)
{
	unsigned long busy = daxmgr_pagemap_pinned(pm);
	int rc;

	memset(&pm->stats, 0, sizeof(pm->stats));
	if (!busy) {
		put_device(&pm->dev);
		return;
	}
	__module_get(THIS_MODULE);
	INIT_DELAYED_WORK(&pm->reap, daxmgr_pagemap_reap);
	daxmgr_memmap_watch(pm);
	pm->parked_at = jiffies;
	rc = device_add(&pm->dev);
	pm->added = !rc;
	pr_warn("%s: %lu page(s) still pinned; pagemap and range parked until they are released (the device cannot be bound meanwhile)\n",
		pm->name, busy);
	if (rc)
		pr_warn("%s: the park is not shown in /sys/class/daxmgr_park (%d)\n",
			pm->name, rc);
	queue_delayed_work(daxmgr_wq, &pm->reap, DAXMGR_REAP_PERIOD_SHORT);
}
