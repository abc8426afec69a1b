// SPDX-License-Identifier: LGPL-2.1
/* The safe unbind protocol on daxmgr's attributes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "private.h"

#define DM_POLL_MS	20

DAXMGR_EXPORT int daxmgr_dev_quiesce(struct daxmgr_dev *dev)
{
	return dm_dev_store(dev, "quiesce", "1\n");
}

DAXMGR_EXPORT int daxmgr_dev_unquiesce(struct daxmgr_dev *dev)
{
	return dm_dev_store(dev, "unquiesce", "1\n");
}

DAXMGR_EXPORT int daxmgr_dev_revoke(struct daxmgr_dev *dev)
{
	return dm_dev_store(dev, "revoke", "1\n");
}

static uint64_t dm_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void dm_sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Poll until the vmas (or pinned pages) counted by the driver are 0. */
static int dm_wait_idle(struct daxmgr_dev *dev, bool pins, unsigned int timeout_ms)
{
	uint64_t deadline = dm_now_ms() + timeout_ms;
	int rc;

	for (;;) {
		rc = dm_dev_load(dev);
		if (rc)
			return rc;
		if (!daxmgr_dev_is_daxmgr(dev))
			return -ENODEV;	/* someone else unbound it */
		if ((pins ? dev->pinned_pages : dev->vmas) <= 0)
			return 0;
		if (dm_now_ms() >= deadline)
			return -EBUSY;
		dm_sleep_ms(DM_POLL_MS);
	}
}

DAXMGR_EXPORT int daxmgr_dev_unbind(struct daxmgr_dev *dev,
				    unsigned int timeout_ms, unsigned int flags,
				    struct daxmgr_busy *busy)
{
	bool revoke;
	int rc;

	if (busy)
		memset(busy, 0, sizeof(*busy));
	if (!dev || (flags & ~DAXMGR_UNBIND_FORCE))
		return -EINVAL;
	rc = dm_dev_load(dev);
	if (rc)
		return rc;
	if (!daxmgr_dev_is_enabled(dev))
		return 0;
	if (!daxmgr_dev_is_daxmgr(dev))
		return -ENODEV;

	rc = daxmgr_dev_quiesce(dev);
	if (rc)
		return rc;
	revoke = (flags & DAXMGR_UNBIND_FORCE) || dev->pin_mode == DAXMGR_PIN_IO;
	if (revoke) {
		rc = daxmgr_dev_revoke(dev);
		if (!rc)
			rc = dm_wait_idle(dev, true, timeout_ms);
	} else {
		rc = dm_wait_idle(dev, false, timeout_ms);
	}
	if (rc == -EBUSY) {
		if (busy)
			daxmgr_dev_holders(dev, busy);
		/* after a revoke the device stays revoked: nothing maps it */
		daxmgr_dev_unquiesce(dev);
		return -EBUSY;
	}
	if (rc)
		return rc;
	rc = dm_driver_write(dev->ctx, DAXMGR_DRIVER, "unbind", dev->name);
	return rc ? rc : dm_dev_load(dev);
}
