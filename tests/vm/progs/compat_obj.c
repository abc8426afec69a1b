// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * compat_obj: a libpmemobj application on a device DAX pool (made by
 * `pmempool create obj --layout=daxmgr-compat DEV`).
 *
 *   compat_obj write POOL VALUE   commit a transaction that sets the root
 *                                 to VALUE and allocates a filled object,
 *                                 then abort one and check it rolled back
 *   compat_obj check POOL VALUE   reopen and read both back
 */
#include <errno.h>
#include <inttypes.h>
#include <libpmemobj.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYOUT "daxmgr-compat"
#define OBJ_SIZE 65536

struct root {
	uint64_t value;
	uint64_t commits;
	char text[64];
	PMEMoid obj;
};

static void fill(uint8_t *buf, size_t len, uint64_t v)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(v * 31 + i * 7 + (i >> 8));
}

static int check(PMEMobjpool *pop, struct root *r, uint64_t v)
{
	uint8_t *want = malloc(OBJ_SIZE);
	char text[64];
	int bad = 0;

	snprintf(text, sizeof(text), "value %" PRIu64, v);
	if (r->value != v || strcmp(r->text, text)) {
		fprintf(stderr, "compat_obj: root is %" PRIu64 " '%.63s', want %" PRIu64 "\n",
			r->value, r->text, v);
		bad = 1;
	}
	if (OID_IS_NULL(r->obj) || pmemobj_alloc_usable_size(r->obj) < OBJ_SIZE) {
		fprintf(stderr, "compat_obj: the allocated object is missing\n");
		return 1;
	}
	fill(want, OBJ_SIZE, v);
	if (memcmp(pmemobj_direct(r->obj), want, OBJ_SIZE)) {
		fprintf(stderr, "compat_obj: the allocated object's data differ\n");
		bad = 1;
	}
	free(want);
	(void)pop;
	return bad;
}

int main(int argc, char **argv)
{
	PMEMobjpool *pop;
	struct root *r;
	uint64_t v;
	volatile int aborted = 0;
	int wr;

	if (argc != 4 || (strcmp(argv[1], "write") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: compat_obj write|check POOL VALUE\n");
		return 2;
	}
	wr = !strcmp(argv[1], "write");
	v = strtoull(argv[3], NULL, 0);

	pop = pmemobj_open(argv[2], LAYOUT);
	if (!pop) {
		fprintf(stderr, "compat_obj: pmemobj_open %s: %s\n", argv[2], pmemobj_errormsg());
		return 1;
	}
	r = pmemobj_direct(pmemobj_root(pop, sizeof(*r)));
	if (!r) {
		fprintf(stderr, "compat_obj: no root: %s\n", pmemobj_errormsg());
		return 1;
	}
	printf("opened: value %" PRIu64 ", %" PRIu64 " commits\n", r->value, r->commits);
	if (wr) {
		TX_BEGIN(pop) {
			pmemobj_tx_add_range_direct(r, sizeof(*r));
			if (!OID_IS_NULL(r->obj))
				pmemobj_tx_free(r->obj);
			r->obj = pmemobj_tx_alloc(OBJ_SIZE, 1);
			fill(pmemobj_direct(r->obj), OBJ_SIZE, v);
			r->value = v;
			r->commits++;
			snprintf(r->text, sizeof(r->text), "value %" PRIu64, v);
		} TX_ONABORT {
			fprintf(stderr, "compat_obj: transaction aborted: %s\n", pmemobj_errormsg());
			return 1;
		} TX_END
		/* an aborted transaction must leave nothing behind */
		TX_BEGIN(pop) {
			pmemobj_tx_add_range_direct(r, sizeof(*r));
			r->value = ~v;
			strcpy(r->text, "aborted");
			pmemobj_tx_abort(ECANCELED);
		} TX_ONABORT {
			aborted = 1;
		} TX_END
		if (!aborted) {
			fprintf(stderr, "compat_obj: the abort did not abort\n");
			return 1;
		}
	}
	if (check(pop, r, v))
		return 1;
	printf("%s=ok value %" PRIu64 " commits %" PRIu64 "\n", argv[1], r->value, r->commits);
	pmemobj_close(pop);
	return 0;
}
