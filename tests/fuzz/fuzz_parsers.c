// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the parsers the CLI feeds its arguments to.  Besides
 * sanitizer findings it checks their contracts: an accepted size prints and
 * parses back to itself, an accepted alignment is one the driver supports,
 * an accepted pin mode is named by what was parsed.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libdaxmgr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum daxmgr_pin_mode mode;
	char buf[64], back[32];
	uint64_t v, w;

	if (size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';

	if (!daxmgr_parse_size(buf, &v)) {
		snprintf(back, sizeof(back), "%" PRIu64, v);
		if (daxmgr_parse_size(back, &w) || w != v)
			abort();
	}
	if (!daxmgr_parse_align(buf, &v) &&
	    v != 4096 && v != (2ULL << 20) && v != (1ULL << 30))
		abort();
	if (!daxmgr_parse_pin_mode(buf, &mode) &&
	    strcmp(daxmgr_pin_mode_name(mode), buf))
		abort();
	return 0;
}
