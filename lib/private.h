/* SPDX-License-Identifier: LGPL-2.1 */
/* Copyright (C) 2026 The daxmgr developers */
/* libdaxmgr internals shared between its source files. */
#ifndef LIBDAXMGR_PRIVATE_H
#define LIBDAXMGR_PRIVATE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <syslog.h>
#include <sys/types.h>

#include "libdaxmgr.h"

#define DAXMGR_EXPORT __attribute__((visibility("default")))

struct daxmgr_ctx {
	int refcount;
	void *userdata;
	daxmgr_log_fn log_fn;
	int log_priority;
	daxmgr_wait_fn wait_fn;
	void *wait_data;
	char *sysfs;		/* e.g. "/sys" */
	char *proc;		/* e.g. "/proc" */
	char *devdir;		/* e.g. "/dev" */
	char *confdir;		/* e.g. DAXMGR_CONF_DIR */
	char *daxctl_confdir;	/* e.g. DAXMGR_DAXCTL_CONF_DIR */
	/*
	 * sorted by region, id; gone devices stay (skipped by iteration)
	 * until daxmgr_unref() frees the context: handles never dangle
	 */
	struct daxmgr_dev *devs;
};

/* CXL's largest interleave: 16 ways */
#define DM_CXL_MAX_WAYS	16

struct daxmgr_dev {
	struct daxmgr_ctx *ctx;
	struct daxmgr_dev *next;
	char name[32];
	char path[256];
	int region_id, id;
	bool gone;		/* left sysfs: see daxmgr_dev_is_gone() */
	bool seen;		/* found by the refresh under way */
	/* the dax core's attributes */
	uint64_t resource;
	uint64_t size;
	uint64_t align;
	int target_node;
	int numa_node;
	char driver[32];	/* "" with no driver */
	/* ours, while driver is daxmgr */
	char state[16];
	enum daxmgr_pin_mode pin_mode;
	long vmas;
	long pinned_pages;	/* -1 unknown (root-only) */
	bool pinned_read;	/* pinned_pages read since the last load */
	uint64_t faults[3];
	/* with no driver: pages still pinned in a parked pagemap, or -1 */
	long parked_pages;
	/* from the nd_dax's attributes, "" if none (dm_ns_annotate) */
	char ns[64];
	char nd_region[64];
	enum daxmgr_map map;	/* DAXMGR_MAP_DEFAULT: unknown */
	/* the CXL pmem region the nvdimm region is bridged from, or "" */
	char cxl_region[64];
	int cxl_ways;		/* memdevs read into cxl_memdevs */
	char cxl_memdevs[DM_CXL_MAX_WAYS][32];
};

/*
 * A context below other roots than /sys, /proc and /dev: for the host
 * tests' fake trees.  libndctl is then not used (it reads /sys only).
 */
int dm_new_at(struct daxmgr_ctx **ctx, const char *sysfs, const char *proc,
	      const char *dev);

/*
 * ctx.c: messages for the caller's log function, if any.  As libdaxctl's
 * log_cond(), dm_log() tests the priority before it evaluates and formats
 * the arguments.  A message ends in "\n".  A refusal or a failed step is
 * logged once, where its reason is known, with dm_err(): the device (or
 * namespace, or uuid), why, and what was not done ("dax0.0: mapped by 1
 * process(es) (pid 42 fio): not taken from device_dax").  The function
 * passed along is libdaxmgr's (daxmgr_ or dm_), which is how a log
 * function tells the library's words from libndctl's, libdaxctl's and
 * libkmod's.
 */
bool dm_log_wanted(const struct daxmgr_ctx *ctx, int priority);
void dm_vlog(struct daxmgr_ctx *ctx, int priority, const char *file, int line,
	     const char *fn, const char *format, va_list args);
void dm_log_at(struct daxmgr_ctx *ctx, int priority, const char *file, int line,
	       const char *fn, const char *format, ...)
	__attribute__((format(printf, 6, 7)));
#define dm_log(ctx, prio, ...) do {					\
	if (dm_log_wanted(ctx, prio))					\
		dm_log_at(ctx, prio, __FILE__, __LINE__, __func__,	\
			  __VA_ARGS__);					\
} while (0)
#define dm_err(ctx, ...)	dm_log(ctx, LOG_ERR, __VA_ARGS__)
#define dm_notice(ctx, ...)	dm_log(ctx, LOG_NOTICE, __VA_ARGS__)
#define dm_info(ctx, ...)	dm_log(ctx, LOG_INFO, __VA_ARGS__)
#define dm_dbg(ctx, ...)	dm_log(ctx, LOG_DEBUG, __VA_ARGS__)

/* sysfs.c: attribute I/O below ctx->sysfs; paths are relative to it */
int dm_read_attr(const struct daxmgr_ctx *ctx, char *buf, size_t len,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int dm_read_all(const struct daxmgr_ctx *ctx, char *buf, size_t len,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int dm_write_attr(const struct daxmgr_ctx *ctx, const char *val,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int dm_read_u64(const struct daxmgr_ctx *ctx, uint64_t *val,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int dm_readlink(const struct daxmgr_ctx *ctx, char *buf, size_t len,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int dm_readlink_base(const struct daxmgr_ctx *ctx, char *buf, size_t len,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int dm_open(const struct daxmgr_ctx *ctx, int flags, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int dm_exists(const struct daxmgr_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int dm_path(char *buf, size_t len, const char *root, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define DM_BUS		"bus/dax"
#define DM_DEVICES	DM_BUS "/devices"
#define DM_DRIVERS	DM_BUS "/drivers"
#define DM_CXL_DEVICES	"bus/cxl/devices"
#define DM_DRIVER	DM_DRIVERS "/" DAXMGR_DRIVER
#define DM_PARKS	"class/daxmgr_park"

/* ctx.c: libndctl looks at the real sysfs only */
bool dm_real_sysfs(const struct daxmgr_ctx *ctx);

/* What holds a device (holders.c); the layout stays private to the library. */
struct daxmgr_busy {
	long vmas;		/* vmas the driver counts */
	long pinned_pages;	/* pages held by in-flight I/O, -1: unknown */
	long open_files;	/* files open on the node (driver or /proc) */
	long parked_pages;	/* pages pinned in a parked pagemap, -1: not parked */
	unsigned int nr_holders;
	struct dm_holder {
		pid_t pid;
		char comm[32];
		unsigned int vmas;
		unsigned int files;	/* descriptors open on the node */
	} *holders;
};
struct daxmgr_busy *dm_busy_new(void);
/*
 * The processes that map @dev, or (@files) that map it or have it open,
 * from /proc; with @files, busy->open_files is the driver's count of
 * files open on the node while daxmgr has it, else the count from /proc.
 */
int dm_dev_scan(struct daxmgr_dev *dev, bool files, struct daxmgr_busy **busy);
/* That count alone. */
int dm_dev_open_files(struct daxmgr_dev *dev, long *n);

/*
 * unbind.c: the unbind protocol; with @files (destroy), the quiesced
 * device waits for the files open on it to close too (unless forced).
 * dm_wait_idle waits, within @timeout_ms, for what @what counts to be 0.
 */
int dm_unbind(struct daxmgr_dev *dev, unsigned int timeout_ms,
	      unsigned int flags, bool files, struct daxmgr_busy **busy);
int dm_wait_idle(struct daxmgr_dev *dev, enum daxmgr_wait_for what,
		 unsigned int timeout_ms);
uint64_t dm_now_ms(void);
/* what is left of @timeout_ms since @start (dm_now_ms) */
unsigned int dm_left_ms(uint64_t start, unsigned int timeout_ms);

/* device.c */
/* all but pinned_pages; -ENODEV if gone, -ENOENT (now gone) if it left */
int dm_dev_load(struct daxmgr_dev *dev);
/* the same for refresh: a gone device may be back; nothing changes on error */
int dm_dev_reread(struct daxmgr_dev *dev);
int dm_dev_read_pinned(struct daxmgr_dev *dev);
/* -ENODEV if @dev is gone or not daxmgr's; silent: the caller logs */
int dm_dev_store(struct daxmgr_dev *dev, const char *attr, const char *val);
/*
 * Log at LOG_ERR that @step of an operation on @dev failed with @rc: the
 * device left the bus, is not daxmgr's (-ENODEV), or the errno.
 */
void dm_dev_log_failed(struct daxmgr_dev *dev, const char *step, int rc);
/* dm_dev_load() as the first step of an operation: a failure is logged */
int dm_dev_load_for(struct daxmgr_dev *dev, const char *step);

/* driver.c: moving a device between drivers */
int dm_driver_write(const struct daxmgr_ctx *ctx, const char *drv,
		    const char *attr, const char *devname);
int dm_hand_to_daxmgr(struct daxmgr_dev *dev);
int dm_restore_pin_mode(struct daxmgr_dev *dev);
int dm_check_unused(struct daxmgr_dev *dev);
int dm_give_back(struct daxmgr_dev *dev);

/* module.c: daxmgr_load_module() without its log line */
int dm_load_module(struct daxmgr_ctx *ctx);

/* namespace.c (libndctl, libdaxctl) */
struct dm_ns_info {
	char ns[32];
	char region[32];
	char uuid[37];	/* of the devdax info block, "" if none */
};
int dm_ns_of_dev(struct daxmgr_ctx *ctx, const char *devname,
		 struct dm_ns_info *info);
int dm_ns_make_devdax(struct daxmgr_ctx *ctx, const char *ns, uint64_t align,
		      enum daxmgr_map map, unsigned int flags, char *devname,
		      size_t len);
int dm_ns_make_raw(struct daxmgr_ctx *ctx, const char *ns);
/* namespace, region and map of each device, from sysfs alone (cheap) */
void dm_ns_annotate(struct daxmgr_ctx *ctx);

/*
 * autoprobe.c: the dax bus's autoprobe off while a create enables a
 * namespace and binds its device, so that device_dax never probes it.
 * Without the switch (no /run, say), device_dax binds first, as it would
 * anyway.  release() turns it back on (@ours is the device the create
 * bound itself, not probed for the bus); unblock(), last, gives the
 * calling thread its signals back.  Both are due after every hold().
 */
struct dm_autoprobe_hold {
	int lock_fd;
	bool off;
	bool blocked;
	char *before;		/* the devices present when it went off */
	sigset_t sigmask;
};
void dm_autoprobe_hold(struct daxmgr_ctx *ctx, struct dm_autoprobe_hold *hold);
void dm_autoprobe_release(struct daxmgr_ctx *ctx, struct dm_autoprobe_hold *hold,
			  const char *ours);
void dm_autoprobe_unblock(struct dm_autoprobe_hold *hold);

/* parse.c */
/* "dax0.0" -> 0, 0; -EINVAL for anything else */
int dm_parse_devname(const char *s, int *region, int *id);
/* Does a /proc/PID/maps line map @path (or the inode @dev:@ino, if ino)? */
bool dm_maps_line_matches(const char *line, const char *path, dev_t dev,
			  ino_t ino);
/* Is a /proc/PID/fd link's target @path (or a deleted @path)? */
bool dm_fd_target_matches(const char *target, const char *path);

/* conf.c: persistence records, one per namespace uuid: <conf dir>/<uuid>.conf */
struct dm_conf {
	enum daxmgr_pin_mode pin_mode;
	char namespace[32];	/* informational: where it was created */
};
int dm_conf_read(const struct daxmgr_ctx *ctx, const char *uuid,
		 struct dm_conf *conf);	/* -ENOENT: no record */
int dm_conf_write(const struct daxmgr_ctx *ctx, const char *uuid,
		  const struct dm_conf *conf);
int dm_conf_remove(const struct daxmgr_ctx *ctx, const char *uuid);
int dm_conf_parse(const char *text, struct dm_conf *conf);
int dm_file_replace(const char *path, const char *text, size_t len, mode_t mode);
bool dm_uuid_valid(const char *uuid);

/*
 * daxctl.c: does daxctl's config claim a uuid?  The parsers return 1 and
 * the section's name if a [reconfigure-device ...] section of the text
 * has that nvdimm.uuid, else 0.  The checks return -ENOTUNIQ for a uuid
 * (or @dev's) that daxctl claims, else 0 or the error reading its config;
 * dm_daxctl_check() gives the file and section for the caller to log,
 * dm_dev_daxctl_check() logs the refusal itself.
 */
int dm_daxctl_stream_claims(FILE *f, const unsigned char uuid[16],
			    char *section, size_t len);
int dm_daxctl_text_claims(const char *text, const unsigned char uuid[16],
			  char *section, size_t len);
#define DM_DAXCTL_FILE_MAX	512
#define DM_DAXCTL_SECTION_MAX	128
int dm_daxctl_check(struct daxmgr_ctx *ctx, const char *uuid,
		    char file[DM_DAXCTL_FILE_MAX], char section[DM_DAXCTL_SECTION_MAX]);
int dm_dev_daxctl_check(struct daxmgr_dev *dev, const char *ns);

#endif
