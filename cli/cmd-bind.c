// SPDX-License-Identifier: GPL-2.0
/* daxmgr unbind / destroy / bind / set-pin-mode */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "daxmgr.h"

/*
 * unbind and destroy share their arguments and the safe unbind protocol;
 * destroy goes on to delete the device and give its namespace back.
 */
static int cli_unbind_or_destroy(int argc, char **argv, bool destroy)
{
	struct daxmgr_busy busy = { 0 };
	unsigned int wait_ms, flags;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	const char *name;
	int rc;

	rc = cli_parse_unbind_args(argc, argv, &wait_ms, &flags, &name);
	if (rc)
		return rc;
	rc = cli_open_dev(name, &ctx, &dev);
	if (rc)
		return rc;
	if (!destroy && !daxmgr_dev_is_enabled(dev)) {
		cli_note("%s is not bound", daxmgr_dev_name(dev));
		goto out;
	}
	if (destroy)
		rc = daxmgr_destroy(ctx, dev, wait_ms, flags, &busy);
	else
		rc = daxmgr_dev_unbind(dev, wait_ms, flags, &busy);
	/* dev is gone after a successful destroy: report by name */
	if (rc == -EBUSY && (busy.mappings || busy.pinned_pages || busy.nr_holders))
		cli_report_busy(dev, &busy, wait_ms);
	else if (rc)
		cli_error(rc, "%s", name);
	else
		cli_note("%s 1 device", destroy ? "destroyed" : "unbound");
	daxmgr_busy_release(&busy);
out:
	daxmgr_free(ctx);
	return rc;
}

int cmd_unbind(int argc, char **argv)
{
	return cli_unbind_or_destroy(argc, argv, false);
}

int cmd_destroy(int argc, char **argv)
{
	return cli_unbind_or_destroy(argc, argv, true);
}

/* bind DEV and set-pin-mode DEV MODE: one device, no options */
static int cli_one_dev(int argc, char **argv, int nargs, struct daxmgr_ctx **ctx,
		       struct daxmgr_dev **dev)
{
	if (argc > 1 && argv[1][0] == '-' && argv[1][1])
		return cli_usage_error("unknown option '%s'", argv[1]);
	if (argc != nargs + 1)
		return cli_usage_error("expected %s", nargs == 1 ? "one device name" :
				       "a device name and a pin mode");
	return cli_open_dev(argv[1], ctx, dev);
}

int cmd_bind(int argc, char **argv)
{
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	int rc;

	rc = cli_one_dev(argc, argv, 1, &ctx, &dev);
	if (rc)
		return rc;
	rc = daxmgr_dev_bind(dev);
	if (rc)
		cli_error(rc, "%s", daxmgr_dev_name(dev));
	else
		cli_note("bound 1 device");
	daxmgr_free(ctx);
	return rc;
}

int cmd_set_pin_mode(int argc, char **argv)
{
	enum daxmgr_pin_mode mode = DAXMGR_PIN_VMA;
	struct json_object *arr;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	int rc;

	if (argc == 3 && daxmgr_parse_pin_mode(argv[2], &mode))
		return cli_usage_error("invalid pin mode '%s' (vma or io)", argv[2]);
	rc = cli_one_dev(argc, argv, 2, &ctx, &dev);
	if (rc)
		return rc;
	rc = daxmgr_dev_set_pin_mode(dev, mode);
	if (rc == -EBUSY) {
		cli_error(rc, "%s has %ld mapping(s); the pin mode changes only while nothing is mapped",
			  daxmgr_dev_name(dev), daxmgr_dev_mappings(dev));
	} else if (rc) {
		cli_error(rc, "%s", daxmgr_dev_name(dev));
	} else {
		arr = json_object_new_array();
		if (arr) {
			json_object_array_add(arr, cli_dev_to_json(dev, 0));
			cli_print_json(arr);
			json_object_put(arr);
		}
	}
	daxmgr_free(ctx);
	return rc;
}
