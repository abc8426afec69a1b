// SPDX-License-Identifier: GPL-2.0
/* daxmgr list: the devices as a JSON array. */
#include <errno.h>
#include <getopt.h>

#include "daxmgr.h"

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "human", no_argument, NULL, 'u' },
		{ },
	};
	struct json_object *arr;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	const char *only = NULL;
	unsigned int flags = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "d:u", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			only = optarg;
			break;
		case 'u':
			flags |= CLI_HUMAN;
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
	if (only && !daxmgr_dev_find(ctx, only)) {
		rc = cli_error(-ENODEV, "%s", only);
		goto out;
	}
	arr = json_object_new_array();
	if (!arr) {
		rc = -ENOMEM;
		goto out;
	}
	daxmgr_dev_foreach(ctx, dev) {
		if (only && dev != daxmgr_dev_find(ctx, only))
			continue;
		json_object_array_add(arr, cli_dev_to_json(dev, flags));
	}
	cli_print_json(arr);
	json_object_put(arr);
out:
	daxmgr_free(ctx);
	return rc;
}
