// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * Host tests of libdaxmgr against fake sysfs//proc trees.  Built with ASan
 * and UBSan.  Prints "ok NAME" or "not ok NAME: why" per check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <syslog.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "fake_sysfs.h"
#include "daxmgr.h"	/* the CLI's parsers */
#include "private.h"	/* the library's */

static int failures;

#define CHECK(name, cond, ...) do {					\
	if (cond) {							\
		printf("ok %s\n", name);				\
	} else {							\
		failures++;						\
		printf("not ok %s: ", name);				\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

static void test_parsers(void)
{
	static const struct { const char *s; int rc; uint64_t v; } sizes[] = {
		{ "4096", 0, 4096 }, { "0x1000", 0, 4096 }, { "4K", 0, 4096 },
		{ "4k", 0, 4096 }, { "2M", 0, 2 << 20 }, { "1G", 0, 1ULL << 30 },
		{ "1T", 0, 1ULL << 40 }, { "0", 0, 0 },
		{ "", -EINVAL, 0 }, { " 4K", -EINVAL, 0 }, { "4K ", -EINVAL, 0 },
		{ "-4K", -EINVAL, 0 }, { "+4", -EINVAL, 0 }, { "4KB", -EINVAL, 0 },
		{ "K", -EINVAL, 0 }, { "0x", -EINVAL, 0 }, { "4Q", -EINVAL, 0 },
		{ "99999999999999999999", -EINVAL, 0 }, { "17179869184G", -ERANGE, 0 },
	};
	static const struct { const char *s; int rc; } aligns[] = {
		{ "4K", 0 }, { "2M", 0 }, { "1G", 0 }, { "2097152", 0 },
		{ "8K", -EINVAL }, { "0", -EINVAL }, { "4M", -EINVAL }, { "x", -EINVAL },
	};
	enum daxmgr_pin_mode mode;
	char name[96];
	uint64_t v;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		v = 0;
		rc = cli_parse_size(sizes[i].s, &v);
		snprintf(name, sizeof(name), "parse_size/'%s'", sizes[i].s);
		CHECK(name, rc == sizes[i].rc && (rc || v == sizes[i].v),
		      "rc %d v %" PRIu64, rc, v);
	}
	for (i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		rc = cli_parse_align(aligns[i].s, &v);
		snprintf(name, sizeof(name), "parse_align/'%s'", aligns[i].s);
		CHECK(name, rc == aligns[i].rc, "rc %d", rc);
	}
	CHECK("parse_pin_mode/vma", !daxmgr_parse_pin_mode("vma", &mode) && mode == DAXMGR_PIN_VMA, "condition false");
	CHECK("parse_pin_mode/io", !daxmgr_parse_pin_mode("io", &mode) && mode == DAXMGR_PIN_IO, "condition false");
	CHECK("parse_pin_mode/bad", daxmgr_parse_pin_mode("IO", &mode) == -EINVAL &&
	      daxmgr_parse_pin_mode("", &mode) == -EINVAL &&
	      daxmgr_parse_pin_mode(NULL, &mode) == -EINVAL, "condition false");
	CHECK("pin_mode_name", !strcmp(daxmgr_pin_mode_name(DAXMGR_PIN_IO), "io") &&
	      !strcmp(daxmgr_pin_mode_name(7), "unknown"), "condition false");
}

static void test_parse_map_devname(void)
{
	static const struct { const char *s; int rc, region, id; } names[] = {
		{ "dax0.0", 0, 0, 0 }, { "dax12.3", 0, 12, 3 }, { "dax0.10", 0, 0, 10 },
		{ "dax", -EINVAL, 0, 0 }, { "dax0", -EINVAL, 0, 0 }, { "dax0.", -EINVAL, 0, 0 },
		{ "dax.0", -EINVAL, 0, 0 }, { "dax00.1", -EINVAL, 0, 0 }, { "dax0.1x", -EINVAL, 0, 0 },
		{ "dax-1.0", -EINVAL, 0, 0 }, { "dax 0.0", -EINVAL, 0, 0 }, { "pmemdax0", -EINVAL, 0, 0 },
		{ "dax0.0.0", -EINVAL, 0, 0 }, { "dax99999999.0", -EINVAL, 0, 0 }, { "", -EINVAL, 0, 0 },
	};
	enum daxmgr_map map = DAXMGR_MAP_DEFAULT;
	char name[64];
	int r, id, rc;
	size_t i;

	CHECK("parse_map/mem", !cli_parse_map("mem", &map) && map == DAXMGR_MAP_MEM, "condition false");
	CHECK("parse_map/dev", !cli_parse_map("dev", &map) && map == DAXMGR_MAP_DEV, "condition false");
	CHECK("parse_map/bad", cli_parse_map("pmem", &map) == -EINVAL &&
	      cli_parse_map(NULL, &map) == -EINVAL && cli_parse_map("", &map) == -EINVAL,
	      "condition false");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		r = id = -1;
		rc = dm_parse_devname(names[i].s, &r, &id);
		snprintf(name, sizeof(name), "parse_devname/'%s'", names[i].s);
		CHECK(name, rc == names[i].rc && (rc || (r == names[i].region && id == names[i].id)),
		      "rc %d region %d id %d", rc, r, id);
	}
	CHECK("parse_devname/null", dm_parse_devname(NULL, &r, &id) == -EINVAL, "condition false");
}

static void test_maps_lines(void)
{
	const dev_t d = makedev(0, 5);

	CHECK("maps/path", dm_maps_line_matches(
		"7f00-7f02 rw-s 00000000 00:05 77 /dev/dax0.0\n", "/dev/dax0.0", 0, 0), "condition false");
	CHECK("maps/deleted", dm_maps_line_matches(
		"7f00-7f02 rw-s 00000000 00:05 77 /dev/dax0.0 (deleted)\n", "/dev/dax0.0", 0, 0), "condition false");
	CHECK("maps/prefix-is-not-a-match", !dm_maps_line_matches(
		"7f00-7f02 rw-s 00000000 00:05 77 /dev/dax0.01\n", "/dev/dax0.0", 0, 0) &&
	      !dm_maps_line_matches(
		"7f00-7f02 rw-s 00000000 00:05 77 /dev/dax0.0.bak\n", "/dev/dax0.0", 0, 0), "condition false");
	CHECK("maps/by-inode", dm_maps_line_matches(
		"7f00-7f02 rw-s 00000000 00:05 77 /tmp/mydax\n", "/dev/dax0.0", d, 77), "condition false");
	CHECK("maps/other-inode", !dm_maps_line_matches(
		"7f00-7f02 rw-s 00000000 00:06 77 /tmp/mydax\n", "/dev/dax0.0", d, 77), "condition false");
	CHECK("maps/anonymous", !dm_maps_line_matches(
		"7f00-7f02 rw-p 00000000 00:00 0 \n", "/dev/dax0.0", d, 77) &&
	      !dm_maps_line_matches("garbage", "/dev/dax0.0", d, 77) &&
	      !dm_maps_line_matches(NULL, "/dev/dax0.0", d, 77), "condition false");
	CHECK("fd/path", dm_fd_target_matches("/dev/dax0.0", "/dev/dax0.0") &&
	      dm_fd_target_matches("/dev/dax0.0 (deleted)", "/dev/dax0.0"), "condition false");
	CHECK("fd/not-a-match", !dm_fd_target_matches("/dev/dax0.01", "/dev/dax0.0") &&
	      !dm_fd_target_matches("/dev/dax0", "/dev/dax0.0") &&
	      !dm_fd_target_matches("socket:[12]", "/dev/dax0.0") &&
	      !dm_fd_target_matches(NULL, "/dev/dax0.0") &&
	      !dm_fd_target_matches("/dev/dax0.0", ""), "condition false");
}

static void test_conf_parse(void)
{
	struct dm_conf c;
	int rc;

	rc = dm_conf_parse("# comment\n\n  pin_mode = io  \nnamespace=namespace1.0\nfuture = 1\n", &c);
	CHECK("conf_parse/fields", !rc && c.pin_mode == DAXMGR_PIN_IO &&
	      !strcmp(c.namespace, "namespace1.0"), "rc %d", rc);
	rc = dm_conf_parse("", &c);
	CHECK("conf_parse/empty-defaults-vma", !rc && c.pin_mode == DAXMGR_PIN_VMA, "rc %d", rc);
	CHECK("conf_parse/bad-mode", dm_conf_parse("pin_mode = sometimes\n", &c) == -EINVAL, "condition false");
	CHECK("conf_parse/no-equals", dm_conf_parse("pin_mode io\n", &c) == -EINVAL, "condition false");
	CHECK("conf_parse/null", dm_conf_parse(NULL, &c) == -EINVAL, "condition false");
}

static struct daxmgr_ctx *open_tree(struct fake_tree *t, int *rc)
{
	struct daxmgr_ctx *ctx = NULL;

	*rc = dm_new_at(&ctx, t->sysfs, t->proc, t->dev);
	if (ctx)
		daxmgr_set_conf_dir(ctx, t->conf);
	return ctx;
}

#define DEVS "sys/bus/dax/devices/"
#define DRVS "sys/bus/dax/drivers/"
#define PARKS "sys/class/daxmgr_park/"

static void test_enumerate(void)
{
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	char order[128] = "";
	int rc;

	fake_tree_init(&t);
	ctx = open_tree(&t, &rc);
	CHECK("enumerate/no-dax-bus", !rc && ctx && !daxmgr_dev_first(ctx), "rc %d", rc);
	daxmgr_unref(ctx);

	fake_bus(&t, true);
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax1.0", .driver = "daxmgr" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.10", .driver = "device_dax",
		.resource = "0x140000000" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.2", .driver = "daxmgr",
		.state = "quiesced", .pin_mode = "io", .vmas = "3", .pinned_pages = "5",
		.target_node = "-1" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.3" });
	fake_write(&t, DEVS "daxfoo/size", "1\n");
	fake_write(&t, DEVS "dax0.3x/size", "1\n");
	ctx = open_tree(&t, &rc);
	CHECK("enumerate/open", !rc && ctx, "rc %d", rc);
	if (!ctx)
		goto out;
	daxmgr_dev_foreach(ctx, dev) {
		strcat(order, daxmgr_dev_name(dev));
		strcat(order, " ");
	}
	CHECK("enumerate/sorted-by-region-and-id", !strcmp(order, "dax0.2 dax0.3 dax0.10 dax1.0 "),
	      "order '%s'", order);
	dev = daxmgr_dev_find(ctx, "/dev/dax0.2");
	CHECK("find/by-path", dev && daxmgr_dev_id(dev) == 2 && daxmgr_dev_region_id(dev) == 0,
	      "condition false");
	CHECK("find/unknown", !daxmgr_dev_find(ctx, "dax0.7") && !daxmgr_dev_find(ctx, NULL),
	      "condition false");
	if (dev) {
		CHECK("attrs/ours", daxmgr_dev_is_daxmgr(dev) && daxmgr_dev_is_enabled(dev) &&
		      !strcmp(daxmgr_dev_driver(dev), "daxmgr"), "condition false");
		CHECK("attrs/state", !strcmp(daxmgr_dev_state(dev), "quiesced"),
		      "state '%s'", daxmgr_dev_state(dev));
		CHECK("attrs/pin_mode", daxmgr_dev_pin_mode(dev) == DAXMGR_PIN_IO, "condition false");
		CHECK("attrs/counts", daxmgr_dev_vmas(dev) == 3 &&
		      daxmgr_dev_pinned_pages(dev) == 5, "condition false");
		CHECK("attrs/target_node", daxmgr_dev_target_node(dev) == -1, "condition false");
		CHECK("attrs/sizes", daxmgr_dev_size(dev) == 1ULL << 30 &&
		      daxmgr_dev_align(dev) == 2 << 20 &&
		      daxmgr_dev_resource(dev) == 0x100000000ULL, "condition false");
		CHECK("attrs/faults", daxmgr_dev_faults(dev, DAXMGR_FAULT_PTE) == 1 &&
		      daxmgr_dev_faults(dev, DAXMGR_FAULT_PUD) == 3 &&
		      daxmgr_dev_faults(dev, 9) == 0, "condition false");
		CHECK("attrs/no-namespace-in-fake-tree", !daxmgr_dev_namespace(dev) &&
		      !daxmgr_dev_nd_region(dev), "condition false");
		CHECK("attrs/path", strstr(daxmgr_dev_path(dev), "/dev/dax0.2") != NULL,
		      "path '%s'", daxmgr_dev_path(dev));
	}
	dev = daxmgr_dev_find(ctx, "dax0.10");
	CHECK("attrs/device_dax", dev && !daxmgr_dev_is_daxmgr(dev) && daxmgr_dev_is_enabled(dev) &&
	      !daxmgr_dev_state(dev) && !strcmp(daxmgr_dev_driver(dev), "device_dax"),
	      "condition false");
	dev = daxmgr_dev_find(ctx, "dax0.3");
	CHECK("attrs/no-driver", dev && !daxmgr_dev_is_enabled(dev) && !daxmgr_dev_driver(dev) &&
	      !strcmp(daxmgr_dev_state(dev), "disabled") && daxmgr_dev_parked_pages(dev) == -1,
	      "condition false");
	daxmgr_unref(ctx);

	/* an unbound device whose pagemap the driver parked (and another) */
	fake_write(&t, PARKS "park0/device", "dax9.9\n");
	fake_write(&t, PARKS "park0/pinned_pages", "1\n");
	fake_write(&t, PARKS "park4/device", "dax0.3\n");
	fake_write(&t, PARKS "park4/pinned_pages", "7\n");
	fake_write(&t, PARKS "park4/seconds", "12\n");
	ctx = open_tree(&t, &rc);
	dev = ctx ? daxmgr_dev_find(ctx, "dax0.3") : NULL;
	CHECK("attrs/parked", dev && !strcmp(daxmgr_dev_state(dev), "parked") &&
	      daxmgr_dev_parked_pages(dev) == 7, "state '%s'", dev ? daxmgr_dev_state(dev) : "?");
	dev = ctx ? daxmgr_dev_find(ctx, "dax0.10") : NULL;
	CHECK("attrs/parked-other-driver", dev && daxmgr_dev_parked_pages(dev) == -1, "condition false");
	daxmgr_unref(ctx);
	fake_write(&t, PARKS "park4/device", "dax7.7\n");

	/* a garbage attribute is an error, not a zero */
	fake_write(&t, DEVS "dax0.2/size", "lots\n");
	ctx = open_tree(&t, &rc);
	CHECK("enumerate/garbage-attr", rc == -EIO && !ctx, "rc %d", rc);
	fake_write(&t, DEVS "dax0.2/size", "4096\n");
	fake_write(&t, DEVS "dax0.2/pin_mode", "sometimes\n");
	ctx = open_tree(&t, &rc);
	CHECK("enumerate/garbage-pin-mode", rc == -EIO && !ctx, "rc %d", rc);
	CHECK("dm_new_at/null-args", dm_new_at(&ctx, NULL, "/proc", "/dev") == -EINVAL, "condition false");
out:
	fake_tree_destroy(&t);
}

static void test_create(void)
{
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev = NULL;
	char maps[512];
	int rc;

	fake_tree_init(&t);
	fake_bus(&t, false);
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.0", .driver = "device_dax" });
	ctx = open_tree(&t, &rc);
	dev = daxmgr_dev_find(ctx, "dax0.0");
	CHECK("take/no-module", daxmgr_take(ctx, dev, DAXMGR_PIN_VMA) == -ENODEV, "condition false");
	daxmgr_unref(ctx);

	fake_bus(&t, true);
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.1", .driver = "daxmgr" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.2", .driver = "kmem" });
	ctx = open_tree(&t, &rc);
	/* libndctl sees only the real sysfs: no namespace in a fake tree */
	rc = daxmgr_create_from_namespace(ctx, "namespace0.0", 0, DAXMGR_MAP_DEFAULT,
					  DAXMGR_PIN_VMA, 0, &dev);
	CHECK("create/fake-tree-no-namespace", rc == -ENOENT, "rc %d", rc);
	CHECK("create/bad-pin-mode", daxmgr_create_from_namespace(ctx, "namespace0.0", 0,
	      DAXMGR_MAP_DEFAULT, 5, 0, NULL) == -EINVAL, "condition false");
	CHECK("create/bad-map", daxmgr_create_from_namespace(ctx, "namespace0.0", 0,
	      7, DAXMGR_PIN_VMA, 0, NULL) == -EINVAL, "condition false");
	CHECK("create/bad-flags", daxmgr_create_from_namespace(ctx, "namespace0.0", 0,
	      DAXMGR_MAP_DEFAULT, DAXMGR_PIN_VMA, 0x80, NULL) == -EINVAL, "condition false");
	CHECK("create/null-namespace", daxmgr_create_from_namespace(ctx, NULL, 0,
	      DAXMGR_MAP_DEFAULT, DAXMGR_PIN_VMA, 0, NULL) == -EINVAL, "condition false");

	CHECK("take/already-ours", daxmgr_take(ctx, daxmgr_dev_find(ctx, "dax0.1"),
	      DAXMGR_PIN_VMA) == -EEXIST, "condition false");
	CHECK("take/kmem", daxmgr_take(ctx, daxmgr_dev_find(ctx, "dax0.2"),
	      DAXMGR_PIN_VMA) == -EBUSY, "condition false");
	/* dynamic (hmem, dax_cxl): a "mapping" attribute; left to device_dax */
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax1.0", .driver = "device_dax" });
	fake_write(&t, DEVS "dax1.0/mapping", "");
	daxmgr_refresh(ctx);
	rc = daxmgr_take(ctx, daxmgr_dev_find(ctx, "dax1.0"), DAXMGR_PIN_VMA);
	CHECK("take/dynamic-refused", rc == -EOPNOTSUPP &&
	      !*fake_read(&t, DRVS "device_dax/unbind"), "rc %d", rc);
	/* mapped: refused before anything is written */
	snprintf(maps, sizeof(maps), "7f00-7f02 rw-s 00000000 00:05 77 %s/dax0.0\n", t.dev);
	fake_add_proc(&t, 99, "mapper", maps);
	dev = daxmgr_dev_find(ctx, "dax0.0");
	rc = daxmgr_take(ctx, dev, DAXMGR_PIN_IO);
	CHECK("take/mapped-busy", rc == -EBUSY &&
	      !*fake_read(&t, DRVS "device_dax/unbind") && !*fake_read(&t, DRVS "daxmgr/new_id"),
	      "rc %d", rc);
	/* unmapped: unbind from device_dax, new_id; the fake kernel binds nothing */
	fake_write(&t, "proc/99/maps", "");
	rc = daxmgr_take(ctx, dev, DAXMGR_PIN_IO);
	CHECK("take/handoff-writes", !strcmp(fake_read(&t, DRVS "device_dax/unbind"), "dax0.0") &&
	      !strcmp(fake_read(&t, DRVS "daxmgr/new_id"), "dax0.0"), "rc %d", rc);
	CHECK("take/not-bound-is-an-error", rc == -EBUSY, "rc %d", rc);
	CHECK("take/foreign-ctx", daxmgr_take(NULL, dev, DAXMGR_PIN_VMA) == -EINVAL, "condition false");
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}

static int logged, waits;
static char last_log[256];

static void test_log_fn(struct daxmgr_ctx *ctx, int priority, const char *file,
			int line, const char *fn, const char *format, va_list args)
{
	logged++;
	vsnprintf(last_log, sizeof(last_log), format, args);
}

/* stops the wait the third time it is called */
static int test_wait_fn(struct daxmgr_dev *dev, enum daxmgr_wait_for what,
			long left, unsigned int left_ms, void *userdata)
{
	*(enum daxmgr_wait_for *)userdata = what;
	return ++waits >= 3;
}

/* ref/unref, the log function and its priority, the wait function */
static void test_ctx_api(void)
{
	enum daxmgr_wait_for what = DAXMGR_WAIT_PINS;
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	int rc;

	fake_tree_init(&t);
	fake_bus(&t, true);
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.0", .driver = "daxmgr", .vmas = "1" });
	ctx = open_tree(&t, &rc);
	CHECK("ref/returns-ctx", daxmgr_ref(ctx) == ctx, "condition false");
	daxmgr_unref(ctx);	/* one reference left: still usable */
	dev = daxmgr_dev_find(ctx, "dax0.0");
	CHECK("ref/still-usable", dev && daxmgr_refresh(ctx) == 0, "condition false");
	daxmgr_set_userdata(ctx, &rc);
	CHECK("userdata", daxmgr_get_userdata(ctx) == &rc, "condition false");
	CHECK("log/default-priority", daxmgr_get_log_priority(ctx) == LOG_ERR, "%d",
	      daxmgr_get_log_priority(ctx));

	daxmgr_set_log_fn(ctx, test_log_fn);
	daxmgr_set_wait_fn(ctx, test_wait_fn, &what);
	dev = daxmgr_dev_find(ctx, "dax0.0");
	rc = daxmgr_dev_unbind(dev, 60000, 0, NULL);
	CHECK("wait_fn/ends-the-wait", rc == -EINTR && waits == 3, "rc %d, %d calls", rc, waits);
	CHECK("wait_fn/what", what == DAXMGR_WAIT_VMAS, "what %d", what);
	CHECK("wait_fn/put-back", !strcmp(fake_read(&t, DEVS "dax0.0/unquiesce"), "1\n") &&
	      !strcmp(fake_read(&t, DRVS "daxmgr/unbind"), ""), "condition false");
	CHECK("log/below-priority-dropped", logged == 0, "%d messages: %s", logged, last_log);
	daxmgr_set_log_priority(ctx, LOG_INFO);
	waits = 0;
	rc = daxmgr_dev_unbind(dev, 60000, 0, NULL);
	CHECK("log/delivered", rc == -EINTR && logged == 1 && strstr(last_log, "dax0.0: wait ended"),
	      "%d messages: %s", logged, last_log);
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}

/* The LOG_ERR messages of one call: how many, the last, whose. */
static int errs;
static char err_text[512], err_fn[64];
static bool err_bad;	/* one not libdaxmgr's, or not ending in "\n" */

static void err_log_fn(struct daxmgr_ctx *ctx, int priority, const char *file,
		       int line, const char *fn, const char *format, va_list args)
{
	int n;

	if (priority > LOG_ERR)
		return;
	errs++;
	snprintf(err_fn, sizeof(err_fn), "%s", fn);
	n = vsnprintf(err_text, sizeof(err_text), format, args);
	err_bad |= n < 1 || err_text[n - 1] != '\n' ||
		   (strncmp(fn, "daxmgr_", 7) && strncmp(fn, "dm_", 3));
}

static void err_reset(void)
{
	errs = 0;
	err_bad = false;
	err_text[0] = err_fn[0] = '\0';
}

/*
 * Each refusal is logged at LOG_ERR, once, in the library's words: the
 * device (or namespace, or uuid), the step or why, from a libdaxmgr
 * function, ending in "\n"; nothing is formatted below the priority.
 */
static void test_refusals_logged(void)
{
	static const char u[] = "2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a";
	struct daxmgr_dev *ours, *dd, *dyn, *parked, *unbound;
	struct daxmgr_ctx *ctx;
	struct fake_tree t;
	char path[512];
	int rc;

	fake_tree_init(&t);
	fake_bus(&t, true);
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.0", .driver = "daxmgr" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax1.0", .driver = "device_dax" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax2.0", .driver = "device_dax" });
	fake_write(&t, DEVS "dax2.0/mapping", "");
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax3.0" });
	fake_write(&t, PARKS "park1/device", "dax3.0\n");
	fake_write(&t, PARKS "park1/pinned_pages", "7\n");
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax4.0" });
	ctx = open_tree(&t, &rc);
	ours = daxmgr_dev_find(ctx, "dax0.0");
	dd = daxmgr_dev_find(ctx, "dax1.0");
	dyn = daxmgr_dev_find(ctx, "dax2.0");
	parked = daxmgr_dev_find(ctx, "dax3.0");
	unbound = daxmgr_dev_find(ctx, "dax4.0");
	CHECK("log/get-fn-default", !daxmgr_get_log_fn(ctx), "a log function without DAXMGR_LOG");
	daxmgr_set_log_fn(ctx, err_log_fn);
	CHECK("log/get-fn", daxmgr_get_log_fn(ctx) == err_log_fn, "not the function set");

#define REFUSE(what, call, errno_, text) do {				\
	err_reset();							\
	rc = call;							\
	CHECK(what, rc == errno_ && errs == 1 && !err_bad &&		\
	      strstr(err_text, text),					\
	      "rc %d, %d message(s), last from %s: %s", rc, errs,	\
	      err_fn, err_text);					\
} while (0)
	REFUSE("refusal/take-ours", daxmgr_take(ctx, ours, DAXMGR_PIN_VMA), -EEXIST,
	       "dax0.0: already a daxmgr device");
	REFUSE("refusal/take-dynamic", daxmgr_take(ctx, dyn, DAXMGR_PIN_VMA), -EOPNOTSUPP,
	       "dax2.0: a dynamic dax device");
	REFUSE("refusal/take-parked", daxmgr_take(ctx, parked, DAXMGR_PIN_VMA), -EBUSY,
	       "dax3.0 is parked: 7 page(s) pinned");
	REFUSE("refusal/bind-device_dax", daxmgr_dev_bind(dd), -EBUSY,
	       "dax1.0 is bound to device_dax: not bound to daxmgr");
	REFUSE("refusal/bind-parked", daxmgr_dev_bind(parked), -EBUSY,
	       "dax3.0 is parked: 7 page(s) pinned");
	REFUSE("refusal/unbind-not-ours", daxmgr_dev_unbind(dd, 0, 0, NULL), -ENODEV,
	       "dax1.0: unbind: not a daxmgr device (driver device_dax)");
	REFUSE("refusal/set-pin-mode-not-ours", daxmgr_dev_set_pin_mode(dd, DAXMGR_PIN_IO),
	       -ENODEV, "dax1.0: set pin mode: not a daxmgr device (driver device_dax)");
	REFUSE("refusal/destroy-not-ours", daxmgr_destroy(ctx, dd, 0, 0, NULL), -ENODEV,
	       "dax1.0: destroy: not a daxmgr device (driver device_dax)");
	REFUSE("refusal/destroy-raw-no-namespace",
	       daxmgr_destroy(ctx, ours, 0, DAXMGR_DESTROY_RAW, NULL), -ENOENT,
	       "dax0.0: no namespace to return to raw mode");
	REFUSE("refusal/create-no-namespace",
	       daxmgr_create_from_namespace(ctx, "namespace9.9", 0, DAXMGR_MAP_DEFAULT,
					    DAXMGR_PIN_VMA, 0, NULL), -ENOENT,
	       "namespace9.9: no such namespace");
	REFUSE("refusal/remove-no-record", daxmgr_record_remove(ctx, u), -ENOENT,
	       "no record of uuid 2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a");
	/* the kernel's refusal of a step: the step named, with its errno */
	snprintf(path, sizeof(path), "%s/bus/dax/devices/dax0.0/quiesce", t.sysfs);
	CHECK("refusal/quiesce-made-a-dir", !unlink(path) && !mkdir(path, 0755), "%s", strerror(errno));
	REFUSE("refusal/quiesce-step", daxmgr_dev_unbind(ours, 0, 0, NULL), -EISDIR,
	       "dax0.0: quiesce: Is a directory");
	snprintf(path, sizeof(path), "%s/bus/dax/drivers/daxmgr/new_id", t.sysfs);
	CHECK("refusal/new_id-made-a-dir", !unlink(path) && !mkdir(path, 0755), "%s", strerror(errno));
	REFUSE("refusal/new_id-step", daxmgr_dev_bind(unbound), -EISDIR,
	       "dax4.0: daxmgr's new_id: Is a directory");
	CHECK("refusal/new_id-back", !rmdir(path) && !fake_write(&t, DRVS "daxmgr/new_id", ""),
	      "%s", strerror(errno));
	/* the fake kernel binds nothing: as a probe that refused the device */
	REFUSE("refusal/probe-refused", daxmgr_dev_bind(unbound), -EBUSY,
	       "dax4.0: daxmgr's probe refused it");
#undef REFUSE
	/* below the priority: nothing logged */
	daxmgr_set_log_priority(ctx, LOG_CRIT);
	err_reset();
	rc = daxmgr_take(ctx, ours, DAXMGR_PIN_VMA);
	CHECK("refusal/below-priority", rc == -EEXIST && !errs, "rc %d, %d message(s)", rc, errs);
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}

static void test_unbind(void)
{
	static const char maps[] =
		"55d0a0000000-55d0a0001000 r-xp 00000000 08:01 1234 /usr/bin/app\n"
		"7f0000000000-7f0000200000 rw-s 00000000 00:05 77 %s/dax0.0\n"
		"7f0000400000-7f0000600000 rw-s 00200000 00:05 77 %s/dax0.0 (deleted)\n"
		"7f0000800000-7f0000a00000 rw-s 00000000 00:05 78 %s/dax0.01\n";
	struct daxmgr_busy *busy;
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	char buf[2048];
	int rc;

	fake_tree_init(&t);
	fake_bus(&t, true);
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.0", .driver = "daxmgr", .vmas = "2" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax1.0", .driver = "device_dax" });
	snprintf(buf, sizeof(buf), maps, t.dev, t.dev, t.dev);
	fake_add_proc(&t, 4242, "app", buf);
	fake_add_proc(&t, 77, "other", "7f0000000000-7f0000200000 rw-s 00000000 00:05 9 /dev/zero\n");
	fake_write(&t, "proc/self/maps", "");	/* not a pid: skipped */
	ctx = open_tree(&t, &rc);
	dev = daxmgr_dev_find(ctx, "dax0.0");

	/* vma mode with vmas: busy after the timeout, quiesce undone */
	rc = daxmgr_dev_unbind(dev, 100, 0, &busy);
	CHECK("unbind/vma-busy", rc == -EBUSY, "rc %d", rc);
	CHECK("unbind/vma-busy-counts", daxmgr_busy_vmas(busy) == 2 &&
	      daxmgr_busy_pinned_pages(busy) == 0, "condition false");
	CHECK("unbind/holder", daxmgr_busy_nr_holders(busy) == 1 &&
	      daxmgr_busy_holder_pid(busy, 0) == 4242 &&
	      !strcmp(daxmgr_busy_holder_comm(busy, 0), "app") &&
	      daxmgr_busy_holder_vmas(busy, 0) == 2,
	      "%u holders, first pid %d vmas %u", daxmgr_busy_nr_holders(busy),
	      daxmgr_busy_holder_pid(busy, 0), daxmgr_busy_holder_vmas(busy, 0));
	CHECK("busy/out-of-range", !daxmgr_busy_holder_comm(busy, 1) &&
	      !daxmgr_busy_holder_pid(busy, 1), "condition false");
	CHECK("busy/holders-count-no-files", daxmgr_busy_holder_files(busy, 0) == 0, "condition false");
	CHECK("unbind/quiesced-then-unquiesced",
	      !strcmp(fake_read(&t, DEVS "dax0.0/quiesce"), "1\n") &&
	      !strcmp(fake_read(&t, DEVS "dax0.0/unquiesce"), "1\n"), "condition false");
	CHECK("unbind/vma-no-revoke", !strcmp(fake_read(&t, DEVS "dax0.0/revoke"), ""), "condition false");
	CHECK("unbind/busy-no-unbind", !strcmp(fake_read(&t, DRVS "daxmgr/unbind"), ""), "condition false");
	daxmgr_busy_free(busy);

	/* users: the mappers, and a process with the node open, unmapped */
	{
		char node[600], fd[600];
		unsigned int i, files = 0, vmas = 0, n;

		fake_write(&t, "dev/dax0.0", "");
		fake_write(&t, "dev/dax1.0", "");
		fake_add_proc(&t, 555, "opener", "");
		fake_write(&t, "proc/555/fd/.keep", "");
		snprintf(node, sizeof(node), "%s/dax0.0", t.dev);
		snprintf(fd, sizeof(fd), "%s/555/fd/3", t.proc);
		symlink(node, fd);
		snprintf(fd, sizeof(fd), "%s/555/fd/4", t.proc);
		symlink(node, fd);
		snprintf(node, sizeof(node), "%s/dax1.0", t.dev);
		snprintf(fd, sizeof(fd), "%s/555/fd/5", t.proc);
		symlink(node, fd);		/* another device: not counted */
		snprintf(fd, sizeof(fd), "%s/555/fd/6", t.proc);
		symlink("/nonexistent", fd);	/* dangling: skipped */
		rc = daxmgr_dev_holders(dev, &busy);
		CHECK("holders/ignore-open-files", rc == 0 && daxmgr_busy_nr_holders(busy) == 1,
		      "rc %d, %u holders", rc, daxmgr_busy_nr_holders(busy));
		daxmgr_busy_free(busy);
		rc = daxmgr_dev_file_holders(dev, &busy);
		n = daxmgr_busy_nr_holders(busy);
		for (i = 0; i < n; i++) {
			if (daxmgr_busy_holder_pid(busy, i) == 555)
				files = daxmgr_busy_holder_files(busy, i) +
					100 * daxmgr_busy_holder_vmas(busy, i);
			if (daxmgr_busy_holder_pid(busy, i) == 4242)
				vmas = daxmgr_busy_holder_vmas(busy, i) +
					100 * daxmgr_busy_holder_files(busy, i);
		}
		CHECK("users/open-and-mapped", rc == 0 && n == 2 && files == 2 && vmas == 2,
		      "rc %d, %u users, opener %u, mapper %u", rc, n, files, vmas);
		CHECK("users/comm", n == 2 && (!strcmp(daxmgr_busy_holder_comm(busy, 0), "opener") ||
					      !strcmp(daxmgr_busy_holder_comm(busy, 1), "opener")),
		      "condition false");
		daxmgr_busy_free(busy);
		CHECK("users/einval", daxmgr_dev_file_holders(NULL, &busy) == -EINVAL &&
		      daxmgr_dev_file_holders(dev, NULL) == -EINVAL, "condition false");
		unlink(fd);
		for (i = 3; i <= 5; i++) {
			snprintf(fd, sizeof(fd), "%s/555/fd/%u", t.proc, i);
			unlink(fd);
		}
	}

	/* forced: revoke, and with nothing pinned, unbind */
	rc = daxmgr_dev_unbind(dev, 100, DAXMGR_UNBIND_FORCE, NULL);
	CHECK("unbind/force", rc == 0, "rc %d", rc);
	CHECK("unbind/force-revoked", !strcmp(fake_read(&t, DEVS "dax0.0/revoke"), "1\n"), "condition false");
	CHECK("unbind/force-unbound", !strcmp(fake_read(&t, DRVS "daxmgr/unbind"), "dax0.0"), "condition false");

	/* io mode with pages pinned past the timeout: busy */
	fake_write(&t, DEVS "dax0.0/pin_mode", "io\n");
	fake_write(&t, DEVS "dax0.0/pinned_pages", "4\n");
	fake_write(&t, DRVS "daxmgr/unbind", "");
	rc = daxmgr_dev_unbind(dev, 50, 0, &busy);
	CHECK("unbind/io-pinned-busy", rc == -EBUSY && daxmgr_busy_pinned_pages(busy) == 4, "rc %d", rc);
	daxmgr_busy_free(busy);
	CHECK("unbind/bad-flags", daxmgr_dev_unbind(dev, 0, 0x10, NULL) == -EINVAL, "condition false");
	rc = daxmgr_dev_set_pin_mode(dev, DAXMGR_PIN_VMA);
	CHECK("set_pin_mode/writes", rc == 0 && daxmgr_dev_pin_mode(dev) == DAXMGR_PIN_VMA &&
	      !strcmp(fake_read(&t, DEVS "dax0.0/pin_mode"), "vma\n"), "rc %d", rc);
	CHECK("set_pin_mode/bad", daxmgr_dev_set_pin_mode(dev, 3) == -EINVAL, "condition false");

	/* another driver's device is not ours to unbind or destroy */
	rc = daxmgr_dev_unbind(daxmgr_dev_find(ctx, "dax1.0"), 0, 0, NULL);
	CHECK("unbind/device_dax-refused", rc == -ENODEV, "rc %d", rc);
	rc = daxmgr_destroy(ctx, daxmgr_dev_find(ctx, "dax1.0"), 0, 0, NULL);
	CHECK("destroy/device_dax-refused", rc == -ENODEV, "rc %d", rc);
	CHECK("set_pin_mode/device_dax-refused",
	      daxmgr_dev_set_pin_mode(daxmgr_dev_find(ctx, "dax1.0"), DAXMGR_PIN_IO) == -ENODEV,
	      "condition false");

	/* unbound devices are left alone by unbind; bind hands them over */
	fake_set_driver(&t, "dax0.0", NULL);
	fake_write(&t, DEVS "dax0.0/quiesce", "");
	rc = daxmgr_dev_unbind(dev, 50, 0, NULL);
	CHECK("unbind/already-unbound", rc == 0 && !strcmp(fake_read(&t, DEVS "dax0.0/quiesce"), ""),
	      "rc %d quiesce '%s'", rc, fake_read(&t, DEVS "dax0.0/quiesce"));
	rc = daxmgr_dev_bind(dev);
	CHECK("bind/new_id-then-bind", !strcmp(fake_read(&t, DRVS "daxmgr/new_id"), "dax0.0") &&
	      !strcmp(fake_read(&t, DRVS "daxmgr/bind"), "dax0.0"), "rc %d", rc);
	CHECK("bind/device_dax-refused", daxmgr_dev_bind(daxmgr_dev_find(ctx, "dax1.0")) == -EBUSY,
	      "condition false");

	/* an unbound device still mapped: its files would outlive the give-back */
	rc = daxmgr_destroy(ctx, dev, 0, 0, &busy);
	CHECK("destroy/unbound-mapped-busy", rc == -EBUSY && daxmgr_busy_open_files(busy) == 1 &&
	      daxmgr_busy_nr_holders(busy) == 1 && daxmgr_busy_holder_pid(busy, 0) == 4242 &&
	      !strcmp(fake_read(&t, DRVS "daxmgr/remove_id"), ""), "rc %d, %ld files",
	      rc, daxmgr_busy_open_files(busy));
	daxmgr_busy_free(busy);
	fake_write(&t, "proc/4242/maps", "");
	CHECK("destroy/busy-keeps-handle", daxmgr_dev_find(ctx, "dax0.0") == dev, "condition false");

	/* destroy of an unbound device: back to device_dax */
	rc = daxmgr_destroy(ctx, dev, 0, 0, NULL);
	CHECK("destroy/give-back", rc == 0 &&
	      !strcmp(fake_read(&t, DRVS "daxmgr/remove_id"), "dax0.0") &&
	      !strcmp(fake_read(&t, DRVS "device_dax/bind"), "dax0.0"), "rc %d", rc);
	dev = daxmgr_dev_find(ctx, "dax0.0");
	CHECK("destroy/foreign-ctx", daxmgr_destroy(NULL, dev, 0, 0, NULL) == -EINVAL, "condition false");
	CHECK("destroy/bad-flags", daxmgr_destroy(ctx, dev, 0, 0x40, NULL) == -EINVAL, "condition false");
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}

static void test_conf(void)
{
	static const char uuid[] = "2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a";
	struct dm_conf c = { .pin_mode = DAXMGR_PIN_IO, .namespace = "namespace0.0" }, r;
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	char rel[256];
	int rc;

	fake_tree_init(&t);
	ctx = open_tree(&t, &rc);
	CHECK("conf/dir", !strcmp(daxmgr_conf_dir(ctx), t.conf), "dir '%s'", daxmgr_conf_dir(ctx));
	rc = dm_conf_read(ctx, uuid, &r);
	CHECK("conf/read-missing", rc == -ENOENT, "rc %d", rc);
	rc = dm_conf_write(ctx, uuid, &c);
	snprintf(rel, sizeof(rel), "etc/daxmgr/daxmgr.conf.d/%s.conf", uuid);
	CHECK("conf/write-creates-dirs", !rc && fake_exists(&t, rel), "rc %d", rc);
	CHECK("conf/content", strstr(fake_read(&t, rel), "\npin_mode = io\n") &&
	      strstr(fake_read(&t, rel), "\nnamespace = namespace0.0\n"), "'%s'", fake_read(&t, rel));
	snprintf(rel, sizeof(rel), "etc/daxmgr/daxmgr.conf.d/%s.conf.tmp", uuid);
	CHECK("conf/no-tmp-left", !fake_exists(&t, rel), "condition false");
	rc = dm_conf_read(ctx, uuid, &r);
	CHECK("conf/read-back", !rc && r.pin_mode == DAXMGR_PIN_IO &&
	      !strcmp(r.namespace, "namespace0.0"), "rc %d", rc);
	c.pin_mode = DAXMGR_PIN_VMA;
	rc = dm_conf_write(ctx, uuid, &c);
	CHECK("conf/overwrite", !rc && !dm_conf_read(ctx, uuid, &r) &&
	      r.pin_mode == DAXMGR_PIN_VMA, "rc %d", rc);
	CHECK("conf/bad-uuid", dm_conf_write(ctx, "../../etc/passwd", &c) == -EINVAL &&
	      dm_conf_read(ctx, "2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2", &r) == -EINVAL &&
	      dm_conf_remove(ctx, "2b3c8a5e/1f0d-4c3b-9a1e-7d6f5e4c3b2a") == -EINVAL,
	      "condition false");
	c.pin_mode = 9;
	CHECK("conf/bad-mode", dm_conf_write(ctx, uuid, &c) == -EINVAL, "condition false");
	c.pin_mode = DAXMGR_PIN_IO;
	strcpy(c.namespace, "a\nb");
	CHECK("conf/newline-in-value", dm_conf_write(ctx, uuid, &c) == -EINVAL, "condition false");
	rc = dm_conf_remove(ctx, uuid);
	CHECK("conf/remove", !rc && dm_conf_read(ctx, uuid, &r) == -ENOENT, "rc %d", rc);
	CHECK("conf/remove-missing", dm_conf_remove(ctx, uuid) == -ENOENT, "condition false");
	snprintf(rel, sizeof(rel), "etc/daxmgr/daxmgr.conf.d/%s.conf", uuid);
	fake_write(&t, rel, "pin_mode = always\n");
	CHECK("conf/read-garbage", dm_conf_read(ctx, uuid, &r) == -EINVAL, "condition false");
	CHECK("conf/set-dir-bad", daxmgr_set_conf_dir(ctx, "") == -EINVAL, "condition false");
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}

/* namespace, region and map of devices laid out as a pmem namespace's */
static void test_annotate(void)
{
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	int rc;

	fake_tree_init(&t);
	fake_bus(&t, true);
	fake_add_nd_dev(&t, &(struct fake_dev){ .name = "dax0.0", .driver = "daxmgr" },
			"region0", "dax0.1", "nd", "namespace0.0\n", "ram\n");
	fake_add_nd_dev(&t, &(struct fake_dev){ .name = "dax1.0", .driver = "device_dax" },
			"region1", "dax1.1", "nd", "namespace1.0\n", "pmem\n");
	/* a personality with no namespace (being torn down) */
	fake_add_nd_dev(&t, &(struct fake_dev){ .name = "dax2.0" },
			"region2", "dax2.1", "nd", "\n", "pmem\n");
	/* not below an nd_dax (hmem, cxl): no namespace */
	fake_add_nd_dev(&t, &(struct fake_dev){ .name = "dax3.0" },
			"hmem3", "dax3.1", "platform", "namespace3.0\n", "ram\n");
	/* a seed of size 0 */
	fake_add_nd_dev(&t, &(struct fake_dev){ .name = "dax4.0", .size = "0" },
			"region4", "dax4.1", "nd", "namespace4.0\n", "ram\n");
	ctx = open_tree(&t, &rc);
	CHECK("annotate/open", !rc && ctx, "rc %d", rc);
	dev = ctx ? daxmgr_dev_find(ctx, "dax0.0") : NULL;
	CHECK("annotate/mem", dev && daxmgr_dev_is_daxmgr(dev) &&
	      !strcmp(daxmgr_dev_namespace(dev) ?: "", "namespace0.0") &&
	      !strcmp(daxmgr_dev_nd_region(dev) ?: "", "region0") &&
	      daxmgr_dev_map(dev) == DAXMGR_MAP_MEM, "condition false");
	dev = ctx ? daxmgr_dev_find(ctx, "dax1.0") : NULL;
	CHECK("annotate/dev", dev && !strcmp(daxmgr_dev_namespace(dev) ?: "", "namespace1.0") &&
	      !strcmp(daxmgr_dev_nd_region(dev) ?: "", "region1") &&
	      daxmgr_dev_map(dev) == DAXMGR_MAP_DEV, "condition false");
	dev = ctx ? daxmgr_dev_find(ctx, "dax2.0") : NULL;
	CHECK("annotate/no-namespace", dev && !daxmgr_dev_namespace(dev) &&
	      !daxmgr_dev_nd_region(dev) && daxmgr_dev_map(dev) == DAXMGR_MAP_DEFAULT,
	      "condition false");
	dev = ctx ? daxmgr_dev_find(ctx, "dax3.0") : NULL;
	CHECK("annotate/not-nd", dev && !daxmgr_dev_namespace(dev) &&
	      daxmgr_dev_map(dev) == DAXMGR_MAP_DEFAULT, "condition false");
	dev = ctx ? daxmgr_dev_find(ctx, "dax4.0") : NULL;
	CHECK("annotate/size-0", dev && !daxmgr_dev_namespace(dev), "condition false");
	dev = ctx ? daxmgr_dev_find(ctx, "dax1.0") : NULL;
	CHECK("annotate/not-cxl", dev && !daxmgr_dev_cxl_region(dev) &&
	      !daxmgr_dev_cxl_memdev(dev, 0), "condition false");
	daxmgr_unref(ctx);

	/* region0 bridged from CXL region0, two ways: mem1 then mem0 */
	fake_cxl_region(&t, "region0", "decoder4.0\n", "decoder3.0\n");
	fake_cxl_endpoint(&t, "decoder3.0", "endpoint3", "mem0");
	fake_cxl_endpoint(&t, "decoder4.0", "endpoint4", "mem1");
	ctx = open_tree(&t, &rc);
	dev = ctx ? daxmgr_dev_find(ctx, "dax0.0") : NULL;
	CHECK("annotate/cxl", dev && !strcmp(daxmgr_dev_cxl_region(dev) ?: "", "region0") &&
	      !strcmp(daxmgr_dev_cxl_memdev(dev, 0) ?: "", "mem1") &&
	      !strcmp(daxmgr_dev_cxl_memdev(dev, 1) ?: "", "mem0") &&
	      !daxmgr_dev_cxl_memdev(dev, 2) &&
	      !strcmp(daxmgr_dev_nd_region(dev) ?: "", "region0"), "condition false");
	dev = ctx ? daxmgr_dev_find(ctx, "dax1.0") : NULL;
	CHECK("annotate/cxl-other-region", dev && !daxmgr_dev_cxl_region(dev), "condition false");
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}

/*
 * The uuid of a device's devdax info block: the nd_dax's "uuid", read
 * from sysfs like the namespace (no libndctl context), any case in.
 */
static void test_dev_uuid(void)
{
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	char uuid[37] = "";
	int rc;

	fake_tree_init(&t);
	fake_bus(&t, true);
	fake_add_nd_dev(&t, &(struct fake_dev){ .name = "dax0.0", .driver = "daxmgr" },
			"region0", "dax0.1", "nd", "namespace0.0\n", "ram\n");
	fake_write(&t, "sys/devices/platform/ndbus0/region0/dax0.1/uuid",
		   "5A6C0D5E-1C3B-4F5A-9E2D-0123456789AB\n");
	fake_add_nd_dev(&t, &(struct fake_dev){ .name = "dax1.0", .driver = "device_dax" },
			"region1", "dax1.1", "nd", "namespace1.0\n", "pmem\n");
	fake_write(&t, "sys/devices/platform/ndbus0/region1/dax1.1/uuid", "\n");
	ctx = open_tree(&t, &rc);
	dev = ctx ? daxmgr_dev_find(ctx, "dax0.0") : NULL;
	rc = dev ? daxmgr_dev_uuid(dev, uuid) : -1;
	CHECK("dev-uuid/read", !rc && !strcmp(uuid, "5a6c0d5e-1c3b-4f5a-9e2d-0123456789ab"),
	      "rc %d uuid '%s'", rc, uuid);
	dev = ctx ? daxmgr_dev_find(ctx, "dax1.0") : NULL;
	rc = dev ? daxmgr_dev_uuid(dev, uuid) : -1;
	CHECK("dev-uuid/none", rc == -ENOENT, "rc %d", rc);
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}


/* A wait function that ends the park (or closes the files) it is told of. */
static struct fake_tree *wait_tree;
static int wait_calls;
static enum daxmgr_wait_for wait_what;

static int test_end_wait(struct daxmgr_dev *dev, enum daxmgr_wait_for what,
			 long left, unsigned int left_ms, void *userdata)
{
	wait_calls++;
	wait_what = what;
	if (what == DAXMGR_WAIT_PARK)
		fake_write(wait_tree, PARKS "park0/device", "\n");
	return 0;
}

static void reset_driver_files(struct fake_tree *t)
{
	static const char *const files[] = {
		DRVS "daxmgr/unbind", DRVS "daxmgr/new_id", DRVS "daxmgr/bind",
		DRVS "daxmgr/remove_id", DRVS "device_dax/bind", DRVS "device_dax/unbind",
		DEVS "dax0.0/quiesce", DEVS "dax0.0/unquiesce", DEVS "dax0.0/revoke",
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		fake_write(t, files[i], "");
}

/*
 * destroy and files open on the node (issue 17 item 2), and parked
 * devices at destroy and bind (item 6).
 */
static void test_destroy_busy(void)
{
	struct daxmgr_busy *busy;
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	char path[512];
	int rc;

	fake_tree_init(&t);
	fake_bus(&t, true);
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.0", .driver = "daxmgr", .pin_mode = "io" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.1", .driver = "daxmgr" });
	fake_write(&t, DEVS "dax0.0/open_files", "2\n");
	snprintf(path, sizeof(path), "%s/dax0.0", t.dev);
	fake_add_proc(&t, 5150, "holder", "");
	fake_add_fd(&t, 5150, 0, "/dev/null");
	fake_add_fd(&t, 5150, 3, path);
	fake_add_fd(&t, 5150, 4, "socket:[4711]");
	fake_add_fd(&t, 5150, 5, path);
	snprintf(path, sizeof(path), "%s/dax0.01", t.dev);
	fake_add_fd(&t, 5150, 6, path);
	fake_add_proc(&t, 5151, "bystander", "");
	fake_add_fd(&t, 5151, 3, "/dev/zero");
	ctx = open_tree(&t, &rc);
	dev = ctx ? daxmgr_dev_find(ctx, "dax0.0") : NULL;
	if (!dev) {
		CHECK("destroy-busy/open", 0, "rc %d", rc);
		goto out;
	}

	/* the descriptors of the node, by name; the count from the driver */
	rc = daxmgr_dev_file_holders(dev, &busy);
	CHECK("file-holders/fds", !rc && daxmgr_busy_open_files(busy) == 2 &&
	      daxmgr_busy_nr_holders(busy) == 1 && daxmgr_busy_holder_pid(busy, 0) == 5150 &&
	      !strcmp(daxmgr_busy_holder_comm(busy, 0), "holder") &&
	      daxmgr_busy_holder_files(busy, 0) == 2 && daxmgr_busy_holder_vmas(busy, 0) == 0,
	      "rc %d, %ld files, %u holders, %u fds", rc, daxmgr_busy_open_files(busy),
	      daxmgr_busy_nr_holders(busy), daxmgr_busy_holder_files(busy, 0));
	daxmgr_busy_free(busy);
	/* unbind is not concerned with files; holders stays the mappers */
	rc = daxmgr_dev_holders(dev, &busy);
	CHECK("holders/maps-only", !rc && daxmgr_busy_nr_holders(busy) == 0 &&
	      daxmgr_busy_open_files(busy) == 0, "rc %d", rc);
	daxmgr_busy_free(busy);
	/* the driver counts files opened under earlier bindings too */
	fake_write(&t, DEVS "dax0.0/open_files", "3\n");
	rc = daxmgr_dev_file_holders(dev, &busy);
	CHECK("file-holders/driver-count", !rc && daxmgr_busy_open_files(busy) == 3, "rc %d", rc);
	daxmgr_busy_free(busy);

	/* open files: EBUSY, the device quiesced and put back live, nothing revoked */
	reset_driver_files(&t);
	rc = daxmgr_destroy(ctx, dev, 100, 0, &busy);
	CHECK("destroy/open-files-busy", rc == -EBUSY && daxmgr_busy_open_files(busy) == 3 &&
	      daxmgr_busy_nr_holders(busy) == 1 && daxmgr_busy_holder_pid(busy, 0) == 5150 &&
	      daxmgr_busy_holder_files(busy, 0) == 2 && daxmgr_busy_parked_pages(busy) == -1,
	      "rc %d, %ld files", rc, daxmgr_busy_open_files(busy));
	daxmgr_busy_free(busy);
	CHECK("destroy/open-files-untouched",
	      !strcmp(fake_read(&t, DEVS "dax0.0/unquiesce"), "1\n") &&
	      !strcmp(fake_read(&t, DEVS "dax0.0/revoke"), "") &&
	      !strcmp(fake_read(&t, DRVS "daxmgr/unbind"), "") &&
	      !strcmp(fake_read(&t, DRVS "daxmgr/remove_id"), "") &&
	      !strcmp(fake_read(&t, DRVS "device_dax/bind"), ""),
	      "revoke '%s' unbind '%s'", fake_read(&t, DEVS "dax0.0/revoke"),
	      fake_read(&t, DRVS "daxmgr/unbind"));
	/* the wait is reported as one for files */
	wait_calls = 0;
	daxmgr_set_wait_fn(ctx, test_end_wait, NULL);
	rc = daxmgr_destroy(ctx, dev, 50, 0, NULL);
	CHECK("destroy/open-files-wait", rc == -EBUSY && wait_calls >= 1 &&
	      wait_what == DAXMGR_WAIT_FILES, "rc %d, %d calls, what %d", rc, wait_calls, wait_what);
	daxmgr_set_wait_fn(ctx, NULL, NULL);

	/*
	 * --force goes on, and says which files stay open.  (The fake driver
	 * link stays after the unbind, so this give-back fails: the next
	 * destroy finds the device unbound, as the kernel would leave it.)
	 */
	reset_driver_files(&t);
	rc = daxmgr_destroy(ctx, dev, 100, DAXMGR_UNBIND_FORCE, &busy);
	CHECK("destroy/force-revokes-and-unbinds",
	      !strcmp(fake_read(&t, DEVS "dax0.0/revoke"), "1\n") &&
	      !strcmp(fake_read(&t, DRVS "daxmgr/unbind"), "dax0.0"), "condition false");
	daxmgr_busy_free(busy);
	fake_set_driver(&t, "dax0.0", NULL);
	reset_driver_files(&t);
	rc = daxmgr_destroy(ctx, dev, 100, DAXMGR_UNBIND_FORCE, &busy);
	CHECK("destroy/force-warns", rc == 0 && daxmgr_busy_open_files(busy) == 2 &&
	      daxmgr_busy_holder_pid(busy, 0) == 5150 &&
	      !strcmp(fake_read(&t, DRVS "device_dax/bind"), "dax0.0"),
	      "rc %d, %ld files", rc, daxmgr_busy_open_files(busy));
	daxmgr_busy_free(busy);

	/* once closed: given back, no warning */
	fake_set_driver(&t, "dax0.0", NULL);
	fake_add_fd(&t, 5150, 3, "/dev/null");
	fake_add_fd(&t, 5150, 5, "/dev/null");
	reset_driver_files(&t);
	dev = daxmgr_dev_find(ctx, "dax0.0");
	rc = dev ? daxmgr_destroy(ctx, dev, 100, 0, &busy) : -ENODEV;
	CHECK("destroy/closed-given-back", rc == 0 && !busy &&
	      !strcmp(fake_read(&t, DRVS "device_dax/bind"), "dax0.0"), "rc %d", rc);

	/* parked: EBUSY with the pages, nothing written, not even remove_id */
	fake_write(&t, PARKS "park0/device", "dax0.0\n");
	fake_write(&t, PARKS "park0/pinned_pages", "7\n");
	fake_write(&t, PARKS "park0/seconds", "12\n");
	reset_driver_files(&t);
	daxmgr_refresh(ctx);
	dev = daxmgr_dev_find(ctx, "dax0.0");
	rc = dev ? daxmgr_destroy(ctx, dev, 100, 0, &busy) : -ENODEV;
	CHECK("destroy/parked-busy", rc == -EBUSY && daxmgr_busy_parked_pages(busy) == 7,
	      "rc %d, parked %ld", rc, daxmgr_busy_parked_pages(busy));
	daxmgr_busy_free(busy);
	CHECK("destroy/parked-untouched", !strcmp(fake_read(&t, DRVS "daxmgr/remove_id"), "") &&
	      !strcmp(fake_read(&t, DRVS "device_dax/bind"), ""), "condition false");
	rc = dev ? daxmgr_destroy(ctx, dev, 100, DAXMGR_UNBIND_FORCE, &busy) : -ENODEV;
	CHECK("destroy/parked-force-busy", rc == -EBUSY && daxmgr_busy_parked_pages(busy) == 7,
	      "rc %d", rc);
	daxmgr_busy_free(busy);
	/* bind of a parked device: EBUSY, no hand-over tried */
	rc = dev ? daxmgr_dev_bind(dev) : -ENODEV;
	CHECK("bind/parked-busy", rc == -EBUSY && !strcmp(fake_read(&t, DRVS "daxmgr/new_id"), ""),
	      "rc %d new_id '%s'", rc, fake_read(&t, DRVS "daxmgr/new_id"));
	/* --wait covers the park: it ends during the wait, destroy goes on */
	wait_tree = &t;
	wait_calls = 0;
	daxmgr_set_wait_fn(ctx, test_end_wait, NULL);
	rc = dev ? daxmgr_destroy(ctx, dev, 5000, 0, &busy) : -ENODEV;
	CHECK("destroy/parked-wait", rc == 0 && !busy && wait_calls >= 1 &&
	      !strcmp(fake_read(&t, DRVS "device_dax/bind"), "dax0.0"), "rc %d, %d calls", rc, wait_calls);
	daxmgr_set_wait_fn(ctx, NULL, NULL);
out:
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}

/* daxctl's config read as daxctl reads it (iniparser, reconfigure-device) */
static void test_daxctl_parse(void)
{
	static const char u[] = "2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a";
	static const struct { const char *name, *text; int claims; const char *section; } cases[] = {
		{ "daxctl-example", "[reconfigure-device unique_identifier_foo]\n"
		  "nvdimm.uuid=2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\nmode = system-ram\n"
		  "online = true\nmovable = false\n", 1, "reconfigure-device unique_identifier_foo" },
		{ "whitespace", "  [ reconfigure-device   bar ]  \n\t NVDIMM.UUID\t=\t"
		  "2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a  \n", 1, "reconfigure-device   bar" },
		{ "other-case", "[Reconfigure-Device x]\nnvdimm.uuid = 2B3C8A5E-1F0D-4C3B-9A1E-7D6F5E4C3B2A\n",
		  1, "Reconfigure-Device x" },
		{ "inline-comment", "[reconfigure-device x]\nnvdimm.uuid = "
		  "2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a ; ours\n", 1, "reconfigure-device x" },
		{ "quoted", "[reconfigure-device x]\nnvdimm.uuid = \"2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\"\n",
		  1, "reconfigure-device x" },
		{ "second-section", "[reconfigure-device a]\nnvdimm.uuid = 11111111-2222-3333-4444-555555555555\n"
		  "[reconfigure-device b]\nnvdimm.uuid = 2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\n",
		  1, "reconfigure-device b" },
		{ "commented-hash", "# [reconfigure-device unique_identifier_foo]\n"
		  "# nvdimm.uuid=2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\n", 0, NULL },
		{ "commented-semicolon", "[reconfigure-device x]\n"
		  ";nvdimm.uuid=2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\n", 0, NULL },
		{ "other-section", "[reconfigure-device x]\nmode = system-ram\n[monitor]\n"
		  "nvdimm.uuid=2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\n", 0, NULL },
		{ "section-prefix", "[reconfigure-devices x]\n"
		  "nvdimm.uuid=2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\n", 0, NULL },
		{ "no-section", "nvdimm.uuid=2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\n", 0, NULL },
		{ "other-key", "[reconfigure-device x]\n"
		  "uuid=2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\n", 0, NULL },
		{ "other-uuid", "[reconfigure-device x]\n"
		  "nvdimm.uuid=2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2b\n", 0, NULL },
		{ "garbage", "[reconfigure-device\nnvdimm.uuid\n=\n\n", 0, NULL },
	};
	char name[96], section[128];
	unsigned char uuid[16];
	size_t i;
	int rc;

	uuid_parse(u, uuid);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		section[0] = '\0';
		rc = dm_daxctl_text_claims(cases[i].text, uuid, section, sizeof(section));
		snprintf(name, sizeof(name), "daxctl_parse/%s", cases[i].name);
		CHECK(name, rc == cases[i].claims &&
		      (!cases[i].section || !strcmp(section, cases[i].section)),
		      "rc %d, section '%s'", rc, section);
	}
}

/* several files: only regular *.conf files count, the first claim wins */
static void test_daxctl_claim(void)
{
	static const char u[] = "2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a";
	static const char v[] = "0f0e0d0c-0b0a-4908-8706-050403020100";
	static const char claim_u[] = "[reconfigure-device foo]\nnvdimm.uuid = "
		"2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\nmode = system-ram\n";
	char file[512], section[128], dir[512], path[1024];
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	int rc;

	fake_tree_init(&t);
	ctx = open_tree(&t, &rc);
	CHECK("daxctl_claim/default-dir", !strcmp(daxmgr_daxctl_conf_dir(ctx), "/etc/daxctl.conf.d"),
	      "'%s'", daxmgr_daxctl_conf_dir(ctx));
	snprintf(dir, sizeof(dir), "%s/etc/daxctl.conf.d", t.root);
	CHECK("daxctl_claim/set-dir", !daxmgr_set_daxctl_conf_dir(ctx, dir) &&
	      !strcmp(daxmgr_daxctl_conf_dir(ctx), dir) &&
	      daxmgr_set_daxctl_conf_dir(ctx, "") == -EINVAL, "condition false");
	rc = daxmgr_daxctl_claim(ctx, u, file, sizeof(file), section, sizeof(section));
	CHECK("daxctl_claim/no-dir", rc == -ENOENT, "rc %d", rc);
	CHECK("daxctl_claim/no-dir-check", dm_daxctl_check(ctx, u, file, section) == 0, "condition false");
	fake_write(&t, "etc/daxctl.conf.d/a.conf", "[reconfigure-device a]\nnvdimm.uuid = "
		   "11111111-2222-3333-4444-555555555555\n");
	fake_write(&t, "etc/daxctl.conf.d/daxctl.example.conf",
		   "# [reconfigure-device unique_identifier_foo]\n# nvdimm.uuid=2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a\n");
	fake_write(&t, "etc/daxctl.conf.d/notes.txt", "[reconfigure-device n]\nnvdimm.uuid = "
		   "0f0e0d0c-0b0a-4908-8706-050403020100\n");
	fake_write(&t, "etc/daxctl.conf.d/.conf", "[reconfigure-device n]\nnvdimm.uuid = "
		   "0f0e0d0c-0b0a-4908-8706-050403020100\n");
	fake_write(&t, "etc/other/v.conf", "[reconfigure-device n]\nnvdimm.uuid = "
		   "0f0e0d0c-0b0a-4908-8706-050403020100\n");
	snprintf(path, sizeof(path), "%s/link.conf", dir);
	CHECK("daxctl_claim/symlink-made", !symlink("../other/v.conf", path), "%s", strerror(errno));
	rc = daxmgr_daxctl_claim(ctx, u, file, sizeof(file), section, sizeof(section));
	CHECK("daxctl_claim/none", rc == -ENOENT, "rc %d", rc);
	rc = daxmgr_daxctl_claim(ctx, v, NULL, 0, NULL, 0);
	CHECK("daxctl_claim/not-conf-files-ignored", rc == -ENOENT, "rc %d", rc);
	fake_write(&t, "etc/daxctl.conf.d/b.conf", claim_u);
	fake_write(&t, "etc/daxctl.conf.d/c.conf", claim_u);
	rc = daxmgr_daxctl_claim(ctx, "2B3C8A5E-1F0D-4C3B-9A1E-7D6F5E4C3B2A", file, sizeof(file),
				 section, sizeof(section));
	snprintf(path, sizeof(path), "%s/b.conf", dir);
	CHECK("daxctl_claim/found", !rc && !strcmp(file, path) &&
	      !strcmp(section, "reconfigure-device foo"), "rc %d, '%s' [%s]", rc, file, section);
	CHECK("daxctl_claim/null-buffers", !daxmgr_daxctl_claim(ctx, u, NULL, 0, NULL, 0),
	      "condition false");
	CHECK("daxctl_claim/check", dm_daxctl_check(ctx, u, file, section) == -ENOTUNIQ, "condition false");
	CHECK("daxctl_claim/bad-uuid", daxmgr_daxctl_claim(ctx, "dax0.0", NULL, 0, NULL, 0) == -EINVAL &&
	      daxmgr_daxctl_claim(NULL, u, NULL, 0, NULL, 0) == -EINVAL, "condition false");
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}

/* daxmgr list-records and remove-record, in the library */
static void test_records(void)
{
	static const char u[] = "2b3c8a5e-1f0d-4c3b-9a1e-7d6f5e4c3b2a";
	static const char v[] = "0f0e0d0c-0b0a-4908-8706-050403020100";
	struct dm_conf c = { .pin_mode = DAXMGR_PIN_IO, .namespace = "namespace1.0" };
	struct daxmgr_records *recs = NULL;
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	char rel[256], path[512], want[512];
	int rc;

	fake_tree_init(&t);
	ctx = open_tree(&t, &rc);
	rc = daxmgr_records_read(ctx, &recs);
	CHECK("records/no-dir-empty", !rc && daxmgr_records_nr(recs) == 0, "rc %d", rc);
	daxmgr_records_free(recs);
	dm_conf_write(ctx, u, &c);
	snprintf(rel, sizeof(rel), "etc/daxmgr/daxmgr.conf.d/%s.conf", v);
	fake_write(&t, rel, "pin_mode = sometimes\n");
	snprintf(rel, sizeof(rel), "etc/daxmgr/daxmgr.conf.d/%s.conf.tmp", v);
	fake_write(&t, rel, "pin_mode = io\n");
	fake_write(&t, "etc/daxmgr/daxmgr.conf.d/README", "not a record\n");
	rc = daxmgr_records_read(ctx, &recs);
	CHECK("records/listed-sorted", !rc && daxmgr_records_nr(recs) == 2 &&
	      !strcmp(daxmgr_record_uuid(recs, 0), v) && !strcmp(daxmgr_record_uuid(recs, 1), u),
	      "rc %d, nr %u", rc, daxmgr_records_nr(recs));
	CHECK("records/fields", daxmgr_record_error(recs, 1) == 0 &&
	      daxmgr_record_pin_mode(recs, 1) == DAXMGR_PIN_IO &&
	      !strcmp(daxmgr_record_namespace(recs, 1), "namespace1.0"), "condition false");
	CHECK("records/unreadable-listed", daxmgr_record_error(recs, 0) == -EINVAL &&
	      !daxmgr_record_namespace(recs, 0), "condition false");
	CHECK("records/out-of-range", !daxmgr_record_uuid(recs, 2) &&
	      daxmgr_record_error(recs, 2) == -EINVAL && !daxmgr_records_nr(NULL), "condition false");
	daxmgr_records_free(recs);
	rc = daxmgr_record_path(ctx, u, path, sizeof(path));
	snprintf(want, sizeof(want), "%s/%s.conf", t.conf, u);
	CHECK("records/path", !rc && !strcmp(path, want), "rc %d '%s'", rc, path);
	CHECK("records/path-bad", daxmgr_record_path(ctx, "../x", path, sizeof(path)) == -EINVAL,
	      "condition false");
	rc = daxmgr_record_remove(ctx, "2B3C8A5E-1F0D-4C3B-9A1E-7D6F5E4C3B2A");
	snprintf(rel, sizeof(rel), "etc/daxmgr/daxmgr.conf.d/%s.conf", u);
	CHECK("records/remove-any-case", !rc && !fake_exists(&t, rel), "rc %d", rc);
	CHECK("records/remove-again", daxmgr_record_remove(ctx, u) == -ENOENT, "condition false");
	CHECK("records/remove-bad", daxmgr_record_remove(ctx, "../../passwd") == -EINVAL,
	      "condition false");
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}

/*
 * Handles stay valid until the context is released (issue 20 item 1):
 * across a refresh, a destroy inside daxmgr_dev_foreach (destroy
 * refreshes), and the refresh by which a create finds its new device (a
 * create needs libndctl and the real sysfs: its refresh is done here by
 * hand, with a device added and one removed as a raw destroy does).  A
 * device that left the bus is gone: skipped by iteration and find, its
 * handle readable and refused by every operation; back under its name,
 * it is the same object again.
 */
static void test_handles(void)
{
	struct daxmgr_dev *dev, *d0, *d1, *d2;
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	char order[128] = "";
	int rc, destroyed = 0;

	fake_tree_init(&t);
	fake_bus(&t, true);
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.0" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax1.0", .driver = "device_dax" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax2.0" });
	ctx = open_tree(&t, &rc);
	d0 = daxmgr_dev_find(ctx, "dax0.0");
	d1 = daxmgr_dev_find(ctx, "dax1.0");
	d2 = daxmgr_dev_find(ctx, "dax2.0");
	CHECK("handles/open", !rc && d0 && d1 && d2, "rc %d", rc);
	if (!d0 || !d1 || !d2)
		goto out;

	rc = daxmgr_refresh(ctx);
	CHECK("handles/refresh-keeps-objects", !strcmp(daxmgr_dev_name(d1), "dax1.0") &&
	      daxmgr_dev_is_enabled(d1) && !rc && daxmgr_dev_find(ctx, "dax0.0") == d0,
	      "rc %d", rc);

	/* each destroy refreshes the list it walks */
	daxmgr_dev_foreach(ctx, dev) {
		strcat(order, daxmgr_dev_name(dev));
		strcat(order, " ");
		if (!daxmgr_dev_is_enabled(dev) && !daxmgr_destroy(ctx, dev, 0, 0, NULL))
			destroyed++;
	}
	CHECK("handles/destroy-inside-foreach", destroyed == 2 &&
	      !strcmp(order, "dax0.0 dax1.0 dax2.0 "), "%d destroyed, order '%s'",
	      destroyed, order);
	CHECK("handles/kept-across-destroy", daxmgr_dev_find(ctx, "dax2.0") == d2 &&
	      !strcmp(daxmgr_dev_name(d0), "dax0.0") && !daxmgr_dev_is_gone(d0),
	      "condition false");

	/* what a create's refresh sees: a new device; and one destroyed raw */
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax0.1", .driver = "daxmgr" });
	fake_remove_dev(&t, "dax2.0");
	rc = daxmgr_refresh(ctx);
	order[0] = '\0';
	daxmgr_dev_foreach(ctx, dev) {
		strcat(order, daxmgr_dev_name(dev));
		strcat(order, " ");
	}
	CHECK("handles/new-device-sorted-in", !rc && !strcmp(order, "dax0.0 dax0.1 dax1.0 "),
	      "rc %d, order '%s'", rc, order);
	CHECK("handles/kept-across-create", daxmgr_dev_find(ctx, "dax0.0") == d0 &&
	      daxmgr_dev_find(ctx, "dax1.0") == d1 && daxmgr_dev_is_daxmgr(daxmgr_dev_find(ctx, "dax0.1")),
	      "condition false");
	CHECK("handles/gone", daxmgr_dev_is_gone(d2) && !daxmgr_dev_find(ctx, "dax2.0") &&
	      !strcmp(daxmgr_dev_name(d2), "dax2.0") && daxmgr_dev_size(d2) == 1ULL << 30,
	      "condition false");
	CHECK("handles/next-from-gone", daxmgr_dev_next(d2) == NULL, "condition false");
	CHECK("handles/gone-refused", daxmgr_dev_reload(d2) == -ENODEV &&
	      daxmgr_dev_bind(d2) == -ENODEV && daxmgr_dev_unbind(d2, 0, 0, NULL) == -ENODEV &&
	      daxmgr_dev_quiesce(d2) == -ENODEV && daxmgr_destroy(ctx, d2, 0, 0, NULL) == -ENODEV &&
	      daxmgr_take(ctx, d2, DAXMGR_PIN_VMA) == -ENODEV &&
	      daxmgr_dev_set_pin_mode(d2, DAXMGR_PIN_IO) == -ENODEV &&
	      daxmgr_autobind(ctx, d2) == -ENODEV, "condition false");

	/* a device that leaves under a reload is gone at once */
	fake_remove_dev(&t, "dax1.0");
	rc = daxmgr_dev_reload(d1);
	CHECK("handles/gone-at-reload", rc == -ENOENT && daxmgr_dev_is_gone(d1) &&
	      daxmgr_dev_is_enabled(d1) && daxmgr_dev_next(d0) == daxmgr_dev_find(ctx, "dax0.1") &&
	      !daxmgr_dev_next(daxmgr_dev_find(ctx, "dax0.1")), "rc %d", rc);

	/* back under its name: the same object, no longer gone */
	fake_add_dev(&t, &(struct fake_dev){ .name = "dax2.0", .driver = "device_dax" });
	rc = daxmgr_refresh(ctx);
	CHECK("handles/back", !rc && daxmgr_dev_find(ctx, "dax2.0") == d2 && !daxmgr_dev_is_gone(d2) &&
	      daxmgr_dev_is_enabled(d2), "rc %d", rc);
out:
	daxmgr_unref(ctx);
	fake_tree_destroy(&t);
}

int main(void)
{
	test_parsers();
	test_parse_map_devname();
	test_maps_lines();
	test_conf_parse();
	test_ctx_api();
	test_refusals_logged();
	test_enumerate();
	test_annotate();
	test_dev_uuid();
	test_create();
	test_unbind();
	test_destroy_busy();
	test_conf();
	test_daxctl_parse();
	test_daxctl_claim();
	test_records();
	test_handles();
	return failures ? 1 : 0;
}
