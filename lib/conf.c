// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/*
 * Persistence records: one file per namespace uuid,
 * <conf dir>/<uuid>.conf, of "key = value" lines (and # comments), in the
 * spirit of daxctl's /etc/daxctl.conf.d.  Keys: pin_mode (vma|io),
 * namespace (informational).  Unknown keys are ignored, so that later
 * versions can add some.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

#define DM_CONF_MAX	4096

/* 8-4-4-4-12 hex digits: also keeps the name inside the directory */
bool dm_uuid_valid(const char *uuid)
{
	int i;

	if (!uuid || strlen(uuid) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (uuid[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)uuid[i])) {
			return false;
		}
	}
	return true;
}

static int dm_conf_path(const struct daxmgr_ctx *ctx, const char *uuid,
			const char *suffix, char *buf, size_t len)
{
	if (!ctx || !dm_uuid_valid(uuid))
		return -EINVAL;
	if (snprintf(buf, len, "%s/%s.conf%s", ctx->confdir, uuid, suffix) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

static char *dm_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int dm_conf_parse(const char *text, struct dm_conf *conf)
{
	char *copy, *line, *save = NULL, *eq, *key, *val;
	int rc = 0;

	if (!text || !conf)
		return -EINVAL;
	memset(conf, 0, sizeof(*conf));
	conf->pin_mode = DAXMGR_PIN_VMA;
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	for (line = strtok_r(copy, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		line = dm_trim(line);
		if (!*line || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			rc = -EINVAL;
			break;
		}
		*eq = '\0';
		key = dm_trim(line);
		val = dm_trim(eq + 1);
		if (!strcmp(key, "pin_mode"))
			rc = daxmgr_parse_pin_mode(val, &conf->pin_mode);
		else if (!strcmp(key, "namespace"))
			snprintf(conf->namespace, sizeof(conf->namespace), "%s", val);
	}
	free(copy);
	return rc;
}

int dm_conf_read(const struct daxmgr_ctx *ctx,
				   const char *uuid, struct dm_conf *conf)
{
	char path[512], text[DM_CONF_MAX];
	ssize_t n;
	int fd, rc;

	if (!conf)
		return -EINVAL;
	rc = dm_conf_path(ctx, uuid, "", path, sizeof(path));
	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, text, sizeof(text) - 1);
	rc = n < 0 ? -errno : 0;
	close(fd);
	if (rc)
		return rc;
	text[n] = '\0';
	return dm_conf_parse(text, conf);
}

/* mkdir -p */
static int dm_mkdirs(const char *dir)
{
	char path[512], *p, c;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	for (p = path + 1; ; p++) {
		if (*p != '/' && *p)
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -errno;
		*p = c;
		if (!c)
			break;
	}
	return 0;
}

/* PATH.tmp written whole, synced and renamed: a reader sees all or nothing. */
int dm_file_replace(const char *path, const char *text, size_t len, mode_t mode)
{
	char tmp[520];
	int fd, rc = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		rc = errno ? -errno : -EIO;
	else if (fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc)
		unlink(tmp);
	return rc;
}

int dm_conf_write(const struct daxmgr_ctx *ctx,
				    const char *uuid,
				    const struct dm_conf *conf)
{
	char path[512], text[DM_CONF_MAX];
	int n, rc;

	if (!conf || (unsigned int)conf->pin_mode > DAXMGR_PIN_IO ||
	    strpbrk(conf->namespace, "\n\r"))
		return -EINVAL;
	rc = dm_conf_path(ctx, uuid, "", path, sizeof(path));
	if (rc)
		return rc;
	n = snprintf(text, sizeof(text),
		     "# daxmgr: the dax device of namespace uuid %s is handed to\n"
		     "# daxmgr at boot (daxmgr autobind).  daxmgr destroy removes this file.\n"
		     "pin_mode = %s\n", uuid, daxmgr_pin_mode_name(conf->pin_mode));
	if (conf->namespace[0])
		n += snprintf(text + n, sizeof(text) - n, "namespace = %s\n",
			      conf->namespace);
	rc = dm_mkdirs(ctx->confdir);
	if (rc)
		return rc;
	return dm_file_replace(path, text, n, 0644);
}

DAXMGR_EXPORT int daxmgr_record_path(const struct daxmgr_ctx *ctx,
				     const char *uuid, char *buf, size_t len)
{
	if (!buf)
		return -EINVAL;
	return dm_conf_path(ctx, uuid, "", buf, len);
}

int dm_conf_remove(const struct daxmgr_ctx *ctx,
				     const char *uuid)
{
	char path[512];
	int rc;

	rc = dm_conf_path(ctx, uuid, "", path, sizeof(path));
	if (rc)
		return rc;
	return unlink(path) ? -errno : 0;
}
