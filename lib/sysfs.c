// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/* Reading and writing sysfs attributes below the context's sysfs root. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

static int dm_vpath(char *buf, size_t len, const char *root, const char *fmt,
		    va_list ap)
{
	int n = snprintf(buf, len, "%s/", root);

	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	if (vsnprintf(buf + n, len - n, fmt, ap) >= (int)(len - n))
		return -ENAMETOOLONG;
	return 0;
}

int dm_path(char *buf, size_t len, const char *root, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dm_vpath(buf, len, root, fmt, ap);
	va_end(ap);
	return rc;
}

/* Open an attribute below the sysfs root: an fd or a negative errno. */
static int dm_open_attr(const struct daxmgr_ctx *ctx, int flags,
			const char *fmt, va_list ap)
{
	char path[512];
	int fd, rc;

	rc = dm_vpath(path, sizeof(path), ctx->sysfs, fmt, ap);
	if (rc)
		return rc;
	fd = open(path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int dm_open(const struct daxmgr_ctx *ctx, int flags, const char *fmt, ...)
{
	va_list ap;
	int fd;

	va_start(ap, fmt);
	fd = dm_open_attr(ctx, flags, fmt, ap);
	va_end(ap);
	return fd;
}

/* An attribute into @buf, NUL-terminated; only its first line if @line. */
static int dm_vread_attr(const struct daxmgr_ctx *ctx, char *buf, size_t len,
			 bool line, const char *fmt, va_list ap)
{
	ssize_t n;
	int fd;

	fd = dm_open_attr(ctx, O_RDONLY, fmt, ap);
	if (fd < 0)
		return fd;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (line)
		buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int dm_read_attr(const struct daxmgr_ctx *ctx, char *buf, size_t len,
		 const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dm_vread_attr(ctx, buf, len, true, fmt, ap);
	va_end(ap);
	return rc;
}

/* A whole (multi-line) attribute, NUL-terminated. */
int dm_read_all(const struct daxmgr_ctx *ctx, char *buf, size_t len,
		const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dm_vread_attr(ctx, buf, len, false, fmt, ap);
	va_end(ap);
	return rc;
}

int dm_read_u64(const struct daxmgr_ctx *ctx, uint64_t *val, const char *fmt,
		...)
{
	char buf[64], *end;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dm_vread_attr(ctx, buf, sizeof(buf), true, fmt, ap);
	va_end(ap);
	if (rc)
		return rc;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || *end || buf[0] == '-')
		return -EIO;	/* the kernel never writes this */
	return 0;
}

int dm_write_attr(const struct daxmgr_ctx *ctx, const char *val,
		  const char *fmt, ...)
{
	size_t len = strlen(val);
	va_list ap;
	ssize_t n;
	int fd, rc;

	va_start(ap, fmt);
	fd = dm_open_attr(ctx, O_WRONLY, fmt, ap);
	va_end(ap);
	if (fd < 0)
		return fd;
	n = write(fd, val, len);
	rc = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	close(fd);
	return rc;
}

static int dm_vreadlink(const struct daxmgr_ctx *ctx, char *buf, size_t len,
			const char *fmt, va_list ap)
{
	char path[512];
	ssize_t n;
	int rc;

	rc = dm_vpath(path, sizeof(path), ctx->sysfs, fmt, ap);
	if (rc)
		return rc;
	n = readlink(path, buf, len);
	if (n < 0)
		return -errno;
	if ((size_t)n >= len)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return 0;
}

/* A symlink's target, NUL-terminated; -ENOENT if there is none. */
int dm_readlink(const struct daxmgr_ctx *ctx, char *buf, size_t len,
		const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dm_vreadlink(ctx, buf, len, fmt, ap);
	va_end(ap);
	return rc;
}

/* The last component of a symlink's target ("" if there is no link). */
int dm_readlink_base(const struct daxmgr_ctx *ctx, char *buf, size_t len,
		     const char *fmt, ...)
{
	char target[512];
	const char *base;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dm_vreadlink(ctx, target, sizeof(target), fmt, ap);
	va_end(ap);
	buf[0] = '\0';
	if (rc)
		return rc == -ENOENT ? 0 : rc;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, base);
	return 0;
}

/* 1 if the path below the sysfs root exists, 0 if not, or -errno. */
int dm_exists(const struct daxmgr_ctx *ctx, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dm_vpath(path, sizeof(path), ctx->sysfs, fmt, ap);
	va_end(ap);
	if (rc)
		return rc;
	return access(path, F_OK) ? (errno == ENOENT ? 0 : -errno) : 1;
}
