// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/* Creating daxmgr devices from namespaces or devdax devices, destroying them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

#define DM_DEFAULT_ALIGN	(2ULL << 20)

static int dm_store_pin_mode(struct daxmgr_dev *dev, enum daxmgr_pin_mode mode)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "%s\n", daxmgr_pin_mode_name(mode));
	return dm_dev_store(dev, "pin_mode", buf);
}

/* The persistence record of @dev: its namespace's devdax uuid. */
static int dm_dev_record(struct daxmgr_dev *dev, enum daxmgr_pin_mode mode)
{
	struct dm_conf conf = { .pin_mode = mode };
	struct dm_ns_info info;
	char path[512];
	int rc;

	if (!dm_real_sysfs(dev->ctx))
		return 0;
	rc = dm_ns_of_dev(dev->ctx, dev->name, &info);
	if (rc == -ENOENT || (!rc && !info.uuid[0]))
		return 0;	/* not from a namespace: nothing to key on */
	if (!rc) {
		snprintf(conf.namespace, sizeof(conf.namespace), "%s", info.ns);
		rc = dm_conf_write(dev->ctx, info.uuid, &conf);
	}
	if (rc) {
		if (daxmgr_record_path(dev->ctx, info.uuid, path, sizeof(path)))
			snprintf(path, sizeof(path), "%s", dev->ctx->confdir);
		dm_err(dev->ctx, "%s: its persistence record %s could not be written: %s\n",
		       dev->name, path, strerror(-rc));
	}
	return rc;
}

/* Hand @dev to daxmgr, set its pin mode, record it. */
static int dm_take(struct daxmgr_dev *dev, enum daxmgr_pin_mode mode)
{
	int rc = dm_hand_to_daxmgr(dev);

	if (!rc && dev->pin_mode != mode) {
		rc = dm_store_pin_mode(dev, mode);
		if (rc)
			dm_dev_log_failed(dev, "set pin mode", rc);
	}
	if (rc) {
		/* nothing can map it yet: a plain unbind gives it back */
		if (daxmgr_dev_is_daxmgr(dev))
			dm_driver_write(dev->ctx, DAXMGR_DRIVER, "unbind", dev->name);
		dm_dev_load(dev);
		if (!daxmgr_dev_is_enabled(dev))
			dm_give_back(dev);
		return rc;
	}
	return dm_dev_record(dev, mode);
}

/* The first holder of @busy, for a log line: "pid 4243 fio" */
static const char *dm_first_holder(const struct daxmgr_busy *busy, char *buf,
				   size_t len)
{
	snprintf(buf, len, "pid %d %s", (int)daxmgr_busy_holder_pid(busy, 0),
		 daxmgr_busy_holder_comm(busy, 0));
	return buf;
}

/*
 * -EBUSY if a process maps @dev (logged, naming @step and who maps it):
 * not taken from its driver, or, for the device of namespace @ns, @ns
 * left as it is.
 */
static int dm_check_unmapped(struct daxmgr_dev *dev, const char *step,
			     const char *ns)
{
	struct daxmgr_busy *busy;
	int rc = daxmgr_dev_holders(dev, &busy);
	char who[64];

	if (rc) {
		dm_err(dev->ctx, "%s: who maps it: %s\n", dev->name, strerror(-rc));
	} else if (daxmgr_busy_nr_holders(busy)) {
		rc = -EBUSY;
		if (dm_log_wanted(dev->ctx, LOG_ERR)) {
			dm_first_holder(busy, who, sizeof(who));
			if (ns)
				dm_log_at(dev->ctx, LOG_ERR, __FILE__, __LINE__, step,
					  "%s: mapped by %u process(es) (%s): %s left as it is\n",
					  dev->name, daxmgr_busy_nr_holders(busy), who, ns);
			else
				dm_log_at(dev->ctx, LOG_ERR, __FILE__, __LINE__, step,
					  "%s: mapped by %u process(es) (%s): not taken from %s\n",
					  dev->name, daxmgr_busy_nr_holders(busy), who,
					  *dev->driver ? dev->driver : "no driver");
		}
	}
	daxmgr_busy_free(busy);
	return rc;
}

/* -EBUSY if a process maps @dev or has it open (logged: autobind's words). */
int dm_check_unused(struct daxmgr_dev *dev)
{
	struct daxmgr_busy *busy;
	int rc = daxmgr_dev_file_holders(dev, &busy);

	if (rc) {
		dm_err(dev->ctx, "%s: who has it open: %s: not handed to daxmgr\n",
		       dev->name, strerror(-rc));
	} else if (daxmgr_busy_nr_holders(busy)) {
		rc = -EBUSY;
		dm_err(dev->ctx, "%s: NOT handed to daxmgr: in use under %s by %u process(es), left alone (unbinding it would pull the device from under its users)\n",
		       dev->name, daxmgr_dev_is_enabled(dev) ? dev->driver : "no driver",
		       daxmgr_busy_nr_holders(busy));
	}
	daxmgr_busy_free(busy);
	return rc;
}

DAXMGR_EXPORT int daxmgr_create_from_namespace(struct daxmgr_ctx *ctx,
					       const char *ns, uint64_t align,
					       enum daxmgr_map map,
					       enum daxmgr_pin_mode mode,
					       unsigned int flags,
					       struct daxmgr_dev **out)
{
	struct dm_autoprobe_hold hold;
	struct daxmgr_dev *dev;
	char name[32];
	int rc;

	if (!ctx || !ns)
		return -EINVAL;
	if ((unsigned int)mode > DAXMGR_PIN_IO || (unsigned int)map > DAXMGR_MAP_DEV ||
	    (flags & ~DAXMGR_CREATE_FORCE)) {
		dm_err(ctx, "%s: invalid pin mode, map or flags: left as it is\n", ns);
		return -EINVAL;
	}
	if (!dm_real_sysfs(ctx)) {
		/* libndctl knows only the real sysfs */
		dm_err(ctx, "%s: no such namespace (namespaces are read from /sys only, not %s)\n",
		       ns, ctx->sysfs);
		return -ENOENT;
	}
	if (dm_exists(ctx, DM_DRIVER) != 1) {
		dm_err(ctx, "%s: the daxmgr module is not loaded: left as it is\n", ns);
		return -ENODEV;
	}
	/*
	 * never reconfigure a namespace under a daxmgr device, a mapping or a
	 * parked pagemap (its range stays claimed: the namespace would not
	 * enable again), nor one whose devdax uuid daxctl's config claims
	 * (the admin meant daxctl to have it)
	 */
	daxmgr_dev_foreach(ctx, dev) {
		if (strcmp(dev->ns, ns))
			continue;
		rc = dm_dev_daxctl_check(dev, ns);
		if (rc)
			return rc;
		if (daxmgr_dev_is_daxmgr(dev)) {
			dm_err(ctx, "%s: its device %s is daxmgr's already: left as it is\n",
			       ns, dev->name);
			return -EBUSY;
		}
		if (dev->parked_pages >= 0) {
			dm_err(ctx, "%s: its device %s is parked (%ld page(s) pinned at its unbind still held): left as it is\n",
			       ns, dev->name, dev->parked_pages);
			return -EBUSY;
		}
		rc = dm_check_unmapped(dev, __func__, ns);
		if (rc)
			return rc;
	}
	/* the new device is daxmgr's from its first probe (autoprobe.c) */
	dm_autoprobe_hold(ctx, &hold);
	rc = dm_ns_make_devdax(ctx, ns, align ? align : DM_DEFAULT_ALIGN, map, flags,
			       name, sizeof(name));
	if (rc) {
		dm_autoprobe_release(ctx, &hold, NULL);
		dm_autoprobe_unblock(&hold);
		return rc;
	}
	rc = daxmgr_refresh(ctx);
	dev = rc ? NULL : daxmgr_dev_find(ctx, name);
	if (rc)
		dm_err(ctx, "%s: reading the dax devices: %s\n", ns, strerror(-rc));
	else if (!dev)
		dm_err(ctx, "%s: its device %s is not on the dax bus\n", ns, name);
	if (!dev)
		rc = rc ? rc : -ENODEV;
	else
		rc = dm_take(dev, mode);
	dm_autoprobe_release(ctx, &hold, name);
	if (rc && rc != -EROFS && rc != -EACCES) {
		/* leave the namespace as we found it: raw */
		dm_ns_make_raw(ctx, ns);
		daxmgr_refresh(ctx);
		dm_autoprobe_unblock(&hold);
		return rc;
	}
	/* signals wait for the clean-up too, not only for the window */
	dm_autoprobe_unblock(&hold);
	if (out)
		*out = rc ? NULL : dev;
	return rc;
}

DAXMGR_EXPORT int daxmgr_take(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev,
			      enum daxmgr_pin_mode mode)
{
	int rc;

	if (!ctx || !dev || dev->ctx != ctx)
		return -EINVAL;
	if ((unsigned int)mode > DAXMGR_PIN_IO) {
		dm_err(ctx, "%s: invalid pin mode %d: not taken\n", dev->name, mode);
		return -EINVAL;
	}
	rc = dm_dev_load_for(dev, "take");
	if (rc)
		return rc;
	if (daxmgr_dev_is_daxmgr(dev)) {
		dm_err(ctx, "%s: already a daxmgr device: not taken again\n", dev->name);
		return -EEXIST;
	}
	/* before the kmem test: daxctl's config is why kmem would have it */
	rc = dm_dev_daxctl_check(dev, NULL);
	if (rc)
		return rc;
	/*
	 * A dynamic device (no namespace behind it: a CXL volatile region's
	 * through dax_cxl, soft-reserved memory's through dax_hmem) has a
	 * "mapping" attribute, a static one has none; the driver refuses
	 * those (-EOPNOTSUPP), so do it before unbinding device_dax.
	 */
	if (dm_exists(ctx, DM_DEVICES "/%s/mapping", dev->name) == 1) {
		dm_err(ctx, "%s: a dynamic dax device, with no namespace behind it (a CXL volatile region's, or soft-reserved memory's: hmem): not taken; daxmgr serves the devdax namespaces of persistent memory (NVDIMM or a CXL pmem region)\n",
		       dev->name);
		return -EOPNOTSUPP;
	}
	if (daxmgr_dev_is_enabled(dev) && strcmp(dev->driver, DAXMGR_DEVICE_DAX)) {
		dm_err(ctx, "%s: %s has it (system RAM): not taken\n",
		       dev->name, dev->driver);
		return -EBUSY;
	}
	if (dm_exists(ctx, DM_DRIVER) != 1) {
		dm_err(ctx, "%s: the daxmgr module is not loaded: not taken\n", dev->name);
		return -ENODEV;
	}
	if (dev->parked_pages >= 0) {
		dm_err(ctx, "%s is parked: %ld page(s) pinned before its unbind are still held: not taken\n",
		       dev->name, dev->parked_pages);
		return -EBUSY;
	}
	rc = dm_check_unmapped(dev, __func__, NULL);
	return rc ? rc : dm_take(dev, mode);
}

/*
 * Wait for @dev's parked pagemap (if any) to be released, within
 * @timeout_ms: nothing can have the device, nor its namespace be
 * re-enabled, while the range is claimed.  -EBUSY (with *@busy saying how
 * many pages) if it is still parked.
 */
static int dm_destroy_wait_park(struct daxmgr_dev *dev, unsigned int timeout_ms,
				struct daxmgr_busy **busy)
{
	int rc;

	if (daxmgr_dev_is_enabled(dev) || dev->parked_pages < 0)
		return 0;
	rc = dm_wait_idle(dev, DAXMGR_WAIT_PARK, timeout_ms);
	if ((rc == -EBUSY || rc == -EINTR) && busy)
		dm_dev_scan(dev, false, busy);
	return rc;
}

/*
 * A device no driver has (unbound, or parked): nothing to quiesce, the
 * files open on its node (from /proc) waited for as they close.
 */
static int dm_destroy_wait_files(struct daxmgr_dev *dev, unsigned int timeout_ms,
				 struct daxmgr_busy **busy)
{
	int rc = dm_wait_idle(dev, DAXMGR_WAIT_FILES, timeout_ms);

	if ((rc == -EBUSY || rc == -EINTR) && busy)
		dm_dev_scan(dev, true, busy);
	return rc;
}

DAXMGR_EXPORT int daxmgr_destroy(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev,
				 unsigned int timeout_ms, unsigned int flags,
				 struct daxmgr_busy **busy)
{
	bool force = flags & DAXMGR_UNBIND_FORCE;
	struct daxmgr_busy *open = NULL;
	uint64_t start = dm_now_ms();
	struct dm_ns_info info;
	int rc;

	memset(&info, 0, sizeof(info));
	if (busy)
		*busy = NULL;
	if (!ctx || !dev || dev->ctx != ctx)
		return -EINVAL;
	if (flags & ~(DAXMGR_UNBIND_FORCE | DAXMGR_DESTROY_RAW)) {
		dm_err(ctx, "%s: invalid flags %#x: not destroyed\n", dev->name, flags);
		return -EINVAL;
	}
	rc = dm_dev_load_for(dev, "destroy");
	if (rc)
		return rc;
	if (daxmgr_dev_is_enabled(dev) && !daxmgr_dev_is_daxmgr(dev)) {
		dm_dev_log_failed(dev, "destroy", -ENODEV);
		return -ENODEV;		/* not ours */
	}
	if (dm_real_sysfs(ctx)) {
		rc = dm_ns_of_dev(dev->ctx, dev->name, &info);
		if (rc && rc != -ENOENT) {
			dm_err(ctx, "%s: its namespace: %s: not destroyed\n", dev->name,
			       strerror(-rc));
			return rc;
		}
	}
	if ((flags & DAXMGR_DESTROY_RAW) && !info.ns[0]) {
		dm_err(ctx, "%s: no namespace to return to raw mode: not destroyed\n",
		       dev->name);
		return -ENOENT;
	}
	/* an earlier unbind parked it: nothing to unbind, wait for the park */
	rc = dm_destroy_wait_park(dev, timeout_ms, busy);
	if (rc)
		return rc;
	if (force) {
		/* going on regardless: the caller warns of the files left open */
		rc = dm_dev_scan(dev, true, &open);
		if (rc) {
			dm_err(ctx, "%s: who has it open: %s: not destroyed\n", dev->name,
			       strerror(-rc));
			return rc;
		}
		if (!daxmgr_busy_open_files(open)) {
			daxmgr_busy_free(open);
			open = NULL;
		}
	} else if (!daxmgr_dev_is_enabled(dev)) {
		rc = dm_destroy_wait_files(dev, dm_left_ms(start, timeout_ms), busy);
		if (rc)
			return rc;
	}
	rc = dm_unbind(dev, dm_left_ms(start, timeout_ms),
		       flags & DAXMGR_UNBIND_FORCE, true, busy);
	/* this unbind may have parked the pagemap (pages pinned at remove) */
	if (!rc)
		rc = dm_destroy_wait_park(dev, dm_left_ms(start, timeout_ms), busy);
	if (rc)
		goto fail;
	if (flags & DAXMGR_DESTROY_RAW) {
		rc = dm_driver_write(ctx, DAXMGR_DRIVER, "remove_id", dev->name);
		if (!rc || rc == -ENOENT || rc == -ENODEV)
			rc = dm_ns_make_raw(ctx, info.ns);
	} else {
		rc = dm_give_back(dev);
	}
	if (rc)
		goto fail;
	if (info.uuid[0]) {
		rc = dm_conf_remove(ctx, info.uuid);
		if (rc == -ENOENT)
			rc = 0;
		else if (rc)
			dm_err(ctx, "%s: given back, but its persistence record (uuid %s) could not be removed: %s: daxmgr takes it at the next boot\n",
			       dev->name, info.uuid, strerror(-rc));
	}
	/* @dev stays valid: gone if it left the bus (raw) */
	daxmgr_refresh(ctx);
	if (busy && open) {
		daxmgr_busy_free(*busy);
		*busy = open;
		open = NULL;
	}
fail:
	daxmgr_busy_free(open);
	return rc;
}

DAXMGR_EXPORT int daxmgr_dev_set_pin_mode(struct daxmgr_dev *dev,
					  enum daxmgr_pin_mode mode)
{
	enum daxmgr_pin_mode was;
	struct dm_conf conf;
	struct dm_ns_info info;
	int rc;

	if (!dev)
		return -EINVAL;
	if ((unsigned int)mode > DAXMGR_PIN_IO) {
		dm_err(dev->ctx, "%s: invalid pin mode %d\n", dev->name, mode);
		return -EINVAL;
	}
	rc = dm_store_pin_mode(dev, mode);
	/* the driver's one reason for EBUSY but an unbind under way */
	if (rc == -EBUSY && dm_log_wanted(dev->ctx, LOG_ERR) && !dm_dev_load(dev) &&
	    dev->vmas > 0)
		dm_err(dev->ctx, "%s has %ld vma(s): its pin mode changes only while nothing maps it: still %s\n",
		       dev->name, dev->vmas, daxmgr_pin_mode_name(dev->pin_mode));
	else if (rc)
		dm_dev_log_failed(dev, "set pin mode", rc);
	if (rc || !dm_real_sysfs(dev->ctx))
		return rc;
	/* a recorded device keeps its new mode across reboots */
	if (dm_ns_of_dev(dev->ctx, dev->name, &info) || !info.uuid[0] ||
	    dm_conf_read(dev->ctx, info.uuid, &conf))
		return 0;
	was = conf.pin_mode;
	conf.pin_mode = mode;
	rc = dm_conf_write(dev->ctx, info.uuid, &conf);
	if (rc)
		dm_err(dev->ctx, "%s: pin mode %s now, but its persistence record (uuid %s) still says %s: %s\n",
		       dev->name, daxmgr_pin_mode_name(mode), info.uuid,
		       daxmgr_pin_mode_name(was), strerror(-rc));
	return rc;
}
