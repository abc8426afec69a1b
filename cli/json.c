// SPDX-License-Identifier: GPL-2.0
/* Device JSON, with daxctl's field names where daxctl has them. */
#include <inttypes.h>
#include <stdio.h>

#include "daxmgr.h"

/* ndctl's style: "1024.00 MiB (1073.74 MB)" with -u, a number without. */
static struct json_object *cli_size(uint64_t v, unsigned int flags)
{
	static const char *const iec[] = { "KiB", "MiB", "GiB", "TiB" };
	static const char *const si[] = { "KB", "MB", "GB", "TB" };
	double d = (double)v, s = (double)v;
	char buf[64];
	int i = -1, j = -1;

	if (!(flags & CLI_HUMAN) || v < 1024)
		return json_object_new_int64((int64_t)v);
	while (d >= 1024 && i < 3) {
		d /= 1024;
		i++;
	}
	while (s >= 1000 && j < 3) {
		s /= 1000;
		j++;
	}
	snprintf(buf, sizeof(buf), "%.2f %s (%.2f %s)", d, iec[i], s, si[j]);
	return json_object_new_string(buf);
}

static void cli_add(struct json_object *obj, const char *key,
		    struct json_object *val)
{
	if (val)
		json_object_object_add(obj, key, val);
}

struct json_object *cli_dev_to_json(const struct daxmgr_dev *dev,
				    unsigned int flags)
{
	struct json_object *obj = json_object_new_object();
	struct json_object *faults;
	char hex[32];

	if (!obj)
		return NULL;
	cli_add(obj, "chardev", json_object_new_string(daxmgr_dev_name(dev)));
	cli_add(obj, "size", cli_size(daxmgr_dev_size(dev), flags));
	if (daxmgr_dev_target_node(dev) >= 0)
		cli_add(obj, "target_node",
			json_object_new_int(daxmgr_dev_target_node(dev)));
	cli_add(obj, "align", cli_size(daxmgr_dev_align(dev), flags));
	cli_add(obj, "mode", json_object_new_string("devdax"));
	cli_add(obj, "state", json_object_new_string(daxmgr_dev_state(dev)));
	cli_add(obj, "pin_mode",
		json_object_new_string(daxmgr_pin_mode_name(daxmgr_dev_pin_mode(dev))));
	cli_add(obj, "mappings", json_object_new_int64(daxmgr_dev_mappings(dev)));
	cli_add(obj, "pinned_pages",
		json_object_new_int64(daxmgr_dev_pinned_pages(dev)));
	snprintf(hex, sizeof(hex), "%#" PRIx64, daxmgr_dev_resource(dev));
	cli_add(obj, "resource", json_object_new_string(hex));
	if (daxmgr_dev_numa_node(dev) >= 0)
		cli_add(obj, "numa_node", json_object_new_int(daxmgr_dev_numa_node(dev)));
	if (daxmgr_dev_namespace(dev))
		cli_add(obj, "namespace",
			json_object_new_string(daxmgr_dev_namespace(dev)));
	faults = json_object_new_object();
	if (faults) {
		cli_add(faults, "pte", json_object_new_int64(daxmgr_dev_faults(dev, DAXMGR_FAULT_PTE)));
		cli_add(faults, "pmd", json_object_new_int64(daxmgr_dev_faults(dev, DAXMGR_FAULT_PMD)));
		cli_add(faults, "pud", json_object_new_int64(daxmgr_dev_faults(dev, DAXMGR_FAULT_PUD)));
		cli_add(obj, "faults", faults);
	}
	return obj;
}

void cli_print_json(struct json_object *obj)
{
	printf("%s\n", json_object_to_json_string_ext(obj,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
}
