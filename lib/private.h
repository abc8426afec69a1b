/* SPDX-License-Identifier: LGPL-2.1 */
/* libdaxmgr internals shared between its source files. */
#ifndef LIBDAXMGR_PRIVATE_H
#define LIBDAXMGR_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "libdaxmgr.h"

#define DAXMGR_EXPORT __attribute__((visibility("default")))

struct daxmgr_ctx {
	char *sysfs;		/* e.g. "/sys" */
	char *proc;		/* e.g. "/proc" */
	char *devdir;		/* e.g. "/dev" */
	struct daxmgr_dev *devs;	/* sorted by id */
};

struct daxmgr_dev {
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *next;
	char name[32];
	char path[256];
	int id;
	uint64_t resource;
	uint64_t size;
	uint64_t align;
	int target_node;
	int numa_node;
	char state[16];
	enum daxmgr_pin_mode pin_mode;
	long mappings;
	long pinned_pages;
	uint64_t faults[3];
	char *ns;		/* namespace name, or NULL */
};

/* sysfs.c: attribute I/O below ctx->sysfs; paths are relative to it */
int dm_read_attr(const struct daxmgr_ctx *ctx, char *buf, size_t len,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int dm_write_attr(const struct daxmgr_ctx *ctx, const char *val,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int dm_read_u64(const struct daxmgr_ctx *ctx, uint64_t *val,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int dm_dev_write(const struct daxmgr_dev *dev, const char *attr,
		 const char *val);
int dm_path(char *buf, size_t len, const char *root, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define DM_BUS		"bus/daxmgr"
#define DM_DEVICES	DM_BUS "/devices"
#define DM_DRIVER	DM_BUS "/drivers/pmemdax"

/* device.c */
int dm_dev_load(struct daxmgr_dev *dev);
int dm_dev_store(struct daxmgr_dev *dev, const char *attr, const char *val);

/* namespace.c */
int dm_namespace_of(uint64_t start, char **name);
int dm_namespace_take(const char *name, unsigned int flags, uint64_t *start,
		      uint64_t *size);
int dm_namespace_release(const char *name);

#endif
