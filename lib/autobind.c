// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/* Boot time: hand recorded devices back to daxmgr (udev, daxmgr autobind). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "private.h"

DAXMGR_EXPORT int daxmgr_autobind(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev)
{
	struct dm_conf conf;
	struct dm_ns_info info;
	char buf[8];
	int rc;

	if (!ctx || !dev || dev->ctx != ctx)
		return -EINVAL;
	if (dev->gone)
		return -ENODEV;
	if (!dm_real_sysfs(ctx))
		return 1;
	rc = dm_ns_of_dev(dev->ctx, dev->name, &info);
	if (rc == -ENOENT || (!rc && !info.uuid[0]))
		return 1;
	if (rc)
		return rc;
	rc = dm_conf_read(ctx, info.uuid, &conf);
	if (rc == -ENOENT)
		return 1;
	if (rc)
		return rc;
	/* two owners recorded: apply neither of ours, the admin must choose */
	rc = dm_daxctl_check(ctx, info.uuid);
	if (rc)
		return rc;
	rc = daxmgr_load_module(ctx);
	if (rc)
		return rc;
	rc = dm_dev_load(dev);
	if (!rc && daxmgr_dev_is_enabled(dev) && !daxmgr_dev_is_daxmgr(dev) &&
	    strcmp(dev->driver, DAXMGR_DEVICE_DAX))
		return -EBUSY;	/* kmem has it: leave it */
	/*
	 * Never unbind device_dax under a process that maps the device or
	 * has it open (a hotplug, a udevadm trigger, autobind --all while an
	 * application runs): leave it, -EBUSY, the caller names the users.
	 */
	if (!rc && daxmgr_dev_is_enabled(dev) && !daxmgr_dev_is_daxmgr(dev))
		rc = dm_check_unused(dev);
	if (!rc)
		rc = dm_hand_to_daxmgr(dev);
	if (!rc && dev->pin_mode != conf.pin_mode) {
		snprintf(buf, sizeof(buf), "%s\n", daxmgr_pin_mode_name(conf.pin_mode));
		rc = dm_dev_store(dev, "pin_mode", buf);
	}
	return rc;
}

/*
 * daxmgr_dev_bind() of a device with a record: its recorded pin mode, as
 * autobind would set it (a device the driver has just probed is vma).
 */
int dm_restore_pin_mode(struct daxmgr_dev *dev)
{
	struct dm_conf conf;
	struct dm_ns_info info;
	char buf[8];
	int rc;

	if (!dm_real_sysfs(dev->ctx))
		return 0;
	rc = dm_ns_of_dev(dev->ctx, dev->name, &info);
	if (rc == -ENOENT || (!rc && !info.uuid[0]))
		return 0;	/* no namespace: no record */
	if (rc)
		return rc;
	rc = dm_conf_read(dev->ctx, info.uuid, &conf);
	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	rc = dm_dev_load(dev);
	if (rc || dev->pin_mode == conf.pin_mode)
		return rc;
	snprintf(buf, sizeof(buf), "%s\n", daxmgr_pin_mode_name(conf.pin_mode));
	rc = dm_dev_store(dev, "pin_mode", buf);
	return rc ? rc : dm_dev_load(dev);
}

DAXMGR_EXPORT int daxmgr_dev_uuid(const struct daxmgr_dev *dev, char uuid[37])
{
	struct dm_ns_info info;
	int rc;

	if (!dev || !uuid)
		return -EINVAL;
	rc = dm_ns_of_dev(dev->ctx, dev->name, &info);
	if (!rc && !info.uuid[0])
		rc = -ENOENT;
	if (!rc)
		memcpy(uuid, info.uuid, sizeof(info.uuid));
	return rc;
}
