// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/* The library context: roots, and the dax device list read from sysfs. */
#define _GNU_SOURCE	/* secure_getenv */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

/* DAXMGR_LOG's log function: one line on stderr, as libdaxctl's */
static void dm_log_stderr(struct daxmgr_ctx *ctx, int priority,
			  const char *file, int line, const char *fn,
			  const char *format, va_list args)
{
	fprintf(stderr, "libdaxmgr: %s: ", fn);
	vfprintf(stderr, format, args);
	if (!*format || format[strlen(format) - 1] != '\n')
		fputc('\n', stderr);
}

/*
 * DAXMGR_LOG, like DAXCTL_LOG: "err", "info" or "debug" (or a syslog
 * priority number) sends the library's messages at or above it to
 * stderr.  Unset, the library is silent unless the caller sets a log
 * function.
 */
static void dm_log_from_env(struct daxmgr_ctx *ctx)
{
	static const char *const names[] = {
		"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
	};
	const char *env = secure_getenv("DAXMGR_LOG");
	char *end;
	long prio;
	int i;

	if (!env || !*env)
		return;
	prio = strtol(env, &end, 10);
	if (*end || prio < LOG_EMERG || prio > LOG_DEBUG) {
		prio = -1;
		for (i = 0; i <= LOG_DEBUG; i++)
			if (!strcmp(env, names[i]))
				prio = i;
	}
	if (prio < 0)
		return;
	ctx->log_fn = dm_log_stderr;
	ctx->log_priority = (int)prio;
}

int dm_new_at(struct daxmgr_ctx **out, const char *sysfs, const char *proc,
	      const char *dev)
{
	struct daxmgr_ctx *ctx;
	int rc;

	if (!out || !sysfs || !proc || !dev)
		return -EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1;
	ctx->log_priority = LOG_ERR;
	dm_log_from_env(ctx);
	ctx->sysfs = strdup(sysfs);
	ctx->proc = strdup(proc);
	ctx->devdir = strdup(dev);
	ctx->confdir = strdup(DAXMGR_CONF_DIR);
	ctx->daxctl_confdir = strdup(DAXMGR_DAXCTL_CONF_DIR);
	if (!ctx->sysfs || !ctx->proc || !ctx->devdir || !ctx->confdir ||
	    !ctx->daxctl_confdir) {
		daxmgr_unref(ctx);
		return -ENOMEM;
	}
	rc = daxmgr_refresh(ctx);
	if (rc) {
		daxmgr_unref(ctx);
		return rc;
	}
	*out = ctx;
	return 0;
}

DAXMGR_EXPORT int daxmgr_new(struct daxmgr_ctx **ctx)
{
	return dm_new_at(ctx, "/sys", "/proc", "/dev");
}

DAXMGR_EXPORT struct daxmgr_ctx *daxmgr_ref(struct daxmgr_ctx *ctx)
{
	if (ctx)
		ctx->refcount++;
	return ctx;
}

DAXMGR_EXPORT void daxmgr_set_userdata(struct daxmgr_ctx *ctx, void *userdata)
{
	if (ctx)
		ctx->userdata = userdata;
}

DAXMGR_EXPORT void *daxmgr_get_userdata(struct daxmgr_ctx *ctx)
{
	return ctx ? ctx->userdata : NULL;
}

DAXMGR_EXPORT void daxmgr_set_log_fn(struct daxmgr_ctx *ctx, daxmgr_log_fn fn)
{
	if (ctx)
		ctx->log_fn = fn;
}

DAXMGR_EXPORT daxmgr_log_fn daxmgr_get_log_fn(struct daxmgr_ctx *ctx)
{
	return ctx ? ctx->log_fn : NULL;
}

DAXMGR_EXPORT int daxmgr_get_log_priority(struct daxmgr_ctx *ctx)
{
	return ctx ? ctx->log_priority : LOG_ERR;
}

DAXMGR_EXPORT void daxmgr_set_log_priority(struct daxmgr_ctx *ctx, int priority)
{
	if (ctx)
		ctx->log_priority = priority;
}

bool dm_log_wanted(const struct daxmgr_ctx *ctx, int priority)
{
	return ctx && ctx->log_fn && priority <= ctx->log_priority;
}

void dm_vlog(struct daxmgr_ctx *ctx, int priority, const char *file, int line,
	     const char *fn, const char *format, va_list args)
{
	if (dm_log_wanted(ctx, priority))
		ctx->log_fn(ctx, priority, file, line, fn, format, args);
}

void dm_log_at(struct daxmgr_ctx *ctx, int priority, const char *file, int line,
	       const char *fn, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	dm_vlog(ctx, priority, file, line, fn, format, ap);
	va_end(ap);
}

DAXMGR_EXPORT int daxmgr_set_conf_dir(struct daxmgr_ctx *ctx, const char *dir)
{
	char *copy;

	if (!ctx || !dir || !*dir)
		return -EINVAL;
	copy = strdup(dir);
	if (!copy)
		return -ENOMEM;
	free(ctx->confdir);
	ctx->confdir = copy;
	return 0;
}

DAXMGR_EXPORT const char *daxmgr_conf_dir(const struct daxmgr_ctx *ctx)
{
	return ctx ? ctx->confdir : NULL;
}

bool dm_real_sysfs(const struct daxmgr_ctx *ctx)
{
	return !strcmp(ctx->sysfs, "/sys");
}

static void dm_free_devs(struct daxmgr_ctx *ctx)
{
	struct daxmgr_dev *dev, *next;

	for (dev = ctx->devs; dev; dev = next) {
		next = dev->next;
		free(dev);
	}
	ctx->devs = NULL;
}

DAXMGR_EXPORT void daxmgr_unref(struct daxmgr_ctx *ctx)
{
	if (!ctx || --ctx->refcount > 0)
		return;
	dm_free_devs(ctx);
	free(ctx->sysfs);
	free(ctx->proc);
	free(ctx->devdir);
	free(ctx->confdir);
	free(ctx->daxctl_confdir);
	free(ctx);
}

static void dm_insert_sorted(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev)
{
	struct daxmgr_dev **pos = &ctx->devs;

	while (*pos && ((*pos)->region_id < dev->region_id ||
			((*pos)->region_id == dev->region_id && (*pos)->id < dev->id)))
		pos = &(*pos)->next;
	dev->next = *pos;
	*pos = dev;
}

/* The object of daxR.N, gone or not, or NULL. */
static struct daxmgr_dev *dm_dev_lookup(struct daxmgr_ctx *ctx, int region, int id)
{
	struct daxmgr_dev *dev;

	for (dev = ctx->devs; dev; dev = dev->next)
		if (dev->region_id == region && dev->id == id)
			return dev;
	return NULL;
}

/* Read daxR.N into its object, made now if it has none. */
static int dm_refresh_one(struct daxmgr_ctx *ctx, int region, int id)
{
	struct daxmgr_dev *dev = dm_dev_lookup(ctx, region, id);
	bool new = !dev;
	int rc;

	if (new) {
		dev = calloc(1, sizeof(*dev));
		if (!dev)
			return -ENOMEM;
		dev->ctx = ctx;
		dev->region_id = region;
		dev->id = id;
		snprintf(dev->name, sizeof(dev->name), "dax%d.%d", region, id);
	}
	rc = dm_dev_reread(dev);
	if (rc) {
		if (new)
			free(dev);
		return rc;
	}
	dev->gone = false;	/* a device of that name is back */
	dev->seen = true;
	if (new)
		dm_insert_sorted(ctx, dev);
	return 0;
}

/*
 * Every dax device on the dax bus, in place as libdaxctl does it: a device
 * already known keeps its object (re-read), a new one gets one, one no
 * longer on the bus is marked gone; nothing is freed before the context.
 * Without dax support there is no bus directory: that is an empty list,
 * not an error.  A device that vanishes while we read it is gone.  On an
 * error the devices not yet re-read keep what they had.
 */
DAXMGR_EXPORT int daxmgr_refresh(struct daxmgr_ctx *ctx)
{
	struct daxmgr_dev *dev;
	char path[512];
	struct dirent *de;
	DIR *dir;
	int rc;

	if (!ctx)
		return -EINVAL;
	for (dev = ctx->devs; dev; dev = dev->next)
		dev->seen = false;
	rc = dm_path(path, sizeof(path), ctx->sysfs, DM_DEVICES);
	if (rc)
		return rc;
	dir = opendir(path);
	if (!dir && errno != ENOENT)
		return -errno;
	while (dir && (de = readdir(dir))) {
		int region, id;

		if (dm_parse_devname(de->d_name, &region, &id))
			continue;
		rc = dm_refresh_one(ctx, region, id);
		if (rc == -ENOENT)
			rc = 0;
		if (rc)
			break;
	}
	if (dir)
		closedir(dir);
	if (rc)
		return rc;
	for (dev = ctx->devs; dev; dev = dev->next)
		if (!dev->seen)
			dev->gone = true;
	dm_ns_annotate(ctx);	/* best effort: names only */
	return 0;
}

/* @dev or the first device after it that is still there */
static struct daxmgr_dev *dm_skip_gone(struct daxmgr_dev *dev)
{
	while (dev && dev->gone)
		dev = dev->next;
	return dev;
}

DAXMGR_EXPORT struct daxmgr_dev *daxmgr_dev_first(struct daxmgr_ctx *ctx)
{
	return ctx ? dm_skip_gone(ctx->devs) : NULL;
}

/* From a gone device too: it keeps its place in the list. */
DAXMGR_EXPORT struct daxmgr_dev *daxmgr_dev_next(struct daxmgr_dev *dev)
{
	return dev ? dm_skip_gone(dev->next) : NULL;
}

DAXMGR_EXPORT struct daxmgr_dev *daxmgr_dev_find(struct daxmgr_ctx *ctx,
						 const char *name)
{
	struct daxmgr_dev *dev;
	const char *base;

	if (!name)
		return NULL;
	/* accept "/dev/dax0.0" as well as "dax0.0" */
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	daxmgr_dev_foreach(ctx, dev)
		if (!strcmp(dev->name, base))
			return dev;
	return NULL;
}
