/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxmgr: a DAX character device over a persistent-memory range.
 *
 * Object model
 *   struct daxmgr_dev   one per created range, a device on the "daxmgr" bus.
 *                       It lives from new_device to delete_device and owns
 *                       the physical range, the alignment, the pin policy
 *                       and the address_space every open file shares.
 *   binding             what the "pmemdax" driver sets up in probe and
 *                       tears down in remove: the ZONE_DEVICE pagemap and
 *                       the char device /dev/pmemdaxN (class "pmemdax").
 *   generation          bumped whenever mappings are revoked.  A file
 *                       remembers the generation it was opened in; once it
 *                       is stale the file can no longer mmap and its old
 *                       mappings SIGBUS on fault.
 *
 * Locking
 *   reconfig_lock       serialises whole transitions: probe, remove,
 *                       revoke (with its drain), align and pin_mode
 *                       changes, quiesce.  remove() drops it while it
 *                       waits for vma-policy mappings (ddev->unbinding
 *                       fences other transitions off with -EBUSY), so
 *                       that "revoke" can still end that wait.
 *   lock (mutex)        the fields below it; short sections only, taken
 *                       by open and mmap.  Nests inside reconfig_lock.
 *   ddev->vma_lock      the mapping count, which under the vma policy is
 *                       also the number of pagemap references the vmas
 *                       hold (vm_ops open/close cannot take a mutex
 *                       under every caller's locks).
 *   daxmgr_srcu         fault handlers run inside it; revoke clears
 *                       ddev->alive and synchronizes before zapping.
 */
#ifndef DAXMGR_H
#define DAXMGR_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/memremap.h>
#include <linux/mutex.h>
#include <linux/range.h>
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/wait.h>

#include "compat.h"

#define DAXMGR_MAX_DEVICES	256
#define DAXMGR_DEV_PREFIX	"pmemdax"

enum daxmgr_state {
	DAXMGR_DISABLED,	/* not bound: no pagemap, no char device */
	DAXMGR_LIVE,		/* opens, mmaps and faults are served */
	DAXMGR_QUIESCED,	/* no new opens or mmaps; mapped users go on */
	DAXMGR_REVOKED,		/* mappings zapped, faults SIGBUS */
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

struct daxmgr_dev {
	struct device dev;
	int id;
	struct range range;
	struct resource *res;
	int target_node;
	struct inode *inode;	/* host of the shared address_space */

	struct mutex reconfig_lock;	/* whole transitions, see above */
	struct mutex lock;		/* the fields below */
	enum daxmgr_state state;
	enum daxmgr_pin_mode pin_mode;
	unsigned long align;
	bool unbinding;		/* remove() is waiting for mappings */
	bool has_pagemap;
	bool alive;		/* faults allowed; read under daxmgr_srcu */
	unsigned long gen;
	int probe_err;

	struct dev_pagemap pgmap;	/* valid while state != DISABLED */
	struct cdev *cdev;
	struct device *chardev;

	spinlock_t vma_lock;		/* mappings, and pin_mode changes */
	/* vmas of the current generation; each holds a pagemap ref (vma policy) */
	long mappings;
	wait_queue_head_t unmapped_wq;

	atomic_long_t faults[DAXMGR_NR_FAULT_KINDS];
};

/* Per open file: which device, and in which generation it was opened. */
struct daxmgr_file {
	struct daxmgr_dev *ddev;
	unsigned long gen;
};

static inline struct daxmgr_dev *to_daxmgr_dev(struct device *dev)
{
	return container_of(dev, struct daxmgr_dev, dev);
}

static inline u64 daxmgr_size(const struct daxmgr_dev *ddev)
{
	return range_len(&ddev->range);
}

extern struct srcu_struct daxmgr_srcu;
extern struct bus_type daxmgr_bus;
extern struct class daxmgr_class;
extern dev_t daxmgr_devt;

/* core.c */
struct inode *daxmgr_alloc_inode(void);
struct daxmgr_dev *daxmgr_inode_to_dev(struct inode *inode);
struct device *daxmgr_root_device(void);

/* control.c */
extern const struct attribute_group *daxmgr_bus_groups[];
int daxmgr_parse_align(const char *buf, unsigned long *align);
void daxmgr_delete_all(void);

/* pagemap.c */
int daxmgr_pagemap_setup(struct daxmgr_dev *ddev);
void daxmgr_pagemap_teardown(struct daxmgr_dev *ddev);
unsigned long daxmgr_pagemap_busy(struct daxmgr_dev *ddev);
void daxmgr_pagemap_drain(struct daxmgr_dev *ddev);

/* fault.c */
extern const struct vm_operations_struct daxmgr_vm_ops;

/* fops.c */
extern const struct file_operations daxmgr_fops;

/* pin.c */
int daxmgr_pin_mmap(struct daxmgr_dev *ddev, struct daxmgr_file *df);
void daxmgr_pin_vma_open(struct daxmgr_dev *ddev, struct daxmgr_file *df);
void daxmgr_pin_vma_close(struct daxmgr_dev *ddev, struct daxmgr_file *df);
long daxmgr_pin_mappings(struct daxmgr_dev *ddev);
void daxmgr_revoke_locked(struct daxmgr_dev *ddev);
int daxmgr_wait_unmapped(struct daxmgr_dev *ddev);

/* sysfs.c */
extern const struct attribute_group *daxmgr_dev_groups[];
extern const struct attribute_group *daxmgr_chardev_groups[];

#endif /* DAXMGR_H */
