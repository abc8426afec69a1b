// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * Which devices daxmgr binds, and its bind and unbind files.
 *
 * The dax bus matches a driver to the devices named in its id list
 * (new_id), and a write of new_id attaches every listed device that has
 * no driver, taking each one's device_lock in turn (drivers/dax/bus.c
 * do_id_store(), driver_attach()).  A device that stayed listed after an
 * unbind would be bound again by the next new_id of any other device, and
 * that new_id would first wait for the device_lock its remove() holds
 * through a drain.  So an unbind, by any path, takes the device off the
 * list before it waits: our unbind file before it detaches, remove()
 * again for detaches that did not come through it.
 *
 * The driver core's bind file would then refuse the device (it binds only
 * what the bus matches), so daxmgr has bind and unbind files of its own
 * (suppress_bind_attrs): they do what the driver core's do
 * (drivers/base/bus.c), a device bound on request goes back on the list,
 * as if named through new_id, and the unbind waits for what it has to
 * (mappings, pinned pages) before it takes the device_lock to detach.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "daxmgr.h"

/* Our driver, and the dax bus's own new_id and remove_id files of it. */
static struct device_driver *daxmgr_drv;
static struct driver_attribute *daxmgr_new_id, *daxmgr_remove_id;

static ssize_t daxmgr_id_store(struct driver_attribute *attr,
			       struct device *dev)
{
	return attr->store(daxmgr_drv, dev_name(dev), strlen(dev_name(dev)));
}

static struct driver_attribute *daxmgr_bus_drv_attr(struct device_driver *drv,
						    const char *name)
{
	const struct attribute_group **groups = drv->bus->drv_groups;
	struct attribute **attr;

	for (; groups && *groups; groups++)
		for (attr = (*groups)->attrs; attr && *attr; attr++)
			if (!strcmp((*attr)->name, name))
				return container_of(*attr, struct driver_attribute, attr);
	return NULL;
}

/* Called once the driver is registered: the bus has set drv->bus. */
int daxmgr_ids_init(struct device_driver *drv)
{
	daxmgr_drv = drv;
	daxmgr_new_id = daxmgr_bus_drv_attr(drv, "new_id");
	daxmgr_remove_id = daxmgr_bus_drv_attr(drv, "remove_id");
	if (!daxmgr_new_id || !daxmgr_new_id->store ||
	    !daxmgr_remove_id || !daxmgr_remove_id->store) {
		pr_err("the dax bus has no new_id/remove_id driver files\n");
		return -ENODEV;
	}
	return 0;
}

/*
 * Take @dev off the id list: no new_id of another device binds it again,
 * or waits for its lock.  Only the dax bus's mutex is taken, which nests
 * inside device_lock (the bus's match takes it under that lock too).
 */
void daxmgr_id_forget(struct device *dev)
{
	ssize_t rc = daxmgr_id_store(daxmgr_remove_id, dev);

	if (rc < 0)
		dev_warn(dev, "could not leave daxmgr's id list (%zd)\n", rc);
}

/*
 * Detach @dev from daxmgr, if daxmgr serves it: off the id list first,
 * the protocol's waits (mappings, pinned pages) before the device_lock,
 * then the detach.  What our unbind file does, and a bind that cannot
 * finish.
 */
static bool daxmgr_detach(struct device_driver *drv, struct device *dev)
{
	struct daxmgr_binding *ddev;

	if (dev->driver != drv)
		return false;
	daxmgr_id_forget(dev);
	/* none while probe runs: remove() then does the waiting */
	ddev = daxmgr_binding_lookup(dev->devt);
	if (ddev) {
		daxmgr_unbind_wait(ddev);
		daxmgr_binding_put(ddev);
	}
	device_release_driver(dev);
	return true;
}

static ssize_t bind_store(struct device_driver *drv, const char *buf,
			  size_t count)
{
	struct device *dev = bus_find_device_by_name(drv->bus, NULL, buf);
	ssize_t rc;

	if (!dev)
		return -ENODEV;
	rc = device_driver_attach(drv, dev);
	/* listed again; the attach of new_id finds the device bound */
	if (!rc) {
		rc = daxmgr_id_store(daxmgr_new_id, dev);
		/*
		 * Not listed (the bus could not allocate its id): the bind
		 * fails whole rather than leave bound a device that the next
		 * unbind would not find on the list it takes it off.
		 */
		if (rc < 0)
			daxmgr_detach(drv, dev);
	}
	put_device(dev);
	return rc < 0 ? rc : count;
}

static ssize_t unbind_store(struct device_driver *drv, const char *buf,
			    size_t count)
{
	struct device *dev = bus_find_device_by_name(drv->bus, NULL, buf);
	int rc;

	if (!dev)
		return -ENODEV;
	rc = daxmgr_detach(drv, dev) ? count : -ENODEV;
	put_device(dev);
	return rc;
}

/*
 * Without lockdep's map of the file's active reference, as the driver
 * core's: unbind waits in remove() for the attributes it removes.
 */
struct driver_attribute daxmgr_drv_attr_bind =
	__ATTR_IGNORE_LOCKDEP(bind, 0200, NULL, bind_store);
struct driver_attribute daxmgr_drv_attr_unbind =
	__ATTR_IGNORE_LOCKDEP(unbind, 0200, NULL, unbind_store);
