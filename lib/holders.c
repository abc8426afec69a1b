// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/*
 * Who uses a device: processes with a vma of it in /proc/PID/maps and,
 * for daxmgr_dev_users(), with a file of it open in /proc/PID/fd.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "private.h"

/* What holds a device; the layout stays private to the library. */
struct daxmgr_busy {
	long vmas;		/* vmas the driver counts */
	long pinned_pages;	/* pages held by in-flight I/O, -1: unknown */
	unsigned int nr_holders;
	struct dm_holder {
		pid_t pid;
		char comm[32];
		unsigned int vmas;
		unsigned int files;	/* daxmgr_dev_users() only */
	} *holders;
};

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

static int dm_add_holder(struct daxmgr_busy *busy, pid_t pid, const char *comm,
			 unsigned int vmas, unsigned int files)
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
 * Files of /proc/@pid/fd that are the node (@sdev, @ino) or, @rdev not 0,
 * any character device node of the same device number.
 */
static unsigned int dm_count_files(const struct daxmgr_ctx *ctx, const char *pid,
				   dev_t sdev, ino_t ino, dev_t rdev)
{
	char path[512], fd[512 + 256 + 2];
	unsigned int files = 0;
	struct dirent *de;
	struct stat st;
	DIR *dir;

	if (!ino || dm_path(path, sizeof(path), ctx->proc, "%s/fd", pid))
		return 0;
	dir = opendir(path);
	if (!dir)
		return 0;	/* gone, or not ours to read */
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(fd, sizeof(fd), "%s/%s", path, de->d_name) >= (int)sizeof(fd) ||
		    stat(fd, &st))
			continue;
		if ((st.st_dev == sdev && st.st_ino == ino) ||
		    (rdev && S_ISCHR(st.st_mode) && st.st_rdev == rdev))
			files++;
	}
	closedir(dir);
	return files;
}

/* holders (maps) or, with @files, users (maps and open files) */
static int dm_scan_users(struct daxmgr_dev *dev, bool files,
			 struct daxmgr_busy **out)
{
	struct daxmgr_busy *busy;
	struct daxmgr_ctx *ctx;
	char path[512], line[1024], comm[32];
	dev_t sdev = 0, fdev = 0, rdev = 0;
	ino_t ino = 0, fino = 0;
	struct dirent *de;
	struct stat st;
	DIR *dir;
	int rc;

	if (!dev || !out)
		return -EINVAL;
	*out = NULL;
	ctx = dev->ctx;
	rc = dm_dev_load(dev);
	if (rc)
		return rc;
	busy = calloc(1, sizeof(*busy));
	if (!busy)
		return -ENOMEM;
	if (daxmgr_dev_is_daxmgr(dev)) {
		busy->vmas = dev->vmas;
		busy->pinned_pages = daxmgr_dev_pinned_pages(dev);
	}
	if (!stat(dev->path, &st)) {
		if (S_ISCHR(st.st_mode)) {
			sdev = st.st_dev;
			ino = st.st_ino;
			rdev = st.st_rdev;
		}
		/* an open file is the node itself (the fake trees' too) */
		fdev = st.st_dev;
		fino = st.st_ino;
	}

	dir = opendir(ctx->proc);
	if (!dir) {
		rc = -errno;
		daxmgr_busy_free(busy);
		return rc;
	}
	while ((de = readdir(dir))) {
		unsigned int vmas = 0, nfiles = 0;
		FILE *f;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (files)
			nfiles = dm_count_files(ctx, de->d_name, fdev, fino, rdev);
		if (dm_path(path, sizeof(path), ctx->proc, "%s/maps", de->d_name))
			continue;
		f = fopen(path, "re");
		if (f) {
			while (fgets(line, sizeof(line), f))
				vmas += dm_maps_line_matches(line, dev->path, sdev, ino);
			fclose(f);
		}
		if (!vmas && !nfiles)
			continue;	/* not a user, gone, or not ours to read */
		dm_read_comm(ctx, de->d_name, comm, sizeof(comm));
		rc = dm_add_holder(busy, atoi(de->d_name), comm, vmas, nfiles);
		if (rc)
			break;
	}
	closedir(dir);
	if (rc)
		daxmgr_busy_free(busy);
	else
		*out = busy;
	return rc;
}

DAXMGR_EXPORT int daxmgr_dev_holders(struct daxmgr_dev *dev,
				     struct daxmgr_busy **out)
{
	return dm_scan_users(dev, false, out);
}

DAXMGR_EXPORT int daxmgr_dev_users(struct daxmgr_dev *dev,
				   struct daxmgr_busy **out)
{
	return dm_scan_users(dev, true, out);
}
