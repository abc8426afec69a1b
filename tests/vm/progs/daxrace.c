// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxrace: races between the paths of one daxmgr device (issue 22).
 *
 *   daxrace [-s SEED] [-t SECONDS] [-j WORKERS] [-p vma|io] [-b BLKDEV]
 *           [-w BOUND] [-R] [-k] DEV
 *
 * For SECONDS (default 20), WORKERS threads (default 4) run a random mix
 * of mmap (plain, MAP_SYNC, MAP_POPULATE, MAP_FIXED over a mapping of
 * theirs, refused ones), munmap (whole, head, tail, middle, and splits
 * that may_split must refuse), mremap (shrink, move, and the grow and
 * MREMAP_DONTUNMAP the driver must refuse), fork (the child touches the
 * mappings and exits), madvise, mprotect, read and write faults at the
 * device's page size, O_DIRECT between BLKDEV and the mapping in both
 * directions, vmsplice of mapped pages into pipes (read later, or closed
 * unread), and, with -R, RDMA MR registrations over mappings (the first
 * RDMA device; soft-RoCE in the guest).  Mappings live up to 1.5 s, pins
 * mostly under 0.3 s, one in 1024 3 to 6 s (past a drain_timeout of 3 s,
 * so that the device parks now and then).  Beside them, an admin thread
 * writes pin_mode, quiesce, unquiesce, revoke and fault_around_bytes,
 * reads the other attributes and now and then unbinds; a binder thread
 * runs unbind/bind cycles through daxmgr's own driver files and sets a
 * pin mode after each bind (-p gives the first one, default vma); a
 * checker thread verifies a region nobody else writes.
 *
 * Every thread draws its schedule from its own generator, seeded from
 * SEED (printed; default: from the clock): four draws per step, whatever
 * happened, so a thread replays the same sequence of intended operations
 * with the same seed.  What the kernel does in between is not replayed.
 *
 * Workers take SIGBUS on every access (sigsetjmp/siglongjmp) and count
 * each outcome per operation: ok, SIGBUS, short, or the errno.  What the
 * protocol allows is allowed (EBUSY while quiesced, ENXIO once revoked or
 * unbound, EFAULT for I/O or pins of a revoked mapping...); the rest is
 * UNEXPECTED and fails the run.  A mapping made while no revoke or unbind
 * was under way, with none begun since, must not SIGBUS, and I/O, pins
 * and populates over it must not fail: that is checked too (but for the
 * units of a 2M device under MADV_NOHUGEPAGE, which the core mm faults
 * with PTEs only: SIGBUS, as on device_dax).  After the first unexpected
 * outcome the last control events (revokes, unbinds, binds, attribute
 * writes) are printed.
 *
 * Every operation that can block runs under a bound (-w, default 30 s;
 * an unbind gets drain_timeout more, a bind that waits for a park as
 * much): a watchdog thread fails the run (exit 3) when one is still in
 * progress past it, naming the thread, the operation and since when, and
 * prints the thread's kernel stack (-k also asks the kernel for every
 * blocked task, sysrq w).  A SIGSEGV is a bug of ours: its handler prints
 * the thread's mappings as tracked and as the kernel has them.
 *
 * Layout of the device: [0, 128M) is scratch that every worker maps and
 * writes; then one unit (the device alignment) per worker for its stamps,
 * eight words of which it writes with a sequence number (at the end each
 * word must hold the last completed stamp, or a later attempted one that
 * a SIGBUS cut short); the last 16 MiB are the check area, filled once at
 * the start with daxtest's pattern of SEED and only read afterwards: the
 * checker verifies a random MiB of it every second or two, and all of it
 * at the end, after every unbind/bind cycle and revoke.
 *
 * At the end the device is put back bound and live, its vmas,
 * pinned_pages and open_files must read 0, and the program prints a
 * summary line (seed, seconds, operations per kind with their outcomes,
 * unbinds per pin mode) and then the five slowest operations.
 * Exit 0 if nothing unexpected happened, 1 if something did (or the data
 * differs), 2 on a usage or setup error, 3 from the watchdog.
 *
 * DAXRACE_SYSFS=DIR prefixes every /sys path (a smoke run of the
 * program itself against a fake tree and a plain file).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <infiniband/verbs.h>
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_COLD
#define MADV_COLD 20
#define MADV_PAGEOUT 21
#endif
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

#define MIB		(1ULL << 20)
#define SCRATCH_LEN	(128 * MIB)
#define CHECK_LEN	(16 * MIB)
#define MAX_WORKERS	16
#define MAX_THREADS	(MAX_WORKERS + 4)
#define MAX_MAPS	8
#define MAX_UNITS	256
#define MAX_PIPES	4
#define MAX_MRS		2
#define STAMP_WORDS	8
#define MAX_IO		MIB		/* O_DIRECT and MR lengths */
#define PIPE_BYTES	(64 << 10)	/* a fresh pipe's capacity */
#define NR_SLOW		64		/* operation names timed */

/* ---- operations and outcomes ------------------------------------------ */

enum op {
	OP_OPEN, OP_CLOSE, OP_MMAP, OP_MMAP_FIXED, OP_MMAP_BAD, OP_MUNMAP,
	OP_MUNMAP_PART, OP_SPLIT_BAD, OP_MREMAP_SHRINK, OP_MREMAP_MOVE,
	OP_MREMAP_GROW, OP_MREMAP_DONTUNMAP, OP_FORK, OP_CHILD, OP_MADVISE,
	OP_MPROTECT, OP_FAULT_R, OP_FAULT_W, OP_DIO_TO_MAP, OP_DIO_FROM_MAP,
	OP_VMSPLICE, OP_PIPE_READ, OP_PIPE_CLOSE, OP_STAMP, OP_MR_REG,
	OP_MR_DEREG, OP_PIN_MODE, OP_SWITCH, OP_QUIESCE, OP_UNQUIESCE,
	OP_REVOKE, OP_FAULT_AROUND, OP_ATTR_READ, OP_UNBIND, OP_BIND, OP_CHECK,
	NR_OPS
};

static const char *const op_names[NR_OPS] = {
	[OP_OPEN] = "open", [OP_CLOSE] = "close", [OP_MMAP] = "mmap",
	[OP_MMAP_FIXED] = "mmap_fixed", [OP_MMAP_BAD] = "mmap_bad",
	[OP_MUNMAP] = "munmap", [OP_MUNMAP_PART] = "munmap_part",
	[OP_SPLIT_BAD] = "split_bad", [OP_MREMAP_SHRINK] = "mremap_shrink",
	[OP_MREMAP_MOVE] = "mremap_move", [OP_MREMAP_GROW] = "mremap_grow",
	[OP_MREMAP_DONTUNMAP] = "mremap_dontunmap", [OP_FORK] = "fork",
	[OP_CHILD] = "child", [OP_MADVISE] = "madvise",
	[OP_MPROTECT] = "mprotect", [OP_FAULT_R] = "fault_r",
	[OP_FAULT_W] = "fault_w", [OP_DIO_TO_MAP] = "dio_to_map",
	[OP_DIO_FROM_MAP] = "dio_from_map", [OP_VMSPLICE] = "vmsplice",
	[OP_PIPE_READ] = "pipe_read", [OP_PIPE_CLOSE] = "pipe_close",
	[OP_STAMP] = "stamp", [OP_MR_REG] = "mr_reg", [OP_MR_DEREG] = "mr_dereg",
	[OP_PIN_MODE] = "pin_mode", [OP_SWITCH] = "switch",
	[OP_QUIESCE] = "quiesce", [OP_UNQUIESCE] = "unquiesce",
	[OP_REVOKE] = "revoke", [OP_FAULT_AROUND] = "fault_around",
	[OP_ATTR_READ] = "attr_read", [OP_UNBIND] = "unbind", [OP_BIND] = "bind",
	[OP_CHECK] = "check",
};

/* Outcomes: ok, SIGBUS, a short transfer, wrong data, or an errno. */
#define OUT_OK		0
#define OUT_SIGBUS	1
#define OUT_SHORT	2
#define OUT_BAD		3
#define OUT_ERRNO	4
#define MAX_ERRNO	134
#define NR_OUT		(OUT_ERRNO + MAX_ERRNO)

static const struct { int e; const char *name; } errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { ENXIO, "ENXIO" }, { EBADF, "EBADF" },
	{ ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" }, { EINVAL, "EINVAL" },
	{ ENOSPC, "ENOSPC" }, { EPIPE, "EPIPE" }, { ERANGE, "ERANGE" },
	{ ENOTTY, "ENOTTY" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ ETIMEDOUT, "ETIMEDOUT" }, { EHWPOISON, "EHWPOISON" },
};

static const char *out_name(int out, char *buf, size_t len)
{
	size_t i;

	switch (out) {
	case OUT_OK: return "ok";
	case OUT_SIGBUS: return "SIGBUS";
	case OUT_SHORT: return "short";
	case OUT_BAD: return "bad";
	}
	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].e == out - OUT_ERRNO)
			return errnames[i].name;
	snprintf(buf, len, "E%d", out - OUT_ERRNO);
	return buf;
}

static const char *err_name(int e)
{
	static __thread char buf[16];

	return e ? out_name(OUT_ERRNO + e, buf, sizeof(buf)) : "ok";
}

/* ---- configuration ----------------------------------------------------- */

static struct {
	const char *dev;	/* /dev/daxX.Y */
	const char *name;	/* daxX.Y */
	const char *sysfs;	/* "" or DAXRACE_SYSFS */
	const char *blkdev;
	uint64_t seed;
	double seconds;
	int workers;
	int mode0;		/* first pin mode: 0 vma, 1 io */
	double bound;		/* seconds any blocking operation may take */
	double unbind_bound;	/* bound + drain_timeout */
	bool rdma;
	bool sysrq;
	uint64_t size, align;
	uint64_t scratch_units;	/* scratch is [0, SCRATCH_LEN) */
	uint64_t stamp_off;	/* one unit per worker */
	uint64_t check_off;	/* CHECK_LEN bytes */
	unsigned int max_units;	/* per mapping */
	unsigned int drain_timeout;
	uint64_t blk_size;
} cfg;

static const char *const mode_names[] = { "vma", "io" };

static struct ibv_pd *rdma_pd;

/* ---- time and randomness ------------------------------------------------ */

static uint64_t t0_ns;

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* seconds since the start */
static double now(void)
{
	return (mono_ns() - t0_ns) / 1e9;
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* daxtest's fill pattern: the word at byte offset @off of seed @seed */
static uint64_t pattern(uint64_t seed, uint64_t off)
{
	uint64_t z = seed ^ (off * 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* ---- threads, the watchdog's view of them, counters ---------------------- */

struct map {
	char *addr;
	uint64_t off;			/* device offset of addr */
	unsigned int units;
	unsigned char prot[MAX_UNITS];	/* per unit: P_ACCESS, P_NOHUGE */
	bool dontfork;
	bool split;			/* maybe more than one vma: no mremap move */
	bool dead;			/* took a SIGBUS */
	double born, expires;
	unsigned long trust;		/* kill_started when made, or NO_TRUST */
};

/*
 * A unit's access (0 none, 1 read, 2 read/write), and whether
 * MADV_NOHUGEPAGE covers it: the core mm then makes no huge fault in the
 * vma (VM_NOHUGEPAGE), and the PTE fault of a 2M device is SIGBUS, as on
 * device_dax.
 */
#define P_ACCESS	3
#define P_NOHUGE	4

struct pipehold {
	int rfd, wfd;
	size_t bytes;
	double expires;
	bool lasting;		/* held past drain_timeout: not evicted */
};

struct mrhold {
	struct ibv_mr *mr;
	double expires;
	bool lasting;
};

struct thr {
	char name[16];
	int idx;
	pid_t tid;
	pthread_t pt;
	uint64_t rng;		/* the schedule: four draws per step */
	uint64_t aux;		/* everything else */
	/* the operation in progress, for the watchdog */
	const char *volatile op_name;
	volatile double op_bound;
	uint64_t op_since;	/* mono_ns(), 0 when idle; atomic accesses */
	volatile uint64_t ops;
	uint64_t cnt[NR_OPS][NR_OUT];
	/* the longest each operation took (names are string constants) */
	const char *slow_name[NR_SLOW];
	double slow_secs[NR_SLOW];
	int nslow;
	unsigned int unbinds[2];	/* by pin mode */
	/* a worker's state */
	int fd, bfd;
	double reopen_at;
	struct map maps[MAX_MAPS];
	int nmaps;
	struct pipehold pipes[MAX_PIPES];
	int npipes;
	struct mrhold mrs[MAX_MRS];
	int nmrs;
	uint64_t stamp_done, stamp_try;
	char *buf;
};

static struct thr *threads[MAX_THREADS];
static __thread struct thr *self;

/*
 * Address space: a failed MAP_FIXED or MREMAP_FIXED may leave a gap where
 * a mapping of ours was, and until we know, another thread's mmap must
 * not be placed there (our cleanup would unmap it).  Those two hold this
 * for writing; whatever lets the kernel choose an address holds it for
 * reading.
 */
static pthread_rwlock_t as_lock = PTHREAD_RWLOCK_INITIALIZER;
static int nthreads;
static atomic_int stop;
static atomic_int unexpected_n, corrupt_n;
static atomic_int desired_mode;

static struct thr *thr_new(const char *name, int idx)
{
	struct thr *t = calloc(1, sizeof(*t));

	if (!t) {
		perror("daxrace: calloc");
		exit(2);
	}
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->idx = idx;
	t->rng = cfg.seed ^ (0x51ed2701ULL * (idx + 1));
	t->aux = ~cfg.seed ^ (0x2545f491ULL * (idx + 1));
	t->fd = -1;
	t->bfd = -1;
	threads[nthreads++] = t;
	return t;
}

static uint64_t aux(struct thr *t)
{
	return splitmix(&t->aux);
}

static void op_begin(struct thr *t, const char *what, double bound)
{
	t->op_name = what;
	t->op_bound = bound;
	__atomic_store_n(&t->op_since, mono_ns(), __ATOMIC_RELEASE);
}

static void op_end(struct thr *t)
{
	uint64_t since = __atomic_load_n(&t->op_since, __ATOMIC_RELAXED);
	double secs = (mono_ns() - since) / 1e9;
	int i;

	/* operations do not nest: a second end has nothing to time */
	if (!since)
		return;
	__atomic_store_n(&t->op_since, 0, __ATOMIC_RELEASE);
	for (i = 0; i < t->nslow && t->slow_name[i] != t->op_name; i++)
		;
	if (i == t->nslow) {
		if (i == NR_SLOW)
			return;
		t->slow_name[t->nslow++] = t->op_name;
		t->slow_secs[i] = 0;
	}
	if (secs > t->slow_secs[i])
		t->slow_secs[i] = secs;
}

static void say(const char *fmt, ...)
{
	va_list ap;

	flockfile(stdout);
	printf("daxrace: [%8.3f] ", now());
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	funlockfile(stdout);
}

/*
 * The last control events (revokes, unbinds, binds, quiesces, pin_mode
 * writes and their results), printed after the first unexpected outcome
 * and by the watchdog: what the device went through just before.
 */
#define TRACE_LEN 96
static struct {
	double t;
	char text[80];
} trace_ring[TRACE_LEN];
static unsigned int trace_n;
static pthread_mutex_t trace_lock = PTHREAD_MUTEX_INITIALIZER;

static void __attribute__((format(printf, 2, 3))) trace(struct thr *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	pthread_mutex_lock(&trace_lock);
	n = trace_n++ % TRACE_LEN;
	trace_ring[n].t = now();
	snprintf(trace_ring[n].text, sizeof(trace_ring[n].text), "%s: ", t->name);
	va_start(ap, fmt);
	vsnprintf(trace_ring[n].text + strlen(trace_ring[n].text),
		  sizeof(trace_ring[n].text) - strlen(trace_ring[n].text), fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&trace_lock);
}

/* stdout is locked by the caller */
static void trace_dump(void)
{
	unsigned int i;

	if (pthread_mutex_trylock(&trace_lock))
		return;
	printf("daxrace:   the last %u control events:\n", trace_n < TRACE_LEN ? trace_n : TRACE_LEN);
	for (i = trace_n < TRACE_LEN ? 0 : trace_n - TRACE_LEN; i < trace_n; i++)
		printf("daxrace:   [%8.3f] %s\n", trace_ring[i % TRACE_LEN].t,
		       trace_ring[i % TRACE_LEN].text);
	pthread_mutex_unlock(&trace_lock);
}

static void __attribute__((format(printf, 3, 4)))
unexpected(struct thr *t, enum op op, const char *fmt, ...)
{
	int n = atomic_fetch_add(&unexpected_n, 1);
	va_list ap;

	if (n >= 50)
		return;
	flockfile(stdout);
	printf("daxrace: [%8.3f] UNEXPECTED: %s %s: ", now(), t->name, op_names[op]);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!n)
		trace_dump();
	fflush(stdout);
	funlockfile(stdout);
}

static void count(struct thr *t, enum op op, int out)
{
	if (out >= NR_OUT)
		out = NR_OUT - 1;
	t->cnt[op][out]++;
	t->ops++;
}

/* Count errno @e (0: ok) of @op; unexpected unless it is in @ok (0-ended). */
static void outcome(struct thr *t, enum op op, int e, const int *ok)
{
	count(t, op, e ? OUT_ERRNO + e : OUT_OK);
	if (!e)
		return;
	for (; ok && *ok; ok++)
		if (*ok == e)
			return;
	unexpected(t, op, "%s", err_name(e));
}

#define ERRS(...) ((const int []){ __VA_ARGS__, 0 })

/* ---- kills: revokes and unbinds, the only things that end a mapping ----- */

/*
 * A writer of revoke or unbind raises kill_active, then kill_started,
 * before it writes, and lowers kill_active once the write returned.  A
 * mapping (or pin) made after trust_now() saw no kill under way may only
 * die by one begun after it: killed_since() false means that none has.
 */
#define NO_TRUST (~0UL)
static atomic_ulong kill_started;
static atomic_int kill_active;

static void kill_begin(void)
{
	atomic_fetch_add(&kill_active, 1);
	atomic_fetch_add(&kill_started, 1);
}

static void kill_end(void)
{
	atomic_fetch_sub(&kill_active, 1);
}

static unsigned long trust_now(void)
{
	unsigned long s1 = atomic_load(&kill_started);
	int active = atomic_load(&kill_active);
	unsigned long s2 = atomic_load(&kill_started);

	return !active && s1 == s2 ? s1 : NO_TRUST;
}

static bool killed_since(unsigned long trust)
{
	return trust == NO_TRUST || atomic_load(&kill_started) != trust;
}

/* ---- SIGBUS-tolerant accesses ------------------------------------------- */

static __thread sigjmp_buf bus_jmp;
static __thread volatile sig_atomic_t bus_armed;

static void on_sigbus(int sig)
{
	if (!bus_armed) {
		/* not one of ours: die of it */
		signal(SIGBUS, SIG_DFL);
		return;
	}
	bus_armed = 0;
	siglongjmp(bus_jmp, 1);
}

/*
 * Access @n words @stride bytes apart from @p (a store of @val if @write):
 * how many were done before a SIGBUS, or @n.
 */
static size_t __attribute__((noinline))
touch(volatile char *p, size_t n, size_t stride, bool write, uint64_t val)
{
	volatile size_t done = 0;

	if (sigsetjmp(bus_jmp, 1))
		return done;
	bus_armed = 1;
	for (; done < n; done++) {
		volatile uint64_t *w = (volatile uint64_t *)(p + done * stride);

		if (write)
			*w = val;
		else
			(void)*w;
	}
	bus_armed = 0;
	return n;
}

/*
 * Compare @len bytes at @p (device offset @off) with the pattern of
 * cfg.seed: -1 on SIGBUS, else the number of words that differ (the
 * first one in *@bad_off, *@got).
 */
static long __attribute__((noinline))
verify_pattern(const volatile uint64_t *p, uint64_t off, uint64_t len,
	       uint64_t *bad_off, uint64_t *got)
{
	volatile long bad = 0;
	uint64_t i, v;

	if (sigsetjmp(bus_jmp, 1))
		return -1;
	bus_armed = 1;
	for (i = 0; i < len / 8; i++) {
		v = p[i];
		if (v != pattern(cfg.seed, off + i * 8)) {
			if (!bad) {
				*bad_off = off + i * 8;
				*got = v;
			}
			bad++;
		}
	}
	bus_armed = 0;
	return bad;
}

/*
 * A SIGSEGV is a bug of ours (an access where no mapping of ours should
 * be, by our bookkeeping): say where, in which thread and operation, what
 * the thread thinks it has mapped and what the kernel has, then die of it.
 */
static void on_sigsegv(int sig, siginfo_t *si, void *uc)
{
	struct thr *t = self;
	char line[256];
	void *bt[32];
	FILE *f;
	int i, n;

	fflush(stdout);
	fprintf(stderr, "daxrace: SIGSEGV at %p (code %d) in %s, in or after '%s'; seed %" PRIu64 "\n",
		si->si_addr, si->si_code, t ? t->name : "?", t && t->op_name ? t->op_name : "?",
		cfg.seed);
	for (i = 0; t && i < t->nmaps; i++) {
		const struct map *m = &t->maps[i];
		unsigned int u;

		fprintf(stderr, "daxrace:   map %d: %p+%#" PRIx64 " off %#" PRIx64 " prot", i,
			(void *)m->addr, (uint64_t)m->units * cfg.align, m->off);
		for (u = 0; u < m->units && u < 64; u++)
			fprintf(stderr, "%s%d", u ? "," : " ", m->prot[u]);
		fprintf(stderr, "%s%s%s\n", m->units > 64 ? ",..." : "",
			m->split ? " split" : "", m->dontfork ? " dontfork" : "");
	}
	/* the device's vmas, and whatever lies within 16 MiB of the address */
	f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo = 0, hi = 0, a = (unsigned long)si->si_addr;

		sscanf(line, "%lx-%lx", &lo, &hi);
		if (strstr(line, cfg.name) || (hi + (16 << 20) > a && lo < a + (16 << 20)))
			fprintf(stderr, "daxrace:   maps: %s", line);
	}
	if (f)
		fclose(f);
	n = backtrace(bt, 32);
	backtrace_symbols_fd(bt, n, 2);
	signal(SIGSEGV, SIG_DFL);
}

/* ---- sysfs ---------------------------------------------------------------- */

static void attr_path(char *buf, size_t len, const char *attr)
{
	snprintf(buf, len, "%s/sys/bus/dax/devices/%s/%s", cfg.sysfs, cfg.name, attr);
}

static void drv_path(char *buf, size_t len, const char *file)
{
	snprintf(buf, len, "%s/sys/bus/dax/drivers/daxmgr/%s", cfg.sysfs, file);
}

/* 0, or the errno of the open or the write */
static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), e = 0;

	if (fd < 0)
		return errno;
	if (write(fd, val, strlen(val)) < 0)
		e = errno;
	close(fd);
	return e;
}

/* 0 and the first line in @buf, or the errno */
static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), e = 0;
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		e = errno;
	else
		buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	close(fd);
	return e;
}

static int read_attr(const char *attr, char *buf, size_t len)
{
	char path[512];

	attr_path(path, sizeof(path), attr);
	return read_file(path, buf, len);
}

/* A number attribute, or @dflt if it cannot be read */
static long attr_long(const char *attr, long dflt)
{
	char buf[64];

	if (read_attr(attr, buf, sizeof(buf)) || !buf[0])
		return dflt;
	return strtol(buf, NULL, 0);
}

static bool dev_bound(void)
{
	char path[512], link[512];
	ssize_t n;

	attr_path(path, sizeof(path), "driver");
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return false;
	link[n] = '\0';
	return !strcmp(strrchr(link, '/') ? strrchr(link, '/') + 1 : link, "daxmgr");
}

/* Write an attribute of the device as operation @op, bounded. */
static int attr_write(struct thr *t, enum op op, const char *attr,
		      const char *val, const int *ok)
{
	char path[512];
	int e;

	attr_path(path, sizeof(path), attr);
	if (op == OP_REVOKE)
		trace(t, "revoke begins");
	op_begin(t, op_names[op], cfg.bound);
	e = write_file(path, val);
	op_end(t);
	trace(t, "%s %s: %s", attr, val, err_name(e));
	outcome(t, op, e, ok);
	return e;
}

static int drv_write(struct thr *t, enum op op, const char *file, double bound,
		     const int *ok)
{
	char path[512];
	int e;

	drv_path(path, sizeof(path), file);
	trace(t, "%s begins", file);
	op_begin(t, op_names[op], bound);
	e = write_file(path, cfg.name);
	op_end(t);
	trace(t, "%s: %s", file, err_name(e));
	outcome(t, op, e, ok);
	return e;
}

/* ---- a worker's mappings ---------------------------------------------------- */

static int prot_of(unsigned char p)
{
	return p == 2 ? PROT_READ | PROT_WRITE : p == 1 ? PROT_READ : PROT_NONE;
}

static uint64_t map_len(const struct map *m)
{
	return (uint64_t)m->units * cfg.align;
}

static void drop_fd(struct thr *t)
{
	if (t->fd < 0)
		return;
	close(t->fd);
	count(t, OP_CLOSE, OUT_OK);
	t->fd = -1;
}

/* An fd of the device: open errors are counted; false if there is none. */
static bool ensure_fd(struct thr *t)
{
	int fd, e;

	if (t->fd >= 0)
		return true;
	if (now() < t->reopen_at)
		return false;
	op_begin(t, "open", cfg.bound);
	fd = open(cfg.dev, O_RDWR | O_CLOEXEC);
	e = fd < 0 ? errno : 0;
	op_end(t);
	/* quiesced: EBUSY; revoked or unbound: ENXIO (ENODEV, no driver) */
	outcome(t, OP_OPEN, e, ERRS(EBUSY, ENXIO, ENODEV));
	if (fd < 0) {
		t->reopen_at = now() + 0.01 + (aux(t) % 50) / 1000.0;
		return false;
	}
	t->fd = fd;
	return true;
}

/* An mmap error: a stale or dead file maps no more, so open another. */
static void mmap_failed(struct thr *t, int e)
{
	if (e == ENXIO || e == ENODEV) {
		drop_fd(t);
		t->reopen_at = now() + 0.01 + (aux(t) % 50) / 1000.0;
	}
}

static void map_remove(struct thr *t, int i)
{
	memmove(&t->maps[i], &t->maps[i + 1], (t->nmaps - i - 1) * sizeof(t->maps[0]));
	t->nmaps--;
}

static void map_unmap(struct thr *t, int i)
{
	struct map *m = &t->maps[i];
	int e;

	op_begin(t, "munmap", cfg.bound);
	e = munmap(m->addr, map_len(m)) ? errno : 0;
	op_end(t);
	outcome(t, OP_MUNMAP, e, NULL);
	map_remove(t, i);
}

static double lifetime(struct thr *t)
{
	return 0.05 + (aux(t) % 1450) / 1000.0;
}

/*
 * How long a pipe or an MR holds its pages: mostly less than 0.3 s, so
 * that an unbind's drain sees them go; one in 1024 lasts 3 to 6 s, past a
 * drain_timeout of 3 s, and is not evicted by newer pins, so that an
 * unbind now and then drains to its bound and parks the device (a worker
 * makes tens of pins a second: more lasting ones would have every drain
 * time out).
 */
static double pin_hold(struct thr *t, bool *lasting)
{
	uint64_t r = aux(t);

	*lasting = !(r % 1024);
	return *lasting ? 3 + (r >> 10) % 3000 / 1000.0 : (r >> 10) % 300 / 1000.0;
}

static void map_add(struct thr *t, char *p, uint64_t off, unsigned int units,
		    int prot, unsigned long trust)
{
	struct map *m = &t->maps[t->nmaps++];

	memset(m, 0, sizeof(*m));
	m->addr = p;
	m->off = off;
	m->units = units;
	memset(m->prot, prot & PROT_WRITE ? 2 : 1, units);
	m->born = now();
	m->expires = m->born + lifetime(t);
	m->trust = trust;
}

/*
 * A run of at most @max units of @m from unit (@r % units) on, each at
 * least @need (1 read, 2 write); false if @m has no such unit.
 */
static bool pick_run(const struct map *m, unsigned int need, unsigned int max,
		     uint64_t r, unsigned int *u0, unsigned int *k)
{
	unsigned int u = r % m->units, i, n = 0;

	for (i = 0; i < m->units && (m->prot[u] & P_ACCESS) < need; i++)
		u = (u + 1) % m->units;
	if ((m->prot[u] & P_ACCESS) < need)
		return false;
	while (u + n < m->units && n < max && (m->prot[u + n] & P_ACCESS) >= need)
		n++;
	*u0 = u;
	*k = n;
	return true;
}

/* Does MADV_NOHUGEPAGE cover one of units [@u0, @u0 + @k) of @m? */
static bool nohuge(const struct map *m, unsigned int u0, unsigned int k)
{
	unsigned int u;

	for (u = u0; u < u0 + k && u < m->units; u++)
		if (m->prot[u] & P_NOHUGE)
			return true;
	return false;
}

/*
 * After a SIGBUS, an EFAULT or a short I/O on units [@u0, @u0 + @k) of
 * @m: the mapping may die only by a revoke or unbind begun after it was
 * made.  Units under MADV_NOHUGEPAGE of a 2M device fail anyway.
 */
static void map_died(struct thr *t, enum op op, struct map *m, unsigned int u0,
		     unsigned int k, const char *what)
{
	if (nohuge(m, u0, k))
		return;
	if (!killed_since(m->trust))
		unexpected(t, op, "%s on a mapping made at %.3f s (device offset %#" PRIx64
			   ", %u unit(s)), with no revoke or unbind begun since",
			   what, m->born, m->off, m->units);
	m->dead = true;
	if (m->expires > now() + 0.05)
		m->expires = now() + 0.05;
}

static void w_mmap(struct thr *t, const uint64_t *r)
{
	unsigned int units = 1 + r[1] % cfg.max_units;
	uint64_t off = (r[2] % (cfg.scratch_units - units + 1)) * cfg.align;
	uint64_t len = units * cfg.align;
	int prot = (r[3] & 7) == 0 ? PROT_READ : PROT_READ | PROT_WRITE;
	int flags = MAP_SHARED, e;
	unsigned long trust;
	char *p;

	if ((r[3] >> 3) % 4 == 0)
		flags = MAP_SHARED_VALIDATE | MAP_SYNC;
	if ((r[3] >> 5) % 8 == 0)
		flags |= MAP_POPULATE;
	if (t->nmaps == MAX_MAPS)
		map_unmap(t, 0);
	if (!ensure_fd(t))
		return;
	trust = trust_now();
	op_begin(t, "mmap", cfg.bound);
	pthread_rwlock_rdlock(&as_lock);
	p = mmap(NULL, len, prot, flags, t->fd, off);
	e = p == MAP_FAILED ? errno : 0;
	pthread_rwlock_unlock(&as_lock);
	op_end(t);
	/* quiesced: EBUSY; revoked, unbound, or a file of before: ENXIO */
	outcome(t, OP_MMAP, e, ERRS(EBUSY, ENXIO, ENODEV));
	if (e) {
		mmap_failed(t, e);
		return;
	}
	if (cfg.align > 4096 && ((uintptr_t)p & (cfg.align - 1)))
		unexpected(t, OP_MMAP, "mapping of %#" PRIx64 " bytes at %p is not aligned to %#" PRIx64,
			   len, (void *)p, cfg.align);
	map_add(t, p, off, units, prot, trust);
}

/*
 * MAP_FIXED over a mapping of ours, same length, another offset: the old
 * vmas are unmapped inside the mmap.  If ->mmap refuses, the range is left
 * a gap (6.1; 6.12 once the old vmas were closed) or the old vmas are put
 * back (6.12, a failure before that): an anonymous MAP_FIXED_NOREPLACE
 * over it tells which, with as_lock held so that no other mmap lands in
 * the gap meanwhile.
 */
static void w_mmap_fixed(struct thr *t, const uint64_t *r)
{
	struct map *m;
	uint64_t off, len;
	unsigned long trust;
	char *p, *q;
	int e, i;

	if (!t->nmaps || !ensure_fd(t))
		return;
	i = r[1] % t->nmaps;
	m = &t->maps[i];
	len = map_len(m);
	off = (r[2] % (cfg.scratch_units - m->units + 1)) * cfg.align;
	trust = trust_now();
	pthread_rwlock_wrlock(&as_lock);
	op_begin(t, "mmap MAP_FIXED", cfg.bound);
	p = mmap(m->addr, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, t->fd, off);
	e = p == MAP_FAILED ? errno : 0;
	op_end(t);
	if (e) {
		q = mmap(m->addr, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
		if (q != MAP_FAILED) {
			/* a gap (or, with no NOREPLACE, elsewhere) */
			munmap(q, len);
			map_remove(t, i);
		} else {
			trace(t, "a refused MAP_FIXED left the old mapping (%s)", err_name(errno));
		}
	}
	pthread_rwlock_unlock(&as_lock);
	outcome(t, OP_MMAP_FIXED, e, ERRS(EBUSY, ENXIO, ENODEV));
	if (e) {
		mmap_failed(t, e);
		return;
	}
	if (p != m->addr)
		unexpected(t, OP_MMAP_FIXED, "MAP_FIXED at %p returned %p", (void *)m->addr, (void *)p);
	m->off = off;
	memset(m->prot, 2, m->units);
	m->dontfork = false;
	m->split = false;
	m->dead = false;
	m->born = now();
	m->expires = m->born + lifetime(t);
	m->trust = trust;
}

/* mmaps the driver refuses whatever its state: must never succeed */
static void w_mmap_bad(struct thr *t, const uint64_t *r)
{
	uint64_t off = 0, len = cfg.align;
	int flags = MAP_SHARED, e;
	const char *what;
	char *p;

	if (!ensure_fd(t))
		return;
	switch (r[1] % 3) {
	case 0:
		flags = MAP_PRIVATE;
		what = "a private mapping";
		break;
	case 1:
		off = cfg.size;
		what = "a mapping past the end";
		break;
	default:
		if (cfg.align == 4096) {
			off = cfg.size - cfg.align;
			len = 2 * cfg.align;
			what = "a mapping across the end";
		} else {
			off = 4096;
			what = "a misaligned offset";
		}
		break;
	}
	op_begin(t, "mmap (refused)", cfg.bound);
	pthread_rwlock_rdlock(&as_lock);
	p = mmap(NULL, len, PROT_READ, flags, t->fd, off);
	e = p == MAP_FAILED ? errno : 0;
	pthread_rwlock_unlock(&as_lock);
	op_end(t);
	count(t, OP_MMAP_BAD, e ? OUT_ERRNO + e : OUT_OK);
	if (!e) {
		unexpected(t, OP_MMAP_BAD, "%s was accepted", what);
		munmap(p, len);
		return;
	}
	if (e != EINVAL && e != ENXIO && e != EBUSY && e != ENODEV)
		unexpected(t, OP_MMAP_BAD, "%s: %s", what, err_name(e));
	mmap_failed(t, e);
}

static void w_munmap(struct thr *t, const uint64_t *r)
{
	if (t->nmaps)
		map_unmap(t, r[1] % t->nmaps);
}

/* munmap the head, the tail or the middle of a mapping, at unit bounds */
static void w_munmap_part(struct thr *t, const uint64_t *r)
{
	struct map *m, *n;
	unsigned int k, u0, where;
	int e;

	if (!t->nmaps)
		return;
	m = &t->maps[r[1] % t->nmaps];
	if (m->units < 2)
		return;
	where = r[3] % 3;
	if (where == 2 && (m->units < 3 || t->nmaps == MAX_MAPS))
		where = 1;
	k = 1 + r[2] % (m->units - (where == 2 ? 2 : 1));
	u0 = where == 0 ? 0 : where == 1 ? m->units - k : 1 + (r[2] >> 32) % (m->units - k - 1);
	op_begin(t, "munmap (part)", cfg.bound);
	e = munmap(m->addr + u0 * cfg.align, k * cfg.align) ? errno : 0;
	op_end(t);
	outcome(t, OP_MUNMAP_PART, e, NULL);
	if (e)
		return;
	if (where == 2) {
		n = &t->maps[t->nmaps++];
		*n = *m;
		n->addr = m->addr + (u0 + k) * cfg.align;
		n->off = m->off + (u0 + k) * cfg.align;
		n->units = m->units - u0 - k;
		memmove(n->prot, m->prot + u0 + k, n->units);
		m->units = u0;
	} else if (where == 0) {
		m->addr += k * cfg.align;
		m->off += k * cfg.align;
		m->units -= k;
		memmove(m->prot, m->prot + k, m->units);
	} else {
		m->units -= k;
	}
}

/*
 * Split a 2M/1G mapping at a 4K boundary inside a unit: may_split must
 * refuse it (EINVAL), for munmap and for mprotect.
 */
static void w_split_bad(struct thr *t, const uint64_t *r)
{
	struct map *m;
	unsigned int u;
	char *a;
	int e, i, np;

	if (cfg.align == 4096 || !t->nmaps)
		return;
	i = r[1] % t->nmaps;
	m = &t->maps[i];
	u = r[2] % m->units;
	a = m->addr + u * cfg.align + 4096 * (1 + (r[2] >> 32) % (cfg.align / 4096 - 1));
	pthread_rwlock_wrlock(&as_lock);
	op_begin(t, "split inside a unit", cfg.bound);
	if (r[3] & 1) {
		e = munmap(a, 4096) ? errno : 0;
	} else {
		np = (m->prot[u] & P_ACCESS) == 2 ? PROT_READ : PROT_READ | PROT_WRITE;
		e = mprotect(a, 4096, np) ? errno : 0;
	}
	op_end(t);
	if (!e) {
		/* what is left of the mapping is not what we track: drop it */
		munmap(m->addr, map_len(m));
		map_remove(t, i);
	}
	pthread_rwlock_unlock(&as_lock);
	count(t, OP_SPLIT_BAD, e ? OUT_ERRNO + e : OUT_OK);
	if (e != EINVAL)
		unexpected(t, OP_SPLIT_BAD, "%s of 4K at %p inside a %#" PRIx64 " unit: %s",
			   r[3] & 1 ? "munmap" : "mprotect", (void *)a, cfg.align, err_name(e));
}

static void w_mremap(struct thr *t, const uint64_t *r)
{
	struct map *m;
	uint64_t len;
	char *q, *res, *dst;
	unsigned int nu;
	int e, i;

	if (!t->nmaps)
		return;
	i = r[1] % t->nmaps;
	m = &t->maps[i];
	len = map_len(m);
	switch (r[2] % 5) {
	case 0:
	case 1:
		/*
		 * Move, to an aligned address of a reservation.  A failed
		 * MREMAP_FIXED may have unmapped part of the reservation
		 * already: as_lock keeps others out until it is cleaned up.
		 */
		pthread_rwlock_wrlock(&as_lock);
		res = mmap(NULL, len + cfg.align, PROT_NONE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (res == MAP_FAILED) {
			pthread_rwlock_unlock(&as_lock);
			return;
		}
		dst = (char *)(((uintptr_t)res + cfg.align - 1) & ~(uintptr_t)(cfg.align - 1));
		op_begin(t, "mremap (move)", cfg.bound);
		q = mremap(m->addr, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
		e = q == MAP_FAILED ? errno : 0;
		op_end(t);
		if (e) {
			munmap(res, len + cfg.align);
		} else {
			if (dst > res)
				munmap(res, dst - res);
			if (res + len + cfg.align > dst + len)
				munmap(dst + len, res + len + cfg.align - (dst + len));
			m->addr = dst;
		}
		pthread_rwlock_unlock(&as_lock);
		/* a move takes one vma: EFAULT across a split */
		outcome(t, OP_MREMAP_MOVE, e, m->split ? ERRS(EFAULT) : NULL);
		return;
	case 2:
		if (m->units < 2)
			return;
		nu = 1 + r[3] % (m->units - 1);
		op_begin(t, "mremap (shrink)", cfg.bound);
		q = mremap(m->addr, len, nu * cfg.align, 0);
		e = q == MAP_FAILED ? errno : 0;
		op_end(t);
		outcome(t, OP_MREMAP_SHRINK, e, NULL);
		if (!e && q != m->addr)
			unexpected(t, OP_MREMAP_SHRINK, "moved from %p to %p", (void *)m->addr, (void *)q);
		if (!e)
			m->units = nu;
		return;
	case 3:
		/* VM_DONTEXPAND: a daxmgr mapping never grows */
		op_begin(t, "mremap (grow)", cfg.bound);
		pthread_rwlock_rdlock(&as_lock);
		q = mremap(m->addr, len, len + cfg.align, r[3] & 1 ? MREMAP_MAYMOVE : 0);
		e = q == MAP_FAILED ? errno : 0;
		pthread_rwlock_unlock(&as_lock);
		op_end(t);
		count(t, OP_MREMAP_GROW, e ? OUT_ERRNO + e : OUT_OK);
		if (e == EFAULT)
			return;
		unexpected(t, OP_MREMAP_GROW, "%s, want EFAULT", err_name(e));
		if (!e) {
			munmap(q, len + cfg.align);
			map_remove(t, i);
		}
		return;
	default:
		op_begin(t, "mremap (dontunmap)", cfg.bound);
		pthread_rwlock_rdlock(&as_lock);
		q = mremap(m->addr, len, len, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
		e = q == MAP_FAILED ? errno : 0;
		pthread_rwlock_unlock(&as_lock);
		op_end(t);
		count(t, OP_MREMAP_DONTUNMAP, e ? OUT_ERRNO + e : OUT_OK);
		if (e == EINVAL || (e == EFAULT && m->split))
			return;
		unexpected(t, OP_MREMAP_DONTUNMAP, "%s, want EINVAL", err_name(e));
		if (!e)
			munmap(q, len);
		return;
	}
}

/* fork: the child touches up to three mapped units and exits */
static void w_fork(struct thr *t, const uint64_t *r)
{
	int which[3], n = 0, i, st = 0, e, code;
	unsigned int unit[3], u0, k;
	pid_t pid, w;

	if (!t->nmaps)
		return;
	for (i = 0; i < 3; i++) {
		struct map *m = &t->maps[(r[1] + i) % t->nmaps];

		if (m->dontfork || !pick_run(m, 1, 1, r[2] >> (8 * i), &u0, &k))
			continue;
		which[n] = m - t->maps;
		unit[n++] = u0;
	}
	op_begin(t, "fork", cfg.bound);
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < n; i++) {
			struct map *m = &t->maps[which[i]];
			volatile char *p = m->addr + (uint64_t)unit[i] * cfg.align;

			if (touch(p + (r[3] % (cfg.align / 8)) * 8, 1, 8,
				  (m->prot[unit[i]] & P_ACCESS) == 2, 0xc41d) != 1)
				_exit(10 + i);
		}
		_exit(0);
	}
	e = pid < 0 ? errno : 0;
	op_end(t);
	outcome(t, OP_FORK, e, ERRS(EAGAIN, ENOMEM));
	if (pid < 0)
		return;
	op_begin(t, "wait for the forked child", cfg.bound);
	do
		w = waitpid(pid, &st, 0);
	while (w < 0 && errno == EINTR);
	op_end(t);
	code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	if (w == pid && code == 0) {
		count(t, OP_CHILD, OUT_OK);
	} else if (w == pid && code >= 10 && code < 10 + n) {
		count(t, OP_CHILD, OUT_SIGBUS);
		map_died(t, OP_CHILD, &t->maps[which[code - 10]], unit[code - 10], 1,
			 "the child's SIGBUS");
	} else {
		count(t, OP_CHILD, OUT_BAD);
		unexpected(t, OP_CHILD, "waitpid %d: status %#x", (int)w, st);
	}
}

static const struct { int advice; const char *name; } advices[] = {
	{ MADV_DONTNEED, "DONTNEED" }, { MADV_WILLNEED, "WILLNEED" },
	{ MADV_COLD, "COLD" }, { MADV_PAGEOUT, "PAGEOUT" },
	{ MADV_POPULATE_READ, "POPULATE_READ" },
	{ MADV_POPULATE_WRITE, "POPULATE_WRITE" },
	{ MADV_DONTFORK, "DONTFORK" }, { MADV_DOFORK, "DOFORK" },
	{ MADV_HUGEPAGE, "HUGEPAGE" }, { MADV_NOHUGEPAGE, "NOHUGEPAGE" },
	{ MADV_DONTDUMP, "DONTDUMP" }, { MADV_DODUMP, "DODUMP" },
	{ MADV_RANDOM, "RANDOM" }, { MADV_SEQUENTIAL, "SEQUENTIAL" },
	{ MADV_NORMAL, "NORMAL" }, { MADV_REMOVE, "REMOVE" },
	{ MADV_FREE, "FREE" },
};

static void w_madvise(struct thr *t, const uint64_t *r)
{
	int a = r[2] % (sizeof(advices) / sizeof(advices[0]));
	int advice = advices[a].advice, e;
	unsigned int u0 = 0, k, need = 0, i;
	struct map *m;

	if (!t->nmaps)
		return;
	m = &t->maps[r[1] % t->nmaps];
	k = m->units;
	if (advice != MADV_DONTFORK && advice != MADV_DOFORK) {
		u0 = r[3] % m->units;
		k = 1 + (r[3] >> 32) % (m->units - u0);
	}
	if (advice == MADV_POPULATE_READ)
		need = 1;
	if (advice == MADV_POPULATE_WRITE)
		need = 2;
	for (i = u0; i < u0 + k; i++)
		if ((m->prot[i] & P_ACCESS) < need)
			advice = MADV_DONTNEED, a = 0;
	op_begin(t, "madvise", cfg.bound);
	e = madvise(m->addr + u0 * cfg.align, k * cfg.align, advice) ? errno : 0;
	op_end(t);
	count(t, OP_MADVISE, e ? OUT_ERRNO + e : OUT_OK);
	/* a flag change on part of it splits the vma, and VM_DONTEXPAND never merges */
	if (k < m->units)
		m->split = true;
	if (!e) {
		if (advice == MADV_DONTFORK)
			m->dontfork = true;
		if (advice == MADV_DOFORK)
			m->dontfork = false;
		for (i = u0; cfg.align > 4096 && i < u0 + k; i++) {
			if (advice == MADV_NOHUGEPAGE)
				m->prot[i] |= P_NOHUGE;
			if (advice == MADV_HUGEPAGE)
				m->prot[i] &= ~P_NOHUGE;
		}
		return;
	}
	if (advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE) {
		/* a populate faults: it fails only on a dead mapping */
		if (e == EFAULT || e == ENOMEM)
			map_died(t, OP_MADVISE, m, u0, k, advices[a].name);
		else
			unexpected(t, OP_MADVISE, "MADV_%s: %s", advices[a].name, err_name(e));
		return;
	}
	/* MADV_REMOVE: fallocate of a character device (ENODEV), EACCES read-only */
	if (e != EINVAL && e != EOPNOTSUPP && e != EPERM && e != EAGAIN && e != ENODEV &&
	    e != EACCES)
		unexpected(t, OP_MADVISE, "MADV_%s: %s", advices[a].name, err_name(e));
}

static void w_mprotect(struct thr *t, const uint64_t *r)
{
	unsigned int u0, k, i, np = (r[3] >> 32) % 10;
	struct map *m;
	int e;

	if (!t->nmaps)
		return;
	m = &t->maps[r[1] % t->nmaps];
	u0 = r[2] % m->units;
	k = 1 + r[3] % (m->units - u0);
	np = np < 1 ? 0 : np < 4 ? 1 : 2;
	op_begin(t, "mprotect", cfg.bound);
	e = mprotect(m->addr + u0 * cfg.align, k * cfg.align, prot_of(np)) ? errno : 0;
	op_end(t);
	outcome(t, OP_MPROTECT, e, NULL);
	for (i = u0; !e && i < u0 + k; i++)
		m->prot[i] = (m->prot[i] & ~P_ACCESS) | np;
	if (k < m->units)
		m->split = true;
}

/*
 * Faults: a run of units from a random one, one access each at the same
 * random word of the unit (4K devices: up to 32 units, so fault-around
 * sees sequential runs).
 */
static void w_fault(struct thr *t, const uint64_t *r, bool write)
{
	enum op op = write ? OP_FAULT_W : OP_FAULT_R;
	unsigned int u0, k, max = cfg.align == 4096 ? 32 : 4;
	struct map *m;
	size_t done;

	if (!t->nmaps)
		return;
	m = &t->maps[r[1] % t->nmaps];
	if (!pick_run(m, write ? 2 : 1, 1 + r[3] % max, r[2], &u0, &k))
		return;
	op_begin(t, write ? "write faults" : "read faults", cfg.bound);
	done = touch(m->addr + u0 * cfg.align + ((r[2] >> 32) % (cfg.align / 8)) * 8,
		     k, cfg.align, write, r[3]);
	op_end(t);
	if (done == k) {
		count(t, op, OUT_OK);
		return;
	}
	count(t, op, OUT_SIGBUS);
	map_died(t, op, m, u0 + done, 1, "SIGBUS");
}

/*
 * O_DIRECT between the block device and a run of a mapping: a read from
 * the disk into the mapping (it must be writable) or a write from it.
 */
static void w_dio(struct thr *t, const uint64_t *r, bool to_map)
{
	enum op op = to_map ? OP_DIO_TO_MAP : OP_DIO_FROM_MAP;
	unsigned int u0, k;
	uint64_t run, in, len, doff;
	struct map *m;
	ssize_t n;
	char *p;
	int e;

	if (t->bfd < 0 || !t->nmaps)
		return;
	m = &t->maps[r[1] % t->nmaps];
	if (!pick_run(m, to_map ? 2 : 1, MAX_IO / cfg.align + 1, r[2], &u0, &k))
		return;
	run = (uint64_t)k * cfg.align;
	len = 4096 * (1 + r[3] % (MAX_IO / 4096));
	if (len > run)
		len = run;
	in = ((r[3] >> 32) % ((run - len) / 4096 + 1)) * 4096;
	doff = ((r[2] >> 32) % ((cfg.blk_size - len) / 4096 + 1)) * 4096;
	p = m->addr + u0 * cfg.align + in;
	op_begin(t, to_map ? "O_DIRECT read into the mapping" : "O_DIRECT write from the mapping",
		 cfg.bound);
	n = to_map ? pread(t->bfd, p, len, doff) : pwrite(t->bfd, p, len, doff);
	e = n < 0 ? errno : 0;
	op_end(t);
	if (n == (ssize_t)len) {
		count(t, op, OUT_OK);
		return;
	}
	count(t, op, n < 0 ? OUT_ERRNO + e : OUT_SHORT);
	if (n >= 0 || e == EFAULT)
		map_died(t, op, m, u0, k, n < 0 ? "EFAULT" : "a short transfer");
	else
		unexpected(t, op, "%s of %#" PRIx64 " bytes", err_name(e), len);
}

static void pipe_release(struct thr *t, int i)
{
	struct pipehold *ph = &t->pipes[i];
	size_t got = 0;
	ssize_t n;

	if (aux(t) & 1) {
		/* read what the pipe holds: the pinned pages, copied */
		op_begin(t, "read the pipe", cfg.bound);
		while ((n = read(ph->rfd, t->buf, PIPE_BYTES)) > 0)
			got += n;
		op_end(t);
		count(t, OP_PIPE_READ, got == ph->bytes ? OUT_OK : OUT_SHORT);
		if (got != ph->bytes)
			unexpected(t, OP_PIPE_READ, "read %zu of the %zu bytes spliced", got, ph->bytes);
	}
	op_begin(t, "close the pipe", cfg.bound);
	close(ph->rfd);
	close(ph->wfd);
	op_end(t);
	count(t, OP_PIPE_CLOSE, OUT_OK);
	memmove(ph, ph + 1, (t->npipes - i - 1) * sizeof(*ph));
	t->npipes--;
}

/* vmsplice up to 64K of a mapping into a fresh pipe, held for a while */
static void w_vmsplice(struct thr *t, const uint64_t *r)
{
	struct pipehold *ph;
	unsigned int u0, k;
	uint64_t run, len, in;
	struct iovec iov;
	struct map *m;
	int pfd[2], e, i;
	ssize_t n;

	if (!t->nmaps)
		return;
	m = &t->maps[r[1] % t->nmaps];
	if (!pick_run(m, 1, PIPE_BYTES / cfg.align + 1, r[2], &u0, &k))
		return;
	if (t->npipes == MAX_PIPES) {
		/* the oldest that is not a lasting one */
		for (i = 0; i < t->npipes - 1 && t->pipes[i].lasting; i++)
			;
		pipe_release(t, i);
	}
	run = (uint64_t)k * cfg.align;
	len = 4096 * (1 + r[3] % (PIPE_BYTES / 4096));
	if (len > run)
		len = run;
	in = ((r[3] >> 32) % ((run - len) / 4096 + 1)) * 4096;
	if (pipe2(pfd, O_CLOEXEC | O_NONBLOCK))
		return;
	iov.iov_base = m->addr + u0 * cfg.align + in;
	iov.iov_len = len;
	op_begin(t, "vmsplice", cfg.bound);
	n = vmsplice(pfd[1], &iov, 1, SPLICE_F_NONBLOCK);
	e = n < 0 ? errno : 0;
	op_end(t);
	if (n <= 0) {
		close(pfd[0]);
		close(pfd[1]);
		count(t, OP_VMSPLICE, n < 0 ? OUT_ERRNO + e : OUT_SHORT);
		if (n == 0 || e == EFAULT)
			map_died(t, OP_VMSPLICE, m, u0, k, n ? "EFAULT" : "nothing spliced");
		else if (e != EAGAIN)
			unexpected(t, OP_VMSPLICE, "%s", err_name(e));
		return;
	}
	/* short: the pipe took what it had room for, or the mapping died */
	count(t, OP_VMSPLICE, n == (ssize_t)len ? OUT_OK : OUT_SHORT);
	ph = &t->pipes[t->npipes++];
	ph->rfd = pfd[0];
	ph->wfd = pfd[1];
	ph->bytes = n;
	ph->expires = now() + pin_hold(t, &ph->lasting);
}

static void mr_release(struct thr *t, int i)
{
	int e;

	op_begin(t, "ibv_dereg_mr", cfg.bound);
	e = ibv_dereg_mr(t->mrs[i].mr);
	op_end(t);
	outcome(t, OP_MR_DEREG, e, NULL);
	memmove(&t->mrs[i], &t->mrs[i + 1], (t->nmrs - i - 1) * sizeof(t->mrs[0]));
	t->nmrs--;
}

/* An RDMA MR over a writable run of a mapping: a FOLL_LONGTERM pin */
static void w_mr(struct thr *t, const uint64_t *r)
{
	unsigned int u0, k;
	uint64_t run, len;
	struct ibv_mr *mr;
	struct map *m;
	int e, i;

	if (!rdma_pd || !t->nmaps)
		return;
	m = &t->maps[r[1] % t->nmaps];
	if (!pick_run(m, 2, MAX_IO / cfg.align + 1, r[2], &u0, &k))
		return;
	if (t->nmrs == MAX_MRS) {
		for (i = 0; i < t->nmrs - 1 && t->mrs[i].lasting; i++)
			;
		mr_release(t, i);
	}
	run = (uint64_t)k * cfg.align;
	len = 4096 * (1 + r[3] % (MAX_IO / 4096));
	if (len > run)
		len = run;
	op_begin(t, "ibv_reg_mr", cfg.bound);
	mr = ibv_reg_mr(rdma_pd, m->addr + u0 * cfg.align, len,
			IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ);
	e = mr ? 0 : errno;
	op_end(t);
	if (!mr) {
		count(t, OP_MR_REG, OUT_ERRNO + e);
		if (e == EFAULT)
			map_died(t, OP_MR_REG, m, u0, k, "EFAULT");
		else
			unexpected(t, OP_MR_REG, "%s", err_name(e));
		return;
	}
	count(t, OP_MR_REG, OUT_OK);
	t->mrs[t->nmrs].mr = mr;
	t->mrs[t->nmrs].expires = now() + pin_hold(t, &t->mrs[t->nmrs].lasting);
	t->nmrs++;
}

/* Write this worker's stamp: every word of it, through a mapping of its own */
static void w_stamp(struct thr *t, const uint64_t *r)
{
	uint64_t off = cfg.stamp_off + t->idx * cfg.align, val;
	unsigned long trust;
	size_t done;
	char *p;
	int e;

	if (!ensure_fd(t))
		return;
	trust = trust_now();
	op_begin(t, "mmap the stamp", cfg.bound);
	pthread_rwlock_rdlock(&as_lock);
	p = mmap(NULL, cfg.align, PROT_READ | PROT_WRITE, MAP_SHARED, t->fd, off);
	e = p == MAP_FAILED ? errno : 0;
	pthread_rwlock_unlock(&as_lock);
	op_end(t);
	if (e) {
		outcome(t, OP_STAMP, e, ERRS(EBUSY, ENXIO, ENODEV));
		mmap_failed(t, e);
		return;
	}
	val = ((uint64_t)(t->idx + 1) << 48) | ++t->stamp_try;
	op_begin(t, "write the stamp", cfg.bound);
	done = touch(p, STAMP_WORDS, cfg.align / STAMP_WORDS, true, val);
	op_end(t);
	if (done == STAMP_WORDS) {
		t->stamp_done = t->stamp_try;
		count(t, OP_STAMP, OUT_OK);
	} else {
		count(t, OP_STAMP, OUT_SIGBUS);
		if (!killed_since(trust))
			unexpected(t, OP_STAMP, "SIGBUS with no revoke or unbind begun since the mmap");
	}
	op_begin(t, "munmap the stamp", cfg.bound);
	e = munmap(p, cfg.align) ? errno : 0;
	op_end(t);
	outcome(t, OP_MUNMAP, e, NULL);
}

/* Unmap, close or release whatever has outlived its time. */
static void expire(struct thr *t, bool all)
{
	double tnow = now();
	int i;

	for (i = t->nmaps - 1; i >= 0; i--)
		if (all || t->maps[i].expires <= tnow)
			map_unmap(t, i);
	for (i = t->npipes - 1; i >= 0; i--)
		if (all || t->pipes[i].expires <= tnow)
			pipe_release(t, i);
	for (i = t->nmrs - 1; i >= 0; i--)
		if (all || t->mrs[i].expires <= tnow)
			mr_release(t, i);
}

static void nap(double secs)
{
	struct timespec ts;

	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

/* Sleep @secs in slices, returning early once the run is to stop. */
static void nap_unless_stop(double secs)
{
	double end = now() + secs;

	while (!atomic_load(&stop) && now() < end)
		nap(end - now() < 0.05 ? end - now() : 0.05);
}

enum wop {
	W_MMAP, W_MMAP_FIXED, W_MMAP_BAD, W_MUNMAP, W_MUNMAP_PART, W_SPLIT_BAD,
	W_MREMAP, W_FORK, W_MADVISE, W_MPROTECT, W_FAULT_R, W_FAULT_W,
	W_DIO_TO, W_DIO_FROM, W_VMSPLICE, W_STAMP, W_MR, W_REOPEN, W_NAP,
	NR_WOPS
};

static const unsigned int wop_weight[NR_WOPS] = {
	[W_MMAP] = 12, [W_MMAP_FIXED] = 2, [W_MMAP_BAD] = 1, [W_MUNMAP] = 4,
	[W_MUNMAP_PART] = 3, [W_SPLIT_BAD] = 1, [W_MREMAP] = 4, [W_FORK] = 1,
	[W_MADVISE] = 4, [W_MPROTECT] = 4, [W_FAULT_R] = 14, [W_FAULT_W] = 14,
	[W_DIO_TO] = 4, [W_DIO_FROM] = 4, [W_VMSPLICE] = 3, [W_STAMP] = 3,
	[W_MR] = 2, [W_REOPEN] = 1, [W_NAP] = 3,
};

static enum wop pick_wop(uint64_t r)
{
	unsigned int total = 0, i;

	for (i = 0; i < NR_WOPS; i++)
		total += wop_weight[i];
	r %= total;
	for (i = 0; i < NR_WOPS; i++) {
		if (r < wop_weight[i])
			break;
		r -= wop_weight[i];
	}
	return i;
}

static void *worker(void *arg)
{
	struct thr *t = arg;
	uint64_t r[4];
	int i;

	t->tid = gettid();
	self = t;
	t->buf = malloc(PIPE_BYTES);
	if (cfg.blkdev) {
		t->bfd = open(cfg.blkdev, O_RDWR | O_DIRECT | O_CLOEXEC);
		if (t->bfd < 0)
			unexpected(t, OP_DIO_TO_MAP, "open %s O_DIRECT: %s", cfg.blkdev, err_name(errno));
	}
	while (!atomic_load(&stop)) {
		for (i = 0; i < 4; i++)
			r[i] = splitmix(&t->rng);
		expire(t, false);
		switch (pick_wop(r[0])) {
		case W_MMAP: w_mmap(t, r); break;
		case W_MMAP_FIXED: w_mmap_fixed(t, r); break;
		case W_MMAP_BAD: w_mmap_bad(t, r); break;
		case W_MUNMAP: w_munmap(t, r); break;
		case W_MUNMAP_PART: w_munmap_part(t, r); break;
		case W_SPLIT_BAD: w_split_bad(t, r); break;
		case W_MREMAP: w_mremap(t, r); break;
		case W_FORK: w_fork(t, r); break;
		case W_MADVISE: w_madvise(t, r); break;
		case W_MPROTECT: w_mprotect(t, r); break;
		case W_FAULT_R: w_fault(t, r, false); break;
		case W_FAULT_W: w_fault(t, r, true); break;
		case W_DIO_TO: w_dio(t, r, true); break;
		case W_DIO_FROM: w_dio(t, r, false); break;
		case W_VMSPLICE: w_vmsplice(t, r); break;
		case W_STAMP: w_stamp(t, r); break;
		case W_MR: w_mr(t, r); break;
		case W_REOPEN: drop_fd(t); break;
		case W_NAP: nap((r[1] % 2000) / 1e6); break;
		default: break;
		}
	}
	expire(t, true);
	drop_fd(t);
	if (t->bfd >= 0)
		close(t->bfd);
	return NULL;
}

/* ---- the admin: attributes ---------------------------------------------------- */

#define ATTR_ERRS ERRS(EBUSY, ENOENT, ENODEV)

/*
 * A pin mode switch as an admin makes it: quiesce, wait (3 s at most) for
 * the mappings to go, write the mode, unquiesce.
 */
static void a_switch(struct thr *t, int mode)
{
	double end;
	long vmas;
	int e;

	if (attr_write(t, OP_QUIESCE, "quiesce", "1", ATTR_ERRS))
		return;
	op_begin(t, "wait for vmas 0 (switch)", cfg.bound);
	for (end = now() + 3; now() < end && !atomic_load(&stop); nap(0.02)) {
		vmas = attr_long("vmas", -1);
		if (vmas <= 0)
			break;
	}
	op_end(t);
	e = attr_write(t, OP_SWITCH, "pin_mode", mode_names[mode], ATTR_ERRS);
	if (!e)
		atomic_store(&desired_mode, mode);
	attr_write(t, OP_UNQUIESCE, "unquiesce", "1", ATTR_ERRS);
}

static void a_read(struct thr *t, const uint64_t *r)
{
	static const char *const attrs[] = {
		"state", "pin_mode", "vmas", "pinned_pages", "open_files",
		"faults_pte", "faults_pmd", "faults_pud",
	};
	const char *attr = attrs[r[1] % (sizeof(attrs) / sizeof(attrs[0]))];
	char buf[64];
	int e;

	op_begin(t, "read an attribute", cfg.bound);
	e = read_attr(attr, buf, sizeof(buf));
	op_end(t);
	outcome(t, OP_ATTR_READ, e, ERRS(ENOENT, ENODEV));
	if (e)
		return;
	if (!strcmp(attr, "state")) {
		if (strcmp(buf, "live") && strcmp(buf, "quiesced") && strcmp(buf, "revoked") &&
		    strcmp(buf, "unbound"))
			unexpected(t, OP_ATTR_READ, "state '%s'", buf);
	} else if (!strcmp(attr, "pin_mode")) {
		if (strcmp(buf, "vma") && strcmp(buf, "io"))
			unexpected(t, OP_ATTR_READ, "pin_mode '%s'", buf);
	} else if (buf[0] == '-') {
		unexpected(t, OP_ATTR_READ, "%s reads %s", attr, buf);
	}
}

/*
 * Before its random schedule, the admin quiesces, unquiesces, revokes and
 * unquiesces once each, every write tried again until it succeeds (the
 * binder may have the device unbound, an unquiesce after the revoke waits
 * for older pins): a short run on a slow kernel, with few draws, walks
 * them all the same.  No draws: the schedule that follows replays.
 */
static void admin_first_round(struct thr *t)
{
	static const char *const steps[] = { "quiesce", "unquiesce", "revoke", "unquiesce" };
	static const enum op ops[] = { OP_QUIESCE, OP_UNQUIESCE, OP_REVOKE, OP_UNQUIESCE };
	unsigned int i = 0;
	int e;

	while (i < sizeof(steps) / sizeof(steps[0]) && !atomic_load(&stop)) {
		nap_unless_stop(0.05);
		if (ops[i] == OP_REVOKE)
			kill_begin();
		e = attr_write(t, ops[i], steps[i], "1", ATTR_ERRS);
		if (ops[i] == OP_REVOKE)
			kill_end();
		if (!e)
			i++;
	}
}

static void *admin(void *arg)
{
	static const char *const windows[] = { "0", "4096", "16384", "65536", "2097152", "12288" };
	struct thr *t = arg;
	double unquiesce_at = 0;
	uint64_t r[4];
	const char *w;
	int i, e;

	t->tid = gettid();
	self = t;
	admin_first_round(t);
	while (!atomic_load(&stop)) {
		for (i = 0; i < 4; i++)
			r[i] = splitmix(&t->rng);
		nap_unless_stop(0.02 + (r[0] >> 40) % 380 / 1000.0);
		if (atomic_load(&stop))
			break;
		/* a quiesce or revoke of ours does not last: unquiesce it soon */
		if (unquiesce_at && now() >= unquiesce_at) {
			e = attr_write(t, OP_UNQUIESCE, "unquiesce", "1", ATTR_ERRS);
			/* EBUSY: unbinding, or pages pinned before the revoke */
			unquiesce_at = e == EBUSY ? now() + 0.1 : 0;
			continue;
		}
		switch (r[0] % 100) {
		case 0 ... 29:
			a_read(t, r);
			break;
		case 30 ... 41:
			attr_write(t, OP_PIN_MODE, "pin_mode", mode_names[r[1] & 1], ATTR_ERRS);
			break;
		case 42 ... 47:
			a_switch(t, r[1] & 1);
			break;
		case 48 ... 54:
			if (!attr_write(t, OP_QUIESCE, "quiesce", "1", ATTR_ERRS))
				unquiesce_at = now() + (r[1] % 400) / 1000.0;
			break;
		case 55 ... 61:
			kill_begin();
			e = attr_write(t, OP_REVOKE, "revoke", "1", ATTR_ERRS);
			kill_end();
			if (!e)
				unquiesce_at = now() + (r[1] % 400) / 1000.0;
			break;
		case 62 ... 74:
			attr_write(t, OP_UNQUIESCE, "unquiesce", "1", ATTR_ERRS);
			break;
		case 75 ... 93:
			if (cfg.align != 4096)
				break;
			/* 12288 is not a power of two: refused */
			w = windows[r[1] % (sizeof(windows) / sizeof(windows[0]))];
			e = attr_write(t, OP_FAULT_AROUND, "fault_around_bytes", w,
				       strcmp(w, "12288") ? ATTR_ERRS : ERRS(EINVAL, ENOENT, ENODEV));
			if (!e && !strcmp(w, "12288"))
				unexpected(t, OP_FAULT_AROUND, "fault_around_bytes 12288 accepted");
			break;
		case 94 ... 95:
			/* a second unbind writer, racing the binder's */
			kill_begin();
			drv_write(t, OP_UNBIND, "unbind", cfg.unbind_bound, ERRS(ENODEV));
			kill_end();
			break;
		default:
			break;
		}
	}
	return NULL;
}

/* ---- the binder: unbind/bind cycles -------------------------------------------- */

/*
 * Bind until it succeeds, within @bound: EBUSY while the pagemap is
 * parked (pins outlived the drain), while the other unbind writer still
 * has it, or while a file opened under device_dax is open.
 */
static int bind_back(struct thr *t, double bound)
{
	double end = now() + bound;
	char path[512];
	int e, n;

	drv_path(path, sizeof(path), "bind");
	op_begin(t, "bind (until it succeeds)", bound + 5);
	for (n = 1;; n++) {
		e = write_file(path, cfg.name);
		outcome(t, OP_BIND, e, ERRS(EBUSY));
		if (!e || e != EBUSY || now() > end)
			break;
		nap(0.05 + (aux(t) % 100) / 1000.0);
	}
	op_end(t);
	trace(t, "bind: %s (attempt %d)", err_name(e), n);
	return e;
}

static void *binder(void *arg)
{
	struct thr *t = arg;
	char mode[16];
	uint64_t r[4];
	int i, e, m;

	t->tid = gettid();
	self = t;
	while (!atomic_load(&stop)) {
		for (i = 0; i < 4; i++)
			r[i] = splitmix(&t->rng);
		nap_unless_stop(0.5 + (r[0] % 2500) / 1000.0);
		if (atomic_load(&stop))
			break;
		if (dev_bound()) {
			m = read_attr("pin_mode", mode, sizeof(mode)) ? -1 : !strcmp(mode, "io");
			kill_begin();
			e = drv_write(t, OP_UNBIND, "unbind", cfg.unbind_bound, ERRS(ENODEV));
			kill_end();
			if (!e && m >= 0)
				t->unbinds[m]++;
			nap((r[1] % 300) / 1000.0);
		}
		if (dev_bound())
			continue;
		e = bind_back(t, cfg.bound + cfg.drain_timeout);
		if (e == EBUSY && !dev_bound())
			unexpected(t, OP_BIND, "EBUSY for %.0f s", cfg.bound + cfg.drain_timeout);
		if (e)
			continue;
		/* every bind starts in vma: set a mode, the admin's or either */
		m = r[2] & 1 ? atomic_load(&desired_mode) : (int)((r[2] >> 1) & 1);
		attr_write(t, OP_PIN_MODE, "pin_mode", mode_names[m], ATTR_ERRS);
	}
	return NULL;
}

/* ---- the checker ------------------------------------------------------------------ */

/*
 * Verify @len bytes of the check area from @off (relative to it): counts
 * and reports; with @final every failure to get at it is unexpected too.
 */
static void check_area(struct thr *t, uint64_t off, uint64_t len, bool final)
{
	uint64_t dev_off = cfg.check_off + off, bad_off = 0, got = 0;
	unsigned long trust;
	const int *ok = final ? NULL : ERRS(EBUSY, ENXIO, ENODEV);
	long bad;
	char *p;
	int fd, e;

	op_begin(t, "open (check)", cfg.bound);
	fd = open(cfg.dev, O_RDONLY | O_CLOEXEC);
	e = fd < 0 ? errno : 0;
	op_end(t);
	if (fd < 0) {
		outcome(t, OP_CHECK, e, ok);
		return;
	}
	trust = trust_now();
	op_begin(t, "mmap (check)", cfg.bound);
	pthread_rwlock_rdlock(&as_lock);
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, dev_off);
	e = p == MAP_FAILED ? errno : 0;
	pthread_rwlock_unlock(&as_lock);
	op_end(t);
	if (e) {
		outcome(t, OP_CHECK, e, ok);
		close(fd);
		return;
	}
	op_begin(t, "verify the check area", cfg.bound * 2);
	bad = verify_pattern((const volatile uint64_t *)p, dev_off, len, &bad_off, &got);
	op_end(t);
	if (bad < 0) {
		count(t, OP_CHECK, OUT_SIGBUS);
		if (final || !killed_since(trust))
			unexpected(t, OP_CHECK, "SIGBUS reading the check area, no revoke or unbind begun since its mmap");
	} else if (bad) {
		count(t, OP_CHECK, OUT_BAD);
		atomic_fetch_add(&corrupt_n, 1);
		say("CORRUPT: the check area differs in %ld word(s) of %#" PRIx64 "+%#" PRIx64
		    ", first at device offset %#" PRIx64 ": %#" PRIx64 ", want %#" PRIx64,
		    bad, dev_off, len, bad_off, got, pattern(cfg.seed, bad_off));
	} else {
		count(t, OP_CHECK, OUT_OK);
	}
	munmap(p, len);
	close(fd);
}

static void *checker(void *arg)
{
	struct thr *t = arg;
	uint64_t r[4], slice;
	int i;

	t->tid = gettid();
	self = t;
	while (!atomic_load(&stop)) {
		for (i = 0; i < 4; i++)
			r[i] = splitmix(&t->rng);
		nap_unless_stop(1 + (r[0] % 2000) / 1000.0);
		if (atomic_load(&stop))
			break;
		/* a MiB, or a unit of a 2M device */
		slice = cfg.align > MIB ? cfg.align : MIB;
		check_area(t, (r[1] % (CHECK_LEN / slice)) * slice, slice, false);
	}
	return NULL;
}

/* ---- the watchdog ---------------------------------------------------------------- */

static atomic_int wd_stop;
static double wd_deadline;	/* the whole run: seconds + the end's bound */

static void print_task(pid_t tid)
{
	char path[64], buf[4096];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/wchan", (int)tid);
	if (!read_file(path, buf, sizeof(buf)))
		printf("daxrace:     wchan %s\n", buf);
	snprintf(path, sizeof(path), "/proc/self/task/%d/stack", (int)tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
		printf("daxrace:     %s\n", l);
}

static void __attribute__((noreturn)) watchdog_fire(const struct thr *late, double secs)
{
	uint64_t tnow = mono_ns(), since;
	int i;

	flockfile(stdout);
	if (late)
		printf("daxrace: [%8.3f] WATCHDOG: %s (tid %d) has been in '%s' for %.1f s (bound %.0f s), since %.3f s; seed %" PRIu64 "\n",
		       now(), late->name, (int)late->tid, late->op_name, secs, late->op_bound,
		       now() - secs, cfg.seed);
	else
		printf("daxrace: [%8.3f] WATCHDOG: the run has not ended %.0f s after its %.0f s; seed %" PRIu64 "\n",
		       now(), wd_deadline - cfg.seconds, cfg.seconds, cfg.seed);
	trace_dump();
	for (i = 0; i < nthreads; i++) {
		const struct thr *t = threads[i];

		since = __atomic_load_n(&t->op_since, __ATOMIC_ACQUIRE);
		if (!since) {
			printf("daxrace:   %s (tid %d): between operations\n", t->name, (int)t->tid);
			continue;
		}
		printf("daxrace:   %s (tid %d): in '%s' for %.1f s\n", t->name, (int)t->tid,
		       t->op_name, (tnow - since) / 1e9);
		print_task(t->tid);
	}
	fflush(stdout);
	funlockfile(stdout);
	if (cfg.sysrq && !write_file("/proc/sysrq-trigger", "w"))
		printf("daxrace: blocked tasks written to the kernel log (sysrq w)\n");
	fflush(stdout);
	_exit(3);
}

static void *watchdog(void *arg)
{
	const char *name;
	uint64_t since, tnow;
	double bound, secs;
	int i;

	while (!atomic_load(&wd_stop)) {
		nap(0.2);
		tnow = mono_ns();
		for (i = 0; i < nthreads; i++) {
			struct thr *t = threads[i];

			since = __atomic_load_n(&t->op_since, __ATOMIC_ACQUIRE);
			if (!since)
				continue;
			name = t->op_name;
			bound = t->op_bound;
			/* the same operation still? */
			if (__atomic_load_n(&t->op_since, __ATOMIC_ACQUIRE) != since || !name)
				continue;
			secs = tnow > since ? (tnow - since) / 1e9 : 0;
			if (secs > bound)
				watchdog_fire(t, secs);
		}
		if (now() > wd_deadline)
			watchdog_fire(NULL, 0);
	}
	return NULL;
}

/* ---- setup, the end, the summary ----------------------------------------------------- */

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "daxrace: FAIL: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		die("not a number: '%s'", s);
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	}
	if (*end)
		die("not a number: '%s'", s);
	return v;
}

/* Fill the check area with the pattern and zero the stamps (seq 0). */
static void setup_data(void)
{
	uint64_t i, w, val;
	char *p;
	int fd = open(cfg.dev, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		die("open %s: %s", cfg.dev, strerror(errno));
	p = mmap(NULL, CHECK_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, cfg.check_off);
	if (p == MAP_FAILED)
		die("mmap the check area at %#" PRIx64 ": %s", cfg.check_off, strerror(errno));
	for (i = 0; i < CHECK_LEN / 8; i++)
		((uint64_t *)p)[i] = pattern(cfg.seed, cfg.check_off + i * 8);
	munmap(p, CHECK_LEN);
	p = mmap(NULL, cfg.workers * cfg.align, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 cfg.stamp_off);
	if (p == MAP_FAILED)
		die("mmap the stamps at %#" PRIx64 ": %s", cfg.stamp_off, strerror(errno));
	for (i = 0; i < (uint64_t)cfg.workers; i++) {
		val = (i + 1) << 48;
		for (w = 0; w < STAMP_WORDS; w++)
			*(uint64_t *)(p + i * cfg.align + w * (cfg.align / STAMP_WORDS)) = val;
	}
	munmap(p, cfg.workers * cfg.align);
	close(fd);
}

/* Each stamp word: this worker's, from its last completed stamp on. */
static void check_stamps(struct thr *mt)
{
	uint64_t w, v, seq;
	const char *p;
	int fd, i;

	fd = open(cfg.dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		unexpected(mt, OP_STAMP, "open for the stamps: %s", err_name(errno));
		return;
	}
	p = mmap(NULL, cfg.workers * cfg.align, PROT_READ, MAP_SHARED, fd, cfg.stamp_off);
	if (p == MAP_FAILED) {
		unexpected(mt, OP_STAMP, "mmap the stamps: %s", err_name(errno));
		close(fd);
		return;
	}
	for (i = 0; i < cfg.workers; i++) {
		struct thr *t = threads[1 + i];

		for (w = 0; w < STAMP_WORDS; w++) {
			v = *(const volatile uint64_t *)(p + i * cfg.align + w * (cfg.align / STAMP_WORDS));
			seq = v & ((1ULL << 48) - 1);
			if (v >> 48 != (uint64_t)(i + 1) || seq < t->stamp_done || seq > t->stamp_try ||
			    (t->stamp_done == t->stamp_try && seq != t->stamp_done)) {
				atomic_fetch_add(&corrupt_n, 1);
				say("CORRUPT: stamp word %" PRIu64 " of %s reads %#" PRIx64
				    ", want worker %d's sequence %" PRIu64 " (to %" PRIu64 ")",
				    w, t->name, v, i + 1, t->stamp_done, t->stamp_try);
			}
		}
	}
	munmap((void *)p, cfg.workers * cfg.align);
	close(fd);
}

/*
 * Put the device back bound and live: bind (parks end once the pins we
 * held are gone), unquiesce (EBUSY while pages pinned before a revoke are
 * held).
 */
static void restore(struct thr *mt)
{
	char state[32];
	double end;
	int e;

	if (!dev_bound()) {
		e = bind_back(mt, cfg.bound + cfg.drain_timeout);
		if (e)
			unexpected(mt, OP_BIND, "the device does not bind back: %s", err_name(e));
	}
	/* each write has its bound, the loop its end */
	for (end = now() + cfg.bound;;) {
		if (read_attr("state", state, sizeof(state)) || !strcmp(state, "live"))
			break;
		e = attr_write(mt, OP_UNQUIESCE, "unquiesce", "1", ERRS(EBUSY));
		if (e != EBUSY || now() > end)
			break;
		nap(0.1);
	}
	if (read_attr("state", state, sizeof(state)) || strcmp(state, "live"))
		unexpected(mt, OP_UNQUIESCE, "the device is not live at the end: '%s'", state);
}

/* vmas, pinned_pages and open_files read 0 once all is released */
static void check_idle(struct thr *mt)
{
	long vmas = -1, pinned = -1, files = -1;
	double end = now() + 10;

	op_begin(mt, "wait for vmas, pinned_pages, open_files 0", 15);
	do {
		vmas = attr_long("vmas", -1);
		pinned = attr_long("pinned_pages", -1);
		files = attr_long("open_files", -1);
		if (!vmas && !pinned && !files)
			break;
		nap(0.1);
	} while (now() < end);
	op_end(mt);
	if (vmas || pinned || files)
		unexpected(mt, OP_ATTR_READ, "with nothing mapped, pinned or open: vmas %ld, pinned_pages %ld, open_files %ld",
			   vmas, pinned, files);
}

/* The five operations that took longest, once each. */
static void slowest(void)
{
	const char *name[NR_SLOW * MAX_THREADS];
	double secs[NR_SLOW * MAX_THREADS], best;
	int n = 0, i, j, k, b;

	for (i = 0; i < nthreads; i++) {
		for (j = 0; j < threads[i]->nslow; j++) {
			for (k = 0; k < n && strcmp(name[k], threads[i]->slow_name[j]); k++)
				;
			if (k == n) {
				name[n] = threads[i]->slow_name[j];
				secs[n++] = 0;
			}
			if (threads[i]->slow_secs[j] > secs[k])
				secs[k] = threads[i]->slow_secs[j];
		}
	}
	printf("daxrace: slowest:");
	for (i = 0; i < 5 && n; i++) {
		for (b = 0, best = -1, k = 0; k < n; k++)
			if (secs[k] > best)
				best = secs[k], b = k;
		printf("%s %s %.3f s", i ? "," : "", name[b], secs[b]);
		name[b] = name[--n];
		secs[b] = secs[n];
	}
	printf("\n");
}

static void summary(double secs)
{
	uint64_t sum[NR_OPS][NR_OUT] = { { 0 } }, total = 0, n;
	unsigned int unbinds[2] = { 0, 0 };
	char buf[16];
	int i, o, out;
	bool first;

	for (i = 0; i < nthreads; i++) {
		for (o = 0; o < NR_OPS; o++)
			for (out = 0; out < NR_OUT; out++)
				sum[o][out] += threads[i]->cnt[o][out];
		unbinds[0] += threads[i]->unbinds[0];
		unbinds[1] += threads[i]->unbinds[1];
	}
	for (o = 0; o < NR_OPS; o++)
		for (out = 0; out < NR_OUT; out++)
			total += sum[o][out];
	printf("daxrace: summary seed=%" PRIu64 " seconds=%.1f dev=%s align=%" PRIu64
	       " workers=%d rdma=%s ops=%" PRIu64 " unbinds_vma=%u unbinds_io=%u unexpected=%d corrupt=%d",
	       cfg.seed, secs, cfg.name, cfg.align, cfg.workers, rdma_pd ? "yes" : "no", total,
	       unbinds[0], unbinds[1], atomic_load(&unexpected_n), atomic_load(&corrupt_n));
	for (o = 0; o < NR_OPS; o++) {
		for (n = 0, out = 0; out < NR_OUT; out++)
			n += sum[o][out];
		if (!n)
			continue;
		printf(" %s=%" PRIu64 "(", op_names[o], n);
		first = true;
		for (out = 0; out < NR_OUT; out++) {
			if (!sum[o][out])
				continue;
			printf("%s%s:%" PRIu64, first ? "" : ",", out_name(out, buf, sizeof(buf)),
			       sum[o][out]);
			first = false;
		}
		printf(")");
	}
	printf("\n");
	slowest();
	fflush(stdout);
}

static void rdma_open(void)
{
	struct ibv_device **list = ibv_get_device_list(NULL);
	struct ibv_context *ctx;

	if (!list || !list[0])
		die("-R: no RDMA device: %s", strerror(errno));
	ctx = ibv_open_device(list[0]);
	if (!ctx)
		die("ibv_open_device %s: %s", ibv_get_device_name(list[0]), strerror(errno));
	rdma_pd = ibv_alloc_pd(ctx);
	if (!rdma_pd)
		die("ibv_alloc_pd: %s", strerror(errno));
	say("RDMA MRs on %s", ibv_get_device_name(list[0]));
	ibv_free_device_list(list);
}

static void usage(void)
{
	fprintf(stderr, "usage: daxrace [-s SEED] [-t SECONDS] [-j WORKERS] [-p vma|io] [-b BLKDEV]\n"
		"               [-w BOUND] [-R] [-k] /dev/daxX.Y\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sigbus };
	struct thr *mt, *ta, *tb, *tc;
	pthread_t wd;
	char path[512], buf[64];
	bool seeded = false;
	double start, next_note = 10, secs;
	int c, i, e, bfd;

	cfg.seconds = 20;
	cfg.workers = 4;
	cfg.bound = 30;
	while ((c = getopt(argc, argv, "s:t:j:p:b:w:Rk")) != -1) {
		switch (c) {
		case 's': cfg.seed = parse_size(optarg); seeded = true; break;
		case 't': cfg.seconds = atof(optarg); break;
		case 'j': cfg.workers = atoi(optarg); break;
		case 'p':
			if (strcmp(optarg, "vma") && strcmp(optarg, "io"))
				usage();
			cfg.mode0 = !strcmp(optarg, "io");
			break;
		case 'b': cfg.blkdev = optarg; break;
		case 'w': cfg.bound = atof(optarg); break;
		case 'R': cfg.rdma = true; break;
		case 'k': cfg.sysrq = true; break;
		default: usage();
		}
	}
	if (optind + 1 != argc || cfg.workers < 1 || cfg.workers > MAX_WORKERS ||
	    cfg.seconds <= 0 || cfg.bound <= 0)
		usage();
	cfg.dev = argv[optind];
	cfg.name = strrchr(cfg.dev, '/') ? strrchr(cfg.dev, '/') + 1 : cfg.dev;
	cfg.sysfs = getenv("DAXRACE_SYSFS") ? getenv("DAXRACE_SYSFS") : "";
	t0_ns = mono_ns();
	if (!seeded)
		cfg.seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);

	if (read_attr("size", buf, sizeof(buf)))
		die("%s: no size attribute: is it a dax device?", cfg.name);
	cfg.size = strtoull(buf, NULL, 0);
	if (read_attr("align", buf, sizeof(buf)))
		die("%s: no align attribute", cfg.name);
	cfg.align = strtoull(buf, NULL, 0);
	if (!dev_bound())
		die("%s is not bound to daxmgr", cfg.name);
	if (read_attr("state", buf, sizeof(buf)) || strcmp(buf, "live"))
		die("%s is not live (state '%s')", cfg.name, buf);
	snprintf(path, sizeof(path), "%s/sys/module/daxmgr/parameters/drain_timeout", cfg.sysfs);
	cfg.drain_timeout = read_file(path, buf, sizeof(buf)) ? 30 : atoi(buf);
	cfg.unbind_bound = cfg.bound + cfg.drain_timeout;
	if (cfg.align < 4096 || cfg.align > 2 * MIB)
		die("align %#" PRIx64 ": 4K and 2M devices only (the scratch area is 128M)", cfg.align);
	cfg.scratch_units = SCRATCH_LEN / cfg.align;
	cfg.max_units = cfg.align == 4096 ? MAX_UNITS : 8;
	cfg.stamp_off = SCRATCH_LEN;
	cfg.check_off = (cfg.size - CHECK_LEN) & ~(cfg.align - 1);
	if (cfg.stamp_off + cfg.workers * cfg.align > cfg.check_off)
		die("%s: %#" PRIx64 " bytes is too small for the layout", cfg.name, cfg.size);
	if (cfg.blkdev) {
		bfd = open(cfg.blkdev, O_RDONLY);
		if (bfd < 0)
			die("open %s: %s", cfg.blkdev, strerror(errno));
		cfg.blk_size = lseek(bfd, 0, SEEK_END);
		close(bfd);
		if (cfg.blk_size < 2 * MAX_IO)
			die("%s: too small", cfg.blkdev);
	}
	if (cfg.rdma)
		rdma_open();

	/*
	 * The main thread, the workers (threads[1 + i] is worker i), the
	 * others: all there before the watchdog looks at them.
	 */
	mt = thr_new("main", -1);
	mt->tid = gettid();
	self = mt;
	for (i = 0; i < cfg.workers; i++) {
		snprintf(buf, sizeof(buf), "worker%d", i);
		thr_new(buf, i);
	}
	ta = thr_new("admin", cfg.workers);
	tb = thr_new("binder", cfg.workers + 1);
	tc = thr_new("checker", cfg.workers + 2);
	e = attr_write(mt, OP_PIN_MODE, "pin_mode", mode_names[cfg.mode0], NULL);
	if (e)
		die("pin_mode %s: %s", mode_names[cfg.mode0], strerror(e));
	atomic_store(&desired_mode, cfg.mode0);
	setup_data();
	say("seed %" PRIu64 " dev %s size %#" PRIx64 " align %#" PRIx64 " pin_mode %s workers %d seconds %.0f bound %.0f s (unbind %.0f s) drain_timeout %u blkdev %s rdma %s",
	    cfg.seed, cfg.name, cfg.size, cfg.align, mode_names[cfg.mode0], cfg.workers,
	    cfg.seconds, cfg.bound, cfg.unbind_bound, cfg.drain_timeout,
	    cfg.blkdev ? cfg.blkdev : "none", rdma_pd ? "yes" : "no");
	say("layout: scratch 0+%#llx, stamps %#" PRIx64 "+%#" PRIx64 ", check area %#" PRIx64 "+%#llx (daxtest pattern %" PRIu64 ")",
	    SCRATCH_LEN, cfg.stamp_off, cfg.workers * cfg.align, cfg.check_off, CHECK_LEN, cfg.seed);

	sigaction(SIGBUS, &sa, NULL);
	sa.sa_sigaction = on_sigsegv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	start = now();
	wd_deadline = start + cfg.seconds + 4 * cfg.bound + 2 * cfg.drain_timeout + 60;
	if (pthread_create(&wd, NULL, watchdog, NULL))
		die("pthread_create");
	for (i = 0; i < cfg.workers; i++)
		if (pthread_create(&threads[1 + i]->pt, NULL, worker, threads[1 + i]))
			die("pthread_create");
	if (pthread_create(&ta->pt, NULL, admin, ta) ||
	    pthread_create(&tb->pt, NULL, binder, tb) ||
	    pthread_create(&tc->pt, NULL, checker, tc))
		die("pthread_create");

	while ((secs = now() - start) < cfg.seconds) {
		nap(cfg.seconds - secs < 1 ? cfg.seconds - secs : 1);
		if (now() - start >= next_note) {
			uint64_t ops = 0;

			for (i = 0; i < nthreads; i++)
				ops += threads[i]->ops;
			say("%.0f s: %" PRIu64 " operations, %lu revokes and unbinds begun, %d unexpected",
			    now() - start, ops, atomic_load(&kill_started), atomic_load(&unexpected_n));
			next_note += 10;
		}
	}
	atomic_store(&stop, 1);
	secs = now() - start;
	for (i = 1; i < nthreads; i++)
		pthread_join(threads[i]->pt, NULL);
	say("stopped after %.1f s; every thread has released what it held", secs);

	restore(mt);
	check_idle(mt);
	check_area(mt, 0, CHECK_LEN, true);
	check_stamps(mt);
	atomic_store(&wd_stop, 1);
	pthread_join(wd, NULL);
	summary(secs);
	return atomic_load(&unexpected_n) || atomic_load(&corrupt_n) ? 1 : 0;
}
