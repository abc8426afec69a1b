// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxtest: the guest-side checks of the VM tests, one subcommand each.
 * Every subcommand exits 0 when its expectation holds and 1 (with a line
 * on stderr saying what differed) when it does not, so a shell test can
 * simply chain them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libpmem.h>
#include <linux/io_uring.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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
#ifndef MADV_SOFT_OFFLINE
#define MADV_SOFT_OFFLINE 101
#endif
#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif

static const char *prog = "daxtest";

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: FAIL: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint64_t num(const char *s)
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

static const struct { const char *name; int val; } errnames[] = {
	{ "0", 0 }, { "EINVAL", EINVAL }, { "ENXIO", ENXIO }, { "EBUSY", EBUSY },
	{ "ENODEV", ENODEV }, { "EOPNOTSUPP", EOPNOTSUPP }, { "EPERM", EPERM },
	{ "EACCES", EACCES }, { "ENOENT", ENOENT }, { "ERANGE", ERANGE },
	{ "ENOSPC", ENOSPC }, { "EEXIST", EEXIST }, { "EINTR", EINTR },
};

static int errno_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (!strcmp(errnames[i].name, name))
			return errnames[i].val;
	die("unknown errno name '%s'", name);
}

static const char *errno_name(int e)
{
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].val == e)
			return errnames[i].name;
	return strerror(e);
}

static int open_dev(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	return fd;
}

static void *map_dev(int fd, uint64_t off, uint64_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_SHARED, fd, off);

	if (p == MAP_FAILED)
		die("mmap len %#" PRIx64 " off %#" PRIx64 ": %s", len, off, strerror(errno));
	return p;
}

/* The pattern word for byte offset @off of a fill seeded with @seed. */
static uint64_t pattern(uint64_t seed, uint64_t off)
{
	uint64_t z = seed ^ (off * 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* write PATH VALUE [ERRNO]: a sysfs store that must succeed or fail so */
static int cmd_write(int argc, char **argv)
{
	int want = argc > 3 ? errno_by_name(argv[3]) : 0;
	ssize_t n;
	int fd, got;

	/* a read-only attribute already refuses the open */
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		got = errno;
	} else {
		n = write(fd, argv[2], strlen(argv[2]));
		got = n < 0 ? errno : 0;
		close(fd);
	}
	if (got != want)
		die("write '%s' > %s: got %s, want %s", argv[2], argv[1],
		    errno_name(got), errno_name(want));
	return 0;
}

/* fill DEV OFF LEN SEED */
static int cmd_fill(int argc, char **argv)
{
	uint64_t off = num(argv[2]), len = num(argv[3]), seed = num(argv[4]);
	int fd = open_dev(argv[1], O_RDWR);
	uint64_t *p = map_dev(fd, off, len, PROT_READ | PROT_WRITE);
	uint64_t i;

	for (i = 0; i < len / 8; i++)
		p[i] = pattern(seed, off + i * 8);
	pmem_persist(p, len);
	munmap(p, len);
	close(fd);
	return 0;
}

/* verify DEV OFF LEN SEED */
static int cmd_verify(int argc, char **argv)
{
	uint64_t off = num(argv[2]), len = num(argv[3]), seed = num(argv[4]);
	int fd = open_dev(argv[1], O_RDONLY);
	uint64_t *p = map_dev(fd, off, len, PROT_READ);
	uint64_t i;

	for (i = 0; i < len / 8; i++)
		if (p[i] != pattern(seed, off + i * 8))
			die("%s: pattern %#" PRIx64 " differs at offset %#" PRIx64
			    ": %#" PRIx64 " != %#" PRIx64, argv[1], seed, off + i * 8,
			    p[i], pattern(seed, off + i * 8));
	munmap(p, len);
	close(fd);
	return 0;
}

/* touch DEV LEN STRIDE: one store per STRIDE bytes from offset 0 */
static int cmd_touch(int argc, char **argv)
{
	uint64_t len = num(argv[2]), stride = num(argv[3]), i;
	int fd = open_dev(argv[1], O_RDWR);
	volatile char *p = map_dev(fd, 0, len, PROT_READ | PROT_WRITE);

	for (i = 0; i < len; i += stride)
		p[i] = (char)i;
	munmap((void *)p, len);
	close(fd);
	return 0;
}

/* mmap DEV OFF LEN FLAGS ERRNO; FLAGS: shared private ro sync badflag */
static int cmd_mmap(int argc, char **argv)
{
	uint64_t off = num(argv[2]), len = num(argv[3]);
	int want = errno_by_name(argv[5]);
	int prot = PROT_READ | PROT_WRITE, flags = MAP_SHARED, oflags = O_RDWR;
	const char *f = argv[4];
	void *p;
	int fd, got;

	if (!strcmp(f, "private")) {
		flags = MAP_PRIVATE;
	} else if (!strcmp(f, "ro")) {
		prot = PROT_READ;
		oflags = O_RDONLY;
	} else if (!strcmp(f, "sync")) {
		flags = MAP_SHARED_VALIDATE | MAP_SYNC;
	} else if (!strcmp(f, "badflag")) {
		flags = MAP_SHARED_VALIDATE | 0x800000;	/* no such flag */
	} else if (strcmp(f, "shared")) {
		die("unknown mmap flags '%s'", f);
	}
	fd = open_dev(argv[1], oflags);
	p = mmap(NULL, len, prot, flags, fd, off);
	got = p == MAP_FAILED ? errno : 0;
	if (!got) {
		/* a mapping that was accepted must also be usable */
		*(volatile char *)p;
		munmap(p, len);
	}
	close(fd);
	if (got != want)
		die("mmap %s len %#" PRIx64 " off %#" PRIx64 ": got %s, want %s",
		    f, len, off, errno_name(got), errno_name(want));
	return 0;
}

/* align DEV LEN ALIGN: mmap(NULL) must come back ALIGN-aligned */
static int cmd_align(int argc, char **argv)
{
	uint64_t len = num(argv[2]), align = num(argv[3]);
	int fd = open_dev(argv[1], O_RDWR);
	void *p = map_dev(fd, 0, len, PROT_READ | PROT_WRITE);

	if ((uintptr_t)p & (align - 1))
		die("mmap(NULL) gave %p, not %#" PRIx64 "-aligned", p, align);
	munmap(p, len);
	close(fd);
	return 0;
}

/* smaps DEV LEN ALIGN: KernelPageSize of the mapping is the alignment */
static int cmd_smaps(int argc, char **argv)
{
	uint64_t len = num(argv[2]), align = num(argv[3]);
	int fd = open_dev(argv[1], O_RDWR);
	char *p = map_dev(fd, 0, len, PROT_READ | PROT_WRITE);
	char line[256], want[64];
	bool in = false, found = false;
	unsigned long lo, hi;
	FILE *f;

	f = fopen("/proc/self/smaps", "r");
	if (!f)
		die("open smaps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = lo == (unsigned long)p;
		if (in && !strncmp(line, "KernelPageSize:", 15)) {
			snprintf(want, sizeof(want), "%" PRIu64 " kB", align >> 10);
			if (!strstr(line, want))
				die("KernelPageSize line '%s' lacks '%s'", line, want);
			found = true;
		}
	}
	fclose(f);
	if (!found)
		die("mapping %p not found in smaps", p);
	munmap(p, len);
	close(fd);
	return 0;
}

/*
 * odirect DEV BLKDEV LEN: O_DIRECT from the mapping to a block device and
 * back into (a) pre-faulted and (b) never-faulted parts of the mapping.
 * GUP must resolve devmap pages in both directions.
 */
static int cmd_odirect(int argc, char **argv)
{
	uint64_t len = num(argv[3]), i;
	int fd = open_dev(argv[1], O_RDWR);
	int bfd = open(argv[2], O_RDWR | O_DIRECT);
	uint64_t *p, *src, *dst;
	ssize_t n;

	if (bfd < 0)
		die("open %s O_DIRECT: %s", argv[2], strerror(errno));
	p = map_dev(fd, 0, 3 * len, PROT_READ | PROT_WRITE);
	src = p;
	for (i = 0; i < len / 8; i++)
		src[i] = pattern(42, i * 8);

	n = pwrite(bfd, src, len, 0);
	if (n != (ssize_t)len)
		die("O_DIRECT write from mapping: %zd (%s)", n, strerror(errno));

	/* (a) destination faulted in first */
	dst = p + len / 8;
	memset(dst, 0, len);
	n = pread(bfd, dst, len, 0);
	if (n != (ssize_t)len)
		die("O_DIRECT read into faulted mapping: %zd (%s)", n, strerror(errno));
	if (memcmp(src, dst, len))
		die("O_DIRECT round trip (faulted destination) corrupted data");

	/* (b) destination never touched: GUP faults it in */
	dst = p + 2 * len / 8;
	n = pread(bfd, dst, len, 0);
	if (n != (ssize_t)len)
		die("O_DIRECT read into unfaulted mapping: %zd (%s)", n, strerror(errno));
	if (memcmp(src, dst, len))
		die("O_DIRECT round trip (unfaulted destination) corrupted data");

	munmap(p, 3 * len);
	close(bfd);
	close(fd);
	return 0;
}

/* fork DEV LEN: a child sees the parent's pre-faulted data and vice versa */
static int cmd_fork(int argc, char **argv)
{
	uint64_t len = num(argv[2]), i;
	int fd = open_dev(argv[1], O_RDWR);
	volatile uint64_t *p = map_dev(fd, 0, len, PROT_READ | PROT_WRITE);
	int status;
	pid_t pid;

	for (i = 0; i < len / 8; i += 512)
		p[i] = pattern(7, i * 8);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		for (i = 0; i < len / 8; i += 512)
			if (p[i] != pattern(7, i * 8))
				_exit(2);
		p[1] = 0xc0ffee;
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("child saw wrong data (status %#x)", status);
	if (p[1] != 0xc0ffee)
		die("parent does not see the child's store");
	munmap((void *)p, len);
	close(fd);
	return 0;
}

static sigjmp_buf sigbus_jmp;

static void on_sigbus(int sig)
{
	siglongjmp(sigbus_jmp, 1);
}

static void wait_for_file(const char *path)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	while (access(path, F_OK))
		nanosleep(&ts, NULL);
}

static void touch_file(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY, 0644);

	if (fd < 0)
		die("create %s: %s", path, strerror(errno));
	close(fd);
}

/*
 * hold DEV LEN READY GO: map and touch LEN bytes, create READY, wait for
 * GO to appear, then touch again.  Prints "sigbus" if that SIGBUSes and
 * "ok" if not; exit status 0 either way (the test decides).
 */
static int cmd_hold(int argc, char **argv)
{
	uint64_t len = num(argv[2]), i;
	int fd = open_dev(argv[1], O_RDWR);
	volatile char *p = map_dev(fd, 0, len, PROT_READ | PROT_WRITE);

	for (i = 0; i < len; i += 4096)
		p[i] = 1;
	touch_file(argv[3]);
	wait_for_file(argv[4]);
	signal(SIGBUS, on_sigbus);
	if (sigsetjmp(sigbus_jmp, 1)) {
		printf("sigbus\n");
		return 0;
	}
	for (i = 0; i < len; i += 4096)
		p[i] = 2;
	printf("ok\n");
	munmap((void *)p, len);
	close(fd);
	return 0;
}

/* open DEV ERRNO: open must succeed or fail so */
static int cmd_open(int argc, char **argv)
{
	int want = errno_by_name(argv[2]);
	int fd = open(argv[1], O_RDWR);
	int got = fd < 0 ? errno : 0;

	if (fd >= 0)
		close(fd);
	if (got != want)
		die("open %s: got %s, want %s", argv[1], errno_name(got), errno_name(want));
	return 0;
}

/*
 * openwait DEV READY GO ERRNO: open now, create READY, wait for GO, then
 * mmap 2M: that must succeed or fail with ERRNO (a file opened before a
 * quiesce or revoke).
 */
static int cmd_openwait(int argc, char **argv)
{
	int want = errno_by_name(argv[4]);
	int fd = open_dev(argv[1], O_RDWR);
	void *p;
	int got;

	touch_file(argv[2]);
	wait_for_file(argv[3]);
	p = mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	got = p == MAP_FAILED ? errno : 0;
	if (!got)
		munmap(p, 2 << 20);
	close(fd);
	if (got != want)
		die("mmap of an early fd: got %s, want %s", errno_name(got), errno_name(want));
	return 0;
}

/* blkfill BLKDEV LEN SEED: the pattern onto a block device, O_DIRECT */
static int cmd_blkfill(int argc, char **argv)
{
	uint64_t len = num(argv[2]), seed = num(argv[3]), i;
	int fd = open(argv[1], O_RDWR | O_DIRECT);
	uint64_t *buf;

	if (fd < 0)
		die("open %s: %s", argv[1], strerror(errno));
	if (posix_memalign((void **)&buf, 4096, len))
		die("out of memory");
	for (i = 0; i < len / 8; i++)
		buf[i] = pattern(seed, i * 8);
	if (pwrite(fd, buf, len, 0) != (ssize_t)len)
		die("write %s: %s", argv[1], strerror(errno));
	free(buf);
	close(fd);
	return 0;
}

/*
 * dio DEV BLKDEV LEN READY: map LEN bytes, fault them in, create READY and
 * read LEN bytes from BLKDEV into the mapping with O_DIRECT (the pages stay
 * pinned until the I/O completes).  Then touch the mapping again.  Prints
 * "dio=N" (bytes read, or -errno) and "sigbus" or "ok".
 */
static int cmd_dio(int argc, char **argv)
{
	uint64_t len = num(argv[3]), i;
	int fd = open_dev(argv[1], O_RDWR);
	int bfd = open(argv[2], O_RDONLY | O_DIRECT);
	volatile char *p;
	ssize_t n;

	if (bfd < 0)
		die("open %s: %s", argv[2], strerror(errno));
	p = map_dev(fd, 0, len, PROT_READ | PROT_WRITE);
	for (i = 0; i < len; i += 4096)
		p[i] = 0;
	touch_file(argv[4]);
	n = pread(bfd, (void *)p, len, 0);
	printf("dio=%zd\n", n < 0 ? -errno : n);
	fflush(stdout);
	signal(SIGBUS, on_sigbus);
	if (sigsetjmp(sigbus_jmp, 1)) {
		printf("sigbus\n");
		return 0;
	}
	p[0] = 1;
	printf("ok\n");
	return 0;
}

static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v;

	if (!f || fscanf(f, "%ld", &v) != 1)
		die("read %s", path);
	fclose(f);
	return v;
}

static void expect_mappings(const char *attr, long want, const char *step)
{
	long got = read_long(attr);

	if (got != want)
		die("after %s: vmas %ld, want %ld", step, got, want);
}

/*
 * vmaops DEV VMAS_ATTR READY GO: split, partial munmap, mremap and fork
 * must keep the device's vma count exact.  Ends holding one 2M vma; creates
 * READY, waits for GO, unmaps it and exits.
 */
static int cmd_vmaops(int argc, char **argv)
{
	const char *attr = argv[2];
	size_t M2 = 2 << 20;
	int fd = open_dev(argv[1], O_RDWR);
	char *p = map_dev(fd, 0, 8 * M2, PROT_READ | PROT_WRITE);
	char *q, *r;
	int pipefd[2], status;
	pid_t pid;
	char c;

	expect_mappings(attr, 1, "mmap");
	memset(p, 0x5a, 8 * M2);
	/* unmapping the middle splits one vma into two */
	if (munmap(p + 2 * M2, M2))
		die("munmap middle: %s", strerror(errno));
	expect_mappings(attr, 2, "munmap of the middle");
	/* mprotect of a piece splits again */
	if (mprotect(p + 4 * M2, M2, PROT_READ))
		die("mprotect: %s", strerror(errno));
	expect_mappings(attr, 4, "mprotect of a piece");
	/* unaligned splits are refused by may_split */
	if (!munmap(p + 6 * M2 + 4096, 4096))
		die("munmap of 4K inside a 2M-aligned mapping succeeded");
	expect_mappings(attr, 4, "refused unaligned munmap");
	/* mremap moves a vma: a new one is opened, the old one closed */
	q = mmap(NULL, 4 * M2, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (q == MAP_FAILED)
		die("reserve: %s", strerror(errno));
	r = (char *)(((uintptr_t)q + M2 - 1) & ~(M2 - 1));
	if (mremap(p, 2 * M2, 2 * M2, MREMAP_MAYMOVE | MREMAP_FIXED, r) != r)
		die("mremap: %s", strerror(errno));
	expect_mappings(attr, 4, "mremap");
	if (r[0] != 0x5a)
		die("data lost by mremap");
	/* fork duplicates every vma in the child */
	if (pipe(pipefd))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		close(pipefd[1]);
		if (read(pipefd[0], &c, 1) < 0)
			_exit(3);
		_exit(r[M2] == 0x5a ? 0 : 2);
	}
	close(pipefd[0]);
	expect_mappings(attr, 8, "fork");
	if (write(pipefd[1], "x", 1) != 1)
		die("pipe write");
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		die("child failed (status %#x)", status);
	expect_mappings(attr, 4, "child exit");
	/* close all but one 2M vma */
	munmap(r, 2 * M2);
	munmap(p + 3 * M2, 5 * M2);
	expect_mappings(attr, 0, "munmap of everything");
	p = map_dev(fd, 0, M2, PROT_READ | PROT_WRITE);
	expect_mappings(attr, 1, "a last mapping");
	close(fd);	/* the vma keeps the file */
	touch_file(argv[3]);
	wait_for_file(argv[4]);
	munmap(p, M2);
	return 0;
}

/* Number of vmas of this process that map @dev (maps ends with its path). */
static long maps_vmas_of(const char *dev)
{
	size_t dlen = strlen(dev), len;
	char line[512];
	long n = 0;
	FILE *f;

	f = fopen("/proc/self/maps", "r");
	if (!f)
		die("open /proc/self/maps");
	while (fgets(line, sizeof(line), f)) {
		len = strcspn(line, "\n");
		if (len > dlen && line[len - dlen - 1] == ' ' &&
		    !strncmp(line + len - dlen, dev, dlen))
			n++;
	}
	fclose(f);
	return n;
}

static void expect_vmas_exact(const char *dev, const char *attr, const char *step)
{
	long got = read_long(attr), want = maps_vmas_of(dev);

	if (got != want)
		die("after %s: %s reads %ld, /proc/self/maps has %ld vma(s)", step, attr, got, want);
}

/*
 * merge DEV VMAS_ATTR: mmap next to an existing vma of the same file at the
 * adjoining offset, where 6.12 may merge the new range into its neighbour
 * (vma_merge_new_range), on either side.  After every step the driver's
 * count must equal the vmas /proc/self/maps shows; 0 at the end.
 */
static int cmd_merge(int argc, char **argv)
{
	const char *dev = argv[1], *attr = argv[2];
	size_t M2 = 2 << 20;
	int fd = open_dev(dev, O_RDWR);
	char *p, *q;

	/* grow upwards: unmap the top, map it again at the next offset */
	p = map_dev(fd, 0, 4 * M2, PROT_READ | PROT_WRITE);
	expect_vmas_exact(dev, attr, "mmap 8M");
	if (munmap(p + 2 * M2, 2 * M2))
		die("munmap top: %s", strerror(errno));
	expect_vmas_exact(dev, attr, "munmap of the top 4M");
	q = mmap(p + 2 * M2, M2, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * M2);
	if (q == MAP_FAILED)
		die("mmap above: %s", strerror(errno));
	expect_vmas_exact(dev, attr, "mmap of 2M above at the next offset");
	memset(q, 1, M2);
	memset(p, 1, M2);
	if (munmap(p, 2 * M2) || munmap(q, M2))
		die("munmap: %s", strerror(errno));
	expect_vmas_exact(dev, attr, "munmap of everything (above)");

	/* grow downwards: unmap the bottom, map it again at the offset before */
	p = map_dev(fd, 0, 4 * M2, PROT_READ | PROT_WRITE);
	if (munmap(p, 2 * M2))
		die("munmap bottom: %s", strerror(errno));
	expect_vmas_exact(dev, attr, "munmap of the bottom 4M");
	q = mmap(p + M2, M2, PROT_READ | PROT_WRITE, MAP_SHARED, fd, M2);
	if (q == MAP_FAILED)
		die("mmap below: %s", strerror(errno));
	expect_vmas_exact(dev, attr, "mmap of 2M below at the offset before");
	memset(q, 2, M2);
	if (munmap(q, M2) || munmap(p + 2 * M2, 2 * M2))
		die("munmap: %s", strerror(errno));
	expect_vmas_exact(dev, attr, "munmap of everything (below)");
	if (read_long(attr))
		die("vmas %ld after everything was unmapped", read_long(attr));
	close(fd);
	return 0;
}

static void write_attr(const char *dir, const char *name, const char *val)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		die("write %s to %s: %s", val, path, strerror(errno));
	close(fd);
}

/* A MAP_FIXED mmap of @len at @addr (device offset @off) must fail with @want. */
static void expect_mmap_refused(void *addr, size_t len, int fd, uint64_t off,
				int want, const char *what)
{
	void *p = mmap(addr, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, off);

	if (p != MAP_FAILED)
		die("%s: mmap next to a mapping of the same file succeeded", what);
	if (errno != want)
		die("%s: mmap failed with %s, want %s", what, errno_name(errno), errno_name(want));
}

/*
 * extend DEV DEVDIR: an mmap next to a vma of the same file at the
 * adjoining offset, which 6.12 could serve by extending the neighbour
 * without calling ->mmap (vma_merge_new_range()), must be checked like
 * any other: refused past the device's end (ENXIO), unaligned (EINVAL)
 * and while the device is quiesced (EBUSY); mremap cannot grow a mapping
 * either (EFAULT).  DEVDIR: /sys/bus/dax/devices/daxX.Y of a 2M device.
 */
static int cmd_extend(int argc, char **argv)
{
	const char *dir = argv[2];
	size_t M2 = 2 << 20;
	char path[256];
	uint64_t size;
	char *r, *p, *q;
	int fd;

	snprintf(path, sizeof(path), "%s/size", dir);
	size = read_long(path);
	fd = open_dev(argv[1], O_RDWR);
	/* a 2M-aligned gap of 4M: the mapping at its start, room above it */
	r = mmap(NULL, 6 * M2, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		die("reserve: %s", strerror(errno));
	r = (char *)(((uintptr_t)r + M2 - 1) & ~(M2 - 1));
	munmap(r, 4 * M2);

	p = mmap(r, M2, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, size - M2);
	if (p == MAP_FAILED)
		die("mmap of the last 2M: %s", strerror(errno));
	p[0] = 1;
	expect_mmap_refused(r + M2, M2, fd, size, ENXIO, "2M past the end");
	munmap(r, 2 * M2);

	p = mmap(r, M2, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap of the first 2M: %s", strerror(errno));
	p[0] = 1;
	expect_mmap_refused(r + M2, 4096, fd, M2, EINVAL, "4K above a 2M mapping");
	munmap(r + M2, M2);
	errno = 0;
	if (mremap(p, M2, 2 * M2, 0) != MAP_FAILED || errno != EFAULT)
		die("mremap growing a mapping: %s, want EFAULT",
		    errno ? errno_name(errno) : "it grew");

	write_attr(dir, "quiesce", "1");
	expect_mmap_refused(r + M2, M2, fd, M2, EBUSY, "2M above while quiesced");
	munmap(r + M2, M2);
	write_attr(dir, "unquiesce", "1");
	q = mmap(r + M2, M2, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, M2);
	if (q == MAP_FAILED)
		die("mmap of 2M above once live again: %s", strerror(errno));
	q[0] = 2;
	if (p[0] != 1 || q[0] != 2)
		die("data of the two mappings");
	munmap(r, 2 * M2);
	close(fd);
	return 0;
}

/*
 * vmsplice DEV LEN READY GO: map LEN bytes, vmsplice the first 64K into a
 * pipe that nobody reads (the pipe keeps page references: a pin with no
 * I/O in flight), unmap and close the device, create READY, wait for GO,
 * close the pipe.  Prints "spliced=N".
 */
static int cmd_vmsplice(int argc, char **argv)
{
	uint64_t len = num(argv[2]);
	int fd = open_dev(argv[1], O_RDWR);
	char *p = map_dev(fd, 0, len, PROT_READ | PROT_WRITE);
	struct iovec iov = { .iov_base = p, .iov_len = 64 << 10 };
	int pfd[2];
	ssize_t n;

	if (len < iov.iov_len)
		die("map at least 64K");
	memset(p, 0x33, iov.iov_len);
	if (pipe(pfd))
		die("pipe: %s", strerror(errno));
	n = vmsplice(pfd[1], &iov, 1, SPLICE_F_NONBLOCK);
	if (n <= 0)
		die("vmsplice: %s", n < 0 ? strerror(errno) : "nothing spliced");
	printf("spliced=%zd\n", n);
	fflush(stdout);
	munmap(p, len);
	close(fd);
	touch_file(argv[3]);
	wait_for_file(argv[4]);
	close(pfd[0]);
	close(pfd[1]);
	return 0;
}

/*
 * pinmany DEV UNITS READY GO: pin UNITS 4K pages of a 4K device at once,
 * each vmspliced into one of as many pipes (1 MiB each) as that takes,
 * nobody reading them; unmap and close the device, create READY, wait for
 * GO, close the pipes.  Prints "pinned=N pipes=M".
 */
static int cmd_pinmany(int argc, char **argv)
{
	uint64_t units = num(argv[2]), done = 0;
	size_t len = units * 4096, pipe_bytes = 1 << 20;
	int fd = open_dev(argv[1], O_RDWR);
	char *p = map_dev(fd, 0, len, PROT_READ | PROT_WRITE);
	struct rlimit rl = { 16384, 16384 };
	int *pipes, npipes = 0, i;

	setrlimit(RLIMIT_NOFILE, &rl);
	pipes = calloc(2 * (units * 4096 / pipe_bytes + 2), sizeof(*pipes));
	if (!pipes)
		die("calloc");
	/* no stores: GUP faults the pages in */
	while (done < len) {
		struct iovec iov;
		ssize_t n;
		int *pfd = pipes + 2 * npipes;

		if (pipe(pfd))
			die("pipe %d: %s", npipes, strerror(errno));
		npipes++;
		if (fcntl(pfd[1], F_SETPIPE_SZ, (int)pipe_bytes) < 0)
			die("F_SETPIPE_SZ: %s", strerror(errno));
		iov.iov_base = p + done;
		iov.iov_len = len - done < pipe_bytes ? len - done : pipe_bytes;
		n = vmsplice(pfd[1], &iov, 1, SPLICE_F_NONBLOCK);
		if (n <= 0)
			die("vmsplice at %zu: %s", (size_t)done, n < 0 ? strerror(errno) : "nothing");
		done += n;
	}
	printf("pinned=%" PRIu64 " pipes=%d\n", units, npipes);
	fflush(stdout);
	munmap(p, len);
	close(fd);
	touch_file(argv[3]);
	wait_for_file(argv[4]);
	for (i = 0; i < 2 * npipes; i++)
		close(pipes[i]);
	free(pipes);
	return 0;
}

/* Pages of [p, p + len) with a present page-table entry (mincore()). */
static long present_pages(char *p, size_t len)
{
	unsigned char vec[1024];
	size_t i, n = len / 4096;
	long present = 0;

	if (n > sizeof(vec) || mincore(p, len, vec))
		die("mincore %p+%zu: %s", (void *)p, len, strerror(errno));
	for (i = 0; i < n; i++)
		present += vec[i] & 1;
	return present;
}

static char *map_dev_at(char *addr, int fd, uint64_t off, size_t len)
{
	char *p = mmap(addr, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, off);

	if (p == MAP_FAILED)
		die("mmap %zu at %p, offset %#" PRIx64 ": %s", len, (void *)addr, off, strerror(errno));
	return p;
}

/* A 2M-aligned free range of @len bytes. */
static char *reserve_aligned(size_t len)
{
	size_t M2 = 2 << 20;
	char *r = mmap(NULL, len + M2, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (r == MAP_FAILED)
		die("reserve: %s", strerror(errno));
	r = (char *)(((uintptr_t)r + M2 - 1) & ~(M2 - 1));
	munmap(r, len);
	return r;
}

struct fa_ctx {
	const char *dir;
	char path[256];
	long faults;
};

/* The step's faults and present pages, against what they must be. */
static void fa_expect(struct fa_ctx *c, const char *step, long faults,
		      char *p, size_t len, long present)
{
	long f = read_long(c->path) - c->faults, got = present_pages(p, len);

	if (f != faults || got != present)
		die("%s: %ld fault(s) and %ld present page(s), want %ld and %ld",
		    step, f, got, faults, present);
	c->faults += f;
}

/*
 * faultaround DEV DEVDIR: a 4K device with the window at its default
 * (DEVDIR/fault_around_bytes, 64K): a fault that follows a mapped page
 * maps its aligned window (the first of a run maps its page only), by
 * reads and writes alike, within the vma (mprotect and munmap split it)
 * and the device; with the window at 0, one page; a page mapped around a
 * fault counts as touched (a vmsplice of it shows in pinned_pages); a
 * revoke zaps it too.  Counts faults (faults_pte) and present entries
 * (mincore()) at every step.
 */
static int cmd_faultaround(int argc, char **argv)
{
	struct fa_ctx c = { .dir = argv[2] };
	size_t W, K4 = 4096, M4 = 4 << 20;
	struct iovec iov;
	char path[256], *r, *p, *q;
	uint64_t size;
	int fd, pfd[2];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%s/fault_around_bytes", c.dir);
	W = read_long(path);
	if (W != 65536)
		die("fault_around_bytes %zu, want the default 65536", W);
	snprintf(path, sizeof(path), "%s/size", c.dir);
	size = read_long(path);
	snprintf(c.path, sizeof(c.path), "%s/faults_pte", c.dir);
	c.faults = read_long(c.path);
	fd = open_dev(argv[1], O_RDWR);
	r = reserve_aligned(3 * M4);
	p = map_dev_at(r, fd, 0, M4);

	/* the first fault of a run maps its page; the next, its window */
	(void)*(volatile char *)(p + 0x12000);
	fa_expect(&c, "a first read", 1, p, M4, 1);
	(void)*(volatile char *)(p + 0x13000);
	fa_expect(&c, "the next read", 1, p, M4, 16);
	if (present_pages(p + 0x10000, W) != 16)
		die("the read's window is not [0x10000, 0x20000)");
	p[0x20000] = 1;
	fa_expect(&c, "a write after the window", 1, p, M4, 32);
	(void)*(volatile char *)(p + 0x11000);
	fa_expect(&c, "read of a page mapped around", 0, p, M4, 32);
	p[0x40000] = 1;
	fa_expect(&c, "a write after a gap", 1, p, M4, 33);

	/* a vma of 3 pages inside a window: the window stops at its ends */
	q = map_dev_at(r + M4 + K4, fd, 2 << 20, 3 * K4);
	q[0] = 1;
	q[K4] = 1;
	fa_expect(&c, "vma of 3 pages", 2, q, 3 * K4, 3);
	/* the device's last 2 pages, at the end of a window */
	munmap(q, 3 * K4);
	q = map_dev_at(r + M4 + 0xd000, fd, size - 3 * K4, 3 * K4);
	q[0] = 1;
	q[K4] = 1;
	fa_expect(&c, "the device's last 3 pages", 2, q, 3 * K4, 3);
	munmap(q, 3 * K4);

	/* mprotect splits a window: each part maps up to its vma's end */
	if (mprotect(p + 0x81000, K4, PROT_READ))
		die("mprotect: %s", strerror(errno));
	p[0x7f000] = 1;
	p[0x80000] = 1;
	p[0x82000] = 1;
	p[0x83000] = 1;
	fa_expect(&c, "around an mprotect split", 4, p + 0x80000, W, 15);
	/* munmap makes a hole: nothing is mapped into it */
	munmap(p + 0xa4000, K4);
	p[0x9f000] = 1;
	p[0xa0000] = 1;
	fa_expect(&c, "below a hole", 2, p + 0xa0000, 4 * K4, 4);
	p[0xa5000] = 1;
	p[0xa6000] = 1;
	fa_expect(&c, "above a hole", 2, p + 0xa5000, 11 * K4, 11);

	/* the window at 0: one page a fault */
	write_attr(c.dir, "fault_around_bytes", "0");
	p[0x100000] = 1;
	p[0x101000] = 1;
	fa_expect(&c, "window 0", 2, p + 0x100000, W, 2);
	write_attr(c.dir, "fault_around_bytes", "65536");

	/* fork: the child sees what the parent wrote, through its own faults */
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid)
		_exit(p[0x20000] == 1 && p[0x83000] == 1 ? 0 : 2);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		die("child saw other data (status %#x)", status);

	/* a page only mapped around a fault is counted when pinned */
	snprintf(path, sizeof(path), "%s/pinned_pages", c.dir);
	if (read_long(path))
		die("pinned_pages %ld before the vmsplice", read_long(path));
	if (pipe(pfd))
		die("pipe: %s", strerror(errno));
	iov.iov_base = p + 0x1f000;
	iov.iov_len = K4;
	if (vmsplice(pfd[1], &iov, 1, SPLICE_F_NONBLOCK) != (ssize_t)K4)
		die("vmsplice: %s", strerror(errno));
	if (read_long(path) != 1)
		die("pinned_pages %ld with a page mapped around a fault in a pipe", read_long(path));
	close(pfd[0]);
	close(pfd[1]);
	if (read_long(path))
		die("pinned_pages %ld after the pipe closed", read_long(path));

	/* a revoke zaps the pages mapped around faults too */
	write_attr(c.dir, "revoke", "1");
	if (present_pages(p, M4 / 8))
		die("%ld page(s) still present after the revoke", present_pages(p, M4 / 8));
	munmap(p, M4);
	close(fd);
	return 0;
}

/*
 * uring DEV LEN ERRNO READY GO [unmap]: map LEN bytes and register them as
 * an io_uring fixed buffer (IORING_REGISTER_BUFFERS, raw syscalls), which
 * must succeed or fail with ERRNO.  Registered buffers are long-term pins
 * (6.12's io_pin_pages(); 6.1 pins, then refuses file-backed vmas other
 * than shmem and unpins: EOPNOTSUPP).  On success prints "registered",
 * optionally unmaps the range and closes DEV ("unmapped"), creates READY,
 * waits for GO, touches the range if still mapped ("ok" or "sigbus"), and
 * unregisters the buffer ("unregistered").  A refusal prints "refused=E".
 */
static int cmd_uring(int argc, char **argv)
{
	uint64_t len = num(argv[2]), i;
	int want = errno_by_name(argv[3]);
	int unmap = argc > 6 && !strcmp(argv[6], "unmap");
	struct io_uring_params params;
	struct iovec iov;
	int fd = open_dev(argv[1], O_RDWR);
	volatile char *p = map_dev(fd, 0, len, PROT_READ | PROT_WRITE);
	int ring;
	long rc;

	if (argc > 6 && !unmap)
		die("the last argument is 'unmap' or nothing");
	for (i = 0; i < len; i += 4096)
		(void)p[i];
	memset(&params, 0, sizeof(params));
	ring = (int)syscall(__NR_io_uring_setup, 4, &params);
	if (ring < 0)
		die("io_uring_setup: %s", strerror(errno));
	iov.iov_base = (void *)p;
	iov.iov_len = len;
	rc = syscall(__NR_io_uring_register, ring, IORING_REGISTER_BUFFERS, &iov, 1);
	if (rc < 0 && errno == want) {
		printf("refused=%s\n", errno_name(errno));
		return 0;
	}
	if (rc < 0)
		die("IORING_REGISTER_BUFFERS over %s: %s, want %s", argv[1],
		    errno_name(errno), errno_name(want));
	if (want)
		die("IORING_REGISTER_BUFFERS over %s succeeded, want %s", argv[1],
		    errno_name(want));
	printf("registered\n");
	if (unmap) {
		munmap((void *)p, len);
		close(fd);
		p = NULL;
		printf("unmapped\n");
	}
	fflush(stdout);
	touch_file(argv[4]);
	wait_for_file(argv[5]);
	if (p) {
		signal(SIGBUS, on_sigbus);
		if (sigsetjmp(sigbus_jmp, 1)) {
			printf("sigbus\n");
		} else {
			for (i = 0; i < len; i += 4096)
				(void)p[i];
			printf("ok\n");
		}
	}
	if (syscall(__NR_io_uring_register, ring, IORING_UNREGISTER_BUFFERS, NULL, 0) < 0)
		die("IORING_UNREGISTER_BUFFERS: %s", strerror(errno));
	printf("unregistered\n");
	close(ring);
	return 0;
}

static volatile sig_atomic_t sigbus_code;

static void on_sigbus_info(int sig, siginfo_t *si, void *uc)
{
	sigbus_code = si->si_code;
	siglongjmp(sigbus_jmp, 1);
}

/*
 * poison DEV ALIGN: like ndctl's dax-poison test.  MADV_SOFT_OFFLINE must
 * fail on device memory, and MADV_HWPOISON must reach memory_failure(),
 * which finds this process through page->mapping/index and kills it with
 * SIGBUS BUS_MCEERR_AR.
 */
static int cmd_poison(int argc, char **argv)
{
	uint64_t align = num(argv[2]);
	struct sigaction sa = { .sa_sigaction = on_sigbus_info, .sa_flags = SA_SIGINFO };
	int fd = open_dev(argv[1], O_RDWR);
	bool around = argc > 3 && !strcmp(argv[3], "around");
	volatile char *p;

	if (around) {
		/* a 4K device: the page poisoned was mapped around a fault */
		p = mmap(NULL, 16 * align, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			die("mmap: %s", strerror(errno));
		p[0] = 1;
		p += 5 * align;
	} else {
		p = mmap(NULL, align, PROT_READ | PROT_WRITE,
			 MAP_SHARED_VALIDATE | MAP_SYNC | MAP_POPULATE, fd, 0);
		if (p == MAP_FAILED)
			die("mmap MAP_SYNC|MAP_POPULATE: %s", strerror(errno));
		p[0] = 1;
	}
	if (!madvise((void *)p, 4096, MADV_SOFT_OFFLINE))
		die("MADV_SOFT_OFFLINE of device memory succeeded");
	sigaction(SIGBUS, &sa, NULL);
	if (sigsetjmp(sigbus_jmp, 1)) {
		if (sigbus_code != BUS_MCEERR_AR)
			die("SIGBUS with si_code %d, want BUS_MCEERR_AR", sigbus_code);
		return 0;
	}
	if (madvise((void *)p, 4096, MADV_HWPOISON))
		die("MADV_HWPOISON: %s", strerror(errno));
	/* memory_failure() may signal on the access rather than at once */
	p[0] = 2;
	die("no SIGBUS after MADV_HWPOISON");
}

/*
 * pollattr ATTR READY_FILE TIMEOUT_MS: wait in poll() for a sysfs_notify()
 * of ATTR, as libdaxmgr does; prints "notified VALUE" or "timeout".
 */
static int cmd_pollattr(int argc, char **argv)
{
	struct pollfd pfd = { .events = POLLPRI | POLLERR };
	char buf[64];
	ssize_t n;
	int fd, rc;

	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		die("open %s: %s", argv[1], strerror(errno));
	if (pread(fd, buf, sizeof(buf), 0) < 0)	/* arms the poll */
		die("read %s: %s", argv[1], strerror(errno));
	close(open(argv[2], O_WRONLY | O_CREAT, 0644));
	pfd.fd = fd;
	rc = poll(&pfd, 1, (int)num(argv[3]));
	if (rc < 0)
		die("poll %s: %s", argv[1], strerror(errno));
	if (!rc) {
		printf("timeout\n");
		return 0;
	}
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	printf("notified %s", buf);
	return 0;
}

static const struct {
	const char *name;
	int args;
	int (*fn)(int argc, char **argv);
	const char *usage;
} cmds[] = {
	{ "write", 2, cmd_write, "PATH VALUE [ERRNO]" },
	{ "fill", 4, cmd_fill, "DEV OFF LEN SEED" },
	{ "verify", 4, cmd_verify, "DEV OFF LEN SEED" },
	{ "touch", 3, cmd_touch, "DEV LEN STRIDE" },
	{ "mmap", 5, cmd_mmap, "DEV OFF LEN shared|private|ro|sync|badflag ERRNO" },
	{ "align", 3, cmd_align, "DEV LEN ALIGN" },
	{ "smaps", 3, cmd_smaps, "DEV LEN ALIGN" },
	{ "odirect", 3, cmd_odirect, "DEV BLKDEV LEN" },
	{ "fork", 2, cmd_fork, "DEV LEN" },
	{ "hold", 4, cmd_hold, "DEV LEN READY_FILE GO_FILE" },
	{ "open", 2, cmd_open, "DEV ERRNO" },
	{ "openwait", 4, cmd_openwait, "DEV READY_FILE GO_FILE ERRNO" },
	{ "blkfill", 3, cmd_blkfill, "BLKDEV LEN SEED" },
	{ "dio", 4, cmd_dio, "DEV BLKDEV LEN READY_FILE" },
	{ "vmaops", 4, cmd_vmaops, "DEV VMAS_ATTR READY_FILE GO_FILE" },
	{ "poison", 2, cmd_poison, "DEV ALIGN [around]" },
	{ "merge", 2, cmd_merge, "DEV VMAS_ATTR" },
	{ "extend", 2, cmd_extend, "DEV DEVDIR" },
	{ "vmsplice", 4, cmd_vmsplice, "DEV LEN READY_FILE GO_FILE" },
	{ "pinmany", 4, cmd_pinmany, "DEV UNITS READY_FILE GO_FILE" },
	{ "faultaround", 2, cmd_faultaround, "DEV DEVDIR" },
	{ "pollattr", 3, cmd_pollattr, "ATTR READY_FILE TIMEOUT_MS" },
	{ "uring", 5, cmd_uring, "DEV LEN ERRNO READY_FILE GO_FILE [unmap]" },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc >= 2) {
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
			if (strcmp(argv[1], cmds[i].name))
				continue;
			if (argc - 2 < cmds[i].args)
				break;
			return cmds[i].fn(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "usage:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(stderr, "  %s %s %s\n", prog, cmds[i].name, cmds[i].usage);
	return 2;
}
