// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * compat_pmem: what a libpmem2 / libpmem application does with a device
 * DAX node, for the side-by-side compatibility cases (device_dax and
 * daxmgr must give the same answers).
 *
 *   compat_pmem write DEV SEED LEN   persist a pattern at both ends of DEV
 *   compat_pmem check DEV SEED LEN   verify it (another process, or a later boot)
 *
 * Every step that PMDK does for a device DAX file must succeed:
 * pmem2_source_from_fd (the sysfs "is it dax" test), size and alignment,
 * the bad block context (libndctl: namespace -> dax region -> the device
 * with this major:minor), pmem2_map_new, memcpy + pmem2_deep_flush (the
 * region's deep_flush through the device's dax_region), and libpmem v1's
 * pmem_map_file.  The device id and unsafe-shutdown count are printed as
 * "ok" or the error, for the case to compare between the two devices.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libpmem.h>
#include <libpmem2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void die2(const char *what)
{
	fprintf(stderr, "compat_pmem: %s: %s\n", what, pmem2_errormsg());
	exit(1);
}

static void fill(uint8_t *buf, size_t len, uint64_t seed)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
	size_t i;

	for (i = 0; i < len; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(buf + i, &x, len - i < 8 ? len - i : 8);
	}
}

int main(int argc, char **argv)
{
	struct pmem2_badblock_context *bbctx;
	struct pmem2_badblock bb;
	struct pmem2_source *src;
	struct pmem2_config *cfg;
	struct pmem2_map *map;
	pmem2_memcpy_fn memcpy_fn;
	size_t size, align, len, mapped_len, idlen, nbb = 0;
	uint64_t seed, usc;
	int fd, is_pmem, wr, ret, i;
	uint8_t *base, *want;
	char *id;
	void *p;

	if (argc != 5 || (strcmp(argv[1], "write") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: compat_pmem write|check DEV SEED LEN\n");
		return 2;
	}
	wr = !strcmp(argv[1], "write");
	seed = strtoull(argv[3], NULL, 0);
	len = strtoull(argv[4], NULL, 0);

	fd = open(argv[2], O_RDWR);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	if (pmem2_source_from_fd(&src, fd))
		die2("pmem2_source_from_fd");
	if (pmem2_source_size(src, &size) || pmem2_source_alignment(src, &align))
		die2("source size/alignment");
	printf("size=%zu\nalignment=%zu\n", size, align);
	if (2 * len > size) {
		fprintf(stderr, "compat_pmem: LEN too large for %zu bytes\n", size);
		return 1;
	}

	if (pmem2_badblock_context_new(&bbctx, src))
		die2("pmem2_badblock_context_new");
	while ((ret = pmem2_badblock_next(bbctx, &bb)) == 0)
		nbb++;
	if (ret != PMEM2_E_NO_BAD_BLOCK_FOUND)
		die2("pmem2_badblock_next");
	pmem2_badblock_context_delete(&bbctx);
	printf("badblocks=%zu\n", nbb);

	/* informational: the case compares these lines between the drivers */
	if (pmem2_source_device_id(src, NULL, &idlen) == 0 &&
	    (id = malloc(idlen)) && pmem2_source_device_id(src, id, &idlen) == 0)
		printf("device_id=ok\n");
	else
		printf("device_id=err %s\n", pmem2_errormsg());
	if (pmem2_source_device_usc(src, &usc) == 0)
		printf("usc=ok\n");
	else
		printf("usc=err %s\n", pmem2_errormsg());

	if (pmem2_config_new(&cfg) ||
	    pmem2_config_set_required_store_granularity(cfg, PMEM2_GRANULARITY_PAGE))
		die2("config");
	if (pmem2_map_new(&map, cfg, src))
		die2("pmem2_map_new");
	base = pmem2_map_get_address(map);
	if (pmem2_map_get_size(map) != size) {
		fprintf(stderr, "compat_pmem: mapped %zu of %zu bytes\n",
			pmem2_map_get_size(map), size);
		return 1;
	}
	printf("granularity=%d\n", (int)pmem2_map_get_store_granularity(map));

	want = malloc(len);
	if (!want)
		return 1;
	fill(want, len, seed);
	for (i = 0; i < 2; i++) {
		uint8_t *at = base + (i ? size - len : 0);

		if (wr) {
			memcpy_fn = pmem2_get_memcpy_fn(map);
			memcpy_fn(at, want, len, 0);
			if (pmem2_deep_flush(map, at, len))
				die2("pmem2_deep_flush");
		} else if (memcmp(at, want, len)) {
			fprintf(stderr, "compat_pmem: pattern %" PRIu64 " differs at the %s of %s\n",
				seed, i ? "end" : "start", argv[2]);
			return 1;
		}
	}
	if (pmem2_map_delete(&map))
		die2("pmem2_map_delete");
	pmem2_config_delete(&cfg);
	pmem2_source_delete(&src);
	close(fd);

	/* libpmem v1 (what older applications and fio's libpmem engine use) */
	p = pmem_map_file(argv[2], 0, 0, 0, &mapped_len, &is_pmem);
	if (!p) {
		fprintf(stderr, "compat_pmem: pmem_map_file: %s\n", pmem_errormsg());
		return 1;
	}
	if (mapped_len != size || !is_pmem) {
		fprintf(stderr, "compat_pmem: pmem_map_file: len %zu is_pmem %d\n",
			mapped_len, is_pmem);
		return 1;
	}
	if (memcmp(p, want, len)) {
		fprintf(stderr, "compat_pmem: pattern differs through pmem_map_file\n");
		return 1;
	}
	pmem_unmap(p, mapped_len);
	printf("pmem_map_file=ok is_pmem=%d\n%s=ok\n", is_pmem, argv[1]);
	return 0;
}
