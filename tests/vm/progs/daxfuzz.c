// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxfuzz: seeded random valid and invalid writes to daxmgr's sysfs files
 * (the driver's new_id, remove_id, bind and unbind, device_dax's bind and
 * unbind, and every attribute daxmgr adds to a device it serves), each
 * checked against a model of what the kernel must do: the errno of every
 * write, and after it every device's driver, state and pin_mode, and the
 * absence of our attributes on a device we do not serve.
 *
 * usage: daxfuzz INPUTS SEED DEV...
 * Each DEV (e.g. dax0.0) must exist and be bound to device_dax; at the end
 * every DEV is bound to device_dax again and out of daxmgr's id list.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUS "/sys/bus/dax"
#define DM BUS "/drivers/daxmgr"
#define DD BUS "/drivers/device_dax"
#define MAX_DEVS 8

enum driver { NONE, DEVICE_DAX, DAXMGR };
static const char *const driver_names[] = { "", "device_dax", "daxmgr" };
enum state { LIVE, QUIESCED, REVOKED };
static const char *const state_names[] = { "live", "quiesced", "revoked" };

struct mdev {
	const char *name;
	enum driver driver;
	bool in_ids;		/* named in daxmgr's new_id list */
	enum state state;	/* while bound to daxmgr */
	bool io;
};

static struct mdev devs[MAX_DEVS];
static int nr_devs;
static uint64_t seed, first_seed;
static unsigned long nr_inputs, nr_binds;

static void __attribute__((noreturn, format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "daxfuzz: FAIL at input %lu (seed %" PRIu64 "): ", nr_inputs, first_seed);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint64_t rnd(void)
{
	/* splitmix64: reproducible from the seed alone */
	uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t pick(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* write VAL to PATH: 0 or the errno */
static int put(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), rc = 0;

	nr_inputs++;
	if (fd < 0)
		return errno;
	if (write(fd, val, strlen(val)) < 0)
		rc = errno;
	close(fd);
	return rc;
}

static void get(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		fail("open %s: %s", path, strerror(errno));
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		fail("read %s: %s", path, strerror(errno));
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static void expect(int got, int want, const char *what, const char *val)
{
	if (got != want)
		fail("%s '%s': got %s, want %s", what, val, got ? strerror(got) : "success",
		     want ? strerror(want) : "success");
}

static void attr_path(char *buf, size_t len, const struct mdev *d, const char *attr)
{
	snprintf(buf, len, BUS "/devices/%s/%s", d->name, attr);
}

static enum driver read_driver(const struct mdev *d)
{
	char path[128], target[PATH_MAX];
	const char *base;
	ssize_t n;
	int i;

	attr_path(path, sizeof(path), d, "driver");
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return NONE;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	for (i = DEVICE_DAX; i <= DAXMGR; i++)
		if (!strcmp(base, driver_names[i]))
			return i;
	fail("%s bound to an unexpected driver %s", d->name, base);
}

/* The device as sysfs shows it must be the device as the model has it. */
static void check_dev(const struct mdev *d)
{
	char path[128], buf[64];
	enum driver drv = read_driver(d);

	if (drv != d->driver)
		fail("%s driver '%s', model '%s'", d->name, driver_names[drv],
		     driver_names[d->driver]);
	attr_path(path, sizeof(path), d, "pin_mode");
	if (d->driver != DAXMGR) {
		if (!access(path, F_OK))
			fail("%s has daxmgr attributes under %s", d->name,
			     driver_names[d->driver]);
		return;
	}
	get(path, buf, sizeof(buf));
	if (strcmp(buf, d->io ? "io" : "vma"))
		fail("%s pin_mode %s, model %s", d->name, buf, d->io ? "io" : "vma");
	attr_path(path, sizeof(path), d, "state");
	get(path, buf, sizeof(buf));
	if (strcmp(buf, state_names[d->state]))
		fail("%s state %s, model %s", d->name, buf, state_names[d->state]);
	attr_path(path, sizeof(path), d, "vmas");
	get(path, buf, sizeof(buf));
	if (strcmp(buf, "0"))
		fail("%s vmas %s with nothing mapped", d->name, buf);
}

static void garbage(char *buf, size_t len)
{
	static const char chars[] = "0123456789daxX.#%-+:\t ";
	size_t n = 1 + pick(len - 2), i;

	for (i = 0; i < n; i++)
		buf[i] = chars[pick(sizeof(chars) - 1)];
	buf[n] = '\0';
	/* a '#' makes it no dax device name, whatever else came out */
	buf[pick(n)] = '#';
}

/* daxmgr binds @d: a probe, which starts every binding live, at vma */
static void bound_to_daxmgr(struct mdev *d)
{
	d->driver = DAXMGR;
	d->state = LIVE;
	d->io = false;
	nr_binds++;
}

/* new_id / remove_id with a real name, a made-up one, or garbage */
static void op_ids(struct mdev *d)
{
	bool add = pick(2);
	const char *file = add ? DM "/new_id" : DM "/remove_id";
	char val[48];
	int i;

	switch (pick(4)) {
	case 0:
		garbage(val, 16);
		expect(put(file, val), EINVAL, file, val);
		return;
	case 1:
		/* well-formed, no such device: the list takes it */
		snprintf(val, sizeof(val), "dax%d.%d", 40 + (int)pick(20), (int)pick(4));
		expect(put(file, val), 0, file, val);
		if (add)
			expect(put(DM "/remove_id", val), 0, "remove_id", val);
		break;
	default:
		snprintf(val, sizeof(val), "%s%s", d->name, pick(2) ? "\n" : "");
		expect(put(file, val), 0, file, val);
		d->in_ids = add;
	}
	/* every new_id runs driver_attach: each unbound device it names binds */
	for (i = 0; add && i < nr_devs; i++)
		if (devs[i].in_ids && devs[i].driver == NONE)
			bound_to_daxmgr(&devs[i]);
}

/* bind or unbind, to daxmgr or device_dax, a device or a bad name */
static void op_bind(struct mdev *d)
{
	bool unbind = pick(2), ours = pick(3) != 0;
	const char *drvdir = ours ? DM : DD;
	enum driver drv = ours ? DAXMGR : DEVICE_DAX;
	char file[96], val[48];
	int want, i;

	snprintf(file, sizeof(file), "%s/%s", drvdir, unbind ? "unbind" : "bind");
	if (pick(6) == 0) {
		snprintf(val, sizeof(val), pick(2) ? "dax%d.0" : "region%d", 30 + (int)pick(9));
		expect(put(file, val), ENODEV, file, val);
		return;
	}
	snprintf(val, sizeof(val), "%s", d->name);
	if (unbind) {
		want = d->driver == drv ? 0 : ENODEV;
		expect(put(file, val), want, file, val);
		if (!want)
			d->driver = NONE;
		/* an unbind from daxmgr takes the device off its id list */
		if (!want && drv == DAXMGR)
			d->in_ids = false;
		return;
	}
	/* daxmgr's own bind binds what it is told, listed or not */
	want = d->driver != NONE ? EBUSY : 0;
	expect(put(file, val), want, file, val);
	if (want)
		return;
	if (drv == DEVICE_DAX) {
		d->driver = DEVICE_DAX;
		return;
	}
	/* listed again, by new_id, which attaches every listed unbound device */
	bound_to_daxmgr(d);
	d->in_ids = true;
	for (i = 0; i < nr_devs; i++)
		if (devs[i].in_ids && devs[i].driver == NONE)
			bound_to_daxmgr(&devs[i]);
}

static void op_pin_mode(struct mdev *d)
{
	static const char *const invalid[] = { " ", "VMA", "i", "ioo", "vma io", "1", "vma\n\n" };
	char path[128];
	int k;

	attr_path(path, sizeof(path), d, "pin_mode");
	if (pick(2)) {
		d->io = pick(2);
		expect(put(path, d->io ? "io\n" : "vma"), 0, "pin_mode", d->io ? "io" : "vma");
	} else {
		k = pick(sizeof(invalid) / sizeof(invalid[0]));
		expect(put(path, invalid[k]), EINVAL, "pin_mode", invalid[k]);
	}
}

static void op_trigger(struct mdev *d)
{
	static const char *const names[] = { "quiesce", "unquiesce", "revoke" };
	static const char *const invalid[] = { "0", "2", "y", "on", "1x", " 1", "11", "yes" };
	int which = pick(3);
	char path[128];
	const char *val;

	attr_path(path, sizeof(path), d, names[which]);
	if (pick(4) == 0) {
		val = invalid[pick(sizeof(invalid) / sizeof(invalid[0]))];
		expect(put(path, val), EINVAL, names[which], val);
		return;
	}
	val = pick(2) ? "1" : "1\n";
	expect(put(path, val), 0, names[which], val);
	if (which == 0 && d->state == LIVE)
		d->state = QUIESCED;
	else if (which == 1)
		d->state = LIVE;	/* nothing is pinned: no fence */
	else if (which == 2)
		d->state = REVOKED;
}

static void op_readonly(struct mdev *d)
{
	static const char *const ro[] = { "state", "vmas", "pinned_pages", "faults_pte",
					  "faults_pmd", "faults_pud" };
	char path[128];
	const char *attr = ro[pick(sizeof(ro) / sizeof(ro[0]))];

	attr_path(path, sizeof(path), d, attr);
	expect(put(path, "1"), EACCES, attr, "1");
}

/* an attribute of ours on a device we do not serve is not there */
static void op_absent(struct mdev *d)
{
	char path[128];

	attr_path(path, sizeof(path), d, pick(2) ? "revoke" : "pin_mode");
	expect(put(path, "1"), ENOENT, path, "1");
}

int main(int argc, char **argv)
{
	unsigned long inputs;
	struct mdev *d;
	int i;

	if (argc < 4 || argc - 3 > MAX_DEVS) {
		fprintf(stderr, "usage: daxfuzz INPUTS SEED DEV...\n");
		return 2;
	}
	inputs = strtoul(argv[1], NULL, 0);
	seed = first_seed = strtoull(argv[2], NULL, 0);
	for (i = 3; i < argc; i++) {
		devs[nr_devs] = (struct mdev){ .name = argv[i], .driver = DEVICE_DAX };
		check_dev(&devs[nr_devs++]);
	}
	printf("daxfuzz: %d device(s), %lu inputs, seed %s\n", nr_devs, inputs, argv[2]);

	while (nr_inputs < inputs) {
		unsigned int op = pick(100);

		d = &devs[pick(nr_devs)];
		if (op < 15)
			op_ids(d);
		else if (op < 40)
			op_bind(d);
		else if (d->driver != DAXMGR)
			op_absent(d);
		else if (op < 55)
			op_pin_mode(d);
		else if (op < 85)
			op_trigger(d);
		else
			op_readonly(d);
		for (i = 0; i < nr_devs; i++)
			check_dev(&devs[i]);
	}
	/* give everything back to device_dax */
	for (i = 0; i < nr_devs; i++) {
		d = &devs[i];
		if (d->driver == DAXMGR)
			expect(put(DM "/unbind", d->name), 0, "final unbind", d->name);
		expect(put(DM "/remove_id", d->name), 0, "final remove_id", d->name);
		if (d->driver != DEVICE_DAX)
			expect(put(DD "/bind", d->name), 0, "final bind", d->name);
		d->driver = DEVICE_DAX;
		d->in_ids = false;
		check_dev(d);
	}
	printf("daxfuzz: %lu inputs, %lu daxmgr bindings, model held\n", nr_inputs, nr_binds);
	return 0;
}
