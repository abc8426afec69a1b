// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/* daxmgr create --namespace NS | --device DEV */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "daxmgr.h"

static const char *cli_ns_why(int rc)
{
	switch (rc) {
	case -ENOENT:
		return "no such namespace";
	case -EEXIST:
		return "it has a fsdax, sector or devdax personality or an info block on its media (its data would be overwritten); make it raw, use --force, or hand a devdax device over as it is with --device";
	case -EBUSY:
		return "it is in use (mounted, its dax device mapped or parked, or already a daxmgr device)";
	case -EINVAL:
		return "its start is not 16M-aligned or its size does not fit --align";
	case -ENODEV:
		return "the daxmgr module is not loaded and could not be";
	case -EROFS:
	case -EACCES:
		return "the device was created but its persistence record could not be written";
	default:
		return NULL;
	}
}

static const char *cli_dev_why(int rc)
{
	switch (rc) {
	case -EEXIST:
		return "already a daxmgr device";
	case -EBUSY:
		return "mapped by a process, parked, or bound to a driver other than device_dax";
	case -EOPNOTSUPP:
		return "a dynamic dax device, with no namespace behind it (a CXL volatile region's, or soft-reserved memory's: hmem); daxmgr serves the devdax namespaces of persistent memory (NVDIMM or a CXL pmem region): leave this one to device_dax or kmem, or create a devdax namespace and use --namespace";
	case -ENODEV:
		return "the daxmgr module is not loaded and could not be";
	default:
		return NULL;
	}
}

static void cli_create_error(int rc, const char *what, const char *why)
{
	if (why)
		cli_error(rc, "%s: %s", what, why);
	else
		cli_error(rc, "%s", what);
}

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
 * The uuid of the devdax device of namespace @ns (or of @dev), for the
 * words of a -ENOTUNIQ refusal; NULL if there is none.
 */
static const char *cli_create_uuid(struct daxmgr_ctx *ctx, const char *ns,
				   struct daxmgr_dev *dev, char uuid[37])
{
	const char *n;

	if (!dev)
		daxmgr_dev_foreach(ctx, dev) {
			n = daxmgr_dev_namespace(dev);
			if (n && !strcmp(n, ns))
				break;
		}
	return dev && !daxmgr_dev_uuid(dev, uuid) ? uuid : NULL;
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

/* --device: why it is busy, with its holders */
static void cli_take_busy(struct daxmgr_dev *dev)
{
	struct daxmgr_busy *busy;

	if (daxmgr_dev_holders(dev, &busy))
		return;
	cli_print_holders(busy);
	daxmgr_busy_free(busy);
}

int cmd_create(int argc, char **argv)
{
	struct cli_create_args a = { .mode = DAXMGR_PIN_VMA };
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev = NULL;
	char uuid[37];
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
	if (rc) {
		cli_error(rc, "cannot load the daxmgr module");
		goto out;
	}
	if (a.dev) {
		rc = daxmgr_take(ctx, dev, a.mode);
		if (rc == -ENOTUNIQ) {
			cli_daxctl_conflict(ctx, a.dev, cli_create_uuid(ctx, NULL, dev, uuid),
					    false, rc);
			goto out;
		}
		if (rc) {
			cli_create_error(rc, a.dev, cli_dev_why(rc));
			if (rc == -EBUSY)
				cli_take_busy(dev);
			goto out;
		}
	} else {
		rc = daxmgr_create_from_namespace(ctx, a.ns, a.align, a.map,
						  a.mode, a.flags, &dev);
		if (rc == -ENOTUNIQ) {
			cli_daxctl_conflict(ctx, a.ns, cli_create_uuid(ctx, a.ns, NULL, uuid),
					    false, rc);
			goto out;
		}
		if (rc) {
			cli_create_error(rc, a.ns, cli_ns_why(rc));
			goto out;
		}
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
