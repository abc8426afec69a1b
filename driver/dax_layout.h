/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The daxmgr developers */
/*
 * The dax bus's private structures, as an out-of-tree dax driver must see
 * them.  drivers/dax/bus.h and drivers/dax/dax-private.h are not part of
 * linux-headers, so their layouts are carried here, per kernel series, and
 * nowhere else.  Only the series listed are accepted; a guest test compares
 * every offset used here with the running kernel's BTF (tests/vm/cases/
 * layout_btf.sh), and probe refuses a device that fails a sanity check.
 *
 * Copied field for field from Debian's linux-source-6.1 (6.1.192) and
 * linux-source-6.12 (6.12.117).  The differences between the two:
 *   - 6.12 added dev_dax.memmap_on_memory (after pgmap);
 *   - 6.1 matches drivers with "int match_always", 6.12 with
 *     "enum dax_driver_type type".
 */
#ifndef DAXMGR_DAX_LAYOUT_H
#define DAXMGR_DAX_LAYOUT_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/ioport.h>
#include <linux/kref.h>
#include <linux/range.h>

#include "compat.h"	/* which series: DAXMGR_DAX_TYPED_MATCH */

struct dax_device;

/* drivers/dax/dax-private.h */
struct dax_region {
	int id;
	int target_node;
	struct kref kref;
	struct device *dev;
	unsigned int align;
	struct ida ida;
	struct resource res;
	struct device *seed;
	struct device *youngest;
};

struct dax_mapping {
	struct device dev;
	int range_id;
	int id;
};

struct dev_dax {
	struct dax_region *region;
	struct dax_device *dax_dev;
	unsigned int align;
	int target_node;
	bool dyn_id;
	int id;
	struct ida ida;
	struct device dev;
	struct dev_pagemap *pgmap;
#ifdef DAXMGR_DAX_TYPED_MATCH
	bool memmap_on_memory;
#endif
	int nr_range;
	struct dev_dax_range {
		unsigned long pgoff;
		struct range range;
		struct dax_mapping *mapping;
	} *ranges;
};

/* drivers/dax/bus.h */
#ifdef DAXMGR_DAX_TYPED_MATCH
enum dax_driver_type {
	DAXDRV_KMEM_TYPE,
	DAXDRV_DEVICE_TYPE,
};
#endif

struct dax_device_driver {
	struct device_driver drv;
	struct list_head ids;
#ifdef DAXMGR_DAX_TYPED_MATCH
	enum dax_driver_type type;
#else
	int match_always;
#endif
	int (*probe)(struct dev_dax *dev);
	void (*remove)(struct dev_dax *dev);
};

static inline struct dev_dax *to_dev_dax(struct device *dev)
{
	return container_of(dev, struct dev_dax, dev);
}

/*
 * Exported by drivers/dax (built in on Debian), all GPL, declared in the
 * private headers; kill_dax() is in <linux/dax.h>.
 */
int __dax_driver_register(struct dax_device_driver *dax_drv,
			  struct module *module, const char *mod_name);
void dax_driver_unregister(struct dax_device_driver *dax_drv);
bool static_dev_dax(struct dev_dax *dev_dax);
void run_dax(struct dax_device *dax_dev);
struct inode *dax_inode(struct dax_device *dax_dev);

#endif /* DAXMGR_DAX_LAYOUT_H */
