// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/* The commands on existing devices: unbind, destroy, bind, set-pin-mode. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxmgr.h"

/*
 * The devices a command names, as daxctl takes them: one or more of
 * "daxX.Y" / "/dev/daxX.Y", or "all" alone.  Every name is checked before
 * anything is done: a malformed one is a usage error that changes nothing.
 */
struct cli_targets {
	char **names;
	int nr;
	bool all;
};

static int cli_parse_targets(int nr, char **names, struct cli_targets *t)
{
	int i;

	if (nr < 1)
		return cli_usage_error("expected a device name (or all)");
	t->names = names;
	t->nr = nr;
	t->all = !strcmp(names[0], "all");
	if (t->all && nr > 1)
		return cli_usage_error("'all' names every device: no other name with it");
	for (i = 0; !t->all && i < nr; i++)
		if (!cli_dev_name_valid(names[i]))
			return cli_usage_error("'%s' is not a dax device name (daxX.Y, /dev/daxX.Y or all)",
					       names[i]);
	return 0;
}

static void cli_targets_free(struct cli_targets *t)
{
	int i;

	if (!t->all)
		return;
	for (i = 0; i < t->nr; i++)
		free(t->names[i]);
	free(t->names);
}

/* For "all": the names of the devices @want accepts, in list order. */
static int cli_expand_all(struct cli_targets *t,
			  bool (*want)(struct daxmgr_dev *dev))
{
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	int rc, n = 0;

	if (!t->all)
		return 0;
	rc = cli_open(&ctx);
	if (rc)
		return rc;
	daxmgr_dev_foreach(ctx, dev)
		n++;
	t->names = calloc(n ? n : 1, sizeof(*t->names));
	t->nr = 0;
	if (!t->names) {
		daxmgr_unref(ctx);
		return cli_error(-ENOMEM, "all");
	}
	daxmgr_dev_foreach(ctx, dev) {
		if (!want(dev))
			continue;
		t->names[t->nr] = strdup(daxmgr_dev_name(dev));
		if (!t->names[t->nr]) {
			rc = cli_error(-ENOMEM, "all");
			break;
		}
		t->nr++;
	}
	daxmgr_unref(ctx);
	if (rc) {
		cli_targets_free(t);
		return rc;
	}
	if (!t->nr)
		cli_note("no device to %s", cli_cmd->name);
	return 0;
}

/*
 * After the work, the devices it was done to as they are now, as daxctl
 * reconfigure-device prints them (a device that is gone, like one
 * destroyed with --raw, is left out; a failure said why on stderr).
 */
static void cli_print_targets(const struct cli_targets *t, const bool *done)
{
	struct json_object *arr;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	int i;

	for (i = 0; i < t->nr && !done[i]; i++)
		;
	if (i == t->nr || cli_open(&ctx))
		return;
	arr = json_object_new_array();
	for (i = 0; arr && i < t->nr; i++) {
		dev = done[i] ? daxmgr_dev_find(ctx, t->names[i]) : NULL;
		if (dev)
			json_object_array_add(arr, cli_dev_to_json(dev, 0));
	}
	if (arr)
		cli_display_array(arr, 0);
	daxmgr_unref(ctx);
}

/*
 * Run @one on each target; a failure does not stop the others (as
 * daxctl's commands over several devices), the first error is the exit
 * status, and a signal ends the loop.
 */
static int cli_each_target(struct cli_targets *t,
			   int (*one)(const char *name, void *arg), void *arg)
{
	int i, rc, first = 0;
	bool *done;

	done = calloc(t->nr ? t->nr : 1, sizeof(*done));
	if (!done)
		return cli_error(-ENOMEM, "%s", cli_cmd->name);
	for (i = 0; i < t->nr; i++) {
		rc = one(t->names[i], arg);
		done[i] = !rc;
		if (rc && !first)
			first = rc;
		if (rc == -CLI_EUSAGE || cli_signal)
			break;
	}
	cli_print_targets(t, done);
	free(done);
	return first;
}

static bool cli_is_ours(struct daxmgr_dev *dev)
{
	return daxmgr_dev_is_daxmgr(dev);
}

struct cli_unbind_args {
	unsigned int wait_ms, flags;
	bool destroy;
};

const struct cli_option cli_unbind_opts[] = {
	CLI_WAIT_OPT, CLI_FORCE_OPT, CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

const struct cli_option cli_destroy_opts[] = {
	CLI_WAIT_OPT,
	{ 'f', "force", NULL, "revoke the mappings (vma policy too) and give the device back even with files open on it" },
	{ 'r', "raw", NULL, "also return the namespace to raw mode (its info block is erased; the device disappears)" },
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

/* "DEV... [--wait SECONDS] [--force]", and --raw for destroy */
static int cli_parse_unbind_args(int argc, char **argv, unsigned int *wait_ms,
				 unsigned int *flags, struct cli_targets *t)
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
	return cli_parse_targets(argc - optind, argv + optind, t);
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
static int cli_unbind_or_destroy_one(const char *name, void *arg)
{
	const struct cli_unbind_args *a = arg;
	unsigned int wait_ms = a->wait_ms, flags = a->flags;
	struct daxmgr_busy *busy = NULL;
	bool destroy = a->destroy;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	char devname[32];
	int rc;

	rc = cli_open_dev(name, &ctx, &dev);
	if (rc)
		return rc;
	if (!destroy && !daxmgr_dev_is_enabled(dev)) {
		cli_note("%s is not bound", daxmgr_dev_name(dev));
		goto out;
	}
	/* a destroy --raw takes the device off the bus (gone): report by name */
	snprintf(devname, sizeof(devname), "%s", daxmgr_dev_name(dev));
	cli_catch_signals();
	daxmgr_set_wait_fn(ctx, cli_wait_progress, NULL);
	if (destroy)
		rc = daxmgr_destroy(ctx, dev, wait_ms, flags, &busy);
	else
		rc = daxmgr_dev_unbind(dev, wait_ms, flags, &busy);
	if (rc == -EBUSY || rc == -EINTR)
		cli_report_kept(devname, dev, rc, busy, wait_ms);
	else if (rc)
		cli_lib_error(rc, "%s", devname);
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

static int cli_unbind_or_destroy(int argc, char **argv, bool destroy)
{
	struct cli_unbind_args a = { .destroy = destroy };
	struct cli_targets t;
	int rc;

	rc = cli_parse_unbind_args(argc, argv, &a.wait_ms, &a.flags, &t);
	if (!rc)
		rc = cli_expand_all(&t, cli_is_ours);
	if (rc)
		return rc;
	rc = cli_each_target(&t, cli_unbind_or_destroy_one, &a);
	cli_targets_free(&t);
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

/* bind's "all": every device with no driver, and daxmgr's not live */
static bool cli_is_bindable(struct daxmgr_dev *dev)
{
	const char *state = daxmgr_dev_state(dev);

	return !daxmgr_dev_is_enabled(dev) ||
	       (daxmgr_dev_is_daxmgr(dev) && state && strcmp(state, "live"));
}

static int cli_bind_one(const char *name, void *arg)
{
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	const char *was;
	char state[16];
	int rc;

	rc = cli_open_dev(name, &ctx, &dev);
	if (rc)
		return rc;
	was = daxmgr_dev_is_daxmgr(dev) ? daxmgr_dev_state(dev) : NULL;
	snprintf(state, sizeof(state), "%s", was ? was : "");
	rc = daxmgr_dev_bind(dev);
	if (rc) {
		cli_lib_error(rc, "%s", daxmgr_dev_name(dev));
		/* device_dax's: not a bind's to take */
		if (daxmgr_dev_is_enabled(dev) && !strcmp(daxmgr_dev_driver(dev), "device_dax"))
			cli_note("  daxmgr create --device %s takes it from device_dax",
				 daxmgr_dev_name(dev));
	} else if (!*state)
		cli_note("bound %s to daxmgr, pin_mode %s", daxmgr_dev_name(dev),
			 daxmgr_pin_mode_name(daxmgr_dev_pin_mode(dev)));
	else if (strcmp(state, "live"))
		cli_note("%s was %s; it is live again", daxmgr_dev_name(dev), state);
	else
		cli_note("%s is already bound to daxmgr and live", daxmgr_dev_name(dev));
	daxmgr_unref(ctx);
	return rc;
}

const struct cli_option cli_bind_opts[] = {
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

int cmd_bind(int argc, char **argv)
{
	struct cli_targets t;
	int rc;

	if (cli_getopt(argc, argv) != -1)
		return -CLI_EUSAGE;
	rc = cli_parse_targets(argc - optind, argv + optind, &t);
	if (!rc)
		rc = cli_expand_all(&t, cli_is_bindable);
	if (rc)
		return rc;
	rc = cli_each_target(&t, cli_bind_one, NULL);
	cli_targets_free(&t);
	return rc;
}

static int cli_set_pin_mode_one(const char *name, void *arg)
{
	enum daxmgr_pin_mode mode = *(enum daxmgr_pin_mode *)arg;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	int rc;

	rc = cli_open_dev(name, &ctx, &dev);
	if (rc)
		return rc;
	rc = daxmgr_dev_set_pin_mode(dev, mode);
	if (rc)
		cli_lib_error(rc, "%s", daxmgr_dev_name(dev));
	daxmgr_unref(ctx);
	return rc;
}

const struct cli_option cli_set_pin_mode_opts[] = {
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

/* set-pin-mode DEV... vma|io: the mode last, as in "set DEV to MODE" */
int cmd_set_pin_mode(int argc, char **argv)
{
	enum daxmgr_pin_mode mode = DAXMGR_PIN_VMA;
	struct cli_targets t;
	const char *m;
	int rc;

	if (cli_getopt(argc, argv) != -1)
		return -CLI_EUSAGE;
	if (argc - optind < 2)
		return cli_usage_error("expected device names (or all) and a pin mode");
	m = argv[argc - 1];
	if (daxmgr_parse_pin_mode(m, &mode))
		return cli_usage_error("invalid pin mode '%s' (vma or io)", m);
	rc = cli_parse_targets(argc - optind - 1, argv + optind, &t);
	if (!rc)
		rc = cli_expand_all(&t, cli_is_ours);
	if (rc)
		return rc;
	rc = cli_each_target(&t, cli_set_pin_mode_one, &mode);
	cli_targets_free(&t);
	return rc;
}
