// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxctl's config, read the way daxctl reads it, to find a uuid that
 * both tools would act on at boot.  ndctl's udev rule runs
 * `daxctl reconfigure-device --check-config` for every dax device; that
 * reads each regular *.conf file of DAXCTL_CONF_DIR (iniparser) and
 * applies a [reconfigure-device NAME] section whose nvdimm.uuid is the
 * uuid of the device's devdax info block: the uuid our records are named
 * after.  Section names and keys are case-insensitive (iniparser lowers
 * them); a value ends at ';' or '#' unless quoted.  A uuid is compared as
 * a uuid, whatever its case: daxctl compares the text, but an admin who
 * wrote it in capitals meant that device.  Lines continued with '\' are
 * not joined.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <uuid/uuid.h>

#include "private.h"

#define DM_DAXCTL_SECTION	"reconfigure-device"
#define DM_DAXCTL_UUID_KEY	"nvdimm.uuid"

static char *dm_strip(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* iniparser's value: quoted, or up to a ';' or '#' comment */
static char *dm_ini_value(char *v)
{
	char *end;

	v = dm_strip(v);
	if ((*v == '"' || *v == '\'') && (end = strchr(v + 1, *v))) {
		*end = '\0';
		return v + 1;
	}
	v[strcspn(v, ";#")] = '\0';
	return dm_strip(v);
}

/* Is @name a reconfigure-device section ("reconfigure-device foo")? */
static bool dm_ini_reconfig_section(const char *name)
{
	size_t n = strlen(DM_DAXCTL_SECTION);

	return !strncasecmp(name, DM_DAXCTL_SECTION, n) &&
	       (!name[n] || isspace((unsigned char)name[n]));
}

int dm_daxctl_stream_claims(FILE *f, const unsigned char uuid[16],
			    char *section, size_t len)
{
	char *line = NULL, *s, *eq, *end;
	bool in_reconfig = false;
	size_t cap = 0;
	uuid_t u;
	int rc = 0;

	while (!rc && getline(&line, &cap, f) >= 0) {
		s = dm_strip(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			end = strchr(s, ']');
			if (end)
				*end = '\0';
			s = dm_strip(s + 1);
			in_reconfig = dm_ini_reconfig_section(s);
			if (in_reconfig)
				snprintf(section, len, "%s", s);
			continue;
		}
		eq = strchr(s, '=');
		if (!in_reconfig || !eq)
			continue;
		*eq = '\0';
		if (strcasecmp(dm_strip(s), DM_DAXCTL_UUID_KEY))
			continue;
		s = dm_ini_value(eq + 1);
		if (!uuid_parse(s, u) && !uuid_compare(u, uuid))
			rc = 1;
	}
	free(line);
	return rc;
}

int dm_daxctl_text_claims(const char *text, const unsigned char uuid[16],
			  char *section, size_t len)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	if (!f)
		return -errno;
	rc = dm_daxctl_stream_claims(f, uuid, section, len);
	fclose(f);
	return rc;
}

/*
 * One entry of daxctl's directory: 1 if it is a file daxctl reads (a
 * regular file named *.conf, not ".conf": its scandir filter) and it
 * claims @uuid, -ENOENT if not, or the error reading it.
 */
static int dm_daxctl_entry(struct daxmgr_ctx *ctx, const char *dir,
			   const char *name, const uuid_t uuid, char *path,
			   size_t plen, char *section, size_t slen)
{
	const char *ext = strrchr(name, '.');
	struct stat st;
	FILE *f;
	int rc;

	if (!ext || ext == name || strcmp(ext, ".conf"))
		return -ENOENT;
	if (snprintf(path, plen, "%s/%s", dir, name) >= (int)plen)
		return -ENAMETOOLONG;
	if (lstat(path, &st) || !S_ISREG(st.st_mode))
		return -ENOENT;
	f = fopen(path, "re");
	if (!f) {
		rc = -errno;
		dm_err(ctx, "%s: %s\n", path, strerror(-rc));
		return rc;
	}
	rc = dm_daxctl_stream_claims(f, uuid, section, slen);
	fclose(f);
	return rc ? rc : -ENOENT;
}

DAXMGR_EXPORT int daxmgr_daxctl_claim(struct daxmgr_ctx *ctx, const char *uuid,
				      char *file, size_t flen, char *section,
				      size_t slen)
{
	struct dirent **names;
	char path[512], sec[128];
	int i, n, rc = -ENOENT;
	uuid_t u;

	if (!ctx || !uuid || uuid_parse(uuid, u))
		return -EINVAL;
	n = scandir(ctx->daxctl_confdir, &names, NULL, alphasort);
	if (n < 0) {
		rc = -errno;	/* -ENOENT: no daxctl config at all */
		if (rc != -ENOENT)
			dm_err(ctx, "%s: %s\n", ctx->daxctl_confdir, strerror(-rc));
		return rc;
	}
	for (i = 0; i < n; i++) {
		if (rc == -ENOENT)
			rc = dm_daxctl_entry(ctx, ctx->daxctl_confdir,
					     names[i]->d_name, u, path,
					     sizeof(path), sec, sizeof(sec));
		free(names[i]);
	}
	free(names);
	if (rc != 1)
		return rc;
	if (file)
		snprintf(file, flen, "%s", path);
	if (section)
		snprintf(section, slen, "%s", sec);
	return 0;
}

/*
 * -ENOTUNIQ if daxctl's config claims @uuid too (the file and section
 * into @file and @section, for the caller's words), 0 if not, or the
 * error reading it (logged): either way a device is not taken that
 * daxctl might reconfigure at the next boot.
 */
int dm_daxctl_check(struct daxmgr_ctx *ctx, const char *uuid,
		    char file[DM_DAXCTL_FILE_MAX], char section[DM_DAXCTL_SECTION_MAX])
{
	int rc = daxmgr_daxctl_claim(ctx, uuid, file, DM_DAXCTL_FILE_MAX, section,
				     DM_DAXCTL_SECTION_MAX);

	if (rc == -ENOENT)
		return 0;
	return rc ? rc : -ENOTUNIQ;
}

/*
 * The same for the device @dev (its namespace's devdax uuid, if any),
 * logged as a refusal: not taken, or, for the device of namespace @ns,
 * @ns left as it is.
 */
int dm_dev_daxctl_check(struct daxmgr_dev *dev, const char *ns)
{
	char file[DM_DAXCTL_FILE_MAX], section[DM_DAXCTL_SECTION_MAX];
	struct dm_ns_info info;
	int rc;

	if (!dm_real_sysfs(dev->ctx))
		return 0;
	rc = dm_ns_of_dev(dev->ctx, dev->name, &info);
	if (rc == -ENOENT || (!rc && !info.uuid[0]))
		return 0;
	if (!rc)
		rc = dm_daxctl_check(dev->ctx, info.uuid, file, section);
	if (rc == -ENOTUNIQ && ns)
		dm_err(dev->ctx, "%s: uuid %s of its device %s is claimed by daxctl in %s [%s]: left as it is\n",
		       ns, info.uuid, dev->name, file, section);
	else if (rc == -ENOTUNIQ)
		dm_err(dev->ctx, "%s: uuid %s is claimed by daxctl in %s [%s]: not taken\n",
		       dev->name, info.uuid, file, section);
	else if (rc)
		dm_err(dev->ctx, "%s: its namespace's uuid: %s\n", dev->name, strerror(-rc));
	return rc;
}

DAXMGR_EXPORT int daxmgr_set_daxctl_conf_dir(struct daxmgr_ctx *ctx,
					     const char *dir)
{
	char *copy;

	if (!ctx || !dir || !*dir)
		return -EINVAL;
	copy = strdup(dir);
	if (!copy)
		return -ENOMEM;
	free(ctx->daxctl_confdir);
	ctx->daxctl_confdir = copy;
	return 0;
}

DAXMGR_EXPORT const char *daxmgr_daxctl_conf_dir(const struct daxmgr_ctx *ctx)
{
	return ctx ? ctx->daxctl_confdir : NULL;
}
