// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * The one place the CLI builds JSON.  Device objects use daxctl's field
 * names and types for what daxctl shows too (chardev, size, target_node,
 * align, mode, state), then ours.
 */
#include <inttypes.h>
#include <stdio.h>

#include "daxmgr.h"

/*
 * -u: the way ndctl and daxctl print sizes, so that the two read alike: a
 * number below 5000 KiB, else hundredths, rounded, of MiB/MB below 2 GiB,
 * of GiB/GB below 2 TiB, of TiB/TB above: "2046.00 MiB (2145.39 MB)".
 */
static struct json_object *cli_size(uint64_t v, unsigned int flags)
{
	static const struct { uint64_t below, iec, si; const char *i, *s; } units[] = {
		{ 2ULL << 30, 1ULL << 20, 1000000ULL, "MiB", "MB" },
		{ 2ULL << 40, 1ULL << 30, 1000000000ULL, "GiB", "GB" },
		{ UINT64_MAX, 1ULL << 40, 1000000000000ULL, "TiB", "TB" },
	};
	unsigned __int128 ci, cs;
	char buf[64];
	int u = 0;

	if (!(flags & CLI_HUMAN) || v < 5000ULL * 1024)
		return json_object_new_int64((int64_t)v);
	while (v >= units[u].below)
		u++;
	ci = ((unsigned __int128)v * 200 / units[u].iec + 1) / 2;
	cs = ((unsigned __int128)v * 200 / units[u].si + 1) / 2;
	snprintf(buf, sizeof(buf), "%llu.%02llu %s (%llu.%02llu %s)",
		 (unsigned long long)(ci / 100), (unsigned long long)(ci % 100), units[u].i,
		 (unsigned long long)(cs / 100), (unsigned long long)(cs % 100), units[u].s);
	return json_object_new_string(buf);
}

static void cli_add(struct json_object *obj, const char *key,
		    struct json_object *val)
{
	if (val)
		json_object_object_add(obj, key, val);
}

static void cli_add_string(struct json_object *obj, const char *key,
			   const char *val)
{
	if (val)
		cli_add(obj, key, json_object_new_string(val));
}

/* "cxl_region" and "cxl_memdevs" (by interleave position), as cxl list names them */
static void cli_add_cxl(struct json_object *obj, const struct daxmgr_dev *dev)
{
	struct json_object *arr;
	const char *m;
	unsigned int i;

	cli_add_string(obj, "cxl_region", daxmgr_dev_cxl_region(dev));
	arr = json_object_new_array();
	if (!arr)
		return;
	for (i = 0; (m = daxmgr_dev_cxl_memdev(dev, i)); i++)
		json_object_array_add(arr, json_object_new_string(m));
	cli_add(obj, "cxl_memdevs", arr);
}

static void cli_add_ours(struct json_object *obj, const struct daxmgr_dev *dev)
{
	struct json_object *faults;

	cli_add_string(obj, "pin_mode",
		       daxmgr_pin_mode_name(daxmgr_dev_pin_mode(dev)));
	cli_add(obj, "vmas", json_object_new_int64(daxmgr_dev_vmas(dev)));
	if (daxmgr_dev_pinned_pages(dev) >= 0)	/* root-only */
		cli_add(obj, "pinned_pages",
			json_object_new_int64(daxmgr_dev_pinned_pages(dev)));
	faults = json_object_new_object();
	if (!faults)
		return;
	cli_add(faults, "pte", json_object_new_int64(daxmgr_dev_faults(dev, DAXMGR_FAULT_PTE)));
	cli_add(faults, "pmd", json_object_new_int64(daxmgr_dev_faults(dev, DAXMGR_FAULT_PMD)));
	cli_add(faults, "pud", json_object_new_int64(daxmgr_dev_faults(dev, DAXMGR_FAULT_PUD)));
	cli_add(obj, "faults", faults);
}

/* --holders: the processes that map @dev, as an array (none: omitted) */
static void cli_add_holders(struct json_object *obj, struct daxmgr_dev *dev)
{
	unsigned int i, n;
	struct json_object *arr, *h;
	struct daxmgr_busy *busy;

	if (daxmgr_dev_holders(dev, &busy))
		return;
	n = daxmgr_busy_nr_holders(busy);
	arr = n ? json_object_new_array() : NULL;
	for (i = 0; arr && i < n; i++) {
		h = json_object_new_object();
		if (!h)
			break;
		cli_add(h, "pid", json_object_new_int(daxmgr_busy_holder_pid(busy, i)));
		cli_add_string(h, "comm", daxmgr_busy_holder_comm(busy, i));
		cli_add(h, "vmas", json_object_new_int64(daxmgr_busy_holder_vmas(busy, i)));
		json_object_array_add(arr, h);
	}
	cli_add(obj, "holders", arr);
	daxmgr_busy_free(busy);
}

struct json_object *cli_dev_to_json(struct daxmgr_dev *dev, unsigned int flags)
{
	struct json_object *obj = json_object_new_object();
	char hex[32];

	if (!obj)
		return NULL;
	/* daxctl's */
	cli_add_string(obj, "chardev", daxmgr_dev_name(dev));
	cli_add(obj, "size", cli_size(daxmgr_dev_size(dev), flags));
	if (daxmgr_dev_target_node(dev) >= 0)
		cli_add(obj, "target_node",
			json_object_new_int(daxmgr_dev_target_node(dev)));
	if (daxmgr_dev_align(dev))
		cli_add(obj, "align", cli_size(daxmgr_dev_align(dev), flags));
	cli_add_string(obj, "mode", "devdax");
	if (daxmgr_dev_numa_node(dev) >= 0)
		cli_add(obj, "numa_node", json_object_new_int(daxmgr_dev_numa_node(dev)));
	/* ours */
	cli_add_string(obj, "driver", daxmgr_dev_driver(dev));
	cli_add_string(obj, "state", daxmgr_dev_state(dev));
	if (daxmgr_dev_is_daxmgr(dev))
		cli_add_ours(obj, dev);
	else if (daxmgr_dev_parked_pages(dev) >= 0)
		cli_add(obj, "parked_pages", json_object_new_int64(daxmgr_dev_parked_pages(dev)));
	if (daxmgr_dev_resource(dev)) {		/* root-only */
		snprintf(hex, sizeof(hex), "%#" PRIx64, daxmgr_dev_resource(dev));
		cli_add_string(obj, "resource", hex);
	}
	cli_add_string(obj, "namespace", daxmgr_dev_namespace(dev));
	cli_add_string(obj, "region", daxmgr_dev_nd_region(dev));
	if (daxmgr_dev_cxl_region(dev))
		cli_add_cxl(obj, dev);
	/* ndctl's name and values for a namespace's struct page placement */
	if (daxmgr_dev_map(dev) != DAXMGR_MAP_DEFAULT)
		cli_add_string(obj, "map", daxmgr_dev_map(dev) == DAXMGR_MAP_MEM ? "mem" : "dev");
	if (flags & CLI_HOLDERS)
		cli_add_holders(obj, dev);
	return obj;
}

/*
 * Print and free @arr as daxctl prints its lists: nothing if it is empty,
 * the object alone if it holds one and -u was given, else the array.
 */
void cli_display_array(struct json_object *arr, unsigned int flags)
{
	const int jflags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE;
	size_t len = json_object_array_length(arr);

	if (len > 1 || (len == 1 && !(flags & CLI_HUMAN)))
		printf("%s\n", json_object_to_json_string_ext(arr, jflags));
	else if (len == 1)
		printf("%s\n", json_object_to_json_string_ext(
			json_object_array_get_idx(arr, 0), jflags));
	json_object_put(arr);
}

/* One device, as list would print it (what create and set-pin-mode show). */
void cli_print_dev(struct daxmgr_dev *dev, unsigned int flags)
{
	struct json_object *arr = json_object_new_array();

	if (!arr)
		return;
	json_object_array_add(arr, cli_dev_to_json(dev, flags));
	cli_display_array(arr, flags);
}
