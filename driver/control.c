// SPDX-License-Identifier: GPL-2.0
/*
 * Creating and deleting devices: the bus attributes
 *   /sys/bus/daxmgr/new_device      "START SIZE [ALIGN]"
 *   /sys/bus/daxmgr/delete_device   "pmemdaxN"
 *
 * A range is accepted only if it lies wholly inside one persistent-memory
 * resource, touches no System RAM, is aligned for both the memory hotplug
 * code (subsections) and the requested fault size, and can be claimed
 * (i.e. no namespace or other driver owns any of it).  Anything else fails
 * with an errno before any state is created.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ioport.h>
#include <linux/memory_hotplug.h>
#include <linux/mmzone.h>
#include <linux/numa.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/ctype.h>
#include <linux/string.h>

#include "daxmgr.h"

static DEFINE_MUTEX(daxmgr_ctl_lock);
static DEFINE_IDA(daxmgr_ida);

static bool daxmgr_align_valid(unsigned long align)
{
	if (align == PAGE_SIZE || align == PMD_SIZE)
		return true;
#ifdef CONFIG_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD
	if (align == PUD_SIZE)
		return true;
#endif
	return false;
}

/* A number with an optional K/M/G/T suffix, decimal or 0x-hex, nothing else. */
static int daxmgr_parse_size(const char *tok, u64 *val)
{
	char num[32];
	size_t len = strlen(tok);
	unsigned int shift = 0;
	u64 v;
	int rc;

	if (!len || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, tok, len + 1);
	switch (tolower(num[len - 1])) {
	case 'k':
		shift = 10;
		break;
	case 'm':
		shift = 20;
		break;
	case 'g':
		shift = 30;
		break;
	case 't':
		shift = 40;
		break;
	}
	/* no suffix letter is a hex digit, so "0x..." stays unambiguous */
	if (shift)
		num[len - 1] = '\0';

	rc = kstrtoull(num, 0, &v);
	if (rc)
		return rc;
	if (shift && v > (U64_MAX >> shift))
		return -ERANGE;
	*val = v << shift;
	return 0;
}

int daxmgr_parse_align(const char *buf, unsigned long *align)
{
	char *s, *tok;
	u64 v;
	int rc;

	s = kstrdup(buf, GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	tok = strim(s);
	rc = daxmgr_parse_size(tok, &v);
	kfree(s);
	if (rc)
		return -EINVAL;
	if (v > ULONG_MAX || !daxmgr_align_valid(v))
		return -EINVAL;
	*align = v;
	return 0;
}

struct daxmgr_range_probe {
	u64 start;
	u64 end;
};

/* walk_iomem_res_desc() hands us each match clipped to [start, end]. */
static int daxmgr_pmem_covers(struct resource *res, void *arg)
{
	struct daxmgr_range_probe *want = arg;

	return res->start == want->start && res->end == want->end;
}

static int daxmgr_check_range(u64 start, u64 size, unsigned long align)
{
	struct daxmgr_range_probe want = { .start = start };
	u64 unit = max_t(u64, align, 1UL << SUBSECTION_SHIFT);

	if (!size || check_add_overflow(start, size - 1, &want.end))
		return -EINVAL;
	if (!IS_ALIGNED(start, unit) || !IS_ALIGNED(size, unit))
		return -EINVAL;
	if (region_intersects(start, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return -ENXIO;
	if (walk_iomem_res_desc(IORES_DESC_PERSISTENT_MEMORY, IORESOURCE_MEM,
				start, want.end, &want, daxmgr_pmem_covers) != 1)
		return -ENXIO;
	return 0;
}

static void daxmgr_dev_release(struct device *dev)
{
	struct daxmgr_dev *ddev = to_daxmgr_dev(dev);

	if (ddev->inode)
		iput(ddev->inode);
	ida_free(&daxmgr_ida, ddev->id);
	kfree(ddev);
}

static void daxmgr_release_range(struct daxmgr_dev *ddev)
{
	if (ddev->res) {
		release_mem_region(ddev->range.start, daxmgr_size(ddev));
		ddev->res = NULL;
	}
}

/* Unbind (the safe protocol runs in remove), give the range back, drop. */
static void daxmgr_dev_destroy(struct daxmgr_dev *ddev)
{
	dev_info(&ddev->dev, "deleting %#llx-%#llx\n", ddev->range.start,
		 ddev->range.end);
	device_del(&ddev->dev);
	daxmgr_release_range(ddev);
	put_device(&ddev->dev);
}

static int daxmgr_dev_create(u64 start, u64 size, unsigned long align)
{
	struct daxmgr_dev *ddev;
	struct device *dev;
	int rc, id;

	rc = daxmgr_check_range(start, size, align);
	if (rc)
		return rc;

	id = ida_alloc_max(&daxmgr_ida, DAXMGR_MAX_DEVICES - 1, GFP_KERNEL);
	if (id < 0)
		return id;
	ddev = kzalloc(sizeof(*ddev), GFP_KERNEL);
	if (!ddev) {
		ida_free(&daxmgr_ida, id);
		return -ENOMEM;
	}
	ddev->id = id;
	ddev->range = (struct range) { .start = start, .end = start + size - 1 };
	ddev->align = align;
	ddev->state = DAXMGR_DISABLED;
	ddev->pin_mode = DAXMGR_PIN_VMA;
	mutex_init(&ddev->reconfig_lock);
	mutex_init(&ddev->lock);
	spin_lock_init(&ddev->vma_lock);
	init_waitqueue_head(&ddev->unmapped_wq);

	dev = &ddev->dev;
	device_initialize(dev);
	dev->bus = &daxmgr_bus;
	dev->parent = daxmgr_root_device();
	dev->release = daxmgr_dev_release;
	/* from here on every error path is put_device() */
	rc = dev_set_name(dev, DAXMGR_DEV_PREFIX "%d", id);
	if (rc)
		goto err;

	ddev->res = request_mem_region(start, size, dev_name(dev));
	if (!ddev->res) {
		rc = -EBUSY;
		goto err;
	}
	ddev->inode = daxmgr_alloc_inode();
	if (IS_ERR(ddev->inode)) {
		rc = PTR_ERR(ddev->inode);
		ddev->inode = NULL;
		goto err;
	}
	set_dev_node(dev, memory_add_physaddr_to_nid(start));
	ddev->target_node = phys_to_target_node(start);

	rc = device_add(dev);
	if (rc)
		goto err;
	/* Binding is synchronous: report a failed probe to the writer. */
	if (ddev->probe_err) {
		rc = ddev->probe_err;
		daxmgr_dev_destroy(ddev);
		return rc;
	}
	dev_info(dev, "created %#llx-%#llx align %#lx\n", ddev->range.start,
		 ddev->range.end, align);
	return 0;

err:
	daxmgr_release_range(ddev);
	put_device(dev);
	return rc;
}

static ssize_t new_device_store(daxmgr_bus_t *bus, const char *buf,
				size_t count)
{
	unsigned long align = PMD_SIZE;
	char *args[4], *s, *p, *tok;
	u64 start, size;
	int n = 0, rc;

	s = kstrndup(buf, count, GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	p = strim(s);
	while ((tok = strsep(&p, " \t\n")) != NULL) {
		if (!*tok)
			continue;
		if (n == ARRAY_SIZE(args)) {
			rc = -EINVAL;
			goto out;
		}
		args[n++] = tok;
	}
	rc = -EINVAL;
	if (n < 2 || n > 3)
		goto out;
	if (daxmgr_parse_size(args[0], &start) ||
	    daxmgr_parse_size(args[1], &size))
		goto out;
	if (n == 3 && daxmgr_parse_align(args[2], &align))
		goto out;

	mutex_lock(&daxmgr_ctl_lock);
	rc = daxmgr_dev_create(start, size, align);
	mutex_unlock(&daxmgr_ctl_lock);
out:
	kfree(s);
	return rc ? rc : count;
}
static BUS_ATTR_WO(new_device);

static ssize_t delete_device_store(daxmgr_bus_t *bus, const char *buf,
				   size_t count)
{
	struct device *dev;
	char *name;
	int rc = 0;

	name = kstrndup(buf, count, GFP_KERNEL);
	if (!name)
		return -ENOMEM;

	mutex_lock(&daxmgr_ctl_lock);
	dev = bus_find_device_by_name(&daxmgr_bus, NULL, strim(name));
	if (dev) {
		daxmgr_dev_destroy(to_daxmgr_dev(dev));
		put_device(dev);
	} else {
		rc = -ENODEV;
	}
	mutex_unlock(&daxmgr_ctl_lock);
	kfree(name);
	return rc ? rc : count;
}
static BUS_ATTR_WO(delete_device);

static struct attribute *daxmgr_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_delete_device.attr,
	NULL,
};

static const struct attribute_group daxmgr_bus_group = {
	.attrs = daxmgr_bus_attrs,
};

const struct attribute_group *daxmgr_bus_groups[] = {
	&daxmgr_bus_group,
	NULL,
};

void daxmgr_delete_all(void)
{
	struct device *dev;

	mutex_lock(&daxmgr_ctl_lock);
	while ((dev = bus_find_next_device(&daxmgr_bus, NULL))) {
		daxmgr_dev_destroy(to_daxmgr_dev(dev));
		put_device(dev);
	}
	mutex_unlock(&daxmgr_ctl_lock);
}
