// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
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
	snprintf(t->conf, sizeof(t->conf), "%s/etc/daxmgr/daxmgr.conf.d", t->root);
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

int fake_remove_dev(struct fake_tree *t, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/bus/dax/devices/%s", t->sysfs, name);
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) ? -errno : 0;
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

static int fake_driver(struct fake_tree *t, const char *drv)
{
	static const char *const attrs[] = { "bind", "unbind", "new_id", "remove_id" };
	char rel[256];
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		snprintf(rel, sizeof(rel), "sys/bus/dax/drivers/%s/%s", drv, attrs[i]);
		if (fake_write(t, rel, ""))
			return -EIO;
	}
	return 0;
}

int fake_bus(struct fake_tree *t, bool daxmgr)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/bus/dax/devices", t->sysfs);
	if (mkpath(path) || fake_driver(t, "device_dax"))
		return -EIO;
	return daxmgr ? fake_driver(t, "daxmgr") : 0;
}

bool fake_exists(struct fake_tree *t, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	return !access(path, F_OK);
}

int fake_set_driver(struct fake_tree *t, const char *dev, const char *drv)
{
	char link[512], target[256];

	snprintf(link, sizeof(link), "%s/bus/dax/devices/%s/driver", t->sysfs, dev);
	unlink(link);
	if (!drv)
		return 0;
	snprintf(target, sizeof(target), "../../drivers/%s", drv);
	return symlink(target, link) ? -errno : 0;
}

#define OR(v, d) ((v) ? (v) : (d))

int fake_add_dev(struct fake_tree *t, const struct fake_dev *d)
{
	const char *core[][2] = {
		{ "resource", OR(d->resource, "0x100000000") },
		{ "size", OR(d->size, "1073741824") },
		{ "align", OR(d->align, "2097152") },
		{ "target_node", OR(d->target_node, "0") },
		{ "numa_node", "0" },
	};
	const char *ours[][2] = {
		{ "state", OR(d->state, "live") },
		{ "pin_mode", OR(d->pin_mode, "vma") },
		{ "vmas", OR(d->vmas, "0") },
		{ "pinned_pages", OR(d->pinned_pages, "0") },
		{ "faults_pte", "1" },
		{ "faults_pmd", "2" },
		{ "faults_pud", "3" },
		{ "quiesce", "" },
		{ "unquiesce", "" },
		{ "revoke", "" },
	};
	bool is_ours = d->driver && !strcmp(d->driver, "daxmgr");
	char rel[512], val[128];
	size_t i;

	for (i = 0; i < sizeof(core) / sizeof(core[0]); i++) {
		snprintf(rel, sizeof(rel), "sys/bus/dax/devices/%s/%s", d->name, core[i][0]);
		snprintf(val, sizeof(val), "%s\n", core[i][1]);
		if (fake_write(t, rel, val))
			return -EIO;
	}
	for (i = 0; is_ours && i < sizeof(ours) / sizeof(ours[0]); i++) {
		snprintf(rel, sizeof(rel), "sys/bus/dax/devices/%s/%s", d->name, ours[i][0]);
		snprintf(val, sizeof(val), "%s%s", ours[i][1], *ours[i][1] ? "\n" : "");
		if (fake_write(t, rel, val))
			return -EIO;
	}
	return fake_set_driver(t, d->name, d->driver);
}

/*
 * A device laid out as a pmem namespace's is: its directory below
 * devices/.../@region/@parent (the nd_dax, with @ns and @mode, on the
 * bus @subsys), and the dax bus's entry a link to it.
 */
int fake_add_nd_dev(struct fake_tree *t, const struct fake_dev *d,
		    const char *region, const char *parent, const char *subsys,
		    const char *ns, const char *mode)
{
	char dir[256], rel[1024], link[1024], target[1024];

	snprintf(dir, sizeof(dir), "devices/platform/ndbus0/%s/%s", region, parent);
	snprintf(rel, sizeof(rel), "sys/%s/namespace", dir);
	if (fake_write(t, rel, ns))
		return -EIO;
	snprintf(rel, sizeof(rel), "sys/%s/mode", dir);
	if (fake_write(t, rel, mode))
		return -EIO;
	snprintf(link, sizeof(link), "%s/%s/subsystem", t->sysfs, dir);
	snprintf(target, sizeof(target), "../../../../../bus/%s", subsys);
	if (symlink(target, link))
		return -errno;
	snprintf(rel, sizeof(rel), "%s/%s/%s", t->sysfs, dir, d->name);
	snprintf(link, sizeof(link), "%s/bus/dax/devices/%s", t->sysfs, d->name);
	snprintf(target, sizeof(target), "../../../%s/%s", dir, d->name);
	if (mkpath(rel) || symlink(target, link))
		return -EIO;
	return fake_add_dev(t, d);
}

int fake_cxl_region(struct fake_tree *t, const char *region, const char *target0,
		    const char *target1)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "sys/bus/cxl/devices/%s/pmem_%s/uevent", region, region);
	if (fake_write(t, rel, ""))
		return -EIO;
	snprintf(rel, sizeof(rel), "sys/bus/cxl/devices/%s/interleave_ways", region);
	if (fake_write(t, rel, target1 ? "2\n" : "1\n"))
		return -EIO;
	snprintf(rel, sizeof(rel), "sys/bus/cxl/devices/%s/target0", region);
	if (fake_write(t, rel, target0))
		return -EIO;
	snprintf(rel, sizeof(rel), "sys/bus/cxl/devices/%s/target1", region);
	return target1 ? fake_write(t, rel, target1) : 0;
}

int fake_cxl_endpoint(struct fake_tree *t, const char *decoder, const char *endpoint,
		      const char *memdev)
{
	char dir[512], link[1024], target[512];

	snprintf(dir, sizeof(dir), "%s/bus/cxl/devices", t->sysfs);
	snprintf(link, sizeof(link), "%s/%s", dir, decoder);
	snprintf(target, sizeof(target),
		 "../../../devices/platform/ACPI0017:00/root0/port1/%s/%s", endpoint, decoder);
	if (mkpath(dir) || symlink(target, link))
		return -EIO;
	snprintf(dir, sizeof(dir), "%s/bus/cxl/devices/%s", t->sysfs, endpoint);
	snprintf(link, sizeof(link), "%s/uport", dir);
	snprintf(target, sizeof(target),
		 "../../../../../pci0000:0c/0000:0c:00.0/0000:0d:00.0/%s", memdev);
	if (mkpath(dir) || symlink(target, link))
		return -EIO;
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

int fake_add_fd(struct fake_tree *t, int pid, int fd, const char *target)
{
	char dir[512], link[600];

	snprintf(dir, sizeof(dir), "%s/%d/fd", t->proc, pid);
	snprintf(link, sizeof(link), "%s/%d", dir, fd);
	if (mkpath(dir))
		return -EIO;
	unlink(link);
	return symlink(target, link) ? -errno : 0;
}
