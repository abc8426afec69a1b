// SPDX-License-Identifier: GPL-2.0
/* daxmgr unbind / destroy / bind / set-pin-mode */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "daxmgr.h"

/* A device another driver has is not ours to unbind or destroy. */
static int cli_check_ours(struct daxmgr_dev *dev)
{
	if (!daxmgr_dev_is_enabled(dev) || daxmgr_dev_is_daxmgr(dev))
		return 0;
	return cli_error(-ENODEV, "%s is not a daxmgr device (driver %s)",
			 daxmgr_dev_name(dev), daxmgr_dev_driver(dev));
}

/*
 * unbind and destroy share their arguments and the safe unbind protocol;
 * destroy goes on to give the device back to device_dax (--raw: its
 * namespace back to raw mode) and to remove its persistence record.
 */
static int cli_unbind_or_destroy(int argc, char **argv, bool destroy)
{
	struct daxmgr_busy busy = { 0 };
	unsigned int wait_ms, flags;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	const char *name;
	char devname[32];
	int rc;

	rc = cli_parse_unbind_args(argc, argv, destroy, &wait_ms, &flags, &name);
	if (rc)
		return rc;
	rc = cli_open_dev(name, &ctx, &dev);
	if (rc)
		return rc;
	rc = cli_check_ours(dev);
	if (rc)
		goto out;
	if (!destroy && !daxmgr_dev_is_enabled(dev)) {
		cli_note("%s is not bound", daxmgr_dev_name(dev));
		goto out;
	}
	/* dev is freed by a successful destroy: report by name */
	snprintf(devname, sizeof(devname), "%s", daxmgr_dev_name(dev));
	if (destroy)
		rc = daxmgr_destroy(ctx, dev, wait_ms, flags, &busy);
	else
		rc = daxmgr_dev_unbind(dev, wait_ms, flags, &busy);
	if (rc == -EBUSY && (busy.vmas || busy.pinned_pages > 0 || busy.nr_holders))
		cli_report_busy(devname, &busy, wait_ms);
	else if (rc == -ENOENT && (flags & DAXMGR_DESTROY_RAW))
		cli_error(rc, "%s: no namespace to return to raw mode", devname);
	else if (rc)
		cli_error(rc, "%s", devname);
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
	if (rc == -EBUSY && daxmgr_dev_parked_pages(dev) >= 0)
		cli_error(rc, "%s is parked: %ld page(s) pinned before its unbind are still held; it can be bound once they are released",
			  daxmgr_dev_name(dev), daxmgr_dev_parked_pages(dev));
	else if (rc == -EBUSY && daxmgr_dev_is_enabled(dev))
		cli_error(rc, "%s is bound to %s (daxmgr create --device takes it from device_dax)",
			  daxmgr_dev_name(dev), daxmgr_dev_driver(dev));
	else if (rc == -EBUSY)
		cli_error(rc, "%s: the driver refused it (see the kernel log)", daxmgr_dev_name(dev));
	else if (rc == -ENODEV)
		cli_error(rc, "%s: the daxmgr module is not loaded", daxmgr_dev_name(dev));
	else if (rc)
		cli_error(rc, "%s", daxmgr_dev_name(dev));
	else
		cli_note("bound 1 device");
	daxmgr_free(ctx);
	return rc;
}

int cmd_set_pin_mode(int argc, char **argv)
{
	enum daxmgr_pin_mode mode = DAXMGR_PIN_VMA;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	int rc;

	if (argc == 3 && daxmgr_parse_pin_mode(argv[2], &mode))
		return cli_usage_error("invalid pin mode '%s' (vma or io)", argv[2]);
	rc = cli_one_dev(argc, argv, 2, &ctx, &dev);
	if (rc)
		return rc;
	if (!daxmgr_dev_is_daxmgr(dev))
		rc = cli_error(-ENODEV, "%s is not bound to daxmgr", daxmgr_dev_name(dev));
	else
		rc = daxmgr_dev_set_pin_mode(dev, mode);
	if (rc == -EBUSY)
		cli_error(rc, "%s has %ld vma(s); the pin mode changes only while nothing is mapped",
			  daxmgr_dev_name(dev), daxmgr_dev_vmas(dev));
	else if (rc && rc != -ENODEV)
		cli_error(rc, "%s", daxmgr_dev_name(dev));
	else if (!rc)
		cli_print_dev(dev, 0);
	daxmgr_free(ctx);
	return rc;
}
