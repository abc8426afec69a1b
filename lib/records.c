// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/*
 * The persistence records as a list (daxmgr list-records) and one removed
 * by uuid (daxmgr remove-record).  Removing a record changes no binding:
 * it only means the next boot leaves that device with device_dax.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "private.h"

struct daxmgr_records {
	unsigned int nr;
	struct dm_record {
		char uuid[37];
		struct dm_conf conf;
		int err;	/* reading or parsing it */
	} *recs;
};

/* "<uuid>.conf", nothing else (not a "<uuid>.conf.tmp" being written) */
static bool dm_record_name(const char *name, char uuid[37])
{
	if (strlen(name) != 36 + strlen(".conf") || strcmp(name + 36, ".conf"))
		return false;
	memcpy(uuid, name, 36);
	uuid[36] = '\0';
	return dm_uuid_valid(uuid);
}

DAXMGR_EXPORT int daxmgr_records_read(struct daxmgr_ctx *ctx,
				      struct daxmgr_records **out)
{
	struct daxmgr_records *recs;
	struct dirent **names;
	struct dm_record *r;
	int i, n, rc;

	if (!ctx || !out)
		return -EINVAL;
	*out = NULL;
	recs = calloc(1, sizeof(*recs));
	if (!recs)
		return -ENOMEM;
	n = scandir(ctx->confdir, &names, NULL, alphasort);
	if (n < 0) {
		rc = -errno;
		if (rc == -ENOENT) {	/* nothing recorded yet */
			*out = recs;
			return 0;
		}
		free(recs);
		dm_err(ctx, "%s: %s\n", ctx->confdir, strerror(-rc));
		return rc;
	}
	recs->recs = calloc(n ? n : 1, sizeof(*recs->recs));
	for (i = 0; i < n; i++) {
		r = recs->recs ? &recs->recs[recs->nr] : NULL;
		if (r && dm_record_name(names[i]->d_name, r->uuid)) {
			r->err = dm_conf_read(ctx, r->uuid, &r->conf);
			recs->nr++;
		}
		free(names[i]);
	}
	free(names);
	if (!recs->recs) {
		free(recs);
		return -ENOMEM;
	}
	*out = recs;
	return 0;
}

DAXMGR_EXPORT void daxmgr_records_free(struct daxmgr_records *recs)
{
	if (!recs)
		return;
	free(recs->recs);
	free(recs);
}

DAXMGR_EXPORT unsigned int daxmgr_records_nr(const struct daxmgr_records *recs)
{
	return recs ? recs->nr : 0;
}

static const struct dm_record *dm_record(const struct daxmgr_records *recs,
					 unsigned int i)
{
	return recs && i < recs->nr ? &recs->recs[i] : NULL;
}

DAXMGR_EXPORT const char *daxmgr_record_uuid(const struct daxmgr_records *recs,
					     unsigned int i)
{
	const struct dm_record *r = dm_record(recs, i);

	return r ? r->uuid : NULL;
}

DAXMGR_EXPORT int daxmgr_record_error(const struct daxmgr_records *recs,
				      unsigned int i)
{
	const struct dm_record *r = dm_record(recs, i);

	return r ? r->err : -EINVAL;
}

DAXMGR_EXPORT enum daxmgr_pin_mode
daxmgr_record_pin_mode(const struct daxmgr_records *recs, unsigned int i)
{
	const struct dm_record *r = dm_record(recs, i);

	return r && !r->err ? r->conf.pin_mode : DAXMGR_PIN_VMA;
}

DAXMGR_EXPORT const char *
daxmgr_record_namespace(const struct daxmgr_records *recs, unsigned int i)
{
	const struct dm_record *r = dm_record(recs, i);

	return r && !r->err && r->conf.namespace[0] ? r->conf.namespace : NULL;
}

DAXMGR_EXPORT int daxmgr_record_remove(struct daxmgr_ctx *ctx, const char *uuid)
{
	char lower[37];
	uuid_t u;
	int rc;

	if (!ctx || !uuid)
		return -EINVAL;
	if (uuid_parse(uuid, u)) {
		dm_err(ctx, "'%s' is not a uuid\n", uuid);
		return -EINVAL;
	}
	uuid_unparse_lower(u, lower);	/* the case create wrote it in */
	rc = dm_conf_remove(ctx, lower);
	if (rc == -ENOENT)
		dm_err(ctx, "no record of uuid %s in %s\n", lower, ctx->confdir);
	else if (rc)
		dm_err(ctx, "the record of uuid %s in %s: %s\n", lower, ctx->confdir,
		       strerror(-rc));
	return rc;
}
