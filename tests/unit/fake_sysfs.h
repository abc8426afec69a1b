/* SPDX-License-Identifier: GPL-2.0 */
/* Fake sysfs, /proc and /dev trees for the host unit tests. */
#ifndef FAKE_SYSFS_H
#define FAKE_SYSFS_H

#include <stdbool.h>

struct fake_tree {
	char root[256];
	char sysfs[300];
	char proc[300];
	char dev[300];
};

struct fake_dev {
	const char *name;
	const char *resource, *size, *align, *state, *pin_mode;
	const char *mappings, *pinned_pages, *target_node;
};

int fake_tree_init(struct fake_tree *t);
void fake_tree_destroy(struct fake_tree *t);
/* the bus directories, as when the module is loaded */
int fake_bus(struct fake_tree *t);
int fake_add_dev(struct fake_tree *t, const struct fake_dev *d);
int fake_write(struct fake_tree *t, const char *rel, const char *val);
/* content of a file below the root, or "" (static buffer) */
const char *fake_read(struct fake_tree *t, const char *rel);
int fake_add_proc(struct fake_tree *t, int pid, const char *comm,
		  const char *maps);

#endif
