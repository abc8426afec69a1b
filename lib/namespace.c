// SPDX-License-Identifier: LGPL-2.1
/* NVDIMM namespaces through libndctl: where a device's range came from. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <ndctl/libndctl.h>

#include "private.h"

/* A library prints nothing: libndctl's own log goes nowhere. */
static void dm_ndctl_log(struct ndctl_ctx *ctx, int priority, const char *file,
			 int line, const char *fn, const char *format,
			 va_list args)
{
}

static int dm_ndctl_new(struct ndctl_ctx **ctx)
{
	int rc = ndctl_new(ctx);

	if (rc)
		return rc < 0 ? rc : -ENOMEM;
	ndctl_set_log_fn(*ctx, dm_ndctl_log);
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

/* A libndctl context and the namespace called @name in it. */
static int dm_ns_open(const char *name, struct ndctl_ctx **ctx,
		      struct ndctl_namespace **ndns)
{
	int rc = dm_ndctl_new(ctx);

	if (rc)
		return rc;
	*ndns = dm_ns_find(*ctx, name);
	if (!*ndns) {
		ndctl_unref(*ctx);
		return -ENOENT;
	}
	return 0;
}

static bool dm_ns_range(struct ndctl_namespace *ndns, uint64_t *start,
			uint64_t *size)
{
	*start = ndctl_namespace_get_resource(ndns);
	*size = ndctl_namespace_get_size(ndns);
	return *start != ULLONG_MAX && *size && *size != ULLONG_MAX;
}

int dm_namespace_of(uint64_t addr, char **name)
{
	struct ndctl_namespace *ndns;
	struct ndctl_region *region;
	struct ndctl_bus *bus;
	struct ndctl_ctx *ctx;
	uint64_t start, size;
	int rc = -ENOENT;

	if (dm_ndctl_new(&ctx))
		return -ENOMEM;
	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region)
			ndctl_namespace_foreach(region, ndns) {
				if (rc != -ENOENT || !dm_ns_range(ndns, &start, &size))
					continue;
				if (addr >= start && addr - start < size) {
					*name = strdup(ndctl_namespace_get_devname(ndns));
					rc = *name ? 0 : -ENOMEM;
				}
			}
	ndctl_unref(ctx);
	return rc;
}

/*
 * Take a namespace's range for a device: find it, check that it is raw
 * (a filesystem or BTT layout would be overwritten) unless forced, and
 * disable it (libndctl refuses if it is mounted).
 */
int dm_namespace_take(const char *name, unsigned int flags, uint64_t *start,
		      uint64_t *size)
{
	struct ndctl_namespace *ndns;
	struct ndctl_ctx *ctx;
	int rc;

	rc = dm_ns_open(name, &ctx, &ndns);
	if (rc)
		return rc;
	if (!dm_ns_range(ndns, start, size)) {
		rc = -ENXIO;
	} else if (ndctl_namespace_is_enabled(ndns) &&
		   ndctl_namespace_get_mode(ndns) != NDCTL_NS_MODE_RAW &&
		   !(flags & DAXMGR_CREATE_FORCE)) {
		rc = -EEXIST;	/* holds a layout: refuse unless forced */
	} else if (ndctl_namespace_is_enabled(ndns)) {
		rc = ndctl_namespace_disable_safe(ndns);
	}
	ndctl_unref(ctx);
	return rc;
}

int dm_namespace_release(const char *name)
{
	struct ndctl_namespace *ndns;
	struct ndctl_ctx *ctx;
	int rc;

	rc = dm_ns_open(name, &ctx, &ndns);
	if (rc)
		return rc;
	if (!ndctl_namespace_is_enabled(ndns))
		rc = ndctl_namespace_enable(ndns);
	ndctl_unref(ctx);
	return rc;
}
