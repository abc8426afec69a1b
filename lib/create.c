// SPDX-License-Identifier: LGPL-2.1
/* Creating devices from ranges or namespaces, and destroying them. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static struct daxmgr_dev *dm_find_by_resource(struct daxmgr_ctx *ctx,
					      uint64_t start)
{
	struct daxmgr_dev *dev;

	daxmgr_dev_foreach(ctx, dev)
		if (dev->resource == start)
			return dev;
	return NULL;
}

DAXMGR_EXPORT int daxmgr_create_range(struct daxmgr_ctx *ctx, uint64_t start,
				      uint64_t size, uint64_t align,
				      struct daxmgr_dev **out)
{
	struct daxmgr_dev *dev;
	char buf[96];
	int rc;

	if (!ctx || !size)
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%#" PRIx64 " %#" PRIx64 " %#" PRIx64 "\n",
		 start, size, align);
	rc = dm_write_attr(ctx, buf, DM_BUS "/new_device");
	if (rc == -ENOENT)
		return -ENODEV;		/* the module is not loaded */
	if (rc)
		return rc;
	rc = daxmgr_refresh(ctx);
	if (rc)
		return rc;
	dev = dm_find_by_resource(ctx, start);
	if (!dev)
		return -ENODEV;
	if (out)
		*out = dev;
	return 0;
}

DAXMGR_EXPORT int daxmgr_create_from_namespace(struct daxmgr_ctx *ctx,
					       const char *ns, uint64_t align,
					       enum daxmgr_pin_mode mode,
					       unsigned int flags,
					       struct daxmgr_dev **out)
{
	struct daxmgr_dev *dev;
	uint64_t start, size;
	int rc;

	if (!ctx || !ns || (unsigned int)mode > DAXMGR_PIN_IO ||
	    (flags & ~DAXMGR_CREATE_FORCE))
		return -EINVAL;
	rc = dm_namespace_take(ns, flags, &start, &size);
	if (rc)
		return rc;
	rc = daxmgr_create_range(ctx, start, size, align, &dev);
	if (!rc && mode != daxmgr_dev_pin_mode(dev)) {
		rc = daxmgr_dev_set_pin_mode(dev, mode);
		if (rc) {
			/* nothing can map it yet: a plain unbind will do */
			daxmgr_destroy(ctx, dev, 0, DAXMGR_UNBIND_FORCE, NULL);
			return rc;	/* destroy gave the namespace back */
		}
	}
	if (rc) {
		dm_namespace_release(ns);
		return rc;
	}
	if (out)
		*out = dev;
	return 0;
}

DAXMGR_EXPORT int daxmgr_destroy(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev,
				 unsigned int timeout_ms, unsigned int flags,
				 struct daxmgr_busy *busy)
{
	char *ns;
	int rc;

	if (!ctx || !dev || dev->ctx != ctx)
		return -EINVAL;
	/* never let delete_device block in the driver on a busy device */
	rc = daxmgr_dev_unbind(dev, timeout_ms, flags, busy);
	if (rc)
		return rc;
	rc = dm_write_attr(ctx, dev->name, DM_BUS "/delete_device");
	if (rc)
		return rc;
	ns = dev->ns ? strdup(dev->ns) : NULL;
	rc = daxmgr_refresh(ctx);
	/* give the range back to its namespace, if it was the whole of one */
	if (ns) {
		int nrc = dm_namespace_release(ns);

		if (!rc)
			rc = nrc;
		free(ns);
	}
	return rc;
}

DAXMGR_EXPORT int daxmgr_dev_set_pin_mode(struct daxmgr_dev *dev,
					  enum daxmgr_pin_mode mode)
{
	char buf[8];

	if (!dev || (unsigned int)mode > DAXMGR_PIN_IO)
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%s\n", daxmgr_pin_mode_name(mode));
	return dm_dev_store(dev, "pin_mode", buf);
}

DAXMGR_EXPORT int daxmgr_dev_set_align(struct daxmgr_dev *dev, uint64_t align)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64 "\n", align);
	return dm_dev_store(dev, "align", buf);
}
