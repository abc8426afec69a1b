// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/*
 * Moving a dax device between drivers, as the contract (and libdaxctl for
 * kmem) does it: unbind from device_dax, new_id (or bind) on daxmgr; and
 * back: remove_id on daxmgr, bind on device_dax.
 */
#include <errno.h>
#include <string.h>

#include "private.h"

#define DM_HANDOFF_TRIES	3

int dm_driver_write(const struct daxmgr_ctx *ctx, const char *drv,
		    const char *attr, const char *devname)
{
	return dm_write_attr(ctx, devname, DM_DRIVERS "/%s/%s", drv, attr);
}

/*
 * Hand @dev to daxmgr.  A device another driver than device_dax has (kmem:
 * system RAM) is -EBUSY.  new_id attaches without reporting a refused
 * probe, and device_dax may take the device back between our unbind and
 * new_id (a new device it had not probed yet): check the link, and bind
 * explicitly to get the probe's errno.
 */
int dm_hand_to_daxmgr(struct daxmgr_dev *dev)
{
	const struct daxmgr_ctx *ctx = dev->ctx;
	int rc = 0, tries;

	if (dm_exists(ctx, DM_DRIVER) != 1)
		return -ENODEV;		/* the module is not loaded */
	for (tries = 0; tries < DM_HANDOFF_TRIES; tries++) {
		if (daxmgr_dev_is_daxmgr(dev))
			return 0;
		if (!strcmp(dev->driver, DAXMGR_DEVICE_DAX)) {
			rc = dm_driver_write(ctx, DAXMGR_DEVICE_DAX, "unbind", dev->name);
			if (rc && rc != -ENODEV)
				return rc;
		} else if (daxmgr_dev_is_enabled(dev)) {
			return -EBUSY;
		}
		rc = dm_driver_write(ctx, DAXMGR_DRIVER, "new_id", dev->name);
		if (rc && rc != -EEXIST)
			return rc;
		rc = dm_dev_load(dev);
		if (rc)
			return rc;
		if (daxmgr_dev_is_daxmgr(dev))
			return 0;
		if (!daxmgr_dev_is_enabled(dev)) {
			/* the id is there: bind says why the probe failed */
			rc = dm_driver_write(ctx, DAXMGR_DRIVER, "bind", dev->name);
			if (rc && rc != -EBUSY)
				return rc;
			rc = dm_dev_load(dev);
			if (rc)
				return rc;
		}
	}
	return daxmgr_dev_is_daxmgr(dev) ? 0 : -EBUSY;
}

/* Give an unbound @dev back to device_dax and forget its id. */
int dm_give_back(struct daxmgr_dev *dev)
{
	const struct daxmgr_ctx *ctx = dev->ctx;
	int rc;

	if (daxmgr_dev_is_enabled(dev))
		return -EBUSY;
	rc = dm_driver_write(ctx, DAXMGR_DRIVER, "remove_id", dev->name);
	if (rc && rc != -ENOENT && rc != -ENODEV)
		return rc;
	rc = dm_driver_write(ctx, DAXMGR_DEVICE_DAX, "bind", dev->name);
	if (rc)
		return rc;
	return dm_dev_load(dev);
}

DAXMGR_EXPORT int daxmgr_dev_bind(struct daxmgr_dev *dev)
{
	int rc;

	if (!dev)
		return -EINVAL;
	rc = dm_dev_load(dev);
	if (rc)
		return rc;
	/* an unbind that was interrupted or timed out left it quiesced */
	if (daxmgr_dev_is_daxmgr(dev))
		return strcmp(dev->state, "live") ? daxmgr_dev_unquiesce(dev) : 0;
	if (daxmgr_dev_is_enabled(dev))
		return -EBUSY;	/* device_dax's: that is daxmgr_take() */
	/* the range stays claimed until the last pinned page is released */
	if (dev->parked_pages >= 0)
		return -EBUSY;
	rc = dm_hand_to_daxmgr(dev);
	/* the probe starts in vma: a recorded device gets its own mode back */
	return rc ? rc : dm_restore_pin_mode(dev);
}
