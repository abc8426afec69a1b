// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of libdaxmgr against fake sysfs//proc trees.  Built with ASan
 * and UBSan.  Prints "ok NAME" or "not ok NAME: why" per check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_sysfs.h"
#include "libdaxmgr.h"

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
		rc = daxmgr_parse_size(sizes[i].s, &v);
		snprintf(name, sizeof(name), "parse_size/'%s'", sizes[i].s);
		CHECK(name, rc == sizes[i].rc && (rc || v == sizes[i].v),
		      "rc %d v %" PRIu64, rc, v);
	}
	for (i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		rc = daxmgr_parse_align(aligns[i].s, &v);
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

static struct daxmgr_ctx *open_tree(struct fake_tree *t, int *rc)
{
	struct daxmgr_ctx *ctx = NULL;

	*rc = daxmgr_new_at(&ctx, t->sysfs, t->proc, t->dev);
	return ctx;
}

static void test_enumerate(void)
{
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	char order[128] = "";
	int rc, n = 0;

	fake_tree_init(&t);
	ctx = open_tree(&t, &rc);
	CHECK("enumerate/no-module", !rc && ctx && !daxmgr_dev_first(ctx), "rc %d", rc);
	daxmgr_free(ctx);

	fake_bus(&t);
	fake_add_dev(&t, &(struct fake_dev){ .name = "pmemdax10", .resource = "0x140000000" });
	fake_add_dev(&t, &(struct fake_dev){ .name = "pmemdax2", .state = "disabled",
		.pin_mode = "io", .mappings = "3", .pinned_pages = "5", .target_node = "-1" });
	fake_write(&t, "sys/bus/daxmgr/devices/pmemdaxfoo/size", "1\n");
	fake_write(&t, "sys/bus/daxmgr/devices/pmemdax3x/size", "1\n");
	ctx = open_tree(&t, &rc);
	CHECK("enumerate/open", !rc && ctx, "rc %d", rc);
	if (!ctx)
		goto out;
	daxmgr_dev_foreach(ctx, dev) {
		strcat(order, daxmgr_dev_name(dev));
		strcat(order, " ");
		n++;
	}
	CHECK("enumerate/sorted-by-id", !strcmp(order, "pmemdax2 pmemdax10 "), "order '%s'", order);
	dev = daxmgr_dev_find(ctx, "/dev/pmemdax2");
	CHECK("find/by-path", dev && daxmgr_dev_id(dev) == 2, "condition false");
	CHECK("find/unknown", !daxmgr_dev_find(ctx, "pmemdax7") && !daxmgr_dev_find(ctx, NULL), "condition false");
	if (dev) {
		CHECK("attrs/state", !strcmp(daxmgr_dev_state(dev), "disabled") &&
		      !daxmgr_dev_is_enabled(dev), "state '%s'", daxmgr_dev_state(dev));
		CHECK("attrs/pin_mode", daxmgr_dev_pin_mode(dev) == DAXMGR_PIN_IO, "condition false");
		CHECK("attrs/counts", daxmgr_dev_mappings(dev) == 3 &&
		      daxmgr_dev_pinned_pages(dev) == 5, "condition false");
		CHECK("attrs/target_node", daxmgr_dev_target_node(dev) == -1, "condition false");
		CHECK("attrs/sizes", daxmgr_dev_size(dev) == 1ULL << 30 &&
		      daxmgr_dev_align(dev) == 2 << 20 &&
		      daxmgr_dev_resource(dev) == 0x100000000ULL, "condition false");
		CHECK("attrs/faults", daxmgr_dev_faults(dev, DAXMGR_FAULT_PTE) == 1 &&
		      daxmgr_dev_faults(dev, DAXMGR_FAULT_PUD) == 3 &&
		      daxmgr_dev_faults(dev, 9) == 0, "condition false");
		CHECK("attrs/no-namespace-in-fake-tree", !daxmgr_dev_namespace(dev), "condition false");
		CHECK("attrs/path", strstr(daxmgr_dev_path(dev), "/dev/pmemdax2") != NULL,
		      "path '%s'", daxmgr_dev_path(dev));
	}
	daxmgr_free(ctx);

	/* a garbage attribute is an error, not a zero */
	fake_write(&t, "sys/bus/daxmgr/devices/pmemdax2/size", "lots\n");
	ctx = open_tree(&t, &rc);
	CHECK("enumerate/garbage-attr", rc == -EIO && !ctx, "rc %d", rc);
	fake_write(&t, "sys/bus/daxmgr/devices/pmemdax2/size", "4096\n");
	fake_write(&t, "sys/bus/daxmgr/devices/pmemdax2/pin_mode", "sometimes\n");
	ctx = open_tree(&t, &rc);
	CHECK("enumerate/garbage-pin-mode", rc == -EIO && !ctx, "rc %d", rc);
	CHECK("new_at/null-args", daxmgr_new_at(&ctx, NULL, "/proc", "/dev") == -EINVAL, "condition false");
out:
	fake_tree_destroy(&t);
}

static void test_create(void)
{
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev = NULL;
	int rc;

	fake_tree_init(&t);
	ctx = open_tree(&t, &rc);
	rc = daxmgr_create_range(ctx, 0x100000000ULL, 1ULL << 30, 2 << 20, &dev);
	CHECK("create/no-module", rc == -ENODEV, "rc %d", rc);
	daxmgr_free(ctx);

	fake_bus(&t);
	ctx = open_tree(&t, &rc);
	rc = daxmgr_create_range(ctx, 0x100000000ULL, 1ULL << 30, 2 << 20, &dev);
	/* the fake kernel creates nothing: the request is written, then missed */
	CHECK("create/request-format",
	      !strcmp(fake_read(&t, "sys/bus/daxmgr/new_device"),
		      "0x100000000 0x40000000 0x200000\n"),
	      "wrote '%s'", fake_read(&t, "sys/bus/daxmgr/new_device"));
	CHECK("create/device-not-appearing", rc == -ENODEV, "rc %d", rc);
	CHECK("create/zero-size", daxmgr_create_range(ctx, 0, 0, 4096, NULL) == -EINVAL, "condition false");
	CHECK("create/bad-pin-mode",
	      daxmgr_create_from_namespace(ctx, "namespace0.0", 2 << 20, 5, 0, NULL) == -EINVAL, "condition false");
	CHECK("create/bad-flags",
	      daxmgr_create_from_namespace(ctx, "namespace0.0", 2 << 20, DAXMGR_PIN_VMA, 0x80, NULL) == -EINVAL, "condition false");
	daxmgr_free(ctx);
	fake_tree_destroy(&t);
}

static void test_unbind(void)
{
	static const char maps[] =
		"55d0a0000000-55d0a0001000 r-xp 00000000 08:01 1234 /usr/bin/app\n"
		"7f0000000000-7f0000200000 rw-s 00000000 00:05 77 %s/pmemdax0\n"
		"7f0000400000-7f0000600000 rw-s 00200000 00:05 77 %s/pmemdax0 (deleted)\n"
		"7f0000800000-7f0000a00000 rw-s 00000000 00:05 78 %s/pmemdax01\n";
	struct daxmgr_busy busy;
	struct fake_tree t;
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *dev;
	char buf[2048];
	int rc;

	fake_tree_init(&t);
	fake_bus(&t);
	fake_add_dev(&t, &(struct fake_dev){ .name = "pmemdax0", .mappings = "2" });
	snprintf(buf, sizeof(buf), maps, t.dev, t.dev, t.dev);
	fake_add_proc(&t, 4242, "app", buf);
	fake_add_proc(&t, 77, "other", "7f0000000000-7f0000200000 rw-s 00000000 00:05 9 /dev/zero\n");
	fake_write(&t, "proc/self/maps", "");	/* not a pid: skipped */
	ctx = open_tree(&t, &rc);
	dev = daxmgr_dev_find(ctx, "pmemdax0");

	/* vma mode with mappings: busy after the timeout, quiesce undone */
	rc = daxmgr_dev_unbind(dev, 100, 0, &busy);
	CHECK("unbind/vma-busy", rc == -EBUSY, "rc %d", rc);
	CHECK("unbind/vma-busy-counts", busy.mappings == 2 && busy.pinned_pages == 0, "condition false");
	CHECK("unbind/holder", busy.nr_holders == 1 && busy.holders[0].pid == 4242 &&
	      !strcmp(busy.holders[0].comm, "app") && busy.holders[0].vmas == 2,
	      "%zu holders, first pid %d vmas %u", busy.nr_holders,
	      busy.nr_holders ? busy.holders[0].pid : 0,
	      busy.nr_holders ? busy.holders[0].vmas : 0);
	CHECK("unbind/quiesced-then-unquiesced",
	      !strcmp(fake_read(&t, "sys/bus/daxmgr/devices/pmemdax0/quiesce"), "1\n") &&
	      !strcmp(fake_read(&t, "sys/bus/daxmgr/devices/pmemdax0/unquiesce"), "1\n"), "condition false");
	CHECK("unbind/vma-no-revoke",
	      !strcmp(fake_read(&t, "sys/bus/daxmgr/devices/pmemdax0/revoke"), ""), "condition false");
	CHECK("unbind/busy-no-unbind",
	      !strcmp(fake_read(&t, "sys/bus/daxmgr/drivers/pmemdax/unbind"), ""), "condition false");
	daxmgr_busy_release(&busy);
	CHECK("busy_release/zeroed", !busy.holders && !busy.nr_holders, "condition false");

	/* forced: revoke, and with nothing pinned, unbind */
	rc = daxmgr_dev_unbind(dev, 100, DAXMGR_UNBIND_FORCE, NULL);
	CHECK("unbind/force", rc == 0, "rc %d", rc);
	CHECK("unbind/force-revoked",
	      !strcmp(fake_read(&t, "sys/bus/daxmgr/devices/pmemdax0/revoke"), "1\n"), "condition false");
	CHECK("unbind/force-unbound",
	      !strcmp(fake_read(&t, "sys/bus/daxmgr/drivers/pmemdax/unbind"), "pmemdax0"), "condition false");

	/* io mode with pages pinned past the timeout: busy */
	fake_write(&t, "sys/bus/daxmgr/devices/pmemdax0/pin_mode", "io\n");
	fake_write(&t, "sys/bus/daxmgr/devices/pmemdax0/pinned_pages", "4\n");
	fake_write(&t, "sys/bus/daxmgr/drivers/pmemdax/unbind", "");
	rc = daxmgr_dev_unbind(dev, 50, 0, &busy);
	CHECK("unbind/io-pinned-busy", rc == -EBUSY && busy.pinned_pages == 4, "rc %d", rc);
	daxmgr_busy_release(&busy);
	CHECK("unbind/bad-flags", daxmgr_dev_unbind(dev, 0, 0x10, NULL) == -EINVAL, "condition false");

	/* disabled devices are left alone */
	fake_write(&t, "sys/bus/daxmgr/devices/pmemdax0/state", "disabled\n");
	fake_write(&t, "sys/bus/daxmgr/devices/pmemdax0/quiesce", "");
	rc = daxmgr_dev_unbind(dev, 50, 0, NULL);
	CHECK("unbind/already-unbound", rc == 0 &&
	      !strcmp(fake_read(&t, "sys/bus/daxmgr/devices/pmemdax0/quiesce"), ""),
	      "rc %d quiesce '%s'", rc, fake_read(&t, "sys/bus/daxmgr/devices/pmemdax0/quiesce"));
	rc = daxmgr_dev_bind(dev);
	CHECK("bind/writes-name", rc == 0 &&
	      !strcmp(fake_read(&t, "sys/bus/daxmgr/drivers/pmemdax/bind"), "pmemdax0"), "rc %d", rc);

	rc = daxmgr_dev_set_pin_mode(dev, DAXMGR_PIN_VMA);
	CHECK("set_pin_mode/writes", rc == 0 && daxmgr_dev_pin_mode(dev) == DAXMGR_PIN_VMA &&
	      !strcmp(fake_read(&t, "sys/bus/daxmgr/devices/pmemdax0/pin_mode"), "vma\n"), "rc %d", rc);
	CHECK("set_pin_mode/bad", daxmgr_dev_set_pin_mode(dev, 3) == -EINVAL, "condition false");
	rc = daxmgr_dev_set_align(dev, 4096);
	CHECK("set_align/writes", rc == 0 && daxmgr_dev_align(dev) == 4096, "rc %d", rc);
	CHECK("destroy/foreign-dev", daxmgr_destroy(NULL, dev, 0, 0, NULL) == -EINVAL, "condition false");
	daxmgr_free(ctx);
	fake_tree_destroy(&t);
}

int main(void)
{
	test_parsers();
	test_enumerate();
	test_create();
	test_unbind();
	return failures ? 1 : 0;
}
