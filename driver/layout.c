// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * /sys/kernel/debug/daxmgr/layout: the offsets and sizes of the dax bus's
 * private structures as this module was compiled (dax_layout.h): a
 * "struct SIZE" line per structure and a "struct.field OFFSET" line per
 * field we use, so that they can be checked
 * against the running kernel's BTF (tests/vm/cases/layout_btf.sh does).
 * A mismatch means dax_layout.h does not describe this kernel.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/stddef.h>

#include "daxmgr.h"

#define FIELD(type, field)	{ #type, #field, offsetof(struct type, field) }
#define SIZE(type)		{ #type, NULL, sizeof(struct type) }

static const struct daxmgr_layout_entry {
	const char *type;
	const char *field;
	size_t value;		/* the field's offset, or the struct's size */
} daxmgr_layout[] = {
	SIZE(dax_region),
	FIELD(dax_region, id),
	FIELD(dax_region, target_node),
	FIELD(dax_region, dev),
	FIELD(dax_region, align),
	FIELD(dax_region, res),
	SIZE(dev_dax),
	FIELD(dev_dax, region),
	FIELD(dev_dax, dax_dev),
	FIELD(dev_dax, align),
	FIELD(dev_dax, target_node),
	FIELD(dev_dax, id),
	FIELD(dev_dax, dev),
	FIELD(dev_dax, pgmap),
	FIELD(dev_dax, nr_range),
	FIELD(dev_dax, ranges),
	SIZE(dev_dax_range),
	FIELD(dev_dax_range, pgoff),
	FIELD(dev_dax_range, range),
	FIELD(dev_dax_range, mapping),
	SIZE(dax_device_driver),
	FIELD(dax_device_driver, drv),
	FIELD(dax_device_driver, ids),
#ifdef DAXMGR_DAX_TYPED_MATCH
	FIELD(dax_device_driver, type),
#else
	FIELD(dax_device_driver, match_always),
#endif
	FIELD(dax_device_driver, probe),
	FIELD(dax_device_driver, remove),
};

static int daxmgr_layout_show(struct seq_file *m, void *unused)
{
	const struct daxmgr_layout_entry *e;

	for (e = daxmgr_layout; e < daxmgr_layout + ARRAY_SIZE(daxmgr_layout); e++)
		if (e->field)
			seq_printf(m, "%s.%s %zu\n", e->type, e->field, e->value);
		else
			seq_printf(m, "%s %zu\n", e->type, e->value);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(daxmgr_layout);

static struct dentry *daxmgr_debugfs;

void daxmgr_layout_init(void)
{
	daxmgr_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("layout", 0400, daxmgr_debugfs, NULL,
			    &daxmgr_layout_fops);
}

void daxmgr_layout_exit(void)
{
	debugfs_remove_recursive(daxmgr_debugfs);
}
