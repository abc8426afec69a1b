// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * libFuzzer target for the parsers the CLI and the library feed untrusted
 * text to.  Besides sanitizer findings it checks their contracts: an
 * accepted size prints and parses back to itself, an accepted alignment is
 * one the driver supports, an accepted pin mode or map is named by what
 * was parsed, an accepted device name prints back to itself, an accepted
 * persistence record holds a valid pin mode, and a /proc/PID/maps line
 * never matches an empty path.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxmgr.h"	/* the CLI's parsers */
#include "private.h"	/* the library's */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum daxmgr_pin_mode mode;
	struct dm_conf conf;
	enum daxmgr_map map;
	char buf[256], back[32];
	int region, id;
	uint64_t v, w;

	if (size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';

	if (!cli_parse_size(buf, &v)) {
		snprintf(back, sizeof(back), "%" PRIu64, v);
		if (cli_parse_size(back, &w) || w != v)
			abort();
	}
	if (!cli_parse_align(buf, &v) &&
	    v != 4096 && v != (2ULL << 20) && v != (1ULL << 30))
		abort();
	if (!daxmgr_parse_pin_mode(buf, &mode) &&
	    strcmp(daxmgr_pin_mode_name(mode), buf))
		abort();
	if (!cli_parse_map(buf, &map) &&
	    strcmp(map == DAXMGR_MAP_MEM ? "mem" : "dev", buf))
		abort();
	if (!dm_parse_devname(buf, &region, &id)) {
		snprintf(back, sizeof(back), "dax%d.%d", region, id);
		if (strcmp(back, buf))
			abort();
	}
	if (!dm_conf_parse(buf, &conf) &&
	    (unsigned int)conf.pin_mode > DAXMGR_PIN_IO)
		abort();
	if (dm_maps_line_matches(buf, "", 0, 0))
		abort();
	dm_maps_line_matches(buf, "/dev/dax0.0", 5, 77);
	return 0;
}
