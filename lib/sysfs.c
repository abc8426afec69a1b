// SPDX-License-Identifier: LGPL-2.1
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

int dm_read_attr(const struct daxmgr_ctx *ctx, char *buf, size_t len,
		 const char *fmt, ...)
{
	char path[512];
	va_list ap;
	ssize_t n;
	int fd, rc;

	va_start(ap, fmt);
	rc = dm_vpath(path, sizeof(path), ctx->sysfs, fmt, ap);
	va_end(ap);
	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	rc = n < 0 ? -errno : 0;
	close(fd);
	if (rc)
		return rc;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int dm_read_u64(const struct daxmgr_ctx *ctx, uint64_t *val, const char *fmt,
		...)
{
	char rel[512], buf[64], *end;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(rel))
		return -ENAMETOOLONG;
	rc = dm_read_attr(ctx, buf, sizeof(buf), "%s", rel);
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
	char path[512];
	va_list ap;
	ssize_t n;
	int fd, rc;

	va_start(ap, fmt);
	rc = dm_vpath(path, sizeof(path), ctx->sysfs, fmt, ap);
	va_end(ap);
	if (rc)
		return rc;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	rc = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	close(fd);
	return rc;
}

int dm_dev_write(const struct daxmgr_dev *dev, const char *attr,
		 const char *val)
{
	return dm_write_attr(dev->ctx, val, DM_DEVICES "/%s/%s", dev->name, attr);
}
