// SPDX-License-Identifier: GPL-2.0
/*
 * daxmgr autobind DEV | --all: at boot (udev, or an init script for
 * coldplug), hand every device whose namespace has a persistence record
 * to daxmgr, with its recorded pin mode.  A device without a record is
 * left alone, silently: udev runs this for every dax device.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "daxmgr.h"

static int cli_autobind_one(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev)
{
	int rc = daxmgr_autobind(ctx, dev);

	if (rc < 0)
		return cli_error(rc, "%s", daxmgr_dev_name(dev));
	if (rc == 0)
		cli_note("%s: bound to daxmgr, pin_mode %s", daxmgr_dev_name(dev),
			 daxmgr_pin_mode_name(daxmgr_dev_pin_mode(dev)));
	return 0;
}

int cmd_autobind(int argc, char **argv)
{
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	bool all = false;
	int c, rc, first = 0;

	while ((c = cli_getopt(argc, argv)) != -1) {
		if (c != 'a')
			return -CLI_EUSAGE;
		all = true;
	}
	if (all != (optind == argc))
		return cli_usage_error("expected one device name or --all");
	if (!all && optind + 1 != argc)
		return cli_usage_error("expected one device name or --all");
	if (all) {
		rc = cli_open(&ctx);
		if (rc)
			return rc;
		daxmgr_dev_foreach(ctx, dev) {
			rc = cli_autobind_one(ctx, dev);
			if (rc && !first)
				first = rc;
		}
		rc = first;
	} else {
		rc = cli_open_dev(argv[optind], &ctx, &dev);
		if (rc)
			return rc;
		rc = cli_autobind_one(ctx, dev);
	}
	daxmgr_unref(ctx);
	return rc;
}
