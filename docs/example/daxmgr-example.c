// SPDX-License-Identifier: LGPL-2.1
/*
 * A short program on libdaxmgr: list the dax devices daxmgr serves, with
 * their pinning policy and how many mappings each has, and, given a device
 * name, unbind it safely with a progress line per second.
 *
 *   cc -o daxmgr-example daxmgr-example.c $(pkg-config --cflags --libs libdaxmgr)
 *   ./daxmgr-example              # list
 *   ./daxmgr-example dax0.0 5     # unbind dax0.0, waiting up to 5 s
 *
 * Every call returns 0 or a negative errno and prints nothing; the log
 * function below receives the library's messages (and libndctl's,
 * libdaxctl's and libkmod's) at the priority set.
 */
#include <errno.h>
#include <libdaxmgr.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

static void log_fn(struct daxmgr_ctx *ctx, int priority, const char *file,
		   int line, const char *fn, const char *format, va_list args)
{
	fprintf(stderr, "libdaxmgr: %s: ", fn);
	vfprintf(stderr, format, args);
	if (!*format || format[strlen(format) - 1] != '\n')
		fputc('\n', stderr);
}

/* Called at least once a second while the unbind waits; non-zero stops it. */
static int wait_fn(struct daxmgr_dev *dev, enum daxmgr_wait_for what,
		   long left, unsigned int left_ms, void *userdata)
{
	printf("%s: waiting for %ld %s, %u ms left\n", daxmgr_dev_name(dev), left,
	       what == DAXMGR_WAIT_VMAS ? "mapping(s)" : "pinned page(s)", left_ms);
	return 0;
}

static int list(struct daxmgr_ctx *ctx)
{
	struct daxmgr_dev *dev;

	daxmgr_dev_foreach(ctx, dev) {
		if (!daxmgr_dev_is_daxmgr(dev))
			continue;
		printf("%s: %s, pin_mode %s, %ld mapping(s), %llu bytes\n",
		       daxmgr_dev_name(dev), daxmgr_dev_state(dev),
		       daxmgr_pin_mode_name(daxmgr_dev_pin_mode(dev)),
		       daxmgr_dev_vmas(dev),
		       (unsigned long long)daxmgr_dev_size(dev));
	}
	return 0;
}

static int unbind(struct daxmgr_ctx *ctx, const char *name, unsigned int secs)
{
	struct daxmgr_dev *dev = daxmgr_dev_find(ctx, name);
	struct daxmgr_busy *busy;
	unsigned int i;
	int rc;

	if (!dev)
		return -ENODEV;
	daxmgr_set_wait_fn(ctx, wait_fn, NULL);
	rc = daxmgr_dev_unbind(dev, secs * 1000, 0, &busy);
	if (rc == -EBUSY) {
		printf("%s is still busy, now %s\n", name, daxmgr_dev_state(dev));
		for (i = 0; i < daxmgr_busy_nr_holders(busy); i++)
			printf("  pid %d (%s)\n", (int)daxmgr_busy_holder_pid(busy, i),
			       daxmgr_busy_holder_comm(busy, i));
	}
	daxmgr_busy_free(busy);
	return rc;
}

int main(int argc, char **argv)
{
	struct daxmgr_ctx *ctx;
	int rc;

	rc = daxmgr_new(&ctx);
	if (rc) {
		fprintf(stderr, "daxmgr_new: %s\n", strerror(-rc));
		return 1;
	}
	daxmgr_set_log_fn(ctx, log_fn);
	daxmgr_set_log_priority(ctx, LOG_NOTICE);
	rc = argc > 1 ? unbind(ctx, argv[1], argc > 2 ? atoi(argv[2]) : 10) : list(ctx);
	if (rc)
		fprintf(stderr, "%s: %s\n", argc > 1 ? argv[1] : "list", strerror(-rc));
	daxmgr_unref(ctx);
	return rc ? 1 : 0;
}
