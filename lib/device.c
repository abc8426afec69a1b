// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/* One dax device's attributes: the dax core's, its driver, and ours. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static const char *const fault_attrs[] = {
	[DAXMGR_FAULT_PTE] = "faults_pte",
	[DAXMGR_FAULT_PMD] = "faults_pmd",
	[DAXMGR_FAULT_PUD] = "faults_pud",
};

static int dm_read_long(const struct daxmgr_dev *dev, const char *attr,
			long *val)
{
	char buf[64], *end;
	int rc;

	rc = dm_read_attr(dev->ctx, buf, sizeof(buf), DM_DEVICES "/%s/%s",
			  dev->name, attr);
	if (rc)
		return rc;
	errno = 0;
	*val = strtol(buf, &end, 0);
	return errno || end == buf || *end ? -EIO : 0;
}

static int dm_read_int(const struct daxmgr_dev *dev, const char *attr, int *val)
{
	long l;
	int rc = dm_read_long(dev, attr, &l);

	if (!rc && (l < INT_MIN || l > INT_MAX))
		rc = -EIO;
	if (!rc)
		*val = (int)l;
	return rc;
}

static int dm_read_dev_u64(const struct daxmgr_dev *dev, const char *attr,
			   uint64_t *val)
{
	return dm_read_u64(dev->ctx, val, DM_DEVICES "/%s/%s", dev->name, attr);
}

/*
 * An attribute that may be missing (older kernels, another driver) or
 * root-only (resource, pinned_pages): keep the default then.
 */
static int dm_optional(int rc)
{
	return rc == -ENOENT || rc == -EACCES || rc == -EPERM ? 0 : rc;
}

/* daxmgr's attributes; they vanish at the end of an unbind. */
static int dm_dev_load_ours(struct daxmgr_dev *dev)
{
	char buf[64];
	int rc, i;

	rc = dm_read_attr(dev->ctx, dev->state, sizeof(dev->state),
			  DM_DEVICES "/%s/state", dev->name);
	if (rc)
		return rc;
	rc = dm_read_attr(dev->ctx, buf, sizeof(buf), DM_DEVICES "/%s/pin_mode",
			  dev->name);
	if (rc)
		return rc;
	if (daxmgr_parse_pin_mode(buf, &dev->pin_mode))
		return -EIO;
	rc = dm_read_long(dev, "vmas", &dev->vmas);
	if (rc)
		return rc;
	for (i = 0; i < 3; i++) {
		rc = dm_optional(dm_read_dev_u64(dev, fault_attrs[i], &dev->faults[i]));
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * The driver's parks, /sys/class/daxmgr_park/parkN: one per device whose
 * unbind left pinned pages behind, with the device's name in "device" and
 * the pages pinned at the last count in "pinned_pages".  -1 if @name has
 * none (or the module is not loaded).
 */
static long dm_parked_pages(const struct daxmgr_ctx *ctx, const char *name)
{
	char path[512], dev[64];
	struct dirent *de;
	uint64_t pages;
	long found = -1;
	DIR *dir;

	if (dm_path(path, sizeof(path), ctx->sysfs, DM_PARKS))
		return -1;
	dir = opendir(path);
	if (!dir)
		return -1;
	while (found < 0 && (de = readdir(dir))) {
		if (strncmp(de->d_name, "park", 4))
			continue;
		if (!dm_read_attr(ctx, dev, sizeof(dev), DM_PARKS "/%s/device", de->d_name) &&
		    !strcmp(dev, name) &&
		    !dm_read_u64(ctx, &pages, DM_PARKS "/%s/pinned_pages", de->d_name))
			found = (long)pages;
	}
	closedir(dir);
	return found;
}

/* (Re)read every attribute into @dev; -ENOENT if the device has gone. */
static int dm_dev_read(struct daxmgr_dev *dev)
{
	const struct daxmgr_ctx *ctx = dev->ctx;
	int rc;

	dev->resource = 0;
	dev->align = 0;
	dev->target_node = -1;
	dev->numa_node = -1;
	dev->state[0] = '\0';
	dev->pin_mode = DAXMGR_PIN_VMA;
	dev->vmas = 0;
	dev->pinned_pages = -1;
	dev->pinned_read = false;
	dev->parked_pages = -1;
	memset(dev->faults, 0, sizeof(dev->faults));

	if ((rc = dm_read_dev_u64(dev, "size", &dev->size)) ||
	    (rc = dm_optional(dm_read_dev_u64(dev, "resource", &dev->resource))) ||
	    (rc = dm_optional(dm_read_dev_u64(dev, "align", &dev->align))) ||
	    (rc = dm_optional(dm_read_int(dev, "target_node", &dev->target_node))) ||
	    (rc = dm_optional(dm_read_int(dev, "numa_node", &dev->numa_node))))
		return rc;
	rc = dm_readlink_base(ctx, dev->driver, sizeof(dev->driver),
			      DM_DEVICES "/%s/driver", dev->name);
	if (rc)
		return rc;
	if (daxmgr_dev_is_daxmgr(dev)) {
		rc = dm_dev_load_ours(dev);
		if (rc == -ENOENT) {
			/* unbound under our feet: re-read the driver link */
			rc = dm_readlink_base(ctx, dev->driver, sizeof(dev->driver),
					      DM_DEVICES "/%s/driver", dev->name);
			if (!rc && daxmgr_dev_is_daxmgr(dev))
				rc = -EIO;
		}
		if (rc)
			return rc;
	}
	if (!daxmgr_dev_is_enabled(dev))
		dev->parked_pages = dm_parked_pages(ctx, dev->name);
	return dm_path(dev->path, sizeof(dev->path), ctx->devdir, "%s", dev->name);
}

/*
 * Read into a copy: a read that fails half-way (the device left sysfs
 * under it) leaves what the caller last saw, not a mix.
 */
int dm_dev_reread(struct daxmgr_dev *dev)
{
	struct daxmgr_dev tmp = *dev;
	int rc = dm_dev_read(&tmp);

	if (!rc)
		*dev = tmp;
	return rc;
}

int dm_dev_load(struct daxmgr_dev *dev)
{
	int rc;

	if (dev->gone)
		return -ENODEV;
	rc = dm_dev_reread(dev);
	if (rc == -ENOENT)
		dev->gone = true;
	return rc;
}

void dm_dev_log_failed(struct daxmgr_dev *dev, const char *step, int rc)
{
	if (!dm_log_wanted(dev->ctx, LOG_ERR))
		return;
	if (dev->gone)
		dm_err(dev->ctx, "%s: %s: no longer on the dax bus\n", dev->name, step);
	else if (rc == -ENODEV && !daxmgr_dev_is_daxmgr(dev))
		dm_err(dev->ctx, "%s: %s: not a daxmgr device (driver %s)\n", dev->name,
		       step, daxmgr_dev_is_enabled(dev) ? dev->driver : "none");
	else
		dm_err(dev->ctx, "%s: %s: %s\n", dev->name, step, strerror(-rc));
}

int dm_dev_load_for(struct daxmgr_dev *dev, const char *step)
{
	int rc = dm_dev_load(dev);

	if (rc)
		dm_dev_log_failed(dev, step, rc);
	return rc;
}

/* Write one of our attributes, then re-read the device. */
int dm_dev_store(struct daxmgr_dev *dev, const char *attr, const char *val)
{
	int rc;

	if (!dev)
		return -EINVAL;
	if (dev->gone)
		return -ENODEV;
	if (!daxmgr_dev_is_daxmgr(dev))
		return -ENODEV;
	rc = dm_write_attr(dev->ctx, val, DM_DEVICES "/%s/%s", dev->name, attr);
	return rc ? rc : dm_dev_load(dev);
}

DAXMGR_EXPORT int daxmgr_dev_reload(struct daxmgr_dev *dev)
{
	return dev ? dm_dev_load(dev) : -EINVAL;
}

DAXMGR_EXPORT bool daxmgr_dev_is_gone(const struct daxmgr_dev *dev)
{
	return dev->gone;
}

DAXMGR_EXPORT const char *daxmgr_dev_name(const struct daxmgr_dev *dev)
{
	return dev->name;
}

DAXMGR_EXPORT int daxmgr_dev_region_id(const struct daxmgr_dev *dev)
{
	return dev->region_id;
}

DAXMGR_EXPORT int daxmgr_dev_id(const struct daxmgr_dev *dev)
{
	return dev->id;
}

DAXMGR_EXPORT const char *daxmgr_dev_path(const struct daxmgr_dev *dev)
{
	return dev->path;
}

DAXMGR_EXPORT uint64_t daxmgr_dev_resource(const struct daxmgr_dev *dev)
{
	return dev->resource;
}

DAXMGR_EXPORT uint64_t daxmgr_dev_size(const struct daxmgr_dev *dev)
{
	return dev->size;
}

DAXMGR_EXPORT uint64_t daxmgr_dev_align(const struct daxmgr_dev *dev)
{
	return dev->align;
}

DAXMGR_EXPORT int daxmgr_dev_target_node(const struct daxmgr_dev *dev)
{
	return dev->target_node;
}

DAXMGR_EXPORT int daxmgr_dev_numa_node(const struct daxmgr_dev *dev)
{
	return dev->numa_node;
}

DAXMGR_EXPORT const char *daxmgr_dev_driver(const struct daxmgr_dev *dev)
{
	return dev->driver[0] ? dev->driver : NULL;
}

DAXMGR_EXPORT bool daxmgr_dev_is_enabled(const struct daxmgr_dev *dev)
{
	return dev->driver[0] != '\0';
}

DAXMGR_EXPORT bool daxmgr_dev_is_daxmgr(const struct daxmgr_dev *dev)
{
	return !strcmp(dev->driver, DAXMGR_DRIVER);
}

DAXMGR_EXPORT const char *daxmgr_dev_state(const struct daxmgr_dev *dev)
{
	if (!daxmgr_dev_is_enabled(dev))
		return dev->parked_pages >= 0 ? "parked" : "disabled";
	return daxmgr_dev_is_daxmgr(dev) ? dev->state : NULL;
}

DAXMGR_EXPORT long daxmgr_dev_parked_pages(const struct daxmgr_dev *dev)
{
	return dev->parked_pages;
}

DAXMGR_EXPORT enum daxmgr_pin_mode daxmgr_dev_pin_mode(const struct daxmgr_dev *dev)
{
	return dev->pin_mode;
}

DAXMGR_EXPORT long daxmgr_dev_vmas(const struct daxmgr_dev *dev)
{
	return dev->vmas;
}

/*
 * pinned_pages is counted when read (the driver visits every unit a fault
 * ever mapped: milliseconds on a device touched all over at 4K), so a load
 * leaves it out and it is read once it is asked for.
 */
int dm_dev_read_pinned(struct daxmgr_dev *dev)
{
	int rc = 0;

	dev->pinned_pages = -1;
	if (daxmgr_dev_is_daxmgr(dev))
		rc = dm_optional(dm_read_long(dev, "pinned_pages", &dev->pinned_pages));
	dev->pinned_read = !rc;
	return rc;
}

DAXMGR_EXPORT long daxmgr_dev_pinned_pages(const struct daxmgr_dev *dev)
{
	/* a cache of what the device said: filling it changes nothing else */
	struct daxmgr_dev *d = (struct daxmgr_dev *)dev;

	if (!d->pinned_read)
		dm_dev_read_pinned(d);
	return d->pinned_pages;
}

DAXMGR_EXPORT uint64_t daxmgr_dev_faults(const struct daxmgr_dev *dev,
					 enum daxmgr_fault_kind kind)
{
	if ((unsigned int)kind > DAXMGR_FAULT_PUD)
		return 0;
	return dev->faults[kind];
}

DAXMGR_EXPORT const char *daxmgr_dev_namespace(const struct daxmgr_dev *dev)
{
	return dev->ns[0] ? dev->ns : NULL;
}

DAXMGR_EXPORT const char *daxmgr_dev_nd_region(const struct daxmgr_dev *dev)
{
	return dev->nd_region[0] ? dev->nd_region : NULL;
}

DAXMGR_EXPORT const char *daxmgr_dev_cxl_region(const struct daxmgr_dev *dev)
{
	return dev->cxl_region[0] ? dev->cxl_region : NULL;
}

DAXMGR_EXPORT const char *daxmgr_dev_cxl_memdev(const struct daxmgr_dev *dev,
						unsigned int pos)
{
	return pos < (unsigned int)dev->cxl_ways ? dev->cxl_memdevs[pos] : NULL;
}

DAXMGR_EXPORT enum daxmgr_map daxmgr_dev_map(const struct daxmgr_dev *dev)
{
	return dev->map;
}
