/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxmgr: a driver on the kernel's dax bus, a peer of device_dax and kmem.
 * It serves a dax device (/dev/daxX.Y, from a devdax namespace) that an
 * admin handed to it, with per-device pinning policies and an unbind that
 * never frees struct pages under a pin and never hangs.
 *
 * Object model
 *   struct dev_dax        the dax core's device; ours while bound.
 *   struct daxmgr_binding one per binding (probe to the last file closed).
 *                         Refcounted by an embedded, never registered
 *                         kobject: the char device is its child (cdev
 *                         parent), every open file holds a reference.
 *                         Holds the pin policy, the state, the generation
 *                         and the address_space every file of the binding
 *                         shares.
 *   struct daxmgr_pagemap the ZONE_DEVICE pagemap and the claimed physical
 *                         range, managed resources of a struct device of
 *                         its own (devm_memremap_pages(),
 *                         devm_request_mem_region()), so that they go
 *                         with the device.  Released at unbind once no
 *                         page is pinned; if pins outlive the bounded drain
 *                         it is "parked": the device is added as
 *                         /sys/class/daxmgr_park/parkN, keeps the range
 *                         reserved (so neither daxmgr nor device_dax can
 *                         bind the dax device again), and a worker deletes
 *                         it after the last pin.
 *   generation            bumped by every revoke.  A file remembers the
 *                         generation it was opened in; once stale it can no
 *                         longer mmap and its old mappings SIGBUS.
 *
 * Locking
 *
 * Lock order, outermost first, in the manner of mm/rmap.c: a lock is taken
 * inside the nearest less indented one above it.  Per binding unless
 * marked global.
 *
 *   device_lock of the dax device (driver core: probe, remove, and the
 *                            detach of our unbind file, after its waits)
 *     unbind_lock            (remove(); our unbind file takes it, killable,
 *                             without device_lock)
 *       dax_bus_lock         (global, dax core: daxmgr_id_forget()'s
 *                             remove_id store, also without unbind_lock)
 *       reconfig_lock        (sysfs stores through daxmgr_change(),
 *                             interruptible; the unbind's steps)
 *         lock
 *           vma_lock         (spinlock)
 *           [synchronize_srcu(&daxmgr_srcu), synchronize_rcu(): revoke]
 *           i_mmap_rwsem of the binding's mapping (revoke's unmap)
 *     daxmgr_nodes' xa_lock  (global spinlock, a leaf: probe and the
 *                             unbound action publish a binding under it,
 *                             open and our unbind file look one up)
 *
 *   mmap_lock (mm)
 *     lock                   (->mmap)
 *       vma_lock
 *     vma_lock               (vm_ops->open, ->close: no mutex there)
 *     daxmgr_srcu read side  (->fault, ->huge_fault; nothing of ours is
 *                             taken inside)
 *
 *   kernfs active reference of one of our attributes (show and store)
 *     reconfig_lock -> lock -> vma_lock
 *   Our attributes go (devm) only after remove() has returned and its
 *   locks are dropped, so no lock of ours is held while kernfs waits for
 *   a store to finish.
 *
 * The waits (for mappings, for pinned pages) hold unbind_lock, and
 * device_lock when remove() runs them, and nothing else: reconfig_lock
 * and lock are dropped around them, so "revoke", open, mmap and faults go
 * on.  A parked pagemap's reaper holds no lock of ours.
 *
 * What each lock protects
 *   unbind_lock     the unbind's steps (quiesce, wait for mappings,
 *                   revoke, drain), run once per binding: by our unbind
 *                   file before it detaches, or by remove().  Its holders
 *                   poll for the dax core's kill, so remove() of a deleted
 *                   device gets it soon.  While held by the unbind, the
 *                   pagemap's wait state (watch[], nr_watch, stats) is
 *                   the holder's.
 *   reconfig_lock   whole transitions: revoke, pin_mode and
 *                   fault_around_bytes changes, quiesce and unquiesce, and
 *                   the steps of the unbind, which drop it while they wait
 *                   (unbinding fences the other transitions off with
 *                   -EBUSY), so that "revoke" can still end the wait.
 *   lock            state, alive, gen, probing, unbinding, and pm's
 *                   clearing; short sections only, taken by open and mmap.
 *   vma_lock        vmas (under the vma policy also the number of pagemap
 *                   references the vmas hold); with lock, gen and pin_mode.
 *   daxmgr_srcu     (global) fault handlers run inside it; a revoke clears
 *                   alive, then synchronizes: a fault that saw alive has
 *                   inserted its entries before the zap that follows.
 *   daxmgr_nodes' xa_lock (global) node->binding, the binding serving a
 *                   dev_t, and the reference daxmgr_binding_lookup() takes.
 *   Parked pagemaps: no list and no lock of ours.  A park is a device of
 *                   daxmgr_park_class (the driver core keeps the class's
 *                   list, under its own lock), its parkN is from
 *                   daxmgr_park_ida (the IDA's lock).  Its fields have one
 *                   owner at a time: the unbind's waiter under
 *                   unbind_lock, then the reap work; pinned is written
 *                   with WRITE_ONCE() for the park's pinned_pages show.
 *                   memmap_claimed is set by the nd bus notifier and read
 *                   after bus_unregister_notifier(), which waits for it.
 *   No lock: node->files, faults[] (atomics); the touched bitmaps (atomic
 *   bit operations, chunks installed by cmpxchg(); bits are forgotten only
 *   when nothing can fault).
 *
 * Fields read without the lock that writes them (W: writers, R: readers)
 *   alive      W: daxmgr_set_alive(), under lock: true with
 *                 smp_store_release() once gen, pm and the rest it goes
 *                 live with are set (probe, unquiesce); false before a
 *                 revoke's synchronize_srcu(), and at unbound.
 *              R: ->fault, inside daxmgr_srcu, with smp_load_acquire(),
 *                 and only then gen: a fault that sees alive set by an
 *                 unquiesce after a revoke sees that revoke's gen, so a
 *                 vma of an older generation never maps again.
 *   gen        W: daxmgr_revoke_locked() alone, under lock and vma_lock,
 *                 WRITE_ONCE().
 *              R: open and mmap under lock; vm_ops open and close under
 *                 vma_lock; ->fault with READ_ONCE(), after alive.
 *   pin_mode   W: daxmgr_set_pin_mode() alone (the pin_mode store), under
 *                 reconfig_lock, lock and vma_lock, WRITE_ONCE(); only
 *                 while no vma is counted (or to the same mode) and no
 *                 unbind began: a vma is released under the mode it was
 *                 counted under.
 *              R: mmap under lock; vm_ops open and close and the revoke
 *                 under vma_lock; the unbind's steps under lock;
 *                 pin_mode_show() with READ_ONCE() (a snapshot).
 *   state      W: daxmgr_set_state(), under lock (WRITE_ONCE()).
 *              R: under lock; state_show() with READ_ONCE() (a snapshot);
 *                 daxmgr_unbind_wait() with READ_ONCE() under unbind_lock,
 *                 which keeps remove(), hence GONE, away.
 *   fault_around W: under reconfig_lock and lock, WRITE_ONCE().
 *              R: faults and get_unmapped_area with READ_ONCE().
 *   pm         W: probe, before the binding is served or alive; cleared
 *                 under lock by a devm action after remove().
 *              R: whoever runs while the binding is alive or unbinding:
 *                 faults (alive, in daxmgr_srcu), our attributes (removed
 *                 before pm is cleared), the unbind's steps.
 *   probing, unbinding: written under lock (unbinding also under
 *              unbind_lock and reconfig_lock); read under lock, or for
 *              unbinding under unbind_lock.
 *
 * device_lock is held by the driver core around probe and remove, and by
 * device_release_driver() in our unbind file; nothing else of ours takes it.
 */
#ifndef DAXMGR_H
#define DAXMGR_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/lockdep.h>
#include <linux/memremap.h>
#include <linux/mutex.h>
#include <linux/range.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "dax_layout.h"

/* The default fault-around window of a 4K device, the page cache's. */
#define DAXMGR_FAULT_AROUND_DEFAULT	SZ_64K

enum daxmgr_state {
	DAXMGR_LIVE,		/* opens, mmaps and faults are served */
	DAXMGR_QUIESCED,	/* no new opens or mmaps; mapped users go on */
	DAXMGR_REVOKED,		/* mappings zapped, faults SIGBUS */
	DAXMGR_GONE,		/* unbound: files of this binding are dead */
};

enum daxmgr_pin_mode {
	DAXMGR_PIN_VMA,		/* every vma holds a pagemap reference */
	DAXMGR_PIN_IO,		/* only in-flight I/O (page refs) pins */
};

enum daxmgr_fault_kind {
	DAXMGR_FAULT_PTE,
	DAXMGR_FAULT_PMD,
	DAXMGR_FAULT_PUD,
	DAXMGR_NR_FAULT_KINDS,
};

/*
 * A chunk of the touched-unit map: 512 bytes of bitmap, allocated (and
 * zeroed) by the first fault in its span: 16 MiB of device at 4K units,
 * 8 GiB at 2M.  Small, so that the first fault pays for little; the chunk
 * map keeps counts from visiting every chunk.
 */
#define DAXMGR_CHUNK_BYTES	512
#define DAXMGR_CHUNK_BITS	(DAXMGR_CHUNK_BYTES * BITS_PER_BYTE)

/* Chunks an mmap() allocates ahead of its faults (pagemap.c): 8 KiB. */
#define DAXMGR_MMAP_CHUNKS	16

/* Pinned pages a wait re-tests before it counts again (pagemap.c). */
#define DAXMGR_WATCH_PAGES	32

struct daxmgr_poll_stats {
	unsigned long polls;	/* answered by a watched page */
	unsigned long counts;
	u64 poll_ns;
	u64 count_ns;
};

struct daxmgr_pagemap {
	char name[32];			/* "daxX.Y": resources and the log */
	unsigned int unit_shift;	/* log2 of the alignment in bytes */
	unsigned long nr_units;
	/*
	 * Units that were ever mapped, so that counting pinned pages visits
	 * only those: a page that was never mapped cannot be pinned (GUP
	 * and vmsplice reach our pages through our page tables only).
	 */
	unsigned long nr_chunks;
	unsigned long **touched;
	/*
	 * A bit per chunk whose bitmap exists: a count walks these, not
	 * every chunk pointer (49152 of them for 6 TiB at 4K).
	 */
	unsigned long *chunk_map;
	/* the device's one range (probe): device offset 0 is range.start */
	struct range range;
	struct inode *inode;		/* page->mapping of mapped pages */

	/*
	 * Once it can no longer be faulted (the unbind's revoke, a park):
	 * the last count of pinned pages, and some of them to re-test.
	 * Used by one waiter at a time: the unbind's, then the reaper.
	 */
	unsigned long pinned;		/* WRITE_ONCE: a park's sysfs reads it */
	unsigned long nr_watch;
	struct page *watch[DAXMGR_WATCH_PAGES];
	struct daxmgr_poll_stats stats;

	/* while parked */
	unsigned long parked_at;	/* jiffies */
	struct delayed_work reap;

	/*
	 * With --map=dev the struct pages live in the namespace's metadata
	 * area, [memmap.start, the data): dax_pmem claims it for as long
	 * as it drives the namespace, and a parked pagemap from when it
	 * stops until the park ends, so that no namespace made meanwhile
	 * can be enabled over live struct pages.  nd_dax is dax_pmem's
	 * device (the dax device's parent); memmap_nb watches it unbind.
	 */
	struct range memmap;		/* empty without an altmap */
	struct device *nd_dax;		/* a reference is held */
	struct notifier_block memmap_nb;
	bool memmap_watched;		/* memmap_nb is registered */
	bool memmap_claimed;

	/*
	 * Its devres hold the iomem claims and the struct pages: they are
	 * released when it is deleted (a park that ended) or by its last
	 * put (device_release()), then ->release frees the rest.
	 */
	struct device dev;
	int id;				/* parkN */
	bool added;			/* in sysfs: parked */

	struct dev_pagemap pgmap;	/* one range: pgmap.range */
};

/*
 * One per dev_t daxmgr ever served, kept until the module goes: files of
 * /dev/daxX.Y outlive the binding they were opened under.
 */
struct daxmgr_node {
	struct daxmgr_binding *binding;	/* serving it now; under the xa_lock */
	/*
	 * Files of the node open under any binding of ours.  While one is,
	 * the node's inode keeps our cdev, and every open of it reaches
	 * daxmgr, whichever driver serves the device then.
	 */
	atomic_long_t files;
};

struct daxmgr_binding {
	struct kobject kobj;		/* lifetime only, never added */
	struct device *dev;		/* the dev_dax's; a reference is held */
	struct daxmgr_node *node;	/* of dev->devt */
	struct daxmgr_pagemap *pm;	/* valid while alive or unbinding */
	struct inode *inode;		/* host of the shared address_space */
	unsigned long align;
	/* bytes a 4K fault maps around it (fault.c); 0 or 4K: none */
	unsigned long fault_around;
	u64 size;

	/* each field's writers and readers: Locking, at the top */
	struct mutex unbind_lock;	/* the unbind's steps */
	struct mutex reconfig_lock;	/* whole transitions */
	struct mutex lock;		/* the fields below */
	enum daxmgr_state state;	/* daxmgr_set_state() */
	enum daxmgr_pin_mode pin_mode;	/* and vma_lock */
	bool probing;		/* probe() has not finished: stores wait */
	bool unbinding;		/* the unbind's steps began (also under unbind_lock) */
	bool alive;		/* faults allowed: daxmgr_set_alive() */
	unsigned long gen;	/* and vma_lock: bumped by every revoke */

	spinlock_t vma_lock;	/* vmas; with lock, gen and pin_mode */
	long vmas;		/* vmas of the current generation */
	wait_queue_head_t unmapped_wq;

	atomic_long_t faults[DAXMGR_NR_FAULT_KINDS];

	/*
	 * The attributes userspace poll()s on, looked up once at probe:
	 * sysfs_notify() looks a name up under a sleeping lock, which vma
	 * close (under mmap_lock) should not take; kernfs_notify() on a
	 * node we hold is safe from any context.
	 */
	struct kernfs_node *kn_state;
	struct kernfs_node *kn_vmas;
};

/* Per open file: which binding, and in which generation it was opened. */
struct daxmgr_file {
	struct daxmgr_binding *ddev;
	unsigned long gen;
};

/* The binding's state changes under its lock; sysfs reads it without. */
static inline void daxmgr_set_state(struct daxmgr_binding *ddev,
				    enum daxmgr_state state)
{
	lockdep_assert_held(&ddev->lock);
	WRITE_ONCE(ddev->state, state);
}

/*
 * Faults allowed (or not) from now on.  Release: a fault that sees alive
 * true (smp_load_acquire()) sees gen, pm and the rest set before it.
 */
static inline void daxmgr_set_alive(struct daxmgr_binding *ddev, bool alive)
{
	lockdep_assert_held(&ddev->lock);
	/* pairs with smp_load_acquire() in daxmgr_fault_kind() */
	smp_store_release(&ddev->alive, alive);
}

static inline struct daxmgr_binding *kobj_to_daxmgr_binding(struct kobject *kobj)
{
	return container_of(kobj, struct daxmgr_binding, kobj);
}

static inline void daxmgr_binding_get(struct daxmgr_binding *ddev)
{
	kobject_get(&ddev->kobj);
}

static inline void daxmgr_binding_put(struct daxmgr_binding *ddev)
{
	kobject_put(&ddev->kobj);
}

extern struct srcu_struct daxmgr_srcu;
extern struct workqueue_struct *daxmgr_wq;
extern unsigned int daxmgr_drain_timeout;

/* core.c */
struct inode *daxmgr_alloc_inode(void);
struct daxmgr_binding *daxmgr_open_binding(struct inode *inode);
bool daxmgr_dax_deleted(struct daxmgr_binding *ddev);
struct daxmgr_binding *daxmgr_binding_lookup(dev_t devt);
void daxmgr_unbind_wait(struct daxmgr_binding *ddev);

/* bind.c */
int daxmgr_ids_init(struct device_driver *drv);
void daxmgr_id_forget(struct device *dev);
extern struct driver_attribute daxmgr_drv_attr_bind;
extern struct driver_attribute daxmgr_drv_attr_unbind;

/* pagemap.c */
struct daxmgr_pagemap *daxmgr_pagemap_create(struct dev_dax *dev_dax,
					     struct inode *inode);
void daxmgr_pagemap_release(struct daxmgr_pagemap *pm);
phys_addr_t daxmgr_pgoff_to_phys(struct daxmgr_pagemap *pm, pgoff_t pgoff,
				 unsigned long size);
int daxmgr_pagemap_touch_slow(struct daxmgr_pagemap *pm, unsigned long unit);

/*
 * Remember that the unit holding device offset @pgoff is mapped.  Called
 * from the fault handler before the entry is inserted, so that a count
 * that runs after a revoke sees every unit that could have been pinned.
 * Inline: most faults hit a unit whose bit is set (a test, no write to a
 * shared line), and this is most of what a fault costs beyond device_dax's
 * (bench/README.md, "touch.4K").
 */
static inline int daxmgr_pagemap_touch(struct daxmgr_pagemap *pm, pgoff_t pgoff)
{
	unsigned long unit = ((u64)pgoff << PAGE_SHIFT) >> pm->unit_shift;
	unsigned long *bits;

	if (unlikely(unit >= pm->nr_units))
		return -ENXIO;
	bits = READ_ONCE(pm->touched[unit / DAXMGR_CHUNK_BITS]);
	if (likely(bits && test_bit(unit % DAXMGR_CHUNK_BITS, bits)))
		return 0;
	return daxmgr_pagemap_touch_slow(pm, unit);
}

/* Was the unit holding device offset @pgoff ever mapped? */
static inline bool daxmgr_pagemap_touched(struct daxmgr_pagemap *pm, pgoff_t pgoff)
{
	unsigned long unit = ((u64)pgoff << PAGE_SHIFT) >> pm->unit_shift;
	unsigned long *bits;

	if (unit >= pm->nr_units)
		return false;
	bits = READ_ONCE(pm->touched[unit / DAXMGR_CHUNK_BITS]);
	return bits && test_bit(unit % DAXMGR_CHUNK_BITS, bits);
}

void daxmgr_pagemap_prepare(struct daxmgr_pagemap *pm, u64 off, u64 len);
unsigned long daxmgr_pagemap_busy(struct daxmgr_pagemap *pm, bool forget);
int daxmgr_pagemap_drain(struct daxmgr_binding *ddev, unsigned int timeout_s);
int daxmgr_park_class_init(void);
void daxmgr_park_class_exit(void);

/* fault.c */
extern const struct vm_operations_struct daxmgr_vm_ops;

/* fops.c */
extern const struct file_operations daxmgr_fops;

/* pin.c */
int daxmgr_pin_mmap(struct daxmgr_binding *ddev, struct daxmgr_file *df);
void daxmgr_pin_vma_open(struct daxmgr_binding *ddev, struct daxmgr_file *df);
void daxmgr_pin_vma_close(struct daxmgr_binding *ddev, struct daxmgr_file *df);
long daxmgr_pin_vmas(struct daxmgr_binding *ddev);
void daxmgr_revoke_locked(struct daxmgr_binding *ddev);
int daxmgr_wait_unmapped(struct daxmgr_binding *ddev);

/* layout.c */
void daxmgr_layout_init(void);
void daxmgr_layout_exit(void);

/* sysfs.c */
extern const struct attribute_group daxmgr_dev_group;
extern const struct attribute_group *daxmgr_drv_groups[];
void daxmgr_notify(struct kernfs_node *kn);

#endif /* DAXMGR_H */
