// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/*
 * Keeping the dax bus from probing a new device while daxmgr creates it.
 *
 * Enabling a devdax namespace makes dax_pmem add a dax device, and the
 * bus probes it at once.  device_dax is first in the bus's driver list and
 * matches every device (6.1: match_always; 6.12: by type, ahead of any id
 * another driver holds), so the device would be bound to device_dax, which
 * builds its memmap, only to be unbound and handed to daxmgr, which builds
 * it again: create then costs twice the memmap initialisation (1.8-1.9x
 * `ndctl create-namespace -m devdax` at 16 GiB).  With the bus's
 * drivers_autoprobe at 0 the device is added unbound, and daxmgr's new_id
 * attaches it: one memmap, and device_dax never sees the device.
 *
 * The switch is the bus's, not the device's: a dax device someone else
 * adds in the window is not probed either.  So the window is short (the
 * namespace's enable and our bind), the asynchronous signals are blocked
 * in the calling thread until the create is over (its clean-up included;
 * a program with other threads should block them there too), daxmgr's
 * own creates take turns (a lock file), devices that appeared in the
 * window are probed when it closes, and a process that dies in the window
 * all the same (SIGKILL) leaves a record: the next create turns autoprobe
 * back on and probes those devices.  An autoprobe the admin turned off
 * stays off; one the admin turns off during a create is turned back on.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

#define DM_AUTOPROBE	DM_BUS "/drivers_autoprobe"
#define DM_PROBE	DM_BUS "/drivers_probe"
#define DM_RUN_DIR	"/run/daxmgr"
#define DM_HOLD_LOCK	DM_RUN_DIR "/autoprobe.lock"
/* the devices present when the window opened, one per line */
#define DM_HOLD_RECORD	DM_RUN_DIR "/autoprobe-off"
/* how long a create waits for another one's window to close */
#define DM_HOLD_WAIT_MS	30000
#define DM_HOLD_POLL_MS	10

/* Every dax device's name, a line each, in a malloc'ed string. */
static int dm_list_devices(const struct daxmgr_ctx *ctx, char **text)
{
	struct dirent *de;
	char path[512];
	size_t len = 0;
	int rc = 0;
	FILE *f;
	DIR *dir;

	*text = NULL;
	if (dm_path(path, sizeof(path), ctx->sysfs, DM_DEVICES))
		return -ENAMETOOLONG;
	dir = opendir(path);
	if (!dir)
		return -errno;
	f = open_memstream(text, &len);
	if (!f) {
		closedir(dir);
		return -ENOMEM;
	}
	while (!rc && (de = readdir(dir)))
		if (de->d_name[0] != '.' && fprintf(f, "%s\n", de->d_name) < 0)
			rc = -ENOMEM;
	closedir(dir);
	if (fclose(f) && !rc)
		rc = -ENOMEM;
	if (rc) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

static bool dm_listed(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)); p += len)
		if ((p == list || p[-1] == '\n') && p[len] == '\n')
			return true;
	return false;
}

/*
 * Turn autoprobe back on and probe the devices that are not in @before
 * and have no driver, except @skip: they came while it was off, and the
 * bus would have probed them.  0, or the errno of turning it back on
 * (the caller then keeps the record, for the next create to retry).
 */
static int dm_autoprobe_restore(struct daxmgr_ctx *ctx, const char *before,
				const char *skip)
{
	char *now, *name, *save = NULL;
	int rc, probed;

	rc = dm_write_attr(ctx, "1", DM_AUTOPROBE);
	if (rc) {
		dm_err(ctx, "cannot turn %s back on: %s\n",
		       DM_AUTOPROBE, strerror(-rc));
		return rc;
	}
	if (dm_list_devices(ctx, &now))
		return 0;
	for (name = strtok_r(now, "\n", &save); name; name = strtok_r(NULL, "\n", &save)) {
		if (dm_listed(before, name) || (skip && !strcmp(name, skip)) ||
		    dm_exists(ctx, DM_DEVICES "/%s/driver", name) == 1)
			continue;
		probed = dm_write_attr(ctx, name, DM_PROBE);
		dm_info(ctx, "%s appeared while autoprobe was off: probed (%s)\n",
		       name, probed ? strerror(-probed) : "ok");
	}
	free(now);
	return 0;
}

/* The record's text, or NULL if it cannot be read whole. */
static char *dm_record_read(void)
{
	size_t len = 0, cap = 4096;
	int fd = open(DM_HOLD_RECORD, O_RDONLY | O_CLOEXEC);
	char *buf = fd < 0 ? NULL : malloc(cap);
	ssize_t n = 0;

	while (buf && (n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (buf && n < 0) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[len] = '\0';
	if (fd >= 0)
		close(fd);
	return buf;
}

/* A record left by a holder that died in its window: undo what it did. */
static void dm_autoprobe_recover(struct daxmgr_ctx *ctx)
{
	char *before;

	if (access(DM_HOLD_RECORD, F_OK))
		return;
	dm_notice(ctx, "a daxmgr create died with %s off: turning it back on\n",
	       DM_AUTOPROBE);
	before = dm_record_read();
	/* unreadable: turn it on, but probe nothing rather than everything */
	if (!before) {
		if (!dm_write_attr(ctx, "1", DM_AUTOPROBE))
			unlink(DM_HOLD_RECORD);
		return;
	}
	if (!dm_autoprobe_restore(ctx, before, NULL))
		unlink(DM_HOLD_RECORD);
	free(before);
}

/*
 * Take the creates' lock: bounded, since another create holds it only for
 * an enable and a bind.  Signals still end the process here: nothing is
 * switched yet.
 */
static int dm_autoprobe_lock(void)
{
	int fd, waited;

	if (mkdir(DM_RUN_DIR, 0700) && errno != EEXIST)
		return -errno;
	fd = open(DM_HOLD_LOCK, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	for (waited = 0; flock(fd, LOCK_EX | LOCK_NB); waited += DM_HOLD_POLL_MS) {
		if (errno != EWOULDBLOCK || waited >= DM_HOLD_WAIT_MS) {
			int rc = errno == EWOULDBLOCK ? -ETIMEDOUT : -errno;

			close(fd);
			return rc;
		}
		usleep(DM_HOLD_POLL_MS * 1000);
	}
	return fd;
}

/* Every signal that can come from outside; the synchronous ones stay. */
static void dm_block_signals(sigset_t *old)
{
	static const int sync_sigs[] = {
		SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS,
	};
	sigset_t block;
	size_t i;

	sigfillset(&block);
	for (i = 0; i < sizeof(sync_sigs) / sizeof(sync_sigs[0]); i++)
		sigdelset(&block, sync_sigs[i]);
	pthread_sigmask(SIG_BLOCK, &block, old);
}

void dm_autoprobe_hold(struct daxmgr_ctx *ctx, struct dm_autoprobe_hold *hold)
{
	char val[8];
	int rc;

	hold->lock_fd = -1;
	hold->off = false;
	hold->blocked = false;
	hold->before = NULL;
	if (!dm_real_sysfs(ctx))
		return;
	rc = dm_autoprobe_lock();
	if (rc < 0) {
		/* no window without the record that undoes it: as before */
		dm_dbg(ctx, "%s: %s; autoprobe stays on\n",
		       DM_HOLD_LOCK, strerror(-rc));
		return;
	}
	hold->lock_fd = rc;
	dm_block_signals(&hold->sigmask);
	hold->blocked = true;

	dm_autoprobe_recover(ctx);
	rc = dm_read_attr(ctx, val, sizeof(val), DM_AUTOPROBE);
	if (rc || strcmp(val, "1"))
		return;	/* the admin's 0, or no such switch: leave it */
	rc = dm_list_devices(ctx, &hold->before);
	if (!rc)
		rc = dm_file_replace(DM_HOLD_RECORD, hold->before,
				     strlen(hold->before), 0600);
	if (!rc) {
		rc = dm_write_attr(ctx, "0", DM_AUTOPROBE);
		if (rc)
			unlink(DM_HOLD_RECORD);
	}
	if (rc) {
		dm_dbg(ctx, "autoprobe stays on (%s): device_dax binds the device first\n",
		       strerror(-rc));
		free(hold->before);
		hold->before = NULL;
		return;
	}
	hold->off = true;
}

void dm_autoprobe_release(struct daxmgr_ctx *ctx, struct dm_autoprobe_hold *hold,
			  const char *ours)
{
	/* a failed restore keeps the record: the next create retries it */
	if (hold->off && !dm_autoprobe_restore(ctx, hold->before, ours))
		unlink(DM_HOLD_RECORD);
	hold->off = false;
	free(hold->before);
	hold->before = NULL;
	if (hold->lock_fd >= 0)
		close(hold->lock_fd);	/* drops the flock */
	hold->lock_fd = -1;
}

void dm_autoprobe_unblock(struct dm_autoprobe_hold *hold)
{
	/* a signal that came in the window is delivered now */
	if (hold->blocked)
		pthread_sigmask(SIG_SETMASK, &hold->sigmask, NULL);
	hold->blocked = false;
}
