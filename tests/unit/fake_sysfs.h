/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The daxmgr developers */
/* Fake sysfs, /proc and /dev trees for the host unit tests. */
#ifndef FAKE_SYSFS_H
#define FAKE_SYSFS_H

#include <stdbool.h>

struct fake_tree {
	char root[256];
	char sysfs[300];
	char proc[300];
	char dev[300];
	char conf[300];
};

struct fake_dev {
	const char *name;	/* "dax0.0" */
	const char *driver;	/* "daxmgr", "device_dax", ... or NULL */
	const char *resource, *size, *align, *state, *pin_mode;
	const char *vmas, *pinned_pages, *target_node;
};

int fake_tree_init(struct fake_tree *t);
void fake_tree_destroy(struct fake_tree *t);
/* the dax bus with the device_dax and (if @daxmgr) daxmgr drivers */
int fake_bus(struct fake_tree *t, bool daxmgr);
int fake_add_dev(struct fake_tree *t, const struct fake_dev *d);
/* a device below a fake nd_dax @parent of @region: see fake_sysfs.c */
int fake_add_nd_dev(struct fake_tree *t, const struct fake_dev *d,
		    const char *region, const char *parent, const char *subsys,
		    const char *ns, const char *mode);
/* the device leaves the dax bus (a namespace made raw, say) */
int fake_remove_dev(struct fake_tree *t, const char *name);
/*
 * CXL region @region bridged to the nvdimm region of the same name, one
 * or two ways (@target1 NULL: one), its targets "decoderE.D\n"; and the
 * endpoint port of a decoder, whose uport is @memdev.
 */
int fake_cxl_region(struct fake_tree *t, const char *region, const char *target0,
		    const char *target1);
int fake_cxl_endpoint(struct fake_tree *t, const char *decoder, const char *endpoint,
		      const char *memdev);
/* point the device's driver link at @drv (NULL: no driver) */
int fake_set_driver(struct fake_tree *t, const char *dev, const char *drv);
int fake_write(struct fake_tree *t, const char *rel, const char *val);
/* content of a file below the root, or "" (static buffer) */
const char *fake_read(struct fake_tree *t, const char *rel);
bool fake_exists(struct fake_tree *t, const char *rel);
int fake_add_proc(struct fake_tree *t, int pid, const char *comm,
		  const char *maps);
/* /proc/PID/fd/FD, a link to @target */
int fake_add_fd(struct fake_tree *t, int pid, int fd, const char *target);

#endif
