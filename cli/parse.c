// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/* The CLI's parsers of sizes, alignments and --map values. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daxmgr.h"

/* A number with an optional K/M/G/T suffix (powers of 1024). */
int cli_parse_size(const char *s, uint64_t *val)
{
	unsigned int shift = 0;
	unsigned long long v;
	char *end;

	if (!s || !*s || isspace((unsigned char)*s) || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	}
	if (*end)
		return -EINVAL;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*val = (uint64_t)v << shift;
	return 0;
}

/* The alignments the driver supports: 4K, 2M and 1G. */
int cli_parse_align(const char *s, uint64_t *align)
{
	uint64_t v;
	int rc = cli_parse_size(s, &v);

	if (rc)
		return rc;
	if (v != 4096 && v != (2ULL << 20) && v != (1ULL << 30))
		return -EINVAL;
	*align = v;
	return 0;
}

int cli_parse_map(const char *s, enum daxmgr_map *map)
{
	if (s && !strcmp(s, "mem"))
		*map = DAXMGR_MAP_MEM;
	else if (s && !strcmp(s, "dev"))
		*map = DAXMGR_MAP_DEV;
	else
		return -EINVAL;
	return 0;
}
