// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * The one place the CLI builds JSON.  Device objects use daxctl's field
 * names and types for what daxctl shows too (chardev, size, target_node,
 * align, mode, state), then ours.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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

/*
 * -u: hex, as daxctl prints a resource (a string: JSON has no hex
 * numbers); else the number.
 */
static struct json_object *cli_hex(uint64_t v, unsigned int flags)
{
	char buf[32];

	if (!(flags & CLI_HUMAN))
		return json_object_new_uint64(v);
	snprintf(buf, sizeof(buf), "%#" PRIx64, v);
	return json_object_new_string(buf);
}

/*
 * pinned_pages only with --pinned: the driver counts them on each read,
 * visiting every unit a fault ever mapped, so `watch daxmgr list` stays
 * cheap on a large device that was touched all over.
 */
static void cli_add_ours(struct json_object *obj, const struct daxmgr_dev *dev,
			 unsigned int flags)
{
	struct json_object *faults;

	cli_add_string(obj, "pin_mode",
		       daxmgr_pin_mode_name(daxmgr_dev_pin_mode(dev)));
	cli_add(obj, "vmas", json_object_new_int64(daxmgr_dev_vmas(dev)));
	if ((flags & CLI_PINNED) && daxmgr_dev_pinned_pages(dev) >= 0)	/* root-only */
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
	const char *driver = daxmgr_dev_driver(dev);

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
	/* daxctl's mode: what kmem serves is system RAM */
	cli_add_string(obj, "mode", driver && !strcmp(driver, "kmem") ? "system-ram" : "devdax");
	if (daxmgr_dev_numa_node(dev) >= 0)
		cli_add(obj, "numa_node", json_object_new_int(daxmgr_dev_numa_node(dev)));
	/* ours */
	cli_add_string(obj, "driver", driver);
	cli_add_string(obj, "state", daxmgr_dev_state(dev));
	if (daxmgr_dev_is_daxmgr(dev))
		cli_add_ours(obj, dev, flags);
	else if (daxmgr_dev_parked_pages(dev) >= 0)
		cli_add(obj, "parked_pages", json_object_new_int64(daxmgr_dev_parked_pages(dev)));
	if (daxmgr_dev_resource(dev))		/* root-only */
		cli_add(obj, "resource", cli_hex(daxmgr_dev_resource(dev), flags));
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
 * Record @i of @recs (list-records): uuid, pin_mode, namespace (where it
 * was created), file; chardev if @dev carries the uuid now; daxctl ({file,
 * section}) if daxctl's config claims it too; error if it is unreadable.
 */
struct json_object *cli_record_to_json(struct daxmgr_ctx *ctx,
				       const struct daxmgr_records *recs,
				       unsigned int i, struct daxmgr_dev *dev)
{
	const char *uuid = daxmgr_record_uuid(recs, i);
	int err = daxmgr_record_error(recs, i);
	char path[512], file[512], section[128];
	struct json_object *obj = json_object_new_object(), *claim;

	if (!obj)
		return NULL;
	cli_add_string(obj, "uuid", uuid);
	if (!err)
		cli_add_string(obj, "pin_mode",
			       daxmgr_pin_mode_name(daxmgr_record_pin_mode(recs, i)));
	cli_add_string(obj, "namespace", daxmgr_record_namespace(recs, i));
	if (!daxmgr_record_path(ctx, uuid, path, sizeof(path)))
		cli_add_string(obj, "file", path);
	if (dev)
		cli_add_string(obj, "chardev", daxmgr_dev_name(dev));
	if (!daxmgr_daxctl_claim(ctx, uuid, file, sizeof(file), section,
				 sizeof(section))) {
		claim = json_object_new_object();
		if (claim) {
			cli_add_string(claim, "file", file);
			cli_add_string(claim, "section", section);
			cli_add(obj, "daxctl", claim);
		}
	}
	if (err)
		cli_add_string(obj, "error", strerror(-err));
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
