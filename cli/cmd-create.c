// SPDX-License-Identifier: GPL-2.0
/* daxmgr create */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "daxmgr.h"

static const char *cli_create_why(int rc)
{
	switch (rc) {
	case -ENOENT:
		return "no such namespace";
	case -EEXIST:
		return "the namespace holds a fsdax, sector or devdax layout; reconfigure it to raw or use --force";
	case -EBUSY:
		return "the namespace or its range is in use";
	case -EINVAL:
		return "the namespace's range does not fit the alignment";
	case -ENODEV:
		return "the daxmgr module is not loaded and could not be";
	default:
		return NULL;
	}
}

int cmd_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "namespace", required_argument, NULL, 'n' },
		{ "align", required_argument, NULL, 'a' },
		{ "pin-mode", required_argument, NULL, 'p' },
		{ "force", no_argument, NULL, 'f' },
		{ "human", no_argument, NULL, 'u' },
		{ },
	};
	enum daxmgr_pin_mode mode = DAXMGR_PIN_VMA;
	uint64_t align = 2 << 20;
	unsigned int flags = 0, jflags = 0;
	struct json_object *arr;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	const char *ns = NULL, *why;
	int c, rc;

	while ((c = getopt_long(argc, argv, "n:a:p:fu", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			ns = optarg;
			break;
		case 'a':
			if (daxmgr_parse_align(optarg, &align))
				return cli_usage_error("invalid --align '%s' (4K, 2M or 1G)", optarg);
			break;
		case 'p':
			if (daxmgr_parse_pin_mode(optarg, &mode))
				return cli_usage_error("invalid --pin-mode '%s' (vma or io)", optarg);
			break;
		case 'f':
			flags |= DAXMGR_CREATE_FORCE;
			break;
		case 'u':
			jflags |= CLI_HUMAN;
			break;
		default:
			return -EINVAL;
		}
	}
	if (!ns)
		return cli_usage_error("--namespace is required");
	if (optind < argc)
		return cli_usage_error("unexpected argument '%s'", argv[optind]);

	rc = cli_open(&ctx);
	if (rc)
		return rc;
	rc = daxmgr_load_module(ctx);
	if (rc) {
		cli_error(rc, "cannot load the daxmgr module");
		goto out;
	}
	rc = daxmgr_create_from_namespace(ctx, ns, align, mode, flags, &dev);
	if (rc) {
		why = cli_create_why(rc);
		if (why)
			cli_error(rc, "%s: %s", ns, why);
		else
			cli_error(rc, "%s", ns);
		goto out;
	}
	arr = json_object_new_array();
	if (arr) {
		json_object_array_add(arr, cli_dev_to_json(dev, jflags));
		cli_print_json(arr);
		json_object_put(arr);
	}
	cli_note("created 1 device");
out:
	daxmgr_free(ctx);
	return rc;
}
