// SPDX-License-Identifier: LGPL-2.1
/* The safe unbind protocol, and finding who holds a device. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

DAXMGR_EXPORT int daxmgr_dev_bind(struct daxmgr_dev *dev)
{
	int rc;

	if (!dev)
		return -EINVAL;
	if (daxmgr_dev_is_enabled(dev))
		return 0;
	rc = dm_write_attr(dev->ctx, dev->name, DM_DRIVER "/bind");
	return rc ? rc : dm_dev_load(dev);
}

DAXMGR_EXPORT void daxmgr_busy_release(struct daxmgr_busy *busy)
{
	if (!busy)
		return;
	free(busy->holders);
	memset(busy, 0, sizeof(*busy));
}

/* Does one /proc/PID/maps line map @path (or its inode)? */
static bool dm_maps_line_matches(const char *line, const char *path,
				 const struct stat *st)
{
	unsigned int maj, min;
	unsigned long long ino;
	int pathpos = 0;
	size_t plen = strlen(path);
	const char *p;

	if (sscanf(line, "%*s %*s %*s %x:%x %llu %n", &maj, &min, &ino,
		   &pathpos) < 3)
		return false;
	if (st && ino == st->st_ino && makedev(maj, min) == st->st_dev)
		return true;
	if (!pathpos)
		return false;
	p = line + pathpos;
	return !strncmp(p, path, plen) &&
	       (p[plen] == '\n' || p[plen] == '\0' || !strcmp(p + plen, " (deleted)\n"));
}

static int dm_add_holder(struct daxmgr_busy *busy, pid_t pid,
			 const char *comm, unsigned int vmas)
{
	struct daxmgr_holder *h;

	h = realloc(busy->holders, (busy->nr_holders + 1) * sizeof(*h));
	if (!h)
		return -ENOMEM;
	busy->holders = h;
	h += busy->nr_holders++;
	h->pid = pid;
	h->vmas = vmas;
	snprintf(h->comm, sizeof(h->comm), "%s", comm);
	return 0;
}

DAXMGR_EXPORT int daxmgr_dev_holders(struct daxmgr_dev *dev,
				     struct daxmgr_busy *busy)
{
	struct daxmgr_ctx *ctx;
	struct stat st, *stp = NULL;
	char path[512], line[1024], comm[32];
	struct dirent *de;
	DIR *dir;
	int rc;

	if (!dev || !busy)
		return -EINVAL;
	ctx = dev->ctx;
	memset(busy, 0, sizeof(*busy));
	rc = dm_dev_load(dev);
	if (rc)
		return rc;
	busy->mappings = dev->mappings;
	busy->pinned_pages = dev->pinned_pages;
	if (!stat(dev->path, &st) && S_ISCHR(st.st_mode))
		stp = &st;

	dir = opendir(ctx->proc);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		unsigned int vmas = 0;
		FILE *f;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (dm_path(path, sizeof(path), ctx->proc, "%s/maps", de->d_name))
			continue;
		f = fopen(path, "re");
		if (!f)
			continue;	/* gone, or not ours to read */
		while (fgets(line, sizeof(line), f))
			vmas += dm_maps_line_matches(line, dev->path, stp);
		fclose(f);
		if (!vmas)
			continue;
		comm[0] = '\0';
		if (!dm_path(path, sizeof(path), ctx->proc, "%s/comm", de->d_name) &&
		    (f = fopen(path, "re"))) {
			if (fgets(comm, sizeof(comm), f))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
		rc = dm_add_holder(busy, atoi(de->d_name), comm, vmas);
		if (rc)
			break;
	}
	closedir(dir);
	if (rc)
		daxmgr_busy_release(busy);
	return rc;
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

/* Poll until the mappings (or pinned pages) counted by the driver are 0. */
static int dm_wait_idle(struct daxmgr_dev *dev, bool pins, unsigned int timeout_ms)
{
	uint64_t deadline = dm_now_ms() + timeout_ms;
	int rc;

	for (;;) {
		rc = dm_dev_load(dev);
		if (rc)
			return rc;
		if ((pins ? dev->pinned_pages : dev->mappings) == 0)
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
		daxmgr_dev_unquiesce(dev);
		return -EBUSY;
	}
	if (rc)
		return rc;
	rc = dm_write_attr(dev->ctx, dev->name, DM_DRIVER "/unbind");
	return rc ? rc : dm_dev_load(dev);
}
