// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxfailnth: fail each allocation of a daxmgr entry point, one at a time
 * (issue 22).
 *
 *   daxfailnth DEV ENTRY...
 *
 * For each ENTRY (see entries[] below), and N = 1, 2, ...: set up the
 * entry's precondition without injection, write N to this task's
 * /proc/thread-self/fail-nth, make the call, read back whether the Nth
 * allocation was failed, then check without injection that the call
 * either succeeded or failed with ENOMEM and changed nothing, and that
 * the device still maps, writes and reads afterwards.  The walk ends at
 * the first N the call did not reach: that last call ran with no failure
 * and must have succeeded.
 *
 * Which allocations count is the fault injection's business, set up by
 * the case (tests/vm/cases/fail_nth.sh): failslab and fail_page_alloc,
 * GFP_KERNEL allocations included, restricted by their stack filter to
 * allocations with daxmgr's text on the stack (our own and those of the
 * kernel functions we call).  fail-nth counts only those, in this task.
 *
 * Prints a line per entry: "ENTRY: N allocation(s) failed one at a time:
 * E ENOMEM, S succeeded without", and exits 0 if every call behaved,
 * 1 if one did not, 2 on a usage or setup error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define DRV	"/sys/bus/dax/drivers/daxmgr"
#define DEVS	"/sys/bus/dax/devices"
#define PARAM	"/sys/module/daxmgr/parameters/drain_timeout"
#define PARKS	"/sys/class/daxmgr_park"
#define MAX_NTH	4000	/* far past any entry point's allocations */

static const char *dev;		/* dax0.0 */
static char node[64];		/* /dev/dax0.0 */
static uint64_t size, align;
static int fd = -1;		/* the entry's open file, if it has one */
static char *map;		/* and its mapping */
static size_t map_len;
static int pipefd[2] = { -1, -1 };	/* the park's vmsplice pin */
static unsigned long fault_unit;	/* the next unit the fault entry uses */
static unsigned long fault_step;
static uint64_t mmap_off, mmap_len, mmap_step;	/* the mmap entry's */
static int failures;

static void say(const char *prefix, const char *fmt, va_list ap)
{
	printf("%s", prefix);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
}

static void bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("FAIL: ", fmt, ap);
	va_end(ap);
	failures++;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("daxfailnth: ", fmt, ap);
	va_end(ap);
	exit(2);
}

/* write @val to @path: 0 or -errno */
static int put(const char *path, const char *val)
{
	int f = open(path, O_WRONLY), rc = 0;

	if (f < 0)
		return -errno;
	if (write(f, val, strlen(val)) < 0)
		rc = -errno;
	close(f);
	return rc;
}

/* an attribute of the device, newline stripped, or "" */
static const char *attr(const char *name)
{
	static char buf[128];
	char path[256];
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), DEVS "/%s/%s", dev, name);
	buf[0] = 0;
	f = open(path, O_RDONLY);
	if (f < 0)
		return buf;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static int set_attr(const char *name, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), DEVS "/%s/%s", dev, name);
	return put(path, val);
}

/* the driver @dev is bound to, or "" */
static const char *driver(void)
{
	static char buf[256];
	char path[256];
	ssize_t n;

	snprintf(path, sizeof(path), DEVS "/%s/driver", dev);
	n = readlink(path, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	return strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf;
}

static bool bound(void)
{
	return !strcmp(driver(), "daxmgr");
}

/* fail-nth of this task: arm with N, read back (0: the Nth was failed) */
static void nth_set(unsigned int n)
{
	char buf[16];
	int rc;

	snprintf(buf, sizeof(buf), "%u", n);
	rc = put("/proc/thread-self/fail-nth", buf);
	if (rc)
		die("cannot write /proc/thread-self/fail-nth: %s", strerror(-rc));
}

static unsigned int nth_left(void)
{
	char buf[16] = "";
	int f = open("/proc/thread-self/fail-nth", O_RDWR);
	ssize_t n;

	if (f < 0)
		die("cannot open /proc/thread-self/fail-nth");
	n = read(f, buf, sizeof(buf) - 1);
	/* disarm: a value left armed would fail something of ours later */
	if (write(f, "0", 1) < 0)
		die("cannot disarm fail-nth");
	close(f);
	return n > 0 ? strtoul(buf, NULL, 10) : 0;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- the device's baseline: bound, live, mappable ------------------------ */

static void unmap_close(void)
{
	if (map)
		munmap(map, map_len);
	map = NULL;
	if (fd >= 0)
		close(fd);
	fd = -1;
}

static int do_bind(void)
{
	return put(DRV "/bind", dev);
}

static int do_unbind(void)
{
	return put(DRV "/unbind", dev);
}

/* bound again, without injection; parks end within their reap period */
static void rebind(const char *what)
{
	int i, rc = 0;

	for (i = 0; i < 300 && !bound(); i++) {
		rc = do_bind();
		if (!rc || rc != -EBUSY)
			break;
		sleep_ms(100);	/* a park's claim: the reaper looks every 100 ms */
	}
	if (!bound())
		die("%s: %s does not bind again (%s)", what, dev, strerror(-rc));
}

static void open_map(const char *what)
{
	fd = open(node, O_RDWR);
	if (fd < 0)
		die("%s: open %s: %s", what, node, strerror(errno));
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		map = NULL;
		die("%s: mmap %s: %s", what, node, strerror(errno));
	}
	map_len = size;
}

/*
 * The device works: a new mapping writes and reads back a unit at each
 * end, and leaves no vma, file or pin behind.
 */
static void exercise(const char *what)
{
	uint64_t offs[2] = { 0, size - align };
	unsigned int i;
	char *m;
	int f;

	if (strcmp(attr("state"), "live"))
		bad("%s: the device is %s, not live", what, attr("state"));
	f = open(node, O_RDWR);
	if (f < 0) {
		bad("%s: open after the call: %s", what, strerror(errno));
		return;
	}
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	close(f);
	if (m == MAP_FAILED) {
		bad("%s: mmap after the call: %s", what, strerror(errno));
		return;
	}
	for (i = 0; i < 2; i++) {
		volatile uint64_t *p = (volatile uint64_t *)(m + offs[i]);
		uint64_t v = 0x5eed0000 + offs[i] + i;

		*p = v;
		if (*p != v)
			bad("%s: read back %#llx at %#llx", what,
			    (unsigned long long)*p, (unsigned long long)offs[i]);
	}
	munmap(m, size);
	if (strcmp(attr("vmas"), "0"))
		bad("%s: vmas %s after munmap", what, attr("vmas"));
	if (strcmp(attr("open_files"), "0"))
		bad("%s: open_files %s after close", what, attr("open_files"));
}

/* ---- the entry points -------------------------------------------------- */

struct entry {
	const char *name;
	const char *what;
	void (*setup)(void);	/* the precondition, without injection */
	int (*call)(void);	/* injected: 0 or -errno */
	/* after the call, without injection: the outcome is consistent */
	void (*judge)(int rc, const char *what);
	/* a failure the call may report instead of ENOMEM, and why */
	int alt_errno;
};

/* bind: probe from nothing; a failure leaves the device unbound */
static void bind_setup(void)
{
	int rc = bound() ? do_unbind() : 0;

	if (rc)
		die("bind: unbind: %s", strerror(-rc));
}

static void bind_judge(int rc, const char *what)
{
	if (!rc && !bound())
		bad("%s: succeeded but %s is bound to '%s'", what, dev, driver());
	if (rc && driver()[0])
		bad("%s: failed (%s) but %s is bound to '%s'", what,
		    strerror(-rc), dev, driver());
	rebind(what);
	if (strcmp(attr("state"), "live"))
		bad("%s: state '%s' after a bind", what, attr("state"));
}

/* open and close */
static int open_call(void)
{
	fd = open(node, O_RDWR);
	return fd < 0 ? -errno : 0;
}

static void close_judge(int rc, const char *what)
{
	(void)rc;
	(void)what;
	unmap_close();
}

/*
 * mmap: the touched-map chunks of the mapping's first units.  A device
 * whose map is not all had at bind is mapped two chunks' units at a time
 * at a fresh offset (chunks stay until the unbind): the same loop as a
 * larger mapping's, with fewer calls to walk.
 */
static void mmap_setup(void)
{
	int rc = open_call();

	if (rc)
		die("mmap: open: %s", strerror(-rc));
}

static int mmap_call(void)
{
	void *m = mmap(NULL, mmap_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       mmap_off);

	if (m == MAP_FAILED)
		return -errno;
	map = m;
	map_len = mmap_len;
	return 0;
}

static void mmap_judge(int rc, const char *what)
{
	if (!rc && map) {
		/* a chunk the mmap could not have is had by the fault */
		map[0] = 1;
		map[mmap_len - 1] = 2;
		if (map[0] != 1 || map[mmap_len - 1] != 2)
			bad("%s: the new mapping does not read back", what);
	}
	unmap_close();
	if (mmap_step) {
		mmap_off += mmap_step;
		if (mmap_off + mmap_len > size)
			die("mmap: the device has no fresh chunks left at %#llx",
			    (unsigned long long)mmap_off);
	}
}

/*
 * The first fault of a unit whose touched-map chunk nobody allocated:
 * past the chunks the mmap allocates, a fresh one each time (and a fresh
 * page table).  MADV_POPULATE_WRITE reports the fault's VM_FAULT_OOM as
 * ENOMEM, where a plain access would retry it.
 */
static void fault_setup(void)
{
	open_map("fault");
}

static int fault_call(void)
{
	uint64_t off = (uint64_t)fault_unit * align;

	if (off >= size)
		die("fault: the device has no fresh chunk left at %#llx",
		    (unsigned long long)off);
	return madvise(map + off, align, MADV_POPULATE_WRITE) ? -errno : 0;
}

static void fault_judge(int rc, const char *what)
{
	uint64_t off = (uint64_t)fault_unit * align;

	(void)rc;
	if (madvise(map + off, align, MADV_POPULATE_WRITE))
		bad("%s: the fault fails again without injection: %s", what,
		    strerror(errno));
	map[off] = 7;
	if (map[off] != 7)
		bad("%s: the faulted unit does not read back", what);
	unmap_close();
	fault_unit += fault_step;
}

/* the policy switch (refused with mappings live): vma -> io -> vma ... */
static char pin_mode_was[16];

static int pin_mode_call(void)
{
	snprintf(pin_mode_was, sizeof(pin_mode_was), "%s", attr("pin_mode"));
	return set_attr("pin_mode", strcmp(pin_mode_was, "vma") ? "vma" : "io");
}

static void pin_mode_judge(int rc, const char *what)
{
	bool changed = strcmp(attr("pin_mode"), pin_mode_was);

	if (!rc && !changed)
		bad("%s: succeeded but pin_mode is still %s", what, pin_mode_was);
	if (rc && changed)
		bad("%s: failed but pin_mode changed to %s", what, attr("pin_mode"));
}

/* the state controls, with a mapping live */
static int quiesce_call(void)
{
	return set_attr("quiesce", "1");
}

/*
 * The state after a state control: @ok if it succeeded, else @failed;
 * then live again, without injection, for exercise().
 */
static void state_is(int rc, const char *what, const char *ok,
		     const char *failed)
{
	const char *st = attr("state");
	int u;

	if (!rc && strcmp(st, ok))
		bad("%s: succeeded but the state is '%s'", what, st);
	if (rc && strcmp(st, failed))
		bad("%s: failed but the state is '%s'", what, st);
	unmap_close();
	u = strcmp(attr("state"), "live") ? set_attr("unquiesce", "1") : 0;
	if (u)
		bad("%s: unquiesce after the call: %s", what, strerror(-u));
}

static void quiesce_judge(int rc, const char *what)
{
	state_is(rc, what, "quiesced", "live");
}

static void unquiesce_setup(void)
{
	int rc;

	open_map("unquiesce");
	rc = set_attr("quiesce", "1");
	if (rc)
		die("unquiesce: quiesce: %s", strerror(-rc));
}

static int unquiesce_call(void)
{
	return set_attr("unquiesce", "1");
}

static void unquiesce_judge(int rc, const char *what)
{
	state_is(rc, what, "live", "quiesced");
}

static int revoke_call(void)
{
	return set_attr("revoke", "1");
}

static void revoke_judge(int rc, const char *what)
{
	state_is(rc, what, "revoked", "live");
}

static void map_setup(void)
{
	open_map("map");
}

static void map_io_setup(void)
{
	int rc = set_attr("pin_mode", "io");

	if (rc)
		die("unbind: pin_mode io: %s", strerror(-rc));
	open_map("unbind");
}

/* unbind; a failure leaves the device bound and live */
static void unbind_judge(int rc, const char *what)
{
	if (!rc && driver()[0])
		bad("%s: succeeded but %s is bound to '%s'", what, dev, driver());
	if (rc && !bound())
		bad("%s: failed but %s is unbound", what, dev);
	unmap_close();
	rebind(what);
	set_attr("pin_mode", "vma");
}

/*
 * The park: an unbind that finds a page still pinned (a vmsplice into a
 * pipe nobody reads) once drain_timeout (0 here) has passed parks the
 * pagemap; the pipe's close ends the park and the device binds again.
 */
static void park_setup(void)
{
	struct iovec iov;

	int rc = put(PARAM, "0");

	if (rc)
		die("park: drain_timeout: %s", strerror(-rc));
	map_io_setup();
	if (pipe(pipefd))
		die("park: pipe: %s", strerror(errno));
	map[0] = 1;
	iov.iov_base = map;
	iov.iov_len = 4096;
	if (vmsplice(pipefd[1], &iov, 1, 0) != 4096)
		die("park: vmsplice: %s", strerror(errno));
	if (!strcmp(attr("pinned_pages"), "0"))
		die("park: the vmsplice pins nothing");
}

/* a park of ours exists (/sys/class/daxmgr_park/parkN) */
static bool parked(void)
{
	DIR *d = opendir(PARKS);
	struct dirent *de;
	bool any = false;

	while (d && (de = readdir(d)))
		any |= !strncmp(de->d_name, "park", 4);
	if (d)
		closedir(d);
	return any;
}

static void park_judge(int rc, const char *what)
{
	int i;

	if (rc)
		bad("%s: the unbind failed: %s", what, strerror(-rc));
	if (bound())
		bad("%s: %s still bound after the unbind", what, dev);
	/*
	 * Parked, even where its device could not be shown (the kernel log
	 * says so): the range stays claimed, so nothing binds the device
	 * while the page is pinned.
	 */
	if (!rc && !bound()) {
		int b = do_bind();

		if (b != -EBUSY)
			bad("%s: a bind while parked: %s, not EBUSY", what,
			    b ? strerror(-b) : "bound");
	}
	close(pipefd[0]);
	close(pipefd[1]);
	pipefd[0] = pipefd[1] = -1;
	unmap_close();
	/* the reaper sees the pin gone within 100 ms (1 s past 2 s) */
	for (i = 0; i < 100 && parked(); i++)
		sleep_ms(100);
	if (parked())
		bad("%s: the park did not end once the pin was released", what);
	rebind(what);
	set_attr("pin_mode", "vma");
	put(PARAM, "30");
}

static const struct entry entries[] = {
	/*
	 * devm_request_mem_region() returns NULL for a range claimed by
	 * someone else and for no memory alike: its two allocations fail the
	 * probe with EBUSY.
	 */
	{ .name = "bind", .what = "bind (probe)", .setup = bind_setup, .call = do_bind, .judge = bind_judge, .alt_errno = EBUSY },
	{ .name = "open", .what = "open", .call = open_call, .judge = close_judge },
	{ .name = "mmap", .what = "mmap", .setup = mmap_setup, .call = mmap_call, .judge = mmap_judge },
	{ .name = "fault", .what = "first fault of a chunk", .setup = fault_setup, .call = fault_call, .judge = fault_judge },
	{ .name = "pin_mode", .what = "pin_mode switch", .call = pin_mode_call, .judge = pin_mode_judge },
	{ .name = "quiesce", .what = "quiesce", .setup = map_setup, .call = quiesce_call, .judge = quiesce_judge },
	{ .name = "unquiesce", .what = "unquiesce", .setup = unquiesce_setup, .call = unquiesce_call, .judge = unquiesce_judge },
	{ .name = "revoke", .what = "revoke", .setup = map_setup, .call = revoke_call, .judge = revoke_judge },
	{ .name = "unbind", .what = "unbind (idle)", .call = do_unbind, .judge = unbind_judge },
	{ .name = "unbind_io", .what = "unbind (io, mapped: revoke and drain)", .setup = map_io_setup, .call = do_unbind, .judge = unbind_judge },
	{ .name = "park", .what = "unbind that parks", .setup = park_setup, .call = do_unbind, .judge = park_judge },
};

/*
 * Past the first N a call does not reach, the walk goes on for
 * WALK_MARGIN more: an allocation that the kernel's bookkeeping makes
 * only now and then (kmemleak's, KASAN's stack depot) shifts the
 * numbering by one between calls, and a walk that stopped at the first
 * gap could end short of the call's last allocations.
 */
#define WALK_MARGIN	2

static void walk(const struct entry *e)
{
	unsigned int n, injected = 0, enomem = 0, survived = 0, alt = 0;
	unsigned int gaps = 0;
	char what[96];
	int rc;

	for (n = 1; n <= MAX_NTH; n++) {
		snprintf(what, sizeof(what), "%s, allocation %u failed", e->name, n);
		if (e->setup)
			e->setup();
		nth_set(n);
		rc = e->call();
		if (nth_left()) {
			/* not reached: this call failed nothing, it must succeed */
			snprintf(what, sizeof(what), "%s, no allocation failed", e->name);
			if (rc)
				bad("%s: %s", what, strerror(-rc));
			e->judge(rc, what);
			exercise(what);
			if (++gaps > WALK_MARGIN)
				break;
			continue;
		}
		gaps = 0;
		injected++;
		if (rc == -ENOMEM)
			enomem++;
		else if (!rc)
			survived++;
		else if (e->alt_errno && rc == -e->alt_errno)
			alt++;
		else
			bad("%s: the call failed with %s, not ENOMEM", what,
			    strerror(-rc));
		e->judge(rc, what);
		exercise(what);
	}
	if (n > MAX_NTH)
		bad("%s: still allocating after %u failures", e->name, MAX_NTH);
	printf("%s: %u allocation(s) failed one at a time: %u ENOMEM, %u succeeded without",
	       e->name, injected, enomem, survived);
	if (e->alt_errno)
		printf(", %u %s", alt, strerror(e->alt_errno));
	printf(" (%s)\n", e->what);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	unsigned int i;
	int a;

	if (argc < 3)
		die("usage: daxfailnth DEV ENTRY...");
	dev = argv[1];
	snprintf(node, sizeof(node), "/dev/%s", dev);
	if (!bound())
		die("%s is not bound to daxmgr", dev);
	size = strtoull(attr("size"), NULL, 0);
	align = strtoull(attr("align"), NULL, 0);
	if (!size || !align)
		die("%s: no size or align", dev);
	/*
	 * A device of more than 8 chunks of 4096 units has its touched map
	 * allocated by mmaps (the first 16 chunks of each) and faults: the
	 * fault entry takes a fresh chunk past those each time, two chunks
	 * on (a fresh page table too), the mmap entry two fresh chunks from
	 * the middle of the device on.  A smaller one has it all from its
	 * bind: the entry faults a fresh unit each time, and finds our fault
	 * allocates nothing.
	 */
	if (size / align > 4096 * 8) {
		fault_unit = 4096 * 17;
		fault_step = 4096 * 2;
		mmap_off = size / 2 / align / 4096 * 4096 * align;
		mmap_len = 2 * 4096 * align;
		mmap_step = mmap_len;
	} else {
		fault_unit = size / align / 2;
		fault_step = 1;
		mmap_off = 0;
		mmap_len = size;
		mmap_step = 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (a = 2; a < argc; a++) {
		for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
			if (!strcmp(argv[a], entries[i].name))
				break;
		if (i == sizeof(entries) / sizeof(entries[0]))
			die("no entry point '%s'", argv[a]);
		walk(&entries[i]);
	}
	return failures ? 1 : 0;
}
