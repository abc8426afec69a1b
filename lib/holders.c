// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/*
 * Who holds a device: processes with a vma of it in /proc/PID/maps and,
 * for destroy, with a descriptor of its node in /proc/PID/fd.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "private.h"

struct daxmgr_busy *dm_busy_new(void)
{
	struct daxmgr_busy *busy = calloc(1, sizeof(*busy));

	if (busy)
		busy->parked_pages = -1;
	return busy;
}

DAXMGR_EXPORT void daxmgr_busy_free(struct daxmgr_busy *busy)
{
	if (!busy)
		return;
	free(busy->holders);
	free(busy);
}

DAXMGR_EXPORT long daxmgr_busy_vmas(const struct daxmgr_busy *busy)
{
	return busy ? busy->vmas : 0;
}

DAXMGR_EXPORT long daxmgr_busy_pinned_pages(const struct daxmgr_busy *busy)
{
	return busy && busy->pinned_pages > 0 ? busy->pinned_pages : 0;
}

DAXMGR_EXPORT long daxmgr_busy_open_files(const struct daxmgr_busy *busy)
{
	return busy && busy->open_files > 0 ? busy->open_files : 0;
}

DAXMGR_EXPORT long daxmgr_busy_parked_pages(const struct daxmgr_busy *busy)
{
	return busy ? busy->parked_pages : -1;
}

DAXMGR_EXPORT unsigned int daxmgr_busy_nr_holders(const struct daxmgr_busy *busy)
{
	return busy ? busy->nr_holders : 0;
}

DAXMGR_EXPORT pid_t daxmgr_busy_holder_pid(const struct daxmgr_busy *busy,
					   unsigned int i)
{
	return busy && i < busy->nr_holders ? busy->holders[i].pid : 0;
}

DAXMGR_EXPORT const char *daxmgr_busy_holder_comm(const struct daxmgr_busy *busy,
						  unsigned int i)
{
	return busy && i < busy->nr_holders ? busy->holders[i].comm : NULL;
}

DAXMGR_EXPORT unsigned int daxmgr_busy_holder_vmas(const struct daxmgr_busy *busy,
						   unsigned int i)
{
	return busy && i < busy->nr_holders ? busy->holders[i].vmas : 0;
}

DAXMGR_EXPORT unsigned int daxmgr_busy_holder_files(const struct daxmgr_busy *busy,
						    unsigned int i)
{
	return busy && i < busy->nr_holders ? busy->holders[i].files : 0;
}

static int dm_add_holder(struct daxmgr_busy *busy, pid_t pid,
			 const char *comm, unsigned int vmas, unsigned int files)
{
	struct dm_holder *h;

	h = realloc(busy->holders, (busy->nr_holders + 1) * sizeof(*h));
	if (!h)
		return -ENOMEM;
	busy->holders = h;
	h += busy->nr_holders++;
	h->pid = pid;
	h->vmas = vmas;
	h->files = files;
	snprintf(h->comm, sizeof(h->comm), "%s", comm);
	return 0;
}

static void dm_read_comm(const struct daxmgr_ctx *ctx, const char *pid,
			 char *comm, size_t len)
{
	char path[512];
	FILE *f;

	comm[0] = '\0';
	if (dm_path(path, sizeof(path), ctx->proc, "%s/comm", pid))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(comm, len, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

/*
 * The node's major:minor: the device's "dev" attribute, else the node
 * itself; 0 if neither says (a fake tree: paths alone then match).
 */
static dev_t dm_dev_rdev(const struct daxmgr_dev *dev)
{
	unsigned int maj, min;
	struct stat st;
	char buf[32];

	if (!dm_read_attr(dev->ctx, buf, sizeof(buf), DM_DEVICES "/%s/dev", dev->name) &&
	    sscanf(buf, "%u:%u", &maj, &min) == 2)
		return makedev(maj, min);
	if (!stat(dev->path, &st) && S_ISCHR(st.st_mode))
		return st.st_rdev;
	return 0;
}

/*
 * The descriptors of process @pid open on the node: links in
 * /proc/PID/fd to @path, or to any character device @rdev.  Sockets,
 * pipes and anonymous inodes ("socket:[N]") are skipped unread.
 */
static unsigned int dm_count_fds(const struct daxmgr_ctx *ctx, const char *pid,
				 const char *path, dev_t rdev)
{
	char dir[512], link[1024], target[1024];
	unsigned int n = 0;
	struct dirent *de;
	struct stat st;
	ssize_t len;
	DIR *d;

	if (dm_path(dir, sizeof(dir), ctx->proc, "%s/fd", pid))
		return 0;
	d = opendir(dir);
	if (!d)
		return 0;	/* gone, or not ours to read */
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]) ||
		    snprintf(link, sizeof(link), "%s/%s", dir, de->d_name) >= (int)sizeof(link))
			continue;
		len = readlink(link, target, sizeof(target) - 1);
		if (len <= 0 || target[0] != '/')
			continue;
		target[len] = '\0';
		if (dm_fd_target_matches(target, path) ||
		    (rdev && !stat(link, &st) && S_ISCHR(st.st_mode) && st.st_rdev == rdev))
			n++;
	}
	closedir(d);
	return n;
}

/* The driver's count of files open on the node: -ENOENT unless daxmgr's. */
static int dm_open_files_attr(const struct daxmgr_dev *dev, long *n)
{
	char buf[32], *end;
	int rc;

	if (!daxmgr_dev_is_daxmgr(dev))
		return -ENOENT;
	rc = dm_read_attr(dev->ctx, buf, sizeof(buf), DM_DEVICES "/%s/open_files",
			  dev->name);
	if (rc)
		return rc;
	errno = 0;
	*n = strtol(buf, &end, 10);
	return errno || end == buf || *end || *n < 0 ? -EIO : 0;
}

int dm_dev_scan(struct daxmgr_dev *dev, bool files, struct daxmgr_busy **out)
{
	struct daxmgr_busy *busy;
	struct daxmgr_ctx *ctx;
	char path[512], line[1024], comm[32];
	dev_t sdev = 0, rdev = 0;
	ino_t ino = 0;
	struct dirent *de;
	struct stat st;
	long attr = -1;
	DIR *dir;
	int rc;

	if (!dev || !out)
		return -EINVAL;
	*out = NULL;
	ctx = dev->ctx;
	rc = dm_dev_load(dev);
	if (rc)
		return rc;
	busy = dm_busy_new();
	if (!busy)
		return -ENOMEM;
	if (daxmgr_dev_is_daxmgr(dev)) {
		busy->vmas = dev->vmas;
		busy->pinned_pages = daxmgr_dev_pinned_pages(dev);
	}
	busy->parked_pages = dev->parked_pages;
	if (!stat(dev->path, &st) && S_ISCHR(st.st_mode)) {
		sdev = st.st_dev;
		ino = st.st_ino;
	}
	if (files) {
		rdev = dm_dev_rdev(dev);
		/* the driver counts the files opened under any daxmgr binding */
		if (dm_open_files_attr(dev, &attr))
			attr = -1;
	}

	dir = opendir(ctx->proc);
	if (!dir) {
		rc = -errno;
		daxmgr_busy_free(busy);
		return rc;
	}
	while ((de = readdir(dir))) {
		unsigned int vmas = 0, fds = 0;
		FILE *f;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (dm_path(path, sizeof(path), ctx->proc, "%s/maps", de->d_name))
			continue;
		f = fopen(path, "re");
		if (f) {
			while (fgets(line, sizeof(line), f))
				vmas += dm_maps_line_matches(line, dev->path, sdev, ino);
			fclose(f);
		}
		if (files)
			fds = dm_count_fds(ctx, de->d_name, dev->path, rdev);
		if (!vmas && !fds)
			continue;
		/* a mapping holds its file even once the descriptor is closed */
		busy->open_files += fds ? fds : 1;
		dm_read_comm(ctx, de->d_name, comm, sizeof(comm));
		rc = dm_add_holder(busy, atoi(de->d_name), comm, vmas, fds);
		if (rc)
			break;
	}
	closedir(dir);
	if (!files)
		busy->open_files = 0;
	else if (attr >= 0)
		busy->open_files = attr;
	if (rc)
		daxmgr_busy_free(busy);
	else
		*out = busy;
	return rc;
}

DAXMGR_EXPORT int daxmgr_dev_holders(struct daxmgr_dev *dev,
				     struct daxmgr_busy **out)
{
	return dm_dev_scan(dev, false, out);
}

DAXMGR_EXPORT int daxmgr_dev_file_holders(struct daxmgr_dev *dev,
					  struct daxmgr_busy **out)
{
	return dm_dev_scan(dev, true, out);
}

/*
 * The number of files open on @dev's node: the driver's count while
 * daxmgr has it (no /proc walk), else from /proc.
 */
int dm_dev_open_files(struct daxmgr_dev *dev, long *n)
{
	struct daxmgr_busy *busy;
	int rc = dm_open_files_attr(dev, n);

	if (rc != -ENOENT)
		return rc;
	rc = dm_dev_scan(dev, true, &busy);
	if (rc)
		return rc;
	*n = busy->open_files;
	daxmgr_busy_free(busy);
	return 0;
}
