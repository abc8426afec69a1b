// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxbench: the guest-side measurements of `make bench` that fio does not
 * make.  Each subcommand prints "key=value" lines; bench/report.py turns
 * them into the results table.  Times come from CLOCK_MONOTONIC.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libpmem.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "daxbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	switch (*end) {
	case 'k': case 'K': v <<= 10; break;
	case 'm': case 'M': v <<= 20; break;
	case 'g': case 'G': v <<= 30; break;
	}
	return v;
}

static void *map(const char *dev, uint64_t len, int *fdp)
{
	int fd = open(dev, O_RDWR);
	void *p;

	if (fd < 0)
		die(dev);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap");
	*fdp = fd;
	return p;
}

/* map DEV and fault every page in, so that only the measured work faults */
static volatile char *map_faulted(const char *dev, uint64_t len, int *fdp)
{
	volatile char *p = map(dev, len, fdp);
	uint64_t i;

	for (i = 0; i < len; i += 4096)
		p[i] = 0;
	return p;
}

static int open_direct(const char *blk)
{
	int fd = open(blk, O_RDONLY | O_DIRECT);

	if (fd < 0)
		die(blk);
	return fd;
}

/* touch DEV LEN [STRIDE]: time to fault in LEN bytes (one store per STRIDE, 4K) */
static int cmd_touch(int argc, char **argv)
{
	uint64_t len = num(argv[1]), stride = argc > 2 ? num(argv[2]) : 4096, i;
	volatile char *p;
	double t0, t1;
	int fd;

	if (!stride)
		stride = 4096;
	p = map(argv[0], len, &fd);
	t0 = now();
	for (i = 0; i < len; i += stride)
		p[i] = 1;
	t1 = now();
	printf("touch_ms=%.3f\n", (t1 - t0) * 1e3);
	munmap((void *)p, len);
	close(fd);
	return 0;
}

/*
 * copy LEN SECS: the ceiling for dev-dax I/O in this guest: fio's dev-dax
 * engine moves 2M blocks with pmem_memcpy_persist() (writes) and memcpy()
 * (reads); do the same against anonymous hugepage memory.
 */
static int cmd_copy(char **argv)
{
	uint64_t len = num(argv[0]), bs = 2 << 20, off, n;
	double secs = atof(argv[1]), t0, t;
	char *mem, *buf;

	mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap anon");
	madvise(mem, len, MADV_HUGEPAGE);
	memset(mem, 1, len);
	if (posix_memalign((void **)&buf, 4096, bs))
		die("buffer");
	memset(buf, 2, bs);

	for (n = 0, off = 0, t0 = now(); (t = now()) - t0 < secs; n++) {
		pmem_memcpy_persist(mem + off, buf, bs);
		off = (off + bs) % len;
	}
	printf("write_MiBps=%.1f\n", n * (bs >> 20) / (t - t0));
	for (n = 0, off = 0, t0 = now(); (t = now()) - t0 < secs; n++) {
		memcpy(buf, mem + off, bs);
		off = (off + bs) % len;
	}
	printf("read_MiBps=%.1f\n", n * (bs >> 20) / (t - t0));
	return 0;
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* odirect DEV BLKDEV SECS: random 4K O_DIRECT reads into the mapping */
static int cmd_odirect(char **argv)
{
	uint64_t len = 256 << 20, blen, seed = 88172645463325252ULL, n = 0;
	double secs = atof(argv[2]), t0, t;
	volatile char *p;
	int fd, bfd;

	p = map_faulted(argv[0], len, &fd);
	bfd = open_direct(argv[1]);
	blen = lseek(bfd, 0, SEEK_END);
	for (t0 = now(); (t = now()) - t0 < secs; n++) {
		uint64_t src = rnd(&seed) % (blen / 4096) * 4096;
		uint64_t dst = rnd(&seed) % (len / 4096) * 4096;

		if (pread(bfd, (char *)p + dst, 4096, src) != 4096)
			die("pread");
	}
	printf("iops=%.0f\n", n / (t - t0));
	return 0;
}

static double coarse_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Spin in user mode for TICK_SETTLE_S, then until the next timer tick.
 * The kernel work timed after this may wait for normal RCU grace periods
 * (an unbind waits for three, in memunmap_pages()), and a normal grace
 * period ends on a tick: how long it takes depends on the tick phase at
 * which it starts and on whether a grace period (say one that our own
 * exec set off) is already under way.  Spinning in user mode is a
 * quiescent state at every tick, so the grace periods in flight end and
 * their callbacks run; the work then starts just after a tick with RCU
 * idle, the same state for every run and every driver.  The tick is seen
 * as CLOCK_MONOTONIC_COARSE moving, which happens at every tick while
 * the CPU is busy (NO_HZ stops the tick only when idle).
 */
#define TICK_SETTLE_S 0.05

static void tick_align(void)
{
	double t0 = now(), c;

	while (now() - t0 < TICK_SETTLE_S)
		;
	c = coarse_now();
	while (coarse_now() == c)
		;
}

struct dio_arg {
	int bfd;
	char *dst;
	uint64_t src;
	double done;	/* when pread returned: its pin was dropped just before */
};

static void *dio_thread(void *a)
{
	struct dio_arg *d = a;

	if (pread(d->bfd, d->dst, 4096, d->src) != 4096)
		perror("daxbench: in-flight pread");
	d->done = now();
	return NULL;
}

/*
 * unbind DEV BLKDEV N COMPLETION_MS: N O_DIRECT reads from a null_blk disk
 * that completes each after COMPLETION_MS go into the mapping, then the
 * device is unbound.  Reports how long unbind took and how much of that
 * was the I/O's own remaining time.
 */
static int cmd_unbind(char **argv)
{
	const char *name = strrchr(argv[0], '/') + 1;
	unsigned int nr = atoi(argv[2]), i;
	double completion = atof(argv[3]) / 1e3, t0, t1, remaining;
	uint64_t len = 64 << 20;
	struct dio_arg *args;
	pthread_t *threads;
	volatile char *p;
	int fd, bfd, ufd;

	p = map_faulted(argv[0], len, &fd);
	bfd = open_direct(argv[1]);
	/* the dax bus's unbind file: daxmgr's safe unbind runs inside */
	ufd = open("/sys/bus/dax/drivers/daxmgr/unbind", O_WRONLY);
	if (ufd < 0)
		die("unbind attribute");
	threads = calloc(nr + 1, sizeof(*threads));
	args = calloc(nr + 1, sizeof(*args));
	/*
	 * The reads complete COMPLETION_MS after they start, and the unbind's
	 * teardown (the RCU grace periods of memunmap_pages()) starts then:
	 * starting them just after a tick gives it the same tick phase in
	 * every run.
	 */
	tick_align();
	for (i = 0; i < nr; i++) {
		args[i] = (struct dio_arg){ .bfd = bfd, .dst = (char *)p + i * 4096 * 16,
					    .src = i * 4096 };
		pthread_create(&threads[i], NULL, dio_thread, &args[i]);
	}
	/* let every read reach the disk (and pin its page) */
	if (nr)
		usleep(200 * 1000);
	t0 = now();
	if (write(ufd, name, strlen(name)) < 0)
		die("unbind");
	t1 = now();
	for (i = 0; i < nr; i++)
		pthread_join(threads[i], NULL);
	/*
	 * The I/O's own remaining time: until the last read returned.  Not
	 * the threads' start + COMPLETION_MS: a read reaches the disk (and
	 * its timer starts) some ms after its thread starts, and that would
	 * count as unbind overhead.
	 */
	remaining = 0;
	for (i = 0; i < nr; i++)
		if (args[i].done - t0 > remaining)
			remaining = args[i].done - t0;
	if (nr && remaining < completion / 2)
		fprintf(stderr, "daxbench: the reads were not in flight at the unbind (%.0f ms left of %.0f)\n",
			remaining * 1e3, completion * 1e3);
	printf("unbind_ms=%.3f\nio_remaining_ms=%.3f\noverhead_ms=%.3f\n",
	       (t1 - t0) * 1e3, remaining * 1e3, (t1 - t0 - remaining) * 1e3);
	return 0;
}

/*
 * fault DEV: the first fault of a fresh mapping (open and mmap untimed),
 * in microseconds.
 */
static int cmd_fault(char **argv)
{
	volatile char *p;
	double t0, t1;
	int fd;

	p = map(argv[0], 2 << 20, &fd);
	t0 = now();
	p[0] = 1;
	t1 = now();
	printf("fault_us=%.3f\n", (t1 - t0) * 1e6);
	munmap((void *)p, 2 << 20);
	close(fd);
	return 0;
}

/*
 * write [--tick] FILE STRING: one write(2) of STRING into FILE (a sysfs
 * attribute: bind, unbind), timed alone: open and close are not counted.
 * --tick starts it just after a timer tick with RCU quiet (tick_align()).
 */
static int cmd_write(char **argv, bool tick)
{
	int fd = open(argv[0], O_WRONLY);
	double t0, t1;
	ssize_t rc;

	if (fd < 0)
		die(argv[0]);
	if (tick)
		tick_align();
	t0 = now();
	rc = write(fd, argv[1], strlen(argv[1]));
	t1 = now();
	if (rc < 0)
		die(argv[0]);
	close(fd);
	printf("ms=%.3f\n", (t1 - t0) * 1e3);
	return 0;
}

/* read FILE: open and read a sysfs attribute, timed; prints its value too */
static int cmd_read(char **argv)
{
	char buf[4096];
	double t0, t1;
	ssize_t n;
	int fd;

	t0 = now();
	fd = open(argv[0], O_RDONLY);
	if (fd < 0)
		die(argv[0]);
	n = read(fd, buf, sizeof(buf) - 1);
	t1 = now();
	if (n < 0)
		die(argv[0]);
	close(fd);
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	printf("us=%.3f\nvalue=%s\n", (t1 - t0) * 1e6, buf);
	return 0;
}

/*
 * run [--tick] OUT CMD [ARG...]: run a command (its stdout into OUT),
 * timed from fork to exit; prints ms= and exits with the command's
 * status.  --tick starts it just after a timer tick with RCU quiet.
 */
static int cmd_run(char **argv, bool tick)
{
	double t0, t1;
	int status;
	pid_t pid;

	if (tick)
		tick_align();
	t0 = now();
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		int fd = open(argv[0], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0)
			die(argv[0]);
		execvp(argv[1], argv + 1);
		die(argv[1]);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	t1 = now();
	printf("ms=%.3f\n", (t1 - t0) * 1e3);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int main(int argc, char **argv)
{
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "touch"))
		return cmd_touch(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "fault"))
		return cmd_fault(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "write"))
		return cmd_write(argv + 2, false);
	if (argc == 5 && !strcmp(argv[1], "write") && !strcmp(argv[2], "--tick"))
		return cmd_write(argv + 3, true);
	if (argc == 3 && !strcmp(argv[1], "read"))
		return cmd_read(argv + 2);
	if (argc >= 5 && !strcmp(argv[1], "run") && !strcmp(argv[2], "--tick"))
		return cmd_run(argv + 3, true);
	if (argc >= 4 && !strcmp(argv[1], "run"))
		return cmd_run(argv + 2, false);
	if (argc == 4 && !strcmp(argv[1], "copy"))
		return cmd_copy(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "odirect"))
		return cmd_odirect(argv + 2);
	if (argc == 6 && !strcmp(argv[1], "unbind"))
		return cmd_unbind(argv + 2);
	fprintf(stderr, "usage: daxbench touch DEV LEN [STRIDE] | copy LEN SECS | odirect DEV BLKDEV SECS |\n"
		"                unbind DEV BLKDEV NR_IO COMPLETION_MS | fault DEV |\n"
		"                write [--tick] FILE STRING | read FILE | run [--tick] OUT CMD [ARG...]\n");
	return 2;
}
