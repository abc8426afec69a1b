// SPDX-License-Identifier: LGPL-2.1
/* Parsers for sizes, alignments and pin modes (shared with the CLI). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static const char *const pin_mode_names[] = {
	[DAXMGR_PIN_VMA] = "vma",
	[DAXMGR_PIN_IO] = "io",
};

/* A number with an optional K/M/G/T suffix (powers of 1024). */
DAXMGR_EXPORT int daxmgr_parse_size(const char *s, uint64_t *val)
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
DAXMGR_EXPORT int daxmgr_parse_align(const char *s, uint64_t *align)
{
	uint64_t v;
	int rc = daxmgr_parse_size(s, &v);

	if (rc)
		return rc;
	if (v != 4096 && v != (2ULL << 20) && v != (1ULL << 30))
		return -EINVAL;
	*align = v;
	return 0;
}

DAXMGR_EXPORT int daxmgr_parse_pin_mode(const char *s,
					enum daxmgr_pin_mode *mode)
{
	size_t i;

	for (i = 0; s && i < sizeof(pin_mode_names) / sizeof(pin_mode_names[0]); i++) {
		if (!strcmp(s, pin_mode_names[i])) {
			*mode = i;
			return 0;
		}
	}
	return -EINVAL;
}

DAXMGR_EXPORT const char *daxmgr_pin_mode_name(enum daxmgr_pin_mode mode)
{
	if ((unsigned int)mode >= sizeof(pin_mode_names) / sizeof(pin_mode_names[0]))
		return "unknown";
	return pin_mode_names[mode];
}
