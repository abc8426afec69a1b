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
 * journal, the console): after the library's reason, each process and
 * the fix.
 */
static void cli_autobind_users(struct daxmgr_dev *dev)
{
	const char *name = daxmgr_dev_name(dev);
	struct daxmgr_busy *busy = NULL;
	unsigned int i, n;

	if (daxmgr_dev_file_holders(dev, &busy) || !daxmgr_busy_nr_holders(busy)) {
		daxmgr_busy_free(busy);
		return;
	}
	n = daxmgr_busy_nr_holders(busy);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %s used by pid %d (%s): %u mapping(s), %u open file(s)\n", name,
			(int)daxmgr_busy_holder_pid(busy, i), daxmgr_busy_holder_comm(busy, i),
			daxmgr_busy_holder_vmas(busy, i), daxmgr_busy_holder_files(busy, i));
	fprintf(stderr, "  stop them, then run 'daxmgr autobind %s'; until then it keeps no daxmgr pin mode\n",
		name);
	daxmgr_busy_free(busy);
}

/*
 * A recorded device and no module to load: after a kernel upgrade without
 * that kernel's headers, DKMS had nothing to build daxmgr.ko against.
 */
static void cli_autobind_no_module(void)
{
	struct utsname u;

	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "?");
	cli_note("  DKMS builds it when the kernel's headers are installed (apt install linux-headers-amd64, "
		 "or linux-headers-%s; then 'dkms status daxmgr')", u.release);
}

static int cli_autobind_one(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev)
{
	int rc = daxmgr_autobind(ctx, dev);

	if (rc < 0)
		cli_lib_error(rc, "%s", daxmgr_dev_name(dev));
	if (rc == -EBUSY)
		cli_autobind_users(dev);
	else if (rc == -ENOTUNIQ)
		cli_note("  keep one: 'daxmgr remove-record %s', or remove that daxctl section",
			 daxmgr_dev_name(dev));
	/* the record was found (else 1): a failed load is the module's */
	else if ((rc == -ENOENT || rc == -ENODEV) && daxmgr_load_module(ctx))
		cli_autobind_no_module();
	else if (rc == 0)
		cli_note("%s: bound to daxmgr, pin_mode %s", daxmgr_dev_name(dev),
			 daxmgr_pin_mode_name(daxmgr_dev_pin_mode(dev)));
	cli_forget_reasons();
	return rc < 0 ? rc : 0;
}

const struct cli_option cli_autobind_opts[] = {
	{ 'a', "all", NULL, "every dax device (as at boot, for coldplug)" },
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

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
