// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxmgr's attributes of a dax device it serves
 * (/sys/bus/dax/devices/daxX.Y/...), beside the dax core's own size,
 * align, target_node and resource.  The group is added by probe and removed
 * by devm after remove() has returned, so "revoke" stays writable while an
 * unbind waits.  Every store validates its whole input before it changes
 * anything; writable attributes are root-only, and so is pinned_pages (it
 * says which physical pages a process has pinned).
 *
 * The driver's own bind and unbind files are in bind.c; the pagemaps that
 * unbind had to park are devices of /sys/class/daxmgr_park (pagemap.c).
 */
#include <linux/device.h>
#include <linux/log2.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "daxmgr.h"

static const char * const daxmgr_state_names[] = {
	[DAXMGR_LIVE]		= "live",
	[DAXMGR_QUIESCED]	= "quiesced",
	[DAXMGR_REVOKED]	= "revoked",
	[DAXMGR_GONE]		= "unbound",
};

static const char * const daxmgr_pin_mode_names[] = {
	[DAXMGR_PIN_VMA]	= "vma",
	[DAXMGR_PIN_IO]		= "io",
};

static struct daxmgr_binding *to_daxmgr_binding(struct device *dev)
{
	return dev_get_drvdata(dev);
}

/*
 * Wake poll()ers of an attribute (the library waits with poll).  @kn is
 * NULL only while probe has not looked it up, when nobody can wait yet.
 */
void daxmgr_notify(struct kernfs_node *kn)
{
	if (kn)
		sysfs_notify_dirent(kn);
}

typedef int (*daxmgr_change_fn)(struct daxmgr_binding *ddev, unsigned long arg);

/*
 * Every store that changes a device runs its change under both locks,
 * serialised with the steps of remove() and the other stores.
 */
static ssize_t daxmgr_change(struct device *dev, size_t len,
			     daxmgr_change_fn change, unsigned long arg)
{
	struct daxmgr_binding *ddev = to_daxmgr_binding(dev);
	int rc;

	rc = mutex_lock_interruptible(&ddev->reconfig_lock);
	if (rc)
		return rc;
	mutex_lock(&ddev->lock);
	/* probe sets the state last; a change before that would be lost */
	rc = ddev->probing ? -EBUSY : change(ddev, arg);
	mutex_unlock(&ddev->lock);
	mutex_unlock(&ddev->reconfig_lock);
	return rc ? rc : len;
}

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  daxmgr_state_names[READ_ONCE(to_daxmgr_binding(dev)->state)]);
}
static DEVICE_ATTR_RO(state);

static ssize_t pin_mode_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  daxmgr_pin_mode_names[READ_ONCE(to_daxmgr_binding(dev)->pin_mode)]);
}

/* A vma is released under the policy it was counted under. */
static int daxmgr_set_pin_mode(struct daxmgr_binding *ddev, unsigned long mode)
{
	int rc = 0;

	lockdep_assert_held(&ddev->reconfig_lock);
	lockdep_assert_held(&ddev->lock);
	spin_lock(&ddev->vma_lock);
	if (ddev->unbinding || (ddev->vmas && ddev->pin_mode != mode))
		rc = -EBUSY;
	else
		WRITE_ONCE(ddev->pin_mode, mode);
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

static ssize_t vmas_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%ld\n", daxmgr_pin_vmas(to_daxmgr_binding(dev)));
}
static DEVICE_ATTR_RO(vmas);

/*
 * No lock: the count visits only touched units, and the pagemap cannot go
 * while this attribute exists (it is removed before the pagemap).
 */
static ssize_t pinned_pages_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n",
			  daxmgr_pagemap_busy(to_daxmgr_binding(dev)->pm, false));
}
static DEVICE_ATTR_ADMIN_RO(pinned_pages);

/*
 * Files of the node open under daxmgr, whichever binding they were opened
 * under: until they are closed, opens of the node keep reaching daxmgr
 * (and fail with ENXIO once another driver serves the device).
 */
static ssize_t open_files_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%ld\n",
			  atomic_long_read(&to_daxmgr_binding(dev)->node->files));
}
static DEVICE_ATTR_RO(open_files);

/*
 * fault_around_bytes (4K devices only): how much a PTE fault maps around
 * it, 0 for nothing more than the faulting page; else a power of two from
 * the page size to PMD_SIZE (the window stays in one page table).
 */
static ssize_t fault_around_bytes_show(struct device *dev,
				       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", READ_ONCE(to_daxmgr_binding(dev)->fault_around));
}

static int daxmgr_set_fault_around(struct daxmgr_binding *ddev, unsigned long bytes)
{
	lockdep_assert_held(&ddev->reconfig_lock);
	lockdep_assert_held(&ddev->lock);
	WRITE_ONCE(ddev->fault_around, bytes);
	return 0;
}

static ssize_t fault_around_bytes_store(struct device *dev,
					struct device_attribute *attr,
					const char *buf, size_t len)
{
	unsigned long bytes;

	if (kstrtoul(buf, 0, &bytes))
		return -EINVAL;
	if (bytes && (!is_power_of_2(bytes) || bytes < PAGE_SIZE || bytes > PMD_SIZE))
		return -EINVAL;
	return daxmgr_change(dev, len, daxmgr_set_fault_around, bytes);
}
static DEVICE_ATTR_RW(fault_around_bytes);

/* Trigger attributes accept "1" and nothing else (kstrtobool would take "1x"). */
static int daxmgr_parse_trigger(const char *buf)
{
	return sysfs_streq(buf, "1") ? 0 : -EINVAL;
}

static int daxmgr_quiesce(struct daxmgr_binding *ddev, unsigned long unused)
{
	lockdep_assert_held(&ddev->reconfig_lock);
	if (ddev->unbinding)
		return -EBUSY;
	if (ddev->state == DAXMGR_LIVE) {
		daxmgr_set_state(ddev, DAXMGR_QUIESCED);
		daxmgr_notify(ddev->kn_state);
	}
	return 0;
}

/*
 * After a revoke, the device goes live again only once no page pinned
 * before the revoke is still held: otherwise a revoked process's O_DIRECT
 * could land in the data of the next user.  No new pin can appear while
 * revoked (no page-table entry is left and faults fail), so every busy
 * page counted here is an old one.
 */
static int daxmgr_unquiesce(struct daxmgr_binding *ddev, unsigned long unused)
{
	unsigned long pinned;

	lockdep_assert_held(&ddev->reconfig_lock);
	if (ddev->unbinding)
		return -EBUSY;
	if (ddev->state == DAXMGR_LIVE)
		return 0;
	if (ddev->state == DAXMGR_REVOKED) {
		pinned = daxmgr_pagemap_busy(ddev->pm, false);
		if (pinned) {
			dev_info_ratelimited(ddev->dev,
					     "stays revoked: %lu page(s) pinned before the revoke are still held\n",
					     pinned);
			return -EBUSY;
		}
	}
	/* after a revoke, only files opened from now on can map */
	daxmgr_set_state(ddev, DAXMGR_LIVE);
	daxmgr_set_alive(ddev, true);	/* release: the revoke's gen first */
	daxmgr_notify(ddev->kn_state);
	return 0;
}

/*
 * Allowed while an unbind waits for vma-policy mappings: it is how the
 * admin ends that wait.  Pinned pages are not waited for here; a caller
 * that wants a bounded wait polls "pinned_pages", and unbind drains them.
 */
static int daxmgr_revoke(struct daxmgr_binding *ddev, unsigned long unused)
{
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
		atomic_long_read(&to_daxmgr_binding(dev)->faults[kind]));	\
}									\
static DEVICE_ATTR_RO(name)

DAXMGR_FAULT_ATTR(faults_pte, DAXMGR_FAULT_PTE);
DAXMGR_FAULT_ATTR(faults_pmd, DAXMGR_FAULT_PMD);
DAXMGR_FAULT_ATTR(faults_pud, DAXMGR_FAULT_PUD);

static struct attribute *daxmgr_dev_attrs[] = {
	&dev_attr_state.attr,
	&dev_attr_pin_mode.attr,
	&dev_attr_vmas.attr,
	&dev_attr_pinned_pages.attr,
	&dev_attr_open_files.attr,
	&dev_attr_quiesce.attr,
	&dev_attr_unquiesce.attr,
	&dev_attr_revoke.attr,
	&dev_attr_faults_pte.attr,
	&dev_attr_faults_pmd.attr,
	&dev_attr_faults_pud.attr,
	&dev_attr_fault_around_bytes.attr,
	NULL,
};

/* fault_around_bytes exists on 4K devices only: nothing else maps PTEs */
static umode_t daxmgr_dev_attr_visible(struct kobject *kobj,
				       struct attribute *attr, int n)
{
	struct daxmgr_binding *ddev = to_daxmgr_binding(kobj_to_dev(kobj));

	if (attr == &dev_attr_fault_around_bytes.attr && ddev->align != PAGE_SIZE)
		return 0;
	return attr->mode;
}

const struct attribute_group daxmgr_dev_group = {
	.attrs = daxmgr_dev_attrs,
	.is_visible = daxmgr_dev_attr_visible,
};

static struct attribute *daxmgr_drv_attrs[] = {
	&daxmgr_drv_attr_bind.attr,
	&daxmgr_drv_attr_unbind.attr,
	NULL,
};

static const struct attribute_group daxmgr_drv_group = {
	.attrs = daxmgr_drv_attrs,
};

const struct attribute_group *daxmgr_drv_groups[] = {
	&daxmgr_drv_group,
	NULL,
};
