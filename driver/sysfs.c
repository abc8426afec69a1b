// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs of a daxmgr device (/sys/bus/daxmgr/devices/pmemdaxN) and of its
 * char device (/sys/class/pmemdax/pmemdaxN: size and align, which is all
 * fio's dev-dax engine reads).  Every store validates its whole input
 * before it changes anything.
 */
#include <linux/device.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "daxmgr.h"

static const char * const daxmgr_state_names[] = {
	[DAXMGR_DISABLED]	= "disabled",
	[DAXMGR_LIVE]		= "live",
	[DAXMGR_QUIESCED]	= "quiesced",
	[DAXMGR_REVOKED]	= "revoked",
};

static const char * const daxmgr_pin_mode_names[] = {
	[DAXMGR_PIN_VMA]	= "vma",
	[DAXMGR_PIN_IO]		= "io",
};

static const char *daxmgr_state_name(enum daxmgr_state state)
{
	return daxmgr_state_names[state];
}

typedef int (*daxmgr_change_fn)(struct daxmgr_dev *ddev, unsigned long arg);

/*
 * Every store that changes a device runs its change under both locks,
 * serialised with probe, remove and the other stores.
 */
static ssize_t daxmgr_change(struct device *dev, size_t len,
			     daxmgr_change_fn change, unsigned long arg)
{
	struct daxmgr_dev *ddev = to_daxmgr_dev(dev);
	int rc;

	rc = mutex_lock_interruptible(&ddev->reconfig_lock);
	if (rc)
		return rc;
	mutex_lock(&ddev->lock);
	rc = change(ddev, arg);
	mutex_unlock(&ddev->lock);
	mutex_unlock(&ddev->reconfig_lock);
	return rc ? rc : len;
}

static ssize_t size_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%llu\n", daxmgr_size(to_daxmgr_dev(dev)));
}
static DEVICE_ATTR_RO(size);

static ssize_t resource_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%#llx\n", to_daxmgr_dev(dev)->range.start);
}
static DEVICE_ATTR_RO(resource);

static ssize_t target_node_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", to_daxmgr_dev(dev)->target_node);
}
static DEVICE_ATTR_RO(target_node);

static ssize_t numa_node_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_to_node(dev));
}
static DEVICE_ATTR_RO(numa_node);

static ssize_t align_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%lu\n", READ_ONCE(to_daxmgr_dev(dev)->align));
}

/*
 * The compound page order of the pagemap follows the alignment, so a bound
 * device rebuilds its pagemap.  That is only safe with no mapping and no
 * pinned page left; otherwise -EBUSY and nothing changes.
 */
static int daxmgr_set_align(struct daxmgr_dev *ddev, unsigned long align)
{
	unsigned long old = ddev->align;
	int rc;

	lockdep_assert_held(&ddev->lock);
	if (align == old)
		return 0;
	if (ddev->state == DAXMGR_DISABLED) {
		ddev->align = align;
		return 0;
	}
	if (ddev->unbinding || daxmgr_pin_mappings(ddev) ||
	    daxmgr_pagemap_busy(ddev))
		return -EBUSY;

	/* no vma of this generation exists, so no entry needs zapping */
	WRITE_ONCE(ddev->alive, false);
	synchronize_srcu_expedited(&daxmgr_srcu);
	daxmgr_pagemap_teardown(ddev);
	ddev->align = align;
	rc = daxmgr_pagemap_setup(ddev);
	if (rc) {
		ddev->align = old;
		if (daxmgr_pagemap_setup(ddev)) {
			dev_err(&ddev->dev, "pagemap lost; unbind and bind to recover\n");
			ddev->state = DAXMGR_REVOKED;
			return rc;
		}
	}
	if (ddev->state != DAXMGR_REVOKED)
		WRITE_ONCE(ddev->alive, true);
	return rc;
}

static ssize_t align_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t len)
{
	struct daxmgr_dev *ddev = to_daxmgr_dev(dev);
	unsigned long align;
	int rc;

	rc = daxmgr_parse_align(buf, &align);
	if (rc)
		return rc;
	if (!IS_ALIGNED(ddev->range.start, align) ||
	    !IS_ALIGNED(daxmgr_size(ddev), align))
		return -EINVAL;
	return daxmgr_change(dev, len, daxmgr_set_align, align);
}
static DEVICE_ATTR_RW(align);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  daxmgr_state_name(READ_ONCE(to_daxmgr_dev(dev)->state)));
}
static DEVICE_ATTR_RO(state);

static ssize_t pin_mode_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  daxmgr_pin_mode_names[READ_ONCE(to_daxmgr_dev(dev)->pin_mode)]);
}

/* A vma is released under the policy it was counted under. */
static int daxmgr_set_pin_mode(struct daxmgr_dev *ddev, unsigned long mode)
{
	int rc = 0;

	spin_lock(&ddev->vma_lock);
	if (ddev->unbinding || (ddev->mappings && ddev->pin_mode != mode))
		rc = -EBUSY;
	else
		ddev->pin_mode = mode;
	spin_unlock(&ddev->vma_lock);
	return rc;
}

static ssize_t pin_mode_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t len)
{
	int mode = sysfs_match_string(daxmgr_pin_mode_names, buf);

	if (mode < 0)
		return -EINVAL;
	return daxmgr_change(dev, len, daxmgr_set_pin_mode, mode);
}
static DEVICE_ATTR_RW(pin_mode);

static ssize_t mappings_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%ld\n", daxmgr_pin_mappings(to_daxmgr_dev(dev)));
}
static DEVICE_ATTR_RO(mappings);

static ssize_t pinned_pages_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct daxmgr_dev *ddev = to_daxmgr_dev(dev);
	unsigned long n;

	mutex_lock(&ddev->lock);
	n = daxmgr_pagemap_busy(ddev);
	mutex_unlock(&ddev->lock);
	return sysfs_emit(buf, "%lu\n", n);
}
static DEVICE_ATTR_RO(pinned_pages);

/* Trigger attributes accept "1" and nothing else (kstrtobool would take "1x"). */
static int daxmgr_parse_trigger(const char *buf)
{
	return sysfs_streq(buf, "1") ? 0 : -EINVAL;
}

static int daxmgr_quiesce(struct daxmgr_dev *ddev, unsigned long unused)
{
	if (ddev->state == DAXMGR_DISABLED)
		return -ENXIO;
	if (ddev->unbinding)
		return -EBUSY;
	if (ddev->state == DAXMGR_LIVE)
		ddev->state = DAXMGR_QUIESCED;
	return 0;
}

static int daxmgr_unquiesce(struct daxmgr_dev *ddev, unsigned long unused)
{
	if (ddev->state == DAXMGR_DISABLED)
		return -ENXIO;
	if (ddev->unbinding)
		return -EBUSY;
	if (ddev->state != DAXMGR_LIVE) {
		/* after a revoke, only files opened from now on can map */
		ddev->state = DAXMGR_LIVE;
		WRITE_ONCE(ddev->alive, true);
	}
	return 0;
}

/*
 * Allowed while an unbind waits for vma-policy mappings: it is how the
 * admin ends that wait.  Pinned pages are not waited for here; a caller
 * that wants a bounded wait polls "pinned_pages".
 */
static int daxmgr_revoke(struct daxmgr_dev *ddev, unsigned long unused)
{
	if (ddev->state == DAXMGR_DISABLED)
		return -ENXIO;
	daxmgr_revoke_locked(ddev);
	return 0;
}

#define DAXMGR_TRIGGER_ATTR(name)					\
static ssize_t name##_store(struct device *dev,				\
			    struct device_attribute *attr,		\
			    const char *buf, size_t len)		\
{									\
	int rc = daxmgr_parse_trigger(buf);				\
									\
	return rc ? rc : daxmgr_change(dev, len, daxmgr_##name, 0);	\
}									\
static DEVICE_ATTR_WO(name)

DAXMGR_TRIGGER_ATTR(quiesce);
DAXMGR_TRIGGER_ATTR(unquiesce);
DAXMGR_TRIGGER_ATTR(revoke);

#define DAXMGR_FAULT_ATTR(name, kind)					\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%ld\n",					\
		atomic_long_read(&to_daxmgr_dev(dev)->faults[kind]));	\
}									\
static DEVICE_ATTR_RO(name)

DAXMGR_FAULT_ATTR(faults_pte, DAXMGR_FAULT_PTE);
DAXMGR_FAULT_ATTR(faults_pmd, DAXMGR_FAULT_PMD);
DAXMGR_FAULT_ATTR(faults_pud, DAXMGR_FAULT_PUD);

static struct attribute *daxmgr_dev_attrs[] = {
	&dev_attr_size.attr,
	&dev_attr_resource.attr,
	&dev_attr_align.attr,
	&dev_attr_target_node.attr,
	&dev_attr_numa_node.attr,
	&dev_attr_state.attr,
	&dev_attr_pin_mode.attr,
	&dev_attr_mappings.attr,
	&dev_attr_pinned_pages.attr,
	&dev_attr_quiesce.attr,
	&dev_attr_unquiesce.attr,
	&dev_attr_revoke.attr,
	&dev_attr_faults_pte.attr,
	&dev_attr_faults_pmd.attr,
	&dev_attr_faults_pud.attr,
	NULL,
};

static const struct attribute_group daxmgr_dev_group = {
	.attrs = daxmgr_dev_attrs,
};

const struct attribute_group *daxmgr_dev_groups[] = {
	&daxmgr_dev_group,
	NULL,
};

/* The char device's attributes read through to its bus device. */
static struct daxmgr_dev *chardev_to_daxmgr_dev(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static ssize_t chardev_size_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return size_show(&chardev_to_daxmgr_dev(dev)->dev, attr, buf);
}

static ssize_t chardev_align_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return align_show(&chardev_to_daxmgr_dev(dev)->dev, attr, buf);
}

static struct device_attribute dev_attr_chardev_size =
	__ATTR(size, 0444, chardev_size_show, NULL);
static struct device_attribute dev_attr_chardev_align =
	__ATTR(align, 0444, chardev_align_show, NULL);

static struct attribute *daxmgr_chardev_attrs[] = {
	&dev_attr_chardev_size.attr,
	&dev_attr_chardev_align.attr,
	NULL,
};

static const struct attribute_group daxmgr_chardev_group = {
	.attrs = daxmgr_chardev_attrs,
};

const struct attribute_group *daxmgr_chardev_groups[] = {
	&daxmgr_chardev_group,
	NULL,
};
