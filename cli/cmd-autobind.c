// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxmgr autobind DEV | --all: at boot (udev, or an init script for
 * coldplug), hand every device whose namespace has a persistence record
 * to daxmgr, with its recorded pin mode.  A device without a record is
 * left alone, silently: udev runs this for every dax device.  A recorded
 * device that a process maps or has open under device_dax is left alone
 * too, loudly, and the exit status is EBUSY; so is one whose uuid daxctl's
 * config claims too (/etc/daxctl.conf.d), naming both files: ENOTUNIQ.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <sys/utsname.h>

#include "daxmgr.h"

/*
 * A recorded device left with device_dax because a process uses it: the
 * boot's hand-over did not happen, and an admin must hear it (the unit's
 * journal, the console): name the device, each process, and the fix.
 */
static int cli_autobind_refused(struct daxmgr_dev *dev, int rc)
{
	const char *name = daxmgr_dev_name(dev);
	struct daxmgr_busy *busy = NULL;
	unsigned int i, n;

	if (daxmgr_dev_file_holders(dev, &busy) || !daxmgr_busy_nr_holders(busy)) {
		daxmgr_busy_free(busy);
		if (daxmgr_dev_is_enabled(dev) && !daxmgr_dev_is_daxmgr(dev))
			return cli_error(rc, "%s has a daxmgr record but %s has it; left alone",
					 name, daxmgr_dev_driver(dev));
		return cli_error(rc, "%s", name);
	}
	n = daxmgr_busy_nr_holders(busy);
	fprintf(stderr, "daxmgr %s: %s: NOT handed to daxmgr: in use under %s, left alone (unbinding it would pull the device from under its users):\n",
		cli_cmd->name, name, daxmgr_dev_is_enabled(dev) ? daxmgr_dev_driver(dev) : "no driver");
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %s used by pid %d (%s): %u mapping(s), %u open file(s)\n", name,
			(int)daxmgr_busy_holder_pid(busy, i), daxmgr_busy_holder_comm(busy, i),
			daxmgr_busy_holder_vmas(busy, i), daxmgr_busy_holder_files(busy, i));
	fprintf(stderr, "  stop them, then run 'daxmgr autobind %s'; until then it keeps no daxmgr pin mode\n",
		name);
	daxmgr_busy_free(busy);
	return rc;
}

/*
 * A recorded device and no module to load: after a kernel upgrade without
 * that kernel's headers, DKMS had nothing to build daxmgr.ko against.
 */
static int cli_autobind_no_module(struct daxmgr_dev *dev, int rc)
{
	struct utsname u;

	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "?");
	return cli_error(rc, "%s has a daxmgr record but no daxmgr module loads for this kernel (%s): "
			 "DKMS builds it when the kernel's headers are installed (apt install linux-headers-amd64, "
			 "or linux-headers-%s; then 'dkms status daxmgr'); %s is left with %s",
			 daxmgr_dev_name(dev), u.release, u.release, daxmgr_dev_name(dev),
			 daxmgr_dev_is_enabled(dev) ? daxmgr_dev_driver(dev) : "no driver");
}

static int cli_autobind_one(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev)
{
	int rc = daxmgr_autobind(ctx, dev);
	char uuid[37];

	if (rc == -EBUSY)
		return cli_autobind_refused(dev, rc);
	if (rc == -ENOTUNIQ)
		return cli_daxctl_conflict(ctx, daxmgr_dev_name(dev),
					   daxmgr_dev_uuid(dev, uuid) ? NULL : uuid,
					   true, rc);
	/* the record was found (else 1): a failed load is the module's */
	if ((rc == -ENOENT || rc == -ENODEV) && daxmgr_load_module(ctx))
		return cli_autobind_no_module(dev, rc);
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
