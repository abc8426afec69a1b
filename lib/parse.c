// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/* Parsers of pin mode names, dax device names and /proc/PID/maps lines. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/sysmacros.h>

#include "private.h"

static const char *const pin_mode_names[] = {
	[DAXMGR_PIN_VMA] = "vma",
	[DAXMGR_PIN_IO] = "io",
};

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

/* A decimal number without sign, leading zeros or spaces; -1 if not. */
static int dm_parse_id(const char *s, const char **end)
{
	long v = 0;

	if (!isdigit((unsigned char)*s) || (s[0] == '0' && isdigit((unsigned char)s[1])))
		return -1;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (*s++ - '0');
		if (v > 1000000)
			return -1;
	}
	*end = s;
	return (int)v;
}

int dm_parse_devname(const char *s, int *region, int *id)
{
	const char *p;
	int r, i;

	if (!s || strncmp(s, "dax", 3))
		return -EINVAL;
	r = dm_parse_id(s + 3, &p);
	if (r < 0 || *p != '.')
		return -EINVAL;
	i = dm_parse_id(p + 1, &p);
	if (i < 0 || *p)
		return -EINVAL;
	*region = r;
	*id = i;
	return 0;
}

/*
 * "START-END PERMS OFFSET MAJ:MIN INODE   PATH": the vma maps @path, or the
 * inode @ino on @dev (a /dev node reached by another name, or deleted).
 */
bool dm_maps_line_matches(const char *line, const char *path,
					    dev_t dev, ino_t ino)
{
	unsigned int maj, min;
	unsigned long long lino;
	int pathpos = 0;
	size_t plen;
	const char *p;

	if (!line || !path)
		return false;
	if (sscanf(line, "%*s %*s %*s %x:%x %llu %n", &maj, &min, &lino,
		   &pathpos) < 3)
		return false;
	if (ino && lino == ino && makedev(maj, min) == dev)
		return true;
	if (!pathpos || !*path)
		return false;
	p = line + pathpos;
	plen = strlen(path);
	return !strncmp(p, path, plen) &&
	       (p[plen] == '\n' || p[plen] == '\0' ||
		!strcmp(p + plen, " (deleted)\n") || !strcmp(p + plen, " (deleted)"));
}

/* "/dev/dax0.0", or "/dev/dax0.0 (deleted)" once the node was removed. */
bool dm_fd_target_matches(const char *target, const char *path)
{
	size_t plen;

	if (!target || !path || !*path)
		return false;
	plen = strlen(path);
	return !strncmp(target, path, plen) &&
	       (!target[plen] || !strcmp(target + plen, " (deleted)"));
}
