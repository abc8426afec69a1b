// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/*
 * NVDIMM namespaces through libndctl and libdaxctl: which namespace a dax
 * device comes from, putting a raw namespace into devdax mode (the steps
 * of `ndctl create-namespace -f -e NS -m devdax`) and back to raw.  The
 * names every listed device shows come from sysfs alone (dm_ns_annotate).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uuid/uuid.h>
#include <daxctl/libdaxctl.h>
#include <ndctl/libndctl.h>

#include "private.h"

/* The info blocks libnvdimm writes 4 KiB into a namespace. */
#define DM_INFO_OFFSET	4096
#define DM_INFO_AREA	8192
static const char *const dm_info_sigs[] = {
	"NVDIMM_PFN_INFO",	/* fsdax */
	"NVDIMM_DAX_INFO",	/* devdax */
	"BTT_ARENA_INFO",	/* sector */
};

/*
 * libndctl's and libdaxctl's messages (why a namespace would not enable,
 * say) go to the caller's log function, at our context's priority.
 */
static void dm_ndctl_log(struct ndctl_ctx *nctx, int priority, const char *file,
			 int line, const char *fn, const char *format,
			 va_list args)
{
	dm_vlog(ndctl_get_userdata(nctx), priority, file, line, fn, format, args);
}

static void dm_daxctl_log(struct daxctl_ctx *dctx, int priority,
			  const char *file, int line, const char *fn,
			  const char *format, va_list args)
{
	dm_vlog(daxctl_get_userdata(dctx), priority, file, line, fn, format, args);
}

static int dm_ndctl_new(struct daxmgr_ctx *ctx, struct ndctl_ctx **nctx)
{
	struct daxctl_ctx *dctx;
	int rc = ndctl_new(nctx);

	if (rc)
		return rc < 0 ? rc : -ENOMEM;
	ndctl_set_userdata(*nctx, ctx);
	ndctl_set_log_fn(*nctx, dm_ndctl_log);
	ndctl_set_log_priority(*nctx, daxmgr_get_log_priority(ctx));
	dctx = ndctl_get_daxctl_ctx(*nctx);
	if (dctx) {
		daxctl_set_userdata(dctx, ctx);
		daxctl_set_log_fn(dctx, dm_daxctl_log);
		daxctl_set_log_priority(dctx, daxmgr_get_log_priority(ctx));
	}
	return 0;
}

static struct ndctl_namespace *dm_ns_find(struct ndctl_ctx *ctx,
					  const char *name)
{
	struct ndctl_namespace *ndns;
	struct ndctl_region *region;
	struct ndctl_bus *bus;

	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region)
			ndctl_namespace_foreach(region, ndns)
				if (!strcmp(ndctl_namespace_get_devname(ndns), name))
					return ndns;
	return NULL;
}

/* The dax device (daxX.Y) of a devdax namespace's personality, or NULL. */
static const char *dm_dax_devname(struct ndctl_dax *dax)
{
	struct daxctl_region *region;
	struct daxctl_dev *dev;

	if (!dax || !ndctl_dax_is_enabled(dax))
		return NULL;
	region = ndctl_dax_get_daxctl_region(dax);
	if (!region)
		return NULL;
	daxctl_dev_foreach(region, dev)
		if (daxctl_dev_get_size(dev))
			return daxctl_dev_get_devname(dev);
	return NULL;
}

/* The namespace whose devdax personality has the dax device @devname. */
/*
 * Does the namespace's media carry an info block?  Read it through the
 * raw block device (enabling the namespace in raw mode for the read if it
 * is disabled, and disabling it again).  1 yes, 0 no, or -errno.
 */
static int dm_ns_has_info_block(struct ndctl_namespace *ndns)
{
	bool was_enabled = ndctl_namespace_is_enabled(ndns);
	char sig[16], path[64];
	const char *bdev;
	int fd, rc;
	size_t i;

	if (!was_enabled) {
		rc = ndctl_namespace_set_raw_mode(ndns, 1);
		if (rc < 0)
			return rc;
		rc = ndctl_namespace_enable(ndns);
		if (rc) {
			ndctl_namespace_set_raw_mode(ndns, 0);
			return rc < 0 ? rc : -EEXIST;
		}
	}
	bdev = ndctl_namespace_get_block_device(ndns);
	snprintf(path, sizeof(path), "/dev/%s", bdev ? bdev : "");
	fd = bdev ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0) {
		rc = bdev ? -errno : -ENXIO;
	} else {
		rc = pread(fd, sig, sizeof(sig), DM_INFO_OFFSET) == sizeof(sig) ? 0 : -EIO;
		close(fd);
	}
	for (i = 0; !rc && i < sizeof(dm_info_sigs) / sizeof(dm_info_sigs[0]); i++)
		if (!memcmp(sig, dm_info_sigs[i], strlen(dm_info_sigs[i]) + 1))
			rc = 1;
	if (!was_enabled) {
		ndctl_namespace_disable(ndns);
		ndctl_namespace_set_raw_mode(ndns, 0);
	}
	return rc;
}

/*
 * Zero the info block area of a disabled namespace, through its raw block
 * device opened exclusively, so that enabling it does not bring an old
 * personality back.  Leaves it disabled.
 */
static int dm_ns_zero_info_block(struct ndctl_namespace *ndns)
{
	static const char zero[DM_INFO_AREA];
	const char *bdev;
	char path[64];
	int fd, rc;

	rc = ndctl_namespace_set_raw_mode(ndns, 1);
	if (rc < 0)
		return rc;
	rc = ndctl_namespace_enable(ndns);
	if (rc > 0)
		rc = -EEXIST;	/* claimed by a personality after all */
	bdev = rc ? NULL : ndctl_namespace_get_block_device(ndns);
	if (!rc && !bdev)
		rc = -ENXIO;
	if (!rc) {
		snprintf(path, sizeof(path), "/dev/%s", bdev);
		fd = open(path, O_RDWR | O_EXCL | O_CLOEXEC);
		if (fd < 0) {
			rc = -errno;
		} else {
			if (pwrite(fd, zero, sizeof(zero), 0) != sizeof(zero))
				rc = -EIO;
			else if (fsync(fd))
				rc = -errno;
			close(fd);
		}
	}
	ndctl_namespace_disable_invalidate(ndns);
	ndctl_namespace_set_raw_mode(ndns, 0);
	return rc;
}

/*
 * Is the namespace raw?  0 yes, -EEXIST if it has a personality (enabled
 * or only configured) or an info block on its media, or -errno.
 */
static int dm_ns_check_raw(struct ndctl_namespace *ndns)
{
	int rc;

	/*
	 * ndctl_namespace_is_enabled() is false for a namespace claimed by
	 * a btt/pfn/dax personality: look at the mode and the claims.
	 */
	if (ndctl_namespace_get_mode(ndns) != NDCTL_NS_MODE_RAW ||
	    ndctl_namespace_get_btt(ndns) || ndctl_namespace_get_pfn(ndns) ||
	    ndctl_namespace_get_dax(ndns))
		return -EEXIST;
	rc = dm_ns_has_info_block(ndns);
	return rc > 0 ? -EEXIST : rc;
}

static enum ndctl_pfn_loc dm_map_loc(struct ndctl_namespace *ndns,
				     enum daxmgr_map map)
{
	switch (map) {
	case DAXMGR_MAP_MEM:
		return NDCTL_PFN_LOC_RAM;
	case DAXMGR_MAP_DEV:
		return NDCTL_PFN_LOC_PMEM;
	default:
		return ndctl_namespace_get_size(ndns) <= DAXMGR_MAP_MEM_MAX ?
			NDCTL_PFN_LOC_RAM : NDCTL_PFN_LOC_PMEM;
	}
}

/*
 * A step after disabling @ndns failed: enable it again, with whatever
 * personality its media says (raw once its info block is zeroed), so that
 * no failure leaves it disabled.  The caller reports its original error.
 */
static void dm_ns_reenable(struct daxmgr_ctx *dctx, struct ndctl_namespace *ndns,
			   int err)
{
	int rc;

	ndctl_namespace_set_raw_mode(ndns, 0);
	rc = ndctl_namespace_enable(ndns);
	if (rc < 0)
		dm_err(dctx, "%s: left disabled after %s: enable: %s\n",
		       ndctl_namespace_get_devname(ndns), strerror(-err), strerror(-rc));
	else
		dm_notice(dctx, "%s: enabled again after %s\n",
			  ndctl_namespace_get_devname(ndns), strerror(-err));
}

/* Configure the region's dax seed on @ndns and enable it. */
static int dm_ns_setup_dax(struct ndctl_namespace *ndns, uint64_t align,
			   enum daxmgr_map map)
{
	struct ndctl_region *region = ndctl_namespace_get_region(ndns);
	struct ndctl_dax *dax = ndctl_region_get_dax_seed(region);
	uuid_t uuid;
	int rc;

	if (!dax)
		return -ENXIO;
	uuid_generate(uuid);
	/* opportunistic, as ndctl does: older kernels lack holder_class */
	ndctl_namespace_set_enforce_mode(ndns, NDCTL_NS_MODE_DAX);
	if ((rc = ndctl_dax_set_uuid(dax, uuid)) ||
	    (rc = ndctl_dax_set_location(dax, dm_map_loc(ndns, map))) ||
	    (rc = ndctl_dax_set_align(dax, align)) ||
	    (rc = ndctl_dax_set_namespace(dax, ndns)))
		goto fail;
	rc = ndctl_dax_enable(dax);
	if (!rc)
		return 0;
fail:
	ndctl_dax_set_namespace(dax, NULL);
	return rc < 0 ? rc : -ENXIO;
}

int dm_ns_make_devdax(struct daxmgr_ctx *dctx, const char *name, uint64_t align,
		      enum daxmgr_map map, unsigned int flags, char *devname,
		      size_t len)
{
	struct ndctl_namespace *ndns;
	struct ndctl_ctx *ctx;
	const char *dax;
	uint64_t start;
	int rc;

	rc = dm_ndctl_new(dctx, &ctx);
	if (rc) {
		dm_err(dctx, "%s: libndctl: %s: left as it is\n", name, strerror(-rc));
		return rc;
	}
	ndns = dm_ns_find(ctx, name);
	if (!ndns) {
		dm_err(dctx, "%s: no such namespace\n", name);
		rc = -ENOENT;
		goto out;
	}
	rc = dm_ns_check_raw(ndns);
	if (rc == -EEXIST && (flags & DAXMGR_CREATE_FORCE))
		rc = 0;
	if (rc == -EEXIST)
		dm_err(dctx, "%s: not raw: it has a fsdax, sector or devdax personality or an info block on its media (its data would be overwritten): left as it is\n",
		       name);
	else if (rc)
		dm_err(dctx, "%s: reading its mode and media: %s: left as it is\n", name,
		       strerror(-rc));
	if (rc)
		goto out;
	/* device-dax wants the namespace 16M-aligned (as ndctl checks) */
	start = ndctl_namespace_get_resource(ndns);
	if (start != ULLONG_MAX && (start & ((16ULL << 20) - 1)) &&
	    !(flags & DAXMGR_CREATE_FORCE)) {
		dm_err(dctx, "%s: its start %#llx is not 16M-aligned, as device-dax wants it: left as it is\n",
		       name, (unsigned long long)start);
		rc = -EINVAL;
		goto out;
	}
	/* refuses (-EBUSY) a mounted filesystem or onlined memory */
	rc = ndctl_namespace_disable_safe(ndns);
	if (rc) {
		dm_err(dctx, "%s: disable: %s (mounted, or its memory online?): left as it is\n",
		       name, strerror(-rc));
		goto out;
	}
	ndctl_namespace_set_enforce_mode(ndns, NDCTL_NS_MODE_RAW);
	if (flags & DAXMGR_CREATE_FORCE) {
		rc = dm_ns_zero_info_block(ndns);
		if (rc) {
			dm_err(dctx, "%s: erasing its info block: %s\n", name, strerror(-rc));
			dm_ns_reenable(dctx, ndns, rc);
			goto out;
		}
	}
	rc = dm_ns_setup_dax(ndns, align, map);
	if (rc) {
		dm_err(dctx, "%s: devdax mode (align %#llx): %s: back to raw\n", name,
		       (unsigned long long)align, strerror(-rc));
		/* give the namespace back, raw */
		ndctl_namespace_set_enforce_mode(ndns, NDCTL_NS_MODE_RAW);
		dm_ns_reenable(dctx, ndns, rc);
		goto out;
	}
	dax = dm_dax_devname(ndctl_namespace_get_dax(ndns));
	if (!dax)
		rc = -ENODEV;
	else if (snprintf(devname, len, "%s", dax) >= (int)len)
		rc = -ENAMETOOLONG;
	if (rc)
		dm_err(dctx, "%s: devdax mode, but no dax device of its own: %s\n", name,
		       strerror(-rc));
out:
	ndctl_unref(ctx);
	return rc;
}

int dm_ns_make_raw(struct daxmgr_ctx *dctx, const char *name)
{
	struct ndctl_namespace *ndns;
	struct ndctl_ctx *ctx;
	int rc;

	rc = dm_ndctl_new(dctx, &ctx);
	if (rc) {
		dm_err(dctx, "%s: libndctl: %s: not made raw\n", name, strerror(-rc));
		return rc;
	}
	ndns = dm_ns_find(ctx, name);
	if (!ndns) {
		dm_err(dctx, "%s: no such namespace: not made raw\n", name);
		rc = -ENOENT;
		goto out;
	}
	rc = ndctl_namespace_disable_safe(ndns);
	if (rc) {
		dm_err(dctx, "%s: disable: %s: not made raw\n", name, strerror(-rc));
		goto out;
	}
	ndctl_namespace_set_enforce_mode(ndns, NDCTL_NS_MODE_RAW);
	rc = dm_ns_zero_info_block(ndns);
	if (rc) {
		dm_err(dctx, "%s: erasing its info block: %s: not made raw\n", name,
		       strerror(-rc));
	} else {
		/* > 0: claimed by a personality again, i.e. not raw */
		rc = ndctl_namespace_enable(ndns);
		if (rc > 0)
			rc = -EEXIST;
		if (rc)
			dm_err(dctx, "%s: enable in raw mode: %s\n", name, strerror(-rc));
	}
	/*
	 * Not left disabled: with its info block intact it comes back as it
	 * was; once zeroed, raw (and a failed enable is tried once more).
	 */
	if (rc && !ndctl_namespace_is_active(ndns))
		dm_ns_reenable(dctx, ndns, rc);
out:
	ndctl_unref(ctx);
	return rc;
}

/*
 * The ancestor @up levels above a device in its sysfs link target, cutting
 * it up: with 2, "region0" of "../../../devices/.../ndbus0/region0/dax0.1/dax0.0".
 */
static const char *dm_ancestor(char *target, int up)
{
	char *slash = NULL;
	int i;

	for (i = 0; i <= up; i++) {
		slash = strrchr(target, '/');
		if (!slash)
			return NULL;
		*slash = '\0';
	}
	return slash + 1;
}

/*
 * cxl_pmem bridges CXL pmem region N to the nvdimm region of the same
 * number (ndr_desc.memregion = cxlr->id; NFIT's regions take their numbers
 * from the same allocator), and gives it a child pmem_regionN on the cxl
 * bus.  The region's targetK name its endpoint decoders (decoderE.D) in
 * interleave order; a decoder's parent is its endpoint port, whose uport
 * link is the memdev.  Best effort, like the rest: names only.
 */
static void dm_cxl_annotate_dev(struct daxmgr_dev *dev)
{
	const struct daxmgr_ctx *ctx = dev->ctx;
	const char *r = dev->nd_region, *port;
	char buf[64], target[512];
	uint64_t ways;
	int i;

	if (dm_exists(ctx, DM_CXL_DEVICES "/%s/pmem_%s", r, r) != 1 ||
	    dm_read_u64(ctx, &ways, DM_CXL_DEVICES "/%s/interleave_ways", r) ||
	    ways < 1 || ways > DM_CXL_MAX_WAYS)
		return;
	snprintf(dev->cxl_region, sizeof(dev->cxl_region), "%s", r);
	for (i = 0; i < (int)ways; i++) {
		if (dm_read_attr(ctx, buf, sizeof(buf), DM_CXL_DEVICES "/%s/target%d", r, i) ||
		    !buf[0] ||
		    dm_readlink(ctx, target, sizeof(target), DM_CXL_DEVICES "/%s", buf) ||
		    !(port = dm_ancestor(target, 1)) ||
		    dm_readlink_base(ctx, dev->cxl_memdevs[i], sizeof(dev->cxl_memdevs[i]),
				     DM_CXL_DEVICES "/%s/uport", port))
			break;
		dev->cxl_ways = i + 1;
	}
}

/*
 * A pmem-backed dax device is the child of its namespace's devdax
 * personality (an nd_dax, on the nd bus), which is the child of its
 * region: .../regionR/daxR.N/daxR.M.  The nd_dax's "namespace" and "mode"
 * attributes are what libndctl reads for ndctl_dax_get_namespace() and
 * ndctl_dax_get_location().  Read them directly: a libndctl context (two
 * libkmod contexts with it) and a walk of every bus, region and namespace
 * cost `daxmgr list` more than all of `daxctl list`.  As libdaxctl's
 * lookup did, a device of size 0 (a seed) has no namespace.
 */
static int dm_ns_read(const struct daxmgr_ctx *ctx, const char *devname,
		      char *ns, size_t nslen, char *region, size_t regionlen)
{
	char target[512], buf[64];
	const char *r;

	if (dm_readlink(ctx, target, sizeof(target), DM_DEVICES "/%s", devname) ||
	    !(r = dm_ancestor(target, 2)) ||
	    dm_readlink_base(ctx, buf, sizeof(buf), DM_DEVICES "/%s/../subsystem",
			     devname) || strcmp(buf, "nd") ||
	    dm_read_attr(ctx, ns, nslen, DM_DEVICES "/%s/../namespace", devname) ||
	    !ns[0] || snprintf(region, regionlen, "%s", r) >= (int)regionlen)
		return -ENOENT;
	return 0;
}

/*
 * The namespace, region and devdax info block uuid of @devname, from the
 * same sysfs attributes (the nd_dax's "uuid" is what ndctl list shows).
 */
int dm_ns_of_dev(struct daxmgr_ctx *ctx, const char *devname,
		 struct dm_ns_info *info)
{
	char buf[64];
	uuid_t uuid;
	int rc;

	memset(info, 0, sizeof(*info));
	rc = dm_ns_read(ctx, devname, info->ns, sizeof(info->ns),
			info->region, sizeof(info->region));
	if (rc)
		return rc;
	if (!dm_read_attr(ctx, buf, sizeof(buf), DM_DEVICES "/%s/../uuid", devname) &&
	    !uuid_parse(buf, uuid) && !uuid_is_null(uuid))
		uuid_unparse(uuid, info->uuid);
	return 0;
}

static void dm_ns_annotate_dev(struct daxmgr_dev *dev)
{
	const struct daxmgr_ctx *ctx = dev->ctx;
	char buf[64], ns[64], region[64];

	dev->ns[0] = '\0';
	dev->nd_region[0] = '\0';
	dev->map = DAXMGR_MAP_DEFAULT;
	dev->cxl_region[0] = '\0';
	dev->cxl_ways = 0;
	if (!dev->size || dm_ns_read(ctx, dev->name, ns, sizeof(ns),
				     region, sizeof(region)))
		return;
	snprintf(dev->ns, sizeof(dev->ns), "%s", ns);
	snprintf(dev->nd_region, sizeof(dev->nd_region), "%s", region);
	dm_cxl_annotate_dev(dev);
	if (dm_read_attr(ctx, buf, sizeof(buf), DM_DEVICES "/%s/../mode", dev->name))
		return;
	if (!strcmp(buf, "ram"))
		dev->map = DAXMGR_MAP_MEM;
	else if (!strcmp(buf, "pmem"))
		dev->map = DAXMGR_MAP_DEV;
}

/* Fill in the namespace, region and map of every device of @ctx. */
void dm_ns_annotate(struct daxmgr_ctx *ctx)
{
	struct daxmgr_dev *dev;

	daxmgr_dev_foreach(ctx, dev)
		dm_ns_annotate_dev(dev);
}
