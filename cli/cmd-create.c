// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/* daxmgr create --namespace NS | --device DEV */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "daxmgr.h"

const struct cli_option cli_create_opts[] = {
	{ 'n', "namespace", "NS", "put the raw namespace NS into devdax mode and hand its device to daxmgr" },
	{ 'd', "device", "DEV", "take the devdax device DEV from device_dax instead, as it is" },
	{ 'a', "align", "ALIGN", "with --namespace: the device alignment, 4K, 2M (default) or 1G" },
	{ 'M', "map", "mem|dev", "with --namespace: struct pages in DRAM or in the namespace (default: mem up to 4 GiB)" },
	{ 'p', "pin-mode", "vma|io", "the pinning policy: vma (default, pmem as memory) or io (pmem as storage)" },
	{ 'f', "force", NULL, "with --namespace: take a namespace that is not raw, erasing its personality and info block" },
	{ 'u', "human", NULL, "sizes as daxctl -u prints them" },
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

struct cli_create_args {
	const char *ns, *dev;
	uint64_t align;
	enum daxmgr_map map;
	enum daxmgr_pin_mode mode;
	unsigned int flags, jflags;
	bool have_align, have_map;
};

static int cli_create_parse(int argc, char **argv, struct cli_create_args *a)
{
	int c;

	while ((c = cli_getopt(argc, argv)) != -1) {
		switch (c) {
		case 'n':
			a->ns = optarg;
			break;
		case 'd':
			a->dev = optarg;
			break;
		case 'a':
			if (cli_parse_align(optarg, &a->align))
				return cli_usage_error("invalid --align '%s' (4K, 2M or 1G)", optarg);
			a->have_align = true;
			break;
		case 'M':
			if (cli_parse_map(optarg, &a->map))
				return cli_usage_error("invalid --map '%s' (mem or dev)", optarg);
			a->have_map = true;
			break;
		case 'p':
			if (daxmgr_parse_pin_mode(optarg, &a->mode))
				return cli_usage_error("invalid --pin-mode '%s' (vma or io)", optarg);
			break;
		case 'f':
			a->flags |= DAXMGR_CREATE_FORCE;
			break;
		case 'u':
			a->jflags |= CLI_HUMAN;
			break;
		default:
			return -CLI_EUSAGE;
		}
	}
	if (!a->ns == !a->dev)
		return cli_usage_error("exactly one of --namespace or --device is required");
	if (a->dev && (a->have_align || a->have_map || a->flags))
		return cli_usage_error("--align, --map and --force need --namespace");
	if (a->dev && !cli_dev_name_valid(a->dev))
		return cli_usage_error("'%s' is not a dax device name (daxX.Y or /dev/daxX.Y)", a->dev);
	if (optind < argc)
		return cli_usage_error("unexpected argument '%s'", argv[optind]);
	return 0;
}

/*
 * --device of a device with no NVDIMM namespace (CXL, hmem): nothing to
 * name a record after, so the admin must hear that a reboot undoes it.
 */
static void cli_create_unrecorded(struct daxmgr_dev *dev)
{
	char uuid[37];

	if (daxmgr_dev_uuid(dev, uuid) != -ENOENT)
		return;
	cli_note("%s: no NVDIMM namespace behind it (CXL or hmem memory?): no uuid to key a record on, "
		 "so this will NOT persist across reboots (device_dax takes it at boot; "
		 "run 'daxmgr create --device %s' again then)",
		 daxmgr_dev_name(dev), daxmgr_dev_name(dev));
}

/*
 * After the library's reason for a refusal, what the CLI adds: the options
 * or the fix that would do it, and every process that maps a busy device.
 */
static void cli_create_hint(const struct cli_create_args *a,
			    struct daxmgr_dev *dev, int rc)
{
	struct daxmgr_busy *busy;

	if (rc == -EBUSY && a->dev && !daxmgr_dev_holders(dev, &busy)) {
		cli_print_holders(busy);
		daxmgr_busy_free(busy);
	} else if (rc == -EEXIST && a->ns) {
		cli_note("  make it raw, use --force (its data is lost), or hand its devdax device over as it is with --device");
	} else if (rc == -EOPNOTSUPP) {
		cli_note("  leave it to device_dax or kmem, or create a devdax namespace and use --namespace");
	} else if (rc == -ENOTUNIQ) {
		cli_note("  daxctl reconfigure-device --check-config applies that section at boot: remove it to give the device to daxmgr");
	}
}

int cmd_create(int argc, char **argv)
{
	struct cli_create_args a = { .mode = DAXMGR_PIN_VMA };
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev = NULL;
	int rc;

	rc = cli_create_parse(argc, argv, &a);
	if (rc)
		return rc;
	rc = cli_open(&ctx);
	if (rc)
		return rc;
	if (a.dev) {
		dev = daxmgr_dev_find(ctx, a.dev);
		if (!dev) {
			rc = cli_error(-ENODEV, "%s", a.dev);
			goto out;
		}
	}
	rc = daxmgr_load_module(ctx);
	if (!rc && a.dev)
		rc = daxmgr_take(ctx, dev, a.mode);
	else if (!rc)
		rc = daxmgr_create_from_namespace(ctx, a.ns, a.align, a.map,
						  a.mode, a.flags, &dev);
	if (rc) {
		cli_lib_error(rc, "%s", a.dev ? a.dev : a.ns);
		cli_create_hint(&a, dev, rc);
		goto out;
	}
	cli_print_dev(dev, a.jflags);
	if (a.ns && daxmgr_dev_map(dev) != DAXMGR_MAP_DEFAULT)
		cli_note("created 1 device (%s: struct pages in %s%s)", a.ns,
			 daxmgr_dev_map(dev) == DAXMGR_MAP_MEM ? "DRAM, --map mem" :
			 "the namespace, --map dev",
			 a.have_map ? "" : ", the default for its size");
	else
		cli_note("created 1 device");
	if (a.dev)
		cli_create_unrecorded(dev);
out:
	daxmgr_unref(ctx);
	return rc;
}
