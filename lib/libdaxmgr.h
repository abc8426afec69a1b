/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libdaxmgr: manage daxmgr DAX devices (/dev/pmemdaxN).
 *
 * Every function that can fail returns 0 or a negative errno and prints
 * nothing.  All state lives in a struct daxmgr_ctx; there is no global
 * state, so independent contexts may be used from different threads.
 */
#ifndef LIBDAXMGR_H
#define LIBDAXMGR_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct daxmgr_ctx;
struct daxmgr_dev;
struct daxmgr_busy;

enum daxmgr_pin_mode {
	DAXMGR_PIN_VMA,		/* every mapping pins the device */
	DAXMGR_PIN_IO,		/* only in-flight I/O pins it */
};

enum daxmgr_fault_kind {
	DAXMGR_FAULT_PTE,
	DAXMGR_FAULT_PMD,
	DAXMGR_FAULT_PUD,
};

/* Context.  daxmgr_new_at() reads sysfs, /proc and /dev below other roots
 * (for tests); daxmgr_new() uses the real ones. */
int daxmgr_new(struct daxmgr_ctx **ctx);
int daxmgr_new_at(struct daxmgr_ctx **ctx, const char *sysfs, const char *proc,
		  const char *dev);
void daxmgr_free(struct daxmgr_ctx *ctx);

/* Load daxmgr.ko through libkmod unless it is loaded already. */
int daxmgr_load_module(struct daxmgr_ctx *ctx);
/* Re-read the device list (done by daxmgr_new and after changes). */
int daxmgr_refresh(struct daxmgr_ctx *ctx);

/* Devices, in order of their id. */
struct daxmgr_dev *daxmgr_dev_first(struct daxmgr_ctx *ctx);
struct daxmgr_dev *daxmgr_dev_next(struct daxmgr_dev *dev);
#define daxmgr_dev_foreach(ctx, dev) \
	for (dev = daxmgr_dev_first(ctx); dev; dev = daxmgr_dev_next(dev))
struct daxmgr_dev *daxmgr_dev_find(struct daxmgr_ctx *ctx, const char *name);

/* Attributes, as read at the last refresh (daxmgr_dev_reload re-reads). */
int daxmgr_dev_reload(struct daxmgr_dev *dev);
const char *daxmgr_dev_name(const struct daxmgr_dev *dev);
int daxmgr_dev_id(const struct daxmgr_dev *dev);
uint64_t daxmgr_dev_resource(const struct daxmgr_dev *dev);
uint64_t daxmgr_dev_size(const struct daxmgr_dev *dev);
uint64_t daxmgr_dev_align(const struct daxmgr_dev *dev);
int daxmgr_dev_target_node(const struct daxmgr_dev *dev);
int daxmgr_dev_numa_node(const struct daxmgr_dev *dev);
/* "live", "quiesced", "revoked" or "disabled" */
const char *daxmgr_dev_state(const struct daxmgr_dev *dev);
bool daxmgr_dev_is_enabled(const struct daxmgr_dev *dev);
enum daxmgr_pin_mode daxmgr_dev_pin_mode(const struct daxmgr_dev *dev);
long daxmgr_dev_mappings(const struct daxmgr_dev *dev);
long daxmgr_dev_pinned_pages(const struct daxmgr_dev *dev);
uint64_t daxmgr_dev_faults(const struct daxmgr_dev *dev,
			   enum daxmgr_fault_kind kind);
/* The NVDIMM namespace whose range holds the device, or NULL. */
const char *daxmgr_dev_namespace(const struct daxmgr_dev *dev);
/* "/dev/pmemdaxN" */
const char *daxmgr_dev_path(const struct daxmgr_dev *dev);

/* Creating and destroying. */
int daxmgr_create_range(struct daxmgr_ctx *ctx, uint64_t start, uint64_t size,
			uint64_t align, struct daxmgr_dev **dev);
#define DAXMGR_CREATE_FORCE	(1u << 0)	/* take a non-raw namespace */
int daxmgr_create_from_namespace(struct daxmgr_ctx *ctx, const char *ns,
				 uint64_t align, enum daxmgr_pin_mode mode,
				 unsigned int flags, struct daxmgr_dev **dev);
/* Unbinds safely (see daxmgr_dev_unbind, same arguments), deletes, and
 * re-enables the namespace the range came from.  On success @dev is gone
 * from the context and freed. */
int daxmgr_destroy(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev,
		   unsigned int timeout_ms, unsigned int flags,
		   struct daxmgr_busy *busy);

/* Configuration. */
int daxmgr_dev_set_pin_mode(struct daxmgr_dev *dev, enum daxmgr_pin_mode mode);
int daxmgr_dev_set_align(struct daxmgr_dev *dev, uint64_t align);

/* The steps of the unbind protocol, for callers that drive it themselves. */
int daxmgr_dev_quiesce(struct daxmgr_dev *dev);
int daxmgr_dev_unquiesce(struct daxmgr_dev *dev);
int daxmgr_dev_revoke(struct daxmgr_dev *dev);
int daxmgr_dev_bind(struct daxmgr_dev *dev);

/* Who maps a device: processes with a vma of it in /proc/PID/maps. */
struct daxmgr_holder {
	pid_t pid;
	char comm[32];
	unsigned int vmas;
};

struct daxmgr_busy {
	long mappings;		/* vmas still counted by the driver */
	long pinned_pages;	/* pages still held by in-flight I/O */
	size_t nr_holders;
	struct daxmgr_holder *holders;	/* free() with daxmgr_busy_release */
};
void daxmgr_busy_release(struct daxmgr_busy *busy);
int daxmgr_dev_holders(struct daxmgr_dev *dev, struct daxmgr_busy *busy);

/*
 * The safe unbind protocol: quiesce; vma policy: wait up to @timeout_ms
 * for the mappings to close; io policy (or DAXMGR_UNBIND_FORCE): revoke the
 * mappings and wait up to @timeout_ms for pinned pages to drain; then
 * unbind.  On timeout the device is un-quiesced, @busy (if not NULL) says
 * who holds it, and -EBUSY is returned.  An unbound device is left alone.
 */
#define DAXMGR_UNBIND_FORCE	(1u << 0)
int daxmgr_dev_unbind(struct daxmgr_dev *dev, unsigned int timeout_ms,
		      unsigned int flags, struct daxmgr_busy *busy);

/* Parsers shared with the CLI: "4096", "0x1000", "4K", "2M", "1G". */
int daxmgr_parse_size(const char *s, uint64_t *val);
int daxmgr_parse_align(const char *s, uint64_t *align);
int daxmgr_parse_pin_mode(const char *s, enum daxmgr_pin_mode *mode);
const char *daxmgr_pin_mode_name(enum daxmgr_pin_mode mode);

#ifdef __cplusplus
}
#endif
#endif /* LIBDAXMGR_H */
