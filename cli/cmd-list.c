// SPDX-License-Identifier: GPL-2.0
/* daxmgr list: the devices as a JSON array. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>

#include "daxmgr.h"

#define CLI_MAX_FILTERS	64

/*
 * Without -d: daxmgr's devices, i.e. those bound to daxmgr and those
 * bound to no driver (what `daxmgr unbind` leaves); --all: every dax
 * device.  -d DEV (repeatable) names devices whatever their driver.
 */
static bool cli_listed(const struct daxmgr_dev *dev, bool all)
{
	return all || daxmgr_dev_is_daxmgr(dev) || !daxmgr_dev_is_enabled(dev);
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "human", no_argument, NULL, 'u' },
		{ "all", no_argument, NULL, 'a' },
		{ },
	};
	struct daxmgr_dev *only[CLI_MAX_FILTERS];
	const char *names[CLI_MAX_FILTERS];
	struct json_object *arr;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	unsigned int flags = 0;
	int c, rc, i, n = 0;
	bool all = false;

	while ((c = getopt_long(argc, argv, "d:ua", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (n == CLI_MAX_FILTERS)
				return cli_usage_error("at most %d -d options", CLI_MAX_FILTERS);
			names[n++] = optarg;
			break;
		case 'u':
			flags |= CLI_HUMAN;
			break;
		case 'a':
			all = true;
			break;
		default:
			return -EINVAL;
		}
	}
	if (optind < argc)
		return cli_usage_error("unexpected argument '%s'", argv[optind]);

	rc = cli_open(&ctx);
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		only[i] = daxmgr_dev_find(ctx, names[i]);
		if (!only[i]) {
			rc = cli_error(-ENODEV, "%s", names[i]);
			goto out;
		}
	}
	arr = json_object_new_array();
	if (!arr) {
		rc = -ENOMEM;
		goto out;
	}
	daxmgr_dev_foreach(ctx, dev) {
		bool want = !n && cli_listed(dev, all);

		for (i = 0; i < n && !want; i++)
			want = only[i] == dev;
		if (want)
			json_object_array_add(arr, cli_dev_to_json(dev, flags));
	}
	cli_print_json(arr);
	json_object_put(arr);
out:
	daxmgr_free(ctx);
	return rc;
}
