// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxmgr list-records, daxmgr remove-record DEV|UUID: the persistence
 * records autobind applies at boot, seen and forgotten without touching
 * any binding.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxmgr.h"

/* The device whose devdax uuid is @uuid, or NULL. */
static struct daxmgr_dev *cli_dev_of_uuid(struct daxmgr_ctx *ctx,
					  const char *uuid)
{
	struct daxmgr_dev *dev;
	char u[37];

	daxmgr_dev_foreach(ctx, dev)
		if (!daxmgr_dev_uuid(dev, u) && !strcasecmp(u, uuid))
			return dev;
	return NULL;
}

/*
 * The device carrying each record's uuid now (or NULL), into @of: one
 * daxmgr_dev_uuid() per device, each a libndctl scan.
 */
static void cli_record_devs(struct daxmgr_ctx *ctx,
			    const struct daxmgr_records *recs,
			    struct daxmgr_dev **of)
{
	struct daxmgr_dev *dev;
	unsigned int i;
	char u[37];

	daxmgr_dev_foreach(ctx, dev) {
		if (daxmgr_dev_uuid(dev, u))
			continue;
		for (i = 0; i < daxmgr_records_nr(recs); i++)
			if (!strcasecmp(u, daxmgr_record_uuid(recs, i)))
				of[i] = dev;
	}
}

const struct cli_option cli_list_records_opts[] = {
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

int cmd_list_records(int argc, char **argv)
{
	struct daxmgr_records *recs;
	struct json_object *arr;
	struct daxmgr_dev **of;
	struct daxmgr_ctx *ctx;
	unsigned int i, nr;
	int c, rc;

	while ((c = cli_getopt(argc, argv)) != -1)
		return -CLI_EUSAGE;
	if (optind < argc)
		return cli_usage_error("unexpected argument '%s'", argv[optind]);
	rc = cli_open(&ctx);
	if (rc)
		return rc;
	rc = daxmgr_records_read(ctx, &recs);
	if (rc) {
		cli_lib_error(rc, "%s", daxmgr_conf_dir(ctx));
		goto out;
	}
	nr = daxmgr_records_nr(recs);
	of = calloc(nr + 1, sizeof(*of));
	arr = of ? json_object_new_array() : NULL;
	if (arr) {
		cli_record_devs(ctx, recs, of);
		for (i = 0; i < nr; i++)
			json_object_array_add(arr, cli_record_to_json(ctx, recs, i, of[i]));
		cli_display_array(arr, 0);
	} else {
		rc = cli_error(-ENOMEM, "list-records");
	}
	free(of);
	daxmgr_records_free(recs);
out:
	daxmgr_unref(ctx);
	return rc;
}

/* A uuid in any case, lowered into @uuid as create names records. */
static bool cli_uuid_arg(const char *arg, char uuid[37])
{
	int end = 0, i;

	if (strlen(arg) != 36)
		return false;
	/* 36 characters, 4 dashes: every field at its full width */
	sscanf(arg, "%*8[0-9a-fA-F]-%*4[0-9a-fA-F]-%*4[0-9a-fA-F]-%*4[0-9a-fA-F]-%*12[0-9a-fA-F]%n",
	       &end);
	if (end != 36)
		return false;
	for (i = 0; i <= 36; i++)
		uuid[i] = (char)tolower((unsigned char)arg[i]);
	return true;
}

const struct cli_option cli_remove_record_opts[] = {
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

int cmd_remove_record(int argc, char **argv)
{
	struct daxmgr_dev *dev = NULL;
	struct daxmgr_ctx *ctx;
	char uuid[37], path[512];
	const char *arg;
	bool by_dev;
	int c, rc;

	while ((c = cli_getopt(argc, argv)) != -1)
		return -CLI_EUSAGE;
	if (optind + 1 != argc)
		return cli_usage_error("expected one device name or record uuid");
	arg = argv[optind];
	by_dev = cli_dev_name_valid(arg);
	if (!by_dev && !cli_uuid_arg(arg, uuid))
		return cli_usage_error("'%s' is neither a dax device name nor a uuid", arg);
	rc = cli_open(&ctx);
	if (rc)
		return rc;
	if (by_dev) {
		dev = daxmgr_dev_find(ctx, arg);
		rc = dev ? daxmgr_dev_uuid(dev, uuid) : cli_error(-ENODEV, "%s", arg);
		if (dev && rc)
			cli_error(rc, "%s: no NVDIMM namespace uuid, so no record", arg);
		if (rc)
			goto out;
	} else {
		dev = cli_dev_of_uuid(ctx, uuid);
	}
	daxmgr_record_path(ctx, uuid, path, sizeof(path));
	rc = daxmgr_record_remove(ctx, uuid);
	if (rc) {
		cli_lib_error(rc, "%s", path);
		if (rc == -ENOENT)
			cli_note("  daxmgr list-records lists the records there are");
		goto out;
	}
	if (dev && daxmgr_dev_is_daxmgr(dev))
		cli_note("removed %s; nothing was unbound: %s stays with daxmgr until the next boot, which leaves it with device_dax",
			 path, daxmgr_dev_name(dev));
	else if (dev)
		cli_note("removed %s; nothing was unbound: %s keeps its driver (%s), and the next boot leaves it with device_dax",
			 path, daxmgr_dev_name(dev), daxmgr_dev_is_enabled(dev) ?
			 daxmgr_dev_driver(dev) : "none");
	else
		cli_note("removed %s; nothing was unbound: the next boot leaves that device with device_dax",
			 path);
out:
	daxmgr_unref(ctx);
	return rc;
}
