// SPDX-License-Identifier: GPL-2.0
/* Fake sysfs, /proc and /dev trees for the host unit tests. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_sysfs.h"

static int mkpath(const char *path)
{
	char buf[512], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int fake_tree_init(struct fake_tree *t)
{
	snprintf(t->root, sizeof(t->root), "/tmp/daxmgr-unit-XXXXXX");
	if (!mkdtemp(t->root))
		return -errno;
	snprintf(t->sysfs, sizeof(t->sysfs), "%s/sys", t->root);
	snprintf(t->proc, sizeof(t->proc), "%s/proc", t->root);
	snprintf(t->dev, sizeof(t->dev), "%s/dev", t->root);
	if (mkpath(t->sysfs) || mkpath(t->proc) || mkpath(t->dev))
		return -EIO;
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	return remove(path);
}

void fake_tree_destroy(struct fake_tree *t)
{
	nftw(t->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int fake_write(struct fake_tree *t, const char *rel, const char *val)
{
	char path[512], dir[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (mkpath(dir))
		return -EIO;
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fputs(val, f);
	fclose(f);
	return 0;
}

const char *fake_read(struct fake_tree *t, const char *rel)
{
	static char buf[4096];
	char path[512];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

int fake_bus(struct fake_tree *t)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/bus/daxmgr/devices", t->sysfs);
	if (mkpath(path))
		return -EIO;
	snprintf(path, sizeof(path), "%s/bus/daxmgr/drivers/pmemdax", t->sysfs);
	if (mkpath(path))
		return -EIO;
	return fake_write(t, "sys/bus/daxmgr/new_device", "") ||
	       fake_write(t, "sys/bus/daxmgr/delete_device", "") ||
	       fake_write(t, "sys/bus/daxmgr/drivers/pmemdax/bind", "") ||
	       fake_write(t, "sys/bus/daxmgr/drivers/pmemdax/unbind", "") ? -EIO : 0;
}

#define OR(v, d) ((v) ? (v) : (d))

int fake_add_dev(struct fake_tree *t, const struct fake_dev *d)
{
	const char *attrs[][2] = {
		{ "resource", OR(d->resource, "0x100000000") },
		{ "size", OR(d->size, "1073741824") },
		{ "align", OR(d->align, "2097152") },
		{ "state", OR(d->state, "live") },
		{ "pin_mode", OR(d->pin_mode, "vma") },
		{ "mappings", OR(d->mappings, "0") },
		{ "pinned_pages", OR(d->pinned_pages, "0") },
		{ "target_node", OR(d->target_node, "0") },
		{ "numa_node", "0" },
		{ "faults_pte", "1" },
		{ "faults_pmd", "2" },
		{ "faults_pud", "3" },
		{ "quiesce", "" },
		{ "unquiesce", "" },
		{ "revoke", "" },
	};
	char rel[512], val[128];
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		snprintf(rel, sizeof(rel), "sys/bus/daxmgr/devices/%s/%s", d->name,
			 attrs[i][0]);
		snprintf(val, sizeof(val), "%s%s", attrs[i][1], *attrs[i][1] ? "\n" : "");
		if (fake_write(t, rel, val))
			return -EIO;
	}
	return 0;
}

int fake_add_proc(struct fake_tree *t, int pid, const char *comm,
		  const char *maps)
{
	char rel[128], c[64];

	snprintf(rel, sizeof(rel), "proc/%d/maps", pid);
	if (fake_write(t, rel, maps))
		return -EIO;
	snprintf(rel, sizeof(rel), "proc/%d/comm", pid);
	snprintf(c, sizeof(c), "%s\n", comm);
	return fake_write(t, rel, c);
}
