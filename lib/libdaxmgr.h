/* SPDX-License-Identifier: LGPL-2.1 */
/* Copyright (C) 2026 The daxmgr developers */
/*
 * libdaxmgr: manage dax devices (/dev/daxX.Y) served by the daxmgr driver
 * on the kernel's dax bus.
 *
 * Namespaces and their devdax personality go through libndctl, the
 * namespace <-> dax device relation through libndctl/libdaxctl; this
 * library adds what those lack: handing a device to the daxmgr driver and
 * back, daxmgr's own attributes, the safe unbind protocol, who maps a
 * device (from /proc), and the persistence records.
 *
 * Every function that can fail returns 0 or a negative errno and prints
 * nothing.  All state lives in a struct daxmgr_ctx; there is no global
 * state, so independent contexts may be used from different threads (one
 * context, and the objects it owns, from one thread at a time).
 *
 * Lifetimes (libdaxctl's rule):
 * - struct daxmgr_ctx: from daxmgr_new() until daxmgr_unref() drops the
 *   last reference.
 * - struct daxmgr_dev: owned by its context and valid until the context
 *   is freed, whatever happens in between: daxmgr_refresh(), and the
 *   create, destroy and bind functions that refresh or reload inside,
 *   update objects in place (a device is matched by its name) and never
 *   free one.  A device that leaves the dax bus (a namespace made raw, a
 *   region destroyed) keeps its object, marked gone
 *   (daxmgr_dev_is_gone()): iteration and daxmgr_dev_find() skip it, its
 *   accessors return what was last read, every operation on it fails with
 *   -ENODEV.  If a device of the same name appears again, a refresh makes
 *   the same object current again.  So a caller may keep a handle across
 *   any call, destroy inside a daxmgr_dev_foreach loop, and compare handles.
 * - Strings returned by daxmgr_dev_*() accessors (name, path, driver,
 *   state, namespace, region) point into the device object: valid as long
 *   as it, their content is that of the last (re)load.
 * - struct daxmgr_busy: the caller's, until daxmgr_busy_free(); it does
 *   not refer to the context and may outlive it.
 * - daxmgr_conf_dir(): valid until the next daxmgr_set_conf_dir() or the
 *   context's end.
 */
#ifndef LIBDAXMGR_H
#define LIBDAXMGR_H

#include <stdarg.h>
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

/* Where a devdax namespace keeps its struct pages (ndctl's --map). */
enum daxmgr_map {
	DAXMGR_MAP_DEFAULT,	/* mem up to DAXMGR_MAP_MEM_MAX, dev above */
	DAXMGR_MAP_MEM,		/* in DRAM */
	DAXMGR_MAP_DEV,		/* in the namespace itself (altmap) */
};
#define DAXMGR_MAP_MEM_MAX	(4ULL << 30)

enum daxmgr_fault_kind {
	DAXMGR_FAULT_PTE,
	DAXMGR_FAULT_PMD,
	DAXMGR_FAULT_PUD,
};

#define DAXMGR_DRIVER		"daxmgr"
#define DAXMGR_DEVICE_DAX	"device_dax"
#define DAXMGR_CONF_DIR		"/etc/daxmgr/daxmgr.conf.d"
#define DAXMGR_DAXCTL_CONF_DIR	"/etc/daxctl.conf.d"	/* daxctl's, read only */

/*
 * Context.  daxmgr_new() reads the dax bus; the context is reference
 * counted as libdaxctl's is: daxmgr_unref() of the last reference frees it
 * and every struct daxmgr_dev it handed out (the only place they are freed).  Persistence records live in
 * DAXMGR_CONF_DIR unless daxmgr_set_conf_dir() says otherwise.
 */
int daxmgr_new(struct daxmgr_ctx **ctx);
struct daxmgr_ctx *daxmgr_ref(struct daxmgr_ctx *ctx);
void daxmgr_unref(struct daxmgr_ctx *ctx);
void daxmgr_set_userdata(struct daxmgr_ctx *ctx, void *userdata);
void *daxmgr_get_userdata(struct daxmgr_ctx *ctx);
int daxmgr_set_conf_dir(struct daxmgr_ctx *ctx, const char *dir);
const char *daxmgr_conf_dir(const struct daxmgr_ctx *ctx);
/* Where daxctl's config is read (DAXMGR_DAXCTL_CONF_DIR unless set). */
int daxmgr_set_daxctl_conf_dir(struct daxmgr_ctx *ctx, const char *dir);
const char *daxmgr_daxctl_conf_dir(const struct daxmgr_ctx *ctx);

/*
 * Logging, as libdaxctl does it: the library prints nothing itself; a log
 * function gets its messages and those of libndctl, libdaxctl and libkmod
 * (namespace and module work) at or below the priority (syslog's LOG_ERR
 * .. LOG_DEBUG; LOG_ERR unless set).  None is set by default, unless the
 * environment has DAXMGR_LOG ("err", "info", "debug" or a number, as
 * libdaxctl's DAXCTL_LOG): daxmgr_new() then logs to stderr at that
 * priority.  Every refusal and every failed step is logged once at
 * LOG_ERR, naming the device (or namespace, or uuid), why, and what was
 * not done: "dax0.0: mapped by 1 process(es) (pid 42 fio): not taken from
 * device_dax".  A message ends in "\n".  @fn is the library function that
 * logged it: libdaxmgr's start with "daxmgr_" or "dm_", which tells them
 * from those of the other libraries.  daxmgr_get_log_fn() (since
 * LIBDAXMGR_1.2) returns the function set, DAXMGR_LOG's or NULL, so that
 * a caller that sets its own can pass messages on to it.
 */
typedef void (*daxmgr_log_fn)(struct daxmgr_ctx *ctx, int priority,
			      const char *file, int line, const char *fn,
			      const char *format, va_list args);
void daxmgr_set_log_fn(struct daxmgr_ctx *ctx, daxmgr_log_fn fn);
daxmgr_log_fn daxmgr_get_log_fn(struct daxmgr_ctx *ctx);
int daxmgr_get_log_priority(struct daxmgr_ctx *ctx);
void daxmgr_set_log_priority(struct daxmgr_ctx *ctx, int priority);

/* Load daxmgr.ko through libkmod unless its driver is registered. */
int daxmgr_load_module(struct daxmgr_ctx *ctx);
/*
 * Re-read the device list (done by daxmgr_new and after changes), in
 * place: known devices keep their objects, new ones are added, vanished
 * ones are marked gone (see Lifetimes above).
 */
int daxmgr_refresh(struct daxmgr_ctx *ctx);

/*
 * Every dax device (whatever its driver) that is not gone, by region then
 * id.  daxmgr_dev_next() of a device that went during the walk (destroyed
 * raw inside the loop, say) goes on from its place.
 */
struct daxmgr_dev *daxmgr_dev_first(struct daxmgr_ctx *ctx);
struct daxmgr_dev *daxmgr_dev_next(struct daxmgr_dev *dev);
#define daxmgr_dev_foreach(ctx, dev) \
	for (dev = daxmgr_dev_first(ctx); dev; dev = daxmgr_dev_next(dev))
/* "dax0.0" or "/dev/dax0.0" */
struct daxmgr_dev *daxmgr_dev_find(struct daxmgr_ctx *ctx, const char *name);

/*
 * Attributes, as read at the last refresh (daxmgr_dev_reload re-reads;
 * -ENOENT if the device has just left the bus, and it is gone from then on).
 */
int daxmgr_dev_reload(struct daxmgr_dev *dev);
/*
 * The device left the dax bus at the last refresh or reload that looked
 * (since LIBDAXMGR_1.1).  Its handle stays readable; operations on it
 * fail with -ENODEV.
 */
bool daxmgr_dev_is_gone(const struct daxmgr_dev *dev);
const char *daxmgr_dev_name(const struct daxmgr_dev *dev);	/* "dax0.0" */
int daxmgr_dev_region_id(const struct daxmgr_dev *dev);
int daxmgr_dev_id(const struct daxmgr_dev *dev);
/* "/dev/dax0.0" */
const char *daxmgr_dev_path(const struct daxmgr_dev *dev);
/* the dax core's attributes (what daxctl shows too) */
uint64_t daxmgr_dev_resource(const struct daxmgr_dev *dev);
uint64_t daxmgr_dev_size(const struct daxmgr_dev *dev);
uint64_t daxmgr_dev_align(const struct daxmgr_dev *dev);	/* 0: unknown */
int daxmgr_dev_target_node(const struct daxmgr_dev *dev);
int daxmgr_dev_numa_node(const struct daxmgr_dev *dev);
/* The driver bound to the device ("daxmgr", "device_dax", "kmem"), or NULL. */
const char *daxmgr_dev_driver(const struct daxmgr_dev *dev);
bool daxmgr_dev_is_enabled(const struct daxmgr_dev *dev);	/* any driver */
bool daxmgr_dev_is_daxmgr(const struct daxmgr_dev *dev);	/* ours */
/*
 * "live", "quiesced" or "revoked" while bound to daxmgr, "disabled" with
 * no driver, "parked" with no driver while daxmgr still holds its
 * pagemap for pages pinned at unbind (it cannot be bound until they go),
 * NULL while another driver has it.
 */
const char *daxmgr_dev_state(const struct daxmgr_dev *dev);
/* Pages still pinned in the parked pagemap of an unbound device, or -1. */
long daxmgr_dev_parked_pages(const struct daxmgr_dev *dev);
/* daxmgr's attributes: meaningful only while daxmgr_dev_is_daxmgr() */
enum daxmgr_pin_mode daxmgr_dev_pin_mode(const struct daxmgr_dev *dev);
long daxmgr_dev_vmas(const struct daxmgr_dev *dev);
/*
 * Pinned pages: the driver counts them when asked (its cost grows with the
 * units a fault ever mapped), so a (re)load leaves them out and the first
 * call after it reads them: the value is of that moment, not of the load,
 * and the call does I/O (not to be made on one device from two threads at
 * once).  -1 if unknown (a root-only attribute).
 */
long daxmgr_dev_pinned_pages(const struct daxmgr_dev *dev);
uint64_t daxmgr_dev_faults(const struct daxmgr_dev *dev,
			   enum daxmgr_fault_kind kind);
/*
 * The NVDIMM namespace ("namespace0.0") and region ("region0"), or NULL;
 * read at a refresh (a reload keeps them).
 */
const char *daxmgr_dev_namespace(const struct daxmgr_dev *dev);
const char *daxmgr_dev_nd_region(const struct daxmgr_dev *dev);
/*
 * The CXL pmem region ("region0") that the NVDIMM region is bridged from
 * by cxl_pmem, or NULL; its memdevs ("mem0"), by interleave position
 * from 0, NULL past the last.
 */
const char *daxmgr_dev_cxl_region(const struct daxmgr_dev *dev);
const char *daxmgr_dev_cxl_memdev(const struct daxmgr_dev *dev, unsigned int pos);
/* Where its namespace keeps the struct pages (DAXMGR_MAP_DEFAULT: unknown). */
enum daxmgr_map daxmgr_dev_map(const struct daxmgr_dev *dev);
/* The uuid of the namespace's devdax info block (as `ndctl list` shows it). */
int daxmgr_dev_uuid(const struct daxmgr_dev *dev, char uuid[37]);

/*
 * Persistence records, one per devdax uuid, that autobind applies at boot.
 * daxmgr_records_read() lists those of the context's conf dir, sorted by
 * uuid (none if the directory does not exist); indices run up to
 * daxmgr_records_nr() - 1, strings live until daxmgr_records_free().  A
 * record that cannot be read or parsed is listed with its error
 * (daxmgr_record_error(), then vma and no namespace).
 */
struct daxmgr_records;
int daxmgr_records_read(struct daxmgr_ctx *ctx, struct daxmgr_records **recs);
void daxmgr_records_free(struct daxmgr_records *recs);
unsigned int daxmgr_records_nr(const struct daxmgr_records *recs);
const char *daxmgr_record_uuid(const struct daxmgr_records *recs,
			       unsigned int i);
int daxmgr_record_error(const struct daxmgr_records *recs, unsigned int i);
enum daxmgr_pin_mode daxmgr_record_pin_mode(const struct daxmgr_records *recs,
					    unsigned int i);
/* The namespace it was created from (informational), or NULL. */
const char *daxmgr_record_namespace(const struct daxmgr_records *recs,
				    unsigned int i);
/* The file of @uuid's record (whether it exists or not) into @buf. */
int daxmgr_record_path(const struct daxmgr_ctx *ctx, const char *uuid,
		       char *buf, size_t len);
/*
 * Remove @uuid's record (any case): -ENOENT if there is none.  No binding
 * changes; the next boot leaves the device with device_dax.
 */
int daxmgr_record_remove(struct daxmgr_ctx *ctx, const char *uuid);
/*
 * Does daxctl's config claim @uuid: is it the nvdimm.uuid of a
 * [reconfigure-device ...] section of a *.conf file of the daxctl conf
 * dir, which `daxctl reconfigure-device --check-config` applies at boot?
 * 0 if so, with the file and the section's name copied out (either may be
 * NULL); -ENOENT if not; -EINVAL for a malformed uuid, or the error
 * reading a file.  Creating or autobinding a device whose uuid daxctl
 * claims fails with -ENOTUNIQ, changing nothing.
 */
int daxmgr_daxctl_claim(struct daxmgr_ctx *ctx, const char *uuid, char *file,
			size_t flen, char *section, size_t slen);

/* Creating and destroying. */
#define DAXMGR_CREATE_FORCE	(1u << 0)	/* take a non-raw namespace */
/*
 * Put a raw namespace into devdax mode (libndctl), hand its dax device to
 * daxmgr, set its pin mode and write its persistence record; *@dev is the
 * new device's object (existing handles stay valid).  -EEXIST: the
 * namespace has a personality (fsdax, sector, devdax) or an info block on
 * its media, and DAXMGR_CREATE_FORCE was not given; -EBUSY: it is in use
 * (mounted, or its device mapped); -ENOTUNIQ: the uuid of its devdax
 * personality is claimed by daxctl's config (daxmgr_daxctl_claim()).
 * @align 0 means 2M.
 */
int daxmgr_create_from_namespace(struct daxmgr_ctx *ctx, const char *ns,
				 uint64_t align, enum daxmgr_map map,
				 enum daxmgr_pin_mode mode, unsigned int flags,
				 struct daxmgr_dev **dev);
/*
 * Take an existing devdax device from device_dax (-EBUSY while mapped,
 * -ENOTUNIQ if daxctl's config claims its uuid).  A device with no NVDIMM
 * namespace behind it (CXL, hmem: daxmgr_dev_uuid() is -ENOENT) gets no
 * persistence record: after a reboot device_dax has it again.  A dynamic
 * device (dax_cxl's or dax_hmem's: no namespace at all) is -EOPNOTSUPP.
 */
int daxmgr_take(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev,
		enum daxmgr_pin_mode mode);
/*
 * Unbind safely (see daxmgr_dev_unbind, same arguments), give the device
 * back to device_dax and remove its persistence record; with
 * DAXMGR_DESTROY_RAW also return its namespace to raw mode (the device
 * then disappears: @dev stays valid, daxmgr_dev_is_gone() says so).
 *
 * Files opened on the node under daxmgr would outlive the give-back and
 * make every new open of it fail (ENXIO) until they are closed, so the
 * quiesced device also waits, within @timeout_ms, for the files open on
 * it (mappings hold theirs) to close: if they do not, it is put back live
 * and -EBUSY returned, *@busy saying how many are open and which
 * processes hold them (daxmgr_busy_open_files(), holders with
 * daxmgr_busy_holder_files()).  With DAXMGR_UNBIND_FORCE it goes on
 * regardless and returns 0 with *@busy listing the files still open at
 * the start (NULL if none), for a warning.
 *
 * A device whose pagemap is parked (pages pinned at an earlier unbind,
 * or at this one) cannot be given back until the park ends: destroy
 * waits for it within @timeout_ms, then fails with -EBUSY and
 * daxmgr_busy_parked_pages() >= 0, leaving the device unbound and its
 * namespace as it was.  No failure leaves the namespace disabled.
 */
#define DAXMGR_DESTROY_RAW	(1u << 1)
int daxmgr_destroy(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev,
		   unsigned int timeout_ms, unsigned int flags,
		   struct daxmgr_busy **busy);
/*
 * Boot time: if @dev's namespace has a persistence record, hand the device
 * to daxmgr (loading the module) and set its pin mode.  0 if done (or
 * already so), 1 if there is no record (nothing to do).  -EBUSY, with the
 * device left as it was, if another driver than device_dax has it, or if
 * a process maps it or has it open under device_dax (daxmgr_dev_file_holders()
 * names them).  -ENOTUNIQ, changing nothing, if daxctl's config claims
 * its uuid too.
 */
int daxmgr_autobind(struct daxmgr_ctx *ctx, struct daxmgr_dev *dev);

/* Configuration.  set_pin_mode also updates the persistence record. */
int daxmgr_dev_set_pin_mode(struct daxmgr_dev *dev, enum daxmgr_pin_mode mode);

/* The steps of the unbind protocol, for callers that drive it themselves. */
int daxmgr_dev_quiesce(struct daxmgr_dev *dev);
int daxmgr_dev_unquiesce(struct daxmgr_dev *dev);
int daxmgr_dev_revoke(struct daxmgr_dev *dev);
/*
 * Bind a device with no driver to daxmgr (-EBUSY if another has it, or
 * while its pagemap is parked: daxmgr_dev_parked_pages()); one daxmgr has
 * but that an interrupted unbind left quiesced or revoked is made live
 * again (-EBUSY while pages pinned before a revoke are held).  A device
 * bound anew gets the pin mode of its persistence record, as at boot (vma
 * without a record).
 */
int daxmgr_dev_bind(struct daxmgr_dev *dev);

/*
 * What holds a device: the vmas and pinned pages the driver counts, and
 * the processes that map it (from /proc/PID/maps).  Allocated by the
 * library; daxmgr_busy_free() it.  Holder indices run up to
 * daxmgr_busy_nr_holders() - 1.
 */
int daxmgr_dev_holders(struct daxmgr_dev *dev, struct daxmgr_busy **busy);
/*
 * The files open on the device's node: daxmgr_busy_open_files() is the
 * driver's count while daxmgr has the device (files opened under earlier
 * bindings included), else the descriptors found in /proc/PID/fd (and
 * mappings without one); the holders are the processes with a descriptor
 * of the node (/proc/PID/fd, by major:minor) or a mapping of it.
 */
int daxmgr_dev_file_holders(struct daxmgr_dev *dev, struct daxmgr_busy **busy);
long daxmgr_busy_vmas(const struct daxmgr_busy *busy);
long daxmgr_busy_pinned_pages(const struct daxmgr_busy *busy);
long daxmgr_busy_open_files(const struct daxmgr_busy *busy);
/* Pages pinned in the device's parked pagemap, or -1 if it is not parked. */
long daxmgr_busy_parked_pages(const struct daxmgr_busy *busy);
unsigned int daxmgr_busy_nr_holders(const struct daxmgr_busy *busy);
pid_t daxmgr_busy_holder_pid(const struct daxmgr_busy *busy, unsigned int i);
const char *daxmgr_busy_holder_comm(const struct daxmgr_busy *busy,
				    unsigned int i);
unsigned int daxmgr_busy_holder_vmas(const struct daxmgr_busy *busy,
				     unsigned int i);
unsigned int daxmgr_busy_holder_files(const struct daxmgr_busy *busy,
				      unsigned int i);
void daxmgr_busy_free(struct daxmgr_busy *busy);

/*
 * The safe unbind protocol: quiesce; vma policy: wait up to @timeout_ms
 * for the vmas to close; io policy (or DAXMGR_UNBIND_FORCE): revoke the
 * mappings and wait up to @timeout_ms for pinned pages to drain; then
 * write the driver's unbind.  A device with no driver is left alone; one
 * bound to another driver is -ENODEV.
 *
 * If the wait times out (-EBUSY) or the wait function ends it (-EINTR),
 * the device is put back: live again, or, after a revoke while pages
 * pinned before it are still held, left "revoked" (daxmgr_dev_state() says
 * which; daxmgr_dev_bind() makes it live once they are released).  If
 * @busy is not NULL, *@busy then says who holds it (else it is set to
 * NULL); daxmgr_busy_free() it.
 */
#define DAXMGR_UNBIND_FORCE	(1u << 0)
int daxmgr_dev_unbind(struct daxmgr_dev *dev, unsigned int timeout_ms,
		      unsigned int flags, struct daxmgr_busy **busy);

/*
 * Progress of the waits of daxmgr_dev_unbind() and daxmgr_destroy(): the
 * wait function is called when a wait starts, whenever the count changes,
 * at least once a second, and at once when a signal interrupts the wait's
 * sleep.  @left is the number of vmas, pinned pages, open files or parked
 * pages still there, @left_ms the time left before the wait gives up.  A
 * non-zero return ends the wait (-EINTR, the device put back as above).
 */
enum daxmgr_wait_for {
	DAXMGR_WAIT_VMAS,	/* mappings to close (vma policy) */
	DAXMGR_WAIT_PINS,	/* pinned pages to be released (after a revoke) */
	DAXMGR_WAIT_FILES,	/* files open on the node to close (destroy) */
	DAXMGR_WAIT_PARK,	/* a parked pagemap's pinned pages (destroy) */
};
typedef int (*daxmgr_wait_fn)(struct daxmgr_dev *dev, enum daxmgr_wait_for what,
			      long left, unsigned int left_ms, void *userdata);
void daxmgr_set_wait_fn(struct daxmgr_ctx *ctx, daxmgr_wait_fn fn,
			void *userdata);

/* The pin mode's name ("vma", "io"), and back. */
int daxmgr_parse_pin_mode(const char *s, enum daxmgr_pin_mode *mode);
const char *daxmgr_pin_mode_name(enum daxmgr_pin_mode mode);

#ifdef __cplusplus
}
#endif
#endif /* LIBDAXMGR_H */
