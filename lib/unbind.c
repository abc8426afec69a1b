// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/*
 * The safe unbind protocol on daxmgr's attributes, and its waits.
 *
 * A wait sleeps in poll() on the attribute it waits for where the driver
 * notifies it (vmas, state: sysfs_notify), so it wakes as soon as the
 * count reaches zero; where nothing can notify (pinned_pages: the mm drops
 * page references without telling the driver), or on a tree without
 * notifications, it re-reads with a backoff from 10 ms to 1 s.  Either
 * way the caller's wait function hears of it at least once a second and
 * can end the wait; the device is then put back as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "private.h"

#define DM_STEP_MIN_MS		10
#define DM_STEP_MAX_MS		1000
#define DM_REPORT_MS		1000

/* Write "1" to the trigger @attr of @dev; a failure is logged. */
static int dm_dev_trigger(struct daxmgr_dev *dev, const char *attr)
{
	int rc = dm_dev_store(dev, attr, "1\n");

	if (rc && dev)
		dm_dev_log_failed(dev, attr, rc);
	return rc;
}

DAXMGR_EXPORT int daxmgr_dev_quiesce(struct daxmgr_dev *dev)
{
	return dm_dev_trigger(dev, "quiesce");
}

DAXMGR_EXPORT int daxmgr_dev_unquiesce(struct daxmgr_dev *dev)
{
	return dm_dev_trigger(dev, "unquiesce");
}

DAXMGR_EXPORT int daxmgr_dev_revoke(struct daxmgr_dev *dev)
{
	return dm_dev_trigger(dev, "revoke");
}

uint64_t dm_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

DAXMGR_EXPORT void daxmgr_set_wait_fn(struct daxmgr_ctx *ctx, daxmgr_wait_fn fn,
				      void *userdata)
{
	if (!ctx)
		return;
	ctx->wait_fn = fn;
	ctx->wait_data = userdata;
}

/*
 * Arm a sysfs poll: kernfs wakes a poller whose last read is older than
 * the last notification, so read before every check.
 */
static void dm_arm(int fd)
{
	char buf[32];

	/* a failed read only costs the notification: the backoff remains */
	if (fd >= 0 && pread(fd, buf, sizeof(buf), 0) < 0)
		return;
}

/* Sleep up to @ms, or until @fd is notified; true if a signal came. */
static bool dm_sleep(int fd, unsigned int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLPRI };
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	if (fd >= 0)
		return poll(&pfd, 1, (int)ms) < 0 && errno == EINTR;
	return nanosleep(&ts, NULL) < 0 && errno == EINTR;
}

/*
 * What a wait waits for, now: the vmas or pinned pages the driver counts
 * (-ENODEV if someone else unbound the device), the files open on the
 * node, or the pages of its parked pagemap (0 once it is not parked).
 */
static int dm_wait_count(struct daxmgr_dev *dev, enum daxmgr_wait_for what,
			 long *left)
{
	int rc = dm_dev_load(dev);

	if (rc)
		return rc;
	switch (what) {
	case DAXMGR_WAIT_VMAS:
	case DAXMGR_WAIT_PINS:
		if (!daxmgr_dev_is_daxmgr(dev))
			return -ENODEV;
		if (what == DAXMGR_WAIT_PINS && (rc = dm_dev_read_pinned(dev)))
			return rc;
		*left = what == DAXMGR_WAIT_PINS ? dev->pinned_pages : dev->vmas;
		return 0;
	case DAXMGR_WAIT_FILES:
		return dm_dev_open_files(dev, left);
	case DAXMGR_WAIT_PARK:
		/* listed, even with no page left, is parked: the range is held */
		*left = daxmgr_dev_is_enabled(dev) || dev->parked_pages < 0 ? 0 :
			dev->parked_pages ? dev->parked_pages : 1;
		return 0;
	}
	return -EINVAL;
}

/* what each wait counts, for its log lines */
static const char *const dm_wait_names[] = {
	[DAXMGR_WAIT_VMAS] = "mapping(s)",
	[DAXMGR_WAIT_PINS] = "pinned page(s)",
	[DAXMGR_WAIT_FILES] = "open file(s)",
	[DAXMGR_WAIT_PARK] = "parked page(s)",
};

/*
 * Wait until what @what counts is 0: 0, -EBUSY at the deadline, -EINTR
 * if the wait function asked to stop, or the error of a count (logged:
 * the device left the bus, or another unbind took it from daxmgr).
 */
int dm_wait_idle(struct daxmgr_dev *dev, enum daxmgr_wait_for what,
		 unsigned int timeout_ms)
{
	struct daxmgr_ctx *ctx = dev->ctx;
	uint64_t start = dm_now_ms(), now, reported = 0;
	unsigned int step = DM_STEP_MIN_MS, ms;
	bool interrupted = false;
	long left, last = -1;
	int fd, rc;

	/* only vmas is notified: pinned_pages is counted when read */
	fd = what == DAXMGR_WAIT_VMAS ?
		dm_open(ctx, O_RDONLY, DM_DEVICES "/%s/vmas", dev->name) : -1;
	for (;;) {
		dm_arm(fd);
		rc = dm_wait_count(dev, what, &left);
		if (rc) {
			if (dm_log_wanted(ctx, LOG_ERR)) {
				char waiting[48];

				snprintf(waiting, sizeof(waiting), "waiting for %s",
					 dm_wait_names[what]);
				dm_dev_log_failed(dev, waiting, rc);
			}
			break;
		}
		if (left <= 0)
			break;
		now = dm_now_ms();
		if (ctx->wait_fn && (interrupted || left != last || !reported ||
				     now - reported >= DM_REPORT_MS)) {
			unsigned int gone = (unsigned int)(now - start);

			if (ctx->wait_fn(dev, what, left,
					 gone < timeout_ms ? timeout_ms - gone : 0,
					 ctx->wait_data)) {
				dm_info(ctx, "%s: wait ended by the caller\n",
					dev->name);
				rc = -EINTR;
				break;
			}
			reported = now;
		}
		last = left;
		if (now - start >= timeout_ms) {
			dm_info(ctx, "%s: %ld %s left after %u ms: wait over\n",
				dev->name, left, dm_wait_names[what], timeout_ms);
			rc = -EBUSY;
			break;
		}
		ms = step;
		if (ms > timeout_ms - (now - start))
			ms = timeout_ms - (now - start);
		interrupted = dm_sleep(fd, ms);
		if (step < DM_STEP_MAX_MS)
			step = step * 2 < DM_STEP_MAX_MS ? step * 2 : DM_STEP_MAX_MS;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/*
 * A wait that timed out or was ended: put the device back.  After a
 * revoke the driver refuses to go live while pages pinned before it are
 * still held (-EBUSY): the device then stays revoked, which
 * daxmgr_dev_state() says.
 */
static void dm_unbind_undo(struct daxmgr_dev *dev)
{
	int rc = dm_dev_store(dev, "unquiesce", "1\n");

	if (rc)
		dm_notice(dev->ctx, "%s stays %s: unquiesce: %s\n",
			  dev->name, dev->state, strerror(-rc));
	dm_dev_load(dev);
}

unsigned int dm_left_ms(uint64_t start, unsigned int timeout_ms)
{
	uint64_t gone = dm_now_ms() - start;

	return gone < timeout_ms ? (unsigned int)(timeout_ms - gone) : 0;
}

int dm_unbind(struct daxmgr_dev *dev, unsigned int timeout_ms,
	      unsigned int flags, bool files, struct daxmgr_busy **busy)
{
	uint64_t start = dm_now_ms();
	bool revoke, force = flags & DAXMGR_UNBIND_FORCE;
	int rc;

	if (busy)
		*busy = NULL;
	rc = dm_dev_load_for(dev, "unbind");
	if (rc)
		return rc;
	if (!daxmgr_dev_is_enabled(dev))
		return 0;
	if (!daxmgr_dev_is_daxmgr(dev)) {
		dm_dev_log_failed(dev, "unbind", -ENODEV);
		return -ENODEV;
	}

	rc = daxmgr_dev_quiesce(dev);
	if (rc)
		return rc;
	/*
	 * Before anything that cannot be undone (a revoke): files left open
	 * past the give-back would make new opens of the node fail.  Every
	 * mapping holds its file, so this wait covers the vmas too.
	 */
	if (files && !force) {
		rc = dm_wait_idle(dev, DAXMGR_WAIT_FILES, timeout_ms);
		if (rc == -EBUSY || rc == -EINTR) {
			if (busy)
				dm_dev_scan(dev, true, busy);
			dm_unbind_undo(dev);
			return rc;
		}
		if (rc)
			return rc;
	}
	revoke = force || dev->pin_mode == DAXMGR_PIN_IO;
	if (revoke) {
		rc = daxmgr_dev_revoke(dev);
		if (!rc)
			rc = dm_wait_idle(dev, DAXMGR_WAIT_PINS,
					  dm_left_ms(start, timeout_ms));
	} else {
		rc = dm_wait_idle(dev, DAXMGR_WAIT_VMAS, dm_left_ms(start, timeout_ms));
	}
	if (rc == -EBUSY || rc == -EINTR) {
		if (busy)
			daxmgr_dev_holders(dev, busy);
		dm_unbind_undo(dev);
		return rc;
	}
	if (rc)
		return rc;
	rc = dm_driver_write(dev->ctx, DAXMGR_DRIVER, "unbind", dev->name);
	if (rc) {
		dm_err(dev->ctx, "%s: daxmgr's unbind: %s\n", dev->name, strerror(-rc));
		return rc;
	}
	return dm_dev_load_for(dev, "unbind");
}

DAXMGR_EXPORT int daxmgr_dev_unbind(struct daxmgr_dev *dev,
				    unsigned int timeout_ms, unsigned int flags,
				    struct daxmgr_busy **busy)
{
	if (busy)
		*busy = NULL;
	if (!dev)
		return -EINVAL;
	if (flags & ~DAXMGR_UNBIND_FORCE) {
		dm_err(dev->ctx, "%s: invalid flags %#x: not unbound\n", dev->name, flags);
		return -EINVAL;
	}
	return dm_unbind(dev, timeout_ms, flags, false, busy);
}
