// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/* Boot time: hand recorded devices back to daxmgr (udev, daxmgr autobind). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "private.h"

/* Two owners recorded for @uuid: neither applies, the admin must choose. */
static int dm_autobind_daxctl_check(struct daxmgr_dev *dev, const char *uuid)
{
	char file[DM_DAXCTL_FILE_MAX], section[DM_DAXCTL_SECTION_MAX], path[512];
	int rc = dm_daxctl_check(dev->ctx, uuid, file, section);

	if (rc == -ENOTUNIQ && dm_log_wanted(dev->ctx, LOG_ERR)) {
		if (daxmgr_record_path(dev->ctx, uuid, path, sizeof(path)))
			snprintf(path, sizeof(path), "%s", dev->ctx->confdir);
		dm_err(dev->ctx, "%s: NOT handed to daxmgr: uuid %s is claimed both by daxmgr's record %s and by daxctl in %s [%s]; left as it is\n",
		       dev->name, uuid, path, file, section);
	}
	return rc;
}

/* No daxmgr module for the running kernel: say which kernel. */
static void dm_autobind_no_module(struct daxmgr_dev *dev, int rc)
{
	struct utsname u;

	if (!dm_log_wanted(dev->ctx, LOG_ERR))
		return;
	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "?");
	dm_err(dev->ctx, "%s has a daxmgr record but no daxmgr module loads for this kernel (%s): %s; %s is left with %s\n",
	       dev->name, u.release, strerror(-rc), dev->name,
	       daxmgr_dev_is_enabled(dev) ? dev->driver : "no driver");
}

DAXMGR_EXPORT int daxmgr_autobind(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev)
{
	struct dm_conf conf;
	struct dm_ns_info info;
	char buf[8];
	int rc;

	if (!ctx || !dev || dev->ctx != ctx)
		return -EINVAL;
	if (dev->gone) {
		dm_dev_log_failed(dev, "autobind", -ENODEV);
		return -ENODEV;
	}
	if (!dm_real_sysfs(ctx))
		return 1;
	rc = dm_ns_of_dev(dev->ctx, dev->name, &info);
	if (rc == -ENOENT || (!rc && !info.uuid[0]))
		return 1;
	if (rc) {
		dm_err(ctx, "%s: its namespace: %s: not handed to daxmgr\n", dev->name,
		       strerror(-rc));
		return rc;
	}
	rc = dm_conf_read(ctx, info.uuid, &conf);
	if (rc == -ENOENT)
		return 1;
	if (rc) {
		dm_err(ctx, "%s: its persistence record (uuid %s): %s: not handed to daxmgr\n",
		       dev->name, info.uuid, strerror(-rc));
		return rc;
	}
	rc = dm_autobind_daxctl_check(dev, info.uuid);
	if (rc)
		return rc;
	rc = dm_load_module(ctx);
	if (rc) {
		dm_autobind_no_module(dev, rc);
		return rc;
	}
	rc = dm_dev_load_for(dev, "autobind");
	if (rc)
		return rc;
	if (daxmgr_dev_is_enabled(dev) && !daxmgr_dev_is_daxmgr(dev) &&
	    strcmp(dev->driver, DAXMGR_DEVICE_DAX)) {
		/* kmem has it: leave it */
		dm_err(ctx, "%s has a daxmgr record but %s has it: left alone\n",
		       dev->name, dev->driver);
		return -EBUSY;
	}
	/*
	 * Never unbind device_dax under a process that maps the device or
	 * has it open (a hotplug, a udevadm trigger, autobind --all while an
	 * application runs): leave it, -EBUSY, the caller names the users.
	 */
	if (daxmgr_dev_is_enabled(dev) && !daxmgr_dev_is_daxmgr(dev))
		rc = dm_check_unused(dev);
	if (!rc)
		rc = dm_hand_to_daxmgr(dev);
	if (!rc && dev->pin_mode != conf.pin_mode) {
		snprintf(buf, sizeof(buf), "%s\n", daxmgr_pin_mode_name(conf.pin_mode));
		rc = dm_dev_store(dev, "pin_mode", buf);
		if (rc)
			dm_dev_log_failed(dev, "its recorded pin mode", rc);
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
	if (!rc)
		rc = dm_conf_read(dev->ctx, info.uuid, &conf);
	if (rc == -ENOENT)
		return 0;
	if (!rc)
		rc = dm_dev_load(dev);
	if (rc || dev->pin_mode == conf.pin_mode)
		goto out;
	snprintf(buf, sizeof(buf), "%s\n", daxmgr_pin_mode_name(conf.pin_mode));
	rc = dm_dev_store(dev, "pin_mode", buf);
out:
	if (rc)
		dm_dev_log_failed(dev, "bound, but its recorded pin mode", rc);
	return rc;
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
