// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/* daxmgr unbind / destroy / bind / set-pin-mode */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
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

/* "DEV [--wait SECONDS] [--force]", and --raw for destroy */
static int cli_parse_unbind_args(int argc, char **argv, unsigned int *wait_ms,
				 unsigned int *flags, const char **name)
{
	int c;

	*wait_ms = CLI_DEFAULT_WAIT_MS;
	*flags = 0;
	while ((c = cli_getopt(argc, argv)) != -1) {
		switch (c) {
		case 'w':
			if (cli_parse_seconds(optarg, wait_ms))
				return cli_usage_error("invalid --wait '%s' (seconds, 0 to 86400)", optarg);
			break;
		case 'f':
			*flags |= DAXMGR_UNBIND_FORCE;
			break;
		case 'r':
			*flags |= DAXMGR_DESTROY_RAW;
			break;
		default:
			return -CLI_EUSAGE;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("expected one device name");
	*name = argv[optind];
	return 0;
}

/*
 * A wait that did not end in an unbind: say why, who holds the device,
 * and in which state it was left.
 */
static void cli_report_kept(const char *name, struct daxmgr_dev *dev, int rc,
			    const struct daxmgr_busy *busy, unsigned int wait_ms)
{
	const char *state = daxmgr_dev_state(dev);
	bool revoked = state && !strcmp(state, "revoked");
	long vmas = daxmgr_busy_vmas(busy), pinned = daxmgr_busy_pinned_pages(busy);
	long files = daxmgr_busy_open_files(busy), parked = daxmgr_busy_parked_pages(busy);

	if (rc == -EINTR)
		fprintf(stderr, "daxmgr %s: %s: stopped waiting (%s): ",
			cli_cmd->name, name, strsignal(cli_signal));
	else
		fprintf(stderr, "daxmgr %s: %s is busy after %us: ",
			cli_cmd->name, name, wait_ms / 1000);
	if (parked >= 0) {
		fprintf(stderr, "%s is parked: %ld page(s) pinned before its unbind are still held\n"
			"  %s is unbound and not given back; 'daxmgr %s %s' gives it back once they are released\n",
			name, parked, name, cli_cmd->name, name);
		return;
	}
	if (files)
		fprintf(stderr, "%ld open file(s), ", files);
	fprintf(stderr, "%ld vma(s), %ld pinned page(s) (in-flight I/O)\n", vmas, pinned);
	cli_print_holders(busy);
	if (files)
		fprintf(stderr, "  given back now, %s would stay unusable (new opens fail with ENXIO) until those files are closed;\n"
			"  --force gives it back anyway\n", name);
	if (revoked)
		fprintf(stderr, "  %s stays revoked: its mappings are gone (SIGBUS for their users) and pages pinned\n"
			"  before the revoke are still held; 'daxmgr bind %s' makes it live once they are released\n",
			name, name);
	else if (state && !strcmp(state, "live"))
		fprintf(stderr, "  %s is live again, nothing was unbound%s\n", name,
			vmas ? "; --force revokes the mappings (SIGBUS for their users)" : "");
	else
		fprintf(stderr, "  %s is left %s\n", name, state ? state : "with another driver");
}

/* A forced destroy gave the device back with files still open on it. */
static void cli_warn_open_files(const char *name, const struct daxmgr_busy *busy)
{
	if (!daxmgr_busy_open_files(busy))
		return;
	fprintf(stderr, "daxmgr %s: warning: %s: %ld file(s) opened under daxmgr are still open:\n",
		cli_cmd->name, name, daxmgr_busy_open_files(busy));
	cli_print_holders(busy);
	fprintf(stderr, "  new opens of /dev/%s fail with ENXIO until those files are closed\n", name);
}

/*
 * unbind and destroy share their arguments and the safe unbind protocol;
 * destroy goes on to give the device back to device_dax (--raw: its
 * namespace back to raw mode) and to remove its persistence record.
 */
static int cli_unbind_or_destroy(int argc, char **argv, bool destroy)
{
	struct daxmgr_busy *busy = NULL;
	unsigned int wait_ms, flags;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	const char *name = NULL;
	char devname[32];
	int rc;

	rc = cli_parse_unbind_args(argc, argv, &wait_ms, &flags, &name);
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
	cli_catch_signals();
	daxmgr_set_wait_fn(ctx, cli_wait_progress, NULL);
	if (destroy)
		rc = daxmgr_destroy(ctx, dev, wait_ms, flags, &busy);
	else
		rc = daxmgr_dev_unbind(dev, wait_ms, flags, &busy);
	if (rc == -EBUSY || rc == -EINTR)
		cli_report_kept(devname, dev, rc, busy, wait_ms);
	else if (rc == -ENOENT && (flags & DAXMGR_DESTROY_RAW))
		cli_error(rc, "%s: no namespace to return to raw mode", devname);
	else if (rc)
		cli_error(rc, "%s", devname);
	else if (!destroy)
		cli_note("unbound %s", devname);
	else if (cli_warn_open_files(devname, busy), flags & DAXMGR_DESTROY_RAW)
		cli_note("destroyed %s: its namespace is raw again", devname);
	else
		cli_note("destroyed %s: given back to device_dax", devname);
	if (rc == -EINTR)
		rc = -(CLI_ESIGNAL + cli_signal);
	daxmgr_busy_free(busy);
out:
	daxmgr_unref(ctx);
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

/* bind DEV and set-pin-mode DEV MODE: positional arguments only */
static int cli_positional(int argc, char **argv, int nargs)
{
	if (cli_getopt(argc, argv) != -1)
		return -CLI_EUSAGE;
	if (argc - optind != nargs)
		return cli_usage_error("expected %s", nargs == 1 ? "one device name" :
				       "a device name and a pin mode");
	return 0;
}

int cmd_bind(int argc, char **argv)
{
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	const char *was;
	char state[16];
	int rc;

	rc = cli_positional(argc, argv, 1);
	if (rc)
		return rc;
	rc = cli_open_dev(argv[optind], &ctx, &dev);
	if (rc)
		return rc;
	was = daxmgr_dev_is_daxmgr(dev) ? daxmgr_dev_state(dev) : NULL;
	snprintf(state, sizeof(state), "%s", was ? was : "");
	rc = daxmgr_dev_bind(dev);
	if (rc == -EBUSY && daxmgr_dev_parked_pages(dev) >= 0)
		cli_error(rc, "%s is parked: %ld page(s) pinned before its unbind are still held; it can be bound once they are released",
			  daxmgr_dev_name(dev), daxmgr_dev_parked_pages(dev));
	else if (rc == -EBUSY && daxmgr_dev_is_daxmgr(dev))
		cli_error(rc, "%s stays %s: pages pinned before its revoke are still held; bind again once they are released",
			  daxmgr_dev_name(dev), daxmgr_dev_state(dev));
	else if (rc == -EBUSY && daxmgr_dev_is_enabled(dev))
		cli_error(rc, "%s is bound to %s (daxmgr create --device takes it from device_dax)",
			  daxmgr_dev_name(dev), daxmgr_dev_driver(dev));
	else if (rc == -EBUSY)
		cli_error(rc, "%s: the driver refused it (see the kernel log)", daxmgr_dev_name(dev));
	else if (rc == -ENODEV)
		cli_error(rc, "%s: the daxmgr module is not loaded", daxmgr_dev_name(dev));
	else if (rc)
		cli_error(rc, "%s", daxmgr_dev_name(dev));
	else if (!*state)
		cli_note("bound %s to daxmgr, pin_mode %s", daxmgr_dev_name(dev),
			 daxmgr_pin_mode_name(daxmgr_dev_pin_mode(dev)));
	else if (strcmp(state, "live"))
		cli_note("%s was %s; it is live again", daxmgr_dev_name(dev), state);
	else
		cli_note("%s is already bound to daxmgr and live", daxmgr_dev_name(dev));
	daxmgr_unref(ctx);
	return rc;
}

int cmd_set_pin_mode(int argc, char **argv)
{
	enum daxmgr_pin_mode mode = DAXMGR_PIN_VMA;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	int rc;

	rc = cli_positional(argc, argv, 2);
	if (rc)
		return rc;
	if (daxmgr_parse_pin_mode(argv[optind + 1], &mode))
		return cli_usage_error("invalid pin mode '%s' (vma or io)", argv[optind + 1]);
	rc = cli_open_dev(argv[optind], &ctx, &dev);
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
	daxmgr_unref(ctx);
	return rc;
}
