// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxmgr list: the devices as JSON, shaped as daxctl list prints them: an
 * array; a single object for a single device with -u; nothing at all when
 * nothing matches (exit 0).  Filters as daxctl's: -d DEV, -r REGION, and
 * ndctl's -n NAMESPACE.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxmgr.h"

#define CLI_MAX_FILTERS	64

struct cli_list_filter {
	const char *devs[CLI_MAX_FILTERS];
	int nr_devs;
	const char *region, *ns;
	bool all, idle;
};

/* daxctl's -d: "all", "daxX.Y" (or "/dev/daxX.Y"), or "X.Y". */
static bool cli_dev_matches(struct daxmgr_dev *dev, const char *ident)
{
	const char *base = strrchr(ident, '/');
	int region, id;
	char tail;

	base = base ? base + 1 : ident;
	if (!strcmp(ident, "all") || !strcmp(base, daxmgr_dev_name(dev)))
		return true;
	return sscanf(ident, "%d.%d%c", &region, &id, &tail) == 2 &&
	       region == daxmgr_dev_region_id(dev) && id == daxmgr_dev_id(dev);
}

/* daxctl's -r: "all", "N" or "regionN". */
static bool cli_region_matches(struct daxmgr_dev *dev, const char *ident)
{
	int region;
	char tail;

	if (!strcmp(ident, "all"))
		return true;
	return (sscanf(ident, "%d%c", &region, &tail) == 1 ||
		sscanf(ident, "region%d%c", &region, &tail) == 1) &&
	       region == daxmgr_dev_region_id(dev);
}

static bool cli_ns_matches(struct daxmgr_dev *dev, const char *ident)
{
	const char *ns = daxmgr_dev_namespace(dev);

	return !strcmp(ident, "all") ? ns != NULL : ns && !strcmp(ns, ident);
}

/*
 * Without -d, -n or --all: daxmgr's devices, i.e. those bound to daxmgr
 * and those bound to no driver (what `daxmgr unbind` leaves).  -d and -n
 * name devices whatever their driver; -r narrows either set.  A device of
 * size 0 (the seed a region keeps for the next one) is left out unless
 * -i, as daxctl list does.
 */
static bool cli_listed(struct daxmgr_dev *dev, const struct cli_list_filter *f)
{
	bool match = !f->nr_devs;
	int i;

	if (!f->idle && !daxmgr_dev_size(dev))
		return false;
	if (!f->all && !f->nr_devs && !f->ns &&
	    daxmgr_dev_is_enabled(dev) && !daxmgr_dev_is_daxmgr(dev))
		return false;
	for (i = 0; i < f->nr_devs && !match; i++)
		match = cli_dev_matches(dev, f->devs[i]);
	return match && (!f->region || cli_region_matches(dev, f->region)) &&
	       (!f->ns || cli_ns_matches(dev, f->ns));
}

const struct cli_option cli_list_opts[] = {
	{ 'd', "dev", "DEV", "only DEV (daxX.Y, X.Y, /dev/daxX.Y or all), whatever its driver; repeatable" },
	{ 'r', "region", "REGION", "only devices of REGION (N, regionN or all)" },
	{ 'n', "namespace", "NS", "only the device of namespace NS (namespaceX.Y or all), whatever its driver" },
	{ 'a', "all", NULL, "every dax device, whatever its driver (default: daxmgr's and unbound ones)" },
	{ 'i', "idle", NULL, "also devices of size 0 (a region's seed), as daxctl list -i" },
	{ 'p', "pinned", NULL, "count each device's pinned pages (time grows with what was touched)" },
	{ 'H', "holders", NULL, "add the processes that map each device: pid, comm, vmas" },
	{ 'u', "human", NULL, "sizes as daxctl -u prints them, resource in hex; one device as an object" },
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

int cmd_list(int argc, char **argv)
{
	struct cli_list_filter f = { .nr_devs = 0 };
	struct json_object *arr;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	unsigned int flags = 0;
	int c, rc;

	while ((c = cli_getopt(argc, argv)) != -1) {
		switch (c) {
		case 'd':
			if (f.nr_devs == CLI_MAX_FILTERS)
				return cli_usage_error("at most %d -d options", CLI_MAX_FILTERS);
			f.devs[f.nr_devs++] = optarg;
			break;
		case 'r':
			f.region = optarg;
			break;
		case 'n':
			f.ns = optarg;
			break;
		case 'u':
			flags |= CLI_HUMAN;
			break;
		case 'H':
			flags |= CLI_HOLDERS;
			break;
		case 'p':
			flags |= CLI_PINNED;
			break;
		case 'i':
			f.idle = true;
			break;
		case 'a':
			f.all = true;
			break;
		default:
			return -CLI_EUSAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("unexpected argument '%s'", argv[optind]);

	rc = cli_open(&ctx);
	if (rc)
		return rc;
	arr = json_object_new_array();
	if (!arr) {
		daxmgr_unref(ctx);
		return cli_error(-ENOMEM, "list");
	}
	daxmgr_dev_foreach(ctx, dev)
		if (cli_listed(dev, &f))
			json_object_array_add(arr, cli_dev_to_json(dev, flags));
	cli_display_array(arr, flags);
	daxmgr_unref(ctx);
	return 0;
}
