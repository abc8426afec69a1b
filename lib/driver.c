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

/* The write of @dev's name to @drv's @attr failed with @rc: say so. */
static int dm_driver_failed(struct daxmgr_dev *dev, const char *drv,
			    const char *attr, int rc)
{
	dm_err(dev->ctx, "%s: %s's %s: %s\n", dev->name, drv, attr, strerror(-rc));
	return rc;
}

/*
 * Hand @dev to daxmgr.  A device another driver than device_dax has (kmem:
 * system RAM) is -EBUSY.  new_id attaches without reporting a refused
 * probe, and device_dax may take the device back between our unbind and
 * new_id (a new device it had not probed yet): check the link, and bind
 * explicitly to get the probe's errno.  Every failure is logged.
 */
int dm_hand_to_daxmgr(struct daxmgr_dev *dev)
{
	const struct daxmgr_ctx *ctx = dev->ctx;
	int rc = 0, tries;

	if (dm_exists(ctx, DM_DRIVER) != 1) {
		dm_err(dev->ctx, "%s: the daxmgr module is not loaded: not handed to daxmgr\n",
		       dev->name);
		return -ENODEV;
	}
	for (tries = 0; tries < DM_HANDOFF_TRIES; tries++) {
		if (daxmgr_dev_is_daxmgr(dev))
			return 0;
		if (!strcmp(dev->driver, DAXMGR_DEVICE_DAX)) {
			rc = dm_driver_write(ctx, DAXMGR_DEVICE_DAX, "unbind", dev->name);
			if (rc && rc != -ENODEV)
				return dm_driver_failed(dev, DAXMGR_DEVICE_DAX, "unbind", rc);
		} else if (daxmgr_dev_is_enabled(dev)) {
			dm_err(dev->ctx, "%s: %s has it: not handed to daxmgr\n", dev->name,
			       dev->driver);
			return -EBUSY;
		}
		rc = dm_driver_write(ctx, DAXMGR_DRIVER, "new_id", dev->name);
		if (rc && rc != -EEXIST)
			return dm_driver_failed(dev, DAXMGR_DRIVER, "new_id", rc);
		rc = dm_dev_load_for(dev, "hand-over");
		if (rc)
			return rc;
		if (daxmgr_dev_is_daxmgr(dev))
			return 0;
		if (!daxmgr_dev_is_enabled(dev)) {
			/* the id is there: bind says why the probe failed */
			rc = dm_driver_write(ctx, DAXMGR_DRIVER, "bind", dev->name);
			if (rc && rc != -EBUSY)
				return dm_driver_failed(dev, DAXMGR_DRIVER, "bind", rc);
			rc = dm_dev_load_for(dev, "hand-over");
			if (rc)
				return rc;
		}
	}
	if (daxmgr_dev_is_daxmgr(dev))
		return 0;
	if (daxmgr_dev_is_enabled(dev))
		dm_err(dev->ctx, "%s: %s took it back %d times: not handed to daxmgr\n",
		       dev->name, dev->driver, DM_HANDOFF_TRIES);
	else
		dm_err(dev->ctx, "%s: daxmgr's probe refused it (the kernel log says why): not handed to daxmgr\n",
		       dev->name);
	return -EBUSY;
}

/* Give an unbound @dev back to device_dax and forget its id. */
int dm_give_back(struct daxmgr_dev *dev)
{
	const struct daxmgr_ctx *ctx = dev->ctx;
	int rc;

	if (daxmgr_dev_is_enabled(dev)) {
		dm_err(dev->ctx, "%s: %s has it: not given back to device_dax\n",
		       dev->name, dev->driver);
		return -EBUSY;
	}
	rc = dm_driver_write(ctx, DAXMGR_DRIVER, "remove_id", dev->name);
	if (rc && rc != -ENOENT && rc != -ENODEV)
		return dm_driver_failed(dev, DAXMGR_DRIVER, "remove_id", rc);
	rc = dm_driver_write(ctx, DAXMGR_DEVICE_DAX, "bind", dev->name);
	if (rc)
		return dm_driver_failed(dev, DAXMGR_DEVICE_DAX, "bind", rc);
	return dm_dev_load_for(dev, "give back");
}

DAXMGR_EXPORT int daxmgr_dev_bind(struct daxmgr_dev *dev)
{
	int rc;

	if (!dev)
		return -EINVAL;
	rc = dm_dev_load_for(dev, "bind");
	if (rc)
		return rc;
	/* an unbind that was interrupted or timed out left it quiesced */
	if (daxmgr_dev_is_daxmgr(dev) && strcmp(dev->state, "live")) {
		rc = dm_dev_store(dev, "unquiesce", "1\n");
		if (rc == -EBUSY && !strcmp(dev->state, "revoked"))
			dm_err(dev->ctx, "%s stays revoked: pages pinned before its revoke are still held; bind again once they are released\n",
			       dev->name);
		else if (rc)
			dm_dev_log_failed(dev, "unquiesce", rc);
		return rc;
	}
	if (daxmgr_dev_is_daxmgr(dev))
		return 0;
	if (daxmgr_dev_is_enabled(dev)) {
		/* device_dax's: that is daxmgr_take() */
		dm_err(dev->ctx, "%s is bound to %s: not bound to daxmgr\n", dev->name,
		       dev->driver);
		return -EBUSY;
	}
	/* the range stays claimed until the last pinned page is released */
	if (dev->parked_pages >= 0) {
		dm_err(dev->ctx, "%s is parked: %ld page(s) pinned before its unbind are still held; it can be bound once they are released\n",
		       dev->name, dev->parked_pages);
		return -EBUSY;
	}
	rc = dm_hand_to_daxmgr(dev);
	/* the probe starts in vma: a recorded device gets its own mode back */
	return rc ? rc : dm_restore_pin_mode(dev);
}
