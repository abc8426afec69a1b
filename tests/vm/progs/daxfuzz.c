// SPDX-License-Identifier: GPL-2.0
/*
 * daxfuzz: seeded random valid and invalid writes to every daxmgr sysfs
 * attribute, each checked against a model of what the driver must do:
 * the errno of every write, and every device's state, align and pin_mode
 * after it.  Creates and deletes devices over random ranges, inside and
 * outside the region, misaligned and overlapping.
 *
 * usage: daxfuzz REGION_START REGION_SIZE INPUTS SEED
 * The region must be free (namespace disabled) and no device may exist.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUS "/sys/bus/daxmgr"
#define M2 ((uint64_t)2 << 20)
#define G1 ((uint64_t)1 << 30)
#define MAX_DEVS 256

enum state { DISABLED, LIVE, QUIESCED, REVOKED };
static const char *const state_names[] = { "disabled", "live", "quiesced", "revoked" };

struct mdev {
	bool used;
	int id;
	uint64_t start, size, align;
	enum state state;
	bool io;
};

static struct mdev devs[MAX_DEVS];
static uint64_t region_start, region_size, seed, first_seed;
static unsigned long nr_inputs, nr_created, nr_deleted;

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
	snprintf(buf, len, BUS "/devices/pmemdax%d/%s", d->id, attr);
}

/* The device as sysfs shows it must be the device as the model has it. */
static void check_dev(const struct mdev *d)
{
	char path[128], buf[64];
	uint64_t v;

	attr_path(path, sizeof(path), d, "state");
	get(path, buf, sizeof(buf));
	if (strcmp(buf, state_names[d->state]))
		fail("pmemdax%d state %s, model %s", d->id, buf, state_names[d->state]);
	attr_path(path, sizeof(path), d, "align");
	get(path, buf, sizeof(buf));
	v = strtoull(buf, NULL, 0);
	if (v != d->align)
		fail("pmemdax%d align %" PRIu64 ", model %" PRIu64, d->id, v, d->align);
	attr_path(path, sizeof(path), d, "pin_mode");
	get(path, buf, sizeof(buf));
	if (strcmp(buf, d->io ? "io" : "vma"))
		fail("pmemdax%d pin_mode %s, model %s", d->id, buf, d->io ? "io" : "vma");
	attr_path(path, sizeof(path), d, "resource");
	get(path, buf, sizeof(buf));
	if (strtoull(buf, NULL, 0) != d->start)
		fail("pmemdax%d resource %s", d->id, buf);
}

static int count_devs(void)
{
	int i, n = 0;

	for (i = 0; i < MAX_DEVS; i++)
		n += devs[i].used;
	return n;
}

static struct mdev *random_dev(void)
{
	int i, n = count_devs(), k;

	if (!n)
		return NULL;
	k = pick(n);
	for (i = 0; i < MAX_DEVS; i++)
		if (devs[i].used && !k--)
			return &devs[i];
	return NULL;
}

/* A number in a random notation the driver accepts. */
static void fmt_num(char *buf, size_t len, uint64_t v)
{
	switch (pick(4)) {
	case 0:
		snprintf(buf, len, "%" PRIu64, v);
		break;
	case 1:
		snprintf(buf, len, "%#" PRIx64, v);
		break;
	case 2:
		if (v && !(v % G1))
			snprintf(buf, len, "%" PRIu64 "G", v / G1);
		else if (v && !(v % (1 << 20)))
			snprintf(buf, len, "%" PRIu64 "M", v >> 20);
		else
			snprintf(buf, len, "%" PRIu64, v);
		break;
	default:
		if (v && !(v % 1024))
			snprintf(buf, len, "%" PRIu64 "k", v >> 10);
		else
			snprintf(buf, len, "%#" PRIx64, v);
	}
}

static void garbage(char *buf, size_t len)
{
	static const char chars[] = "0123456789abcdefxXKMGT #%-+.:\t";
	size_t n = 1 + pick(len - 2), i;

	for (i = 0; i < n; i++)
		buf[i] = chars[pick(sizeof(chars) - 1)];
	buf[n] = '\0';
	/* a '#' makes every token unparsable, whatever else came out */
	buf[pick(n)] = '#';
}

static bool overlaps(uint64_t start, uint64_t size)
{
	int i;

	for (i = 0; i < MAX_DEVS; i++)
		if (devs[i].used && start < devs[i].start + devs[i].size &&
		    devs[i].start < start + size)
			return true;
	return false;
}

static int lowest_free_id(void)
{
	int id, i;

	for (id = 0; id < MAX_DEVS; id++) {
		for (i = 0; i < MAX_DEVS; i++)
			if (devs[i].used && devs[i].id == id)
				break;
		if (i == MAX_DEVS)
			return id;
	}
	return -1;
}

static void op_new_device(void)
{
	static const uint64_t aligns[] = { 4096, M2, G1 };
	char val[160], a[40], b[40], c[40];
	uint64_t start, size, align = M2, unit, units = region_size / M2;
	bool with_align = pick(2);
	int want, got, i, id;

	if (pick(5) == 0) {
		garbage(val, 40);
		expect(put(BUS "/new_device", val), EINVAL, "new_device", val);
		return;
	}
	switch (pick(6)) {
	case 0:	start = region_start + pick(units) * M2; break;
	case 1:	start = region_start + pick(units) * M2 + 4096 * (1 + pick(511)); break;
	case 2:	start = region_start - M2 * (1 + pick(4)); break;
	case 3:	start = region_start + region_size + M2 * pick(4); break;
	case 4:	start = 16 << 20; break;	/* System RAM */
	default: start = region_start + pick(region_size / G1) * G1; break;
	}
	switch (pick(5)) {
	case 0:	size = M2 * (1 + pick(8)); break;
	case 1:	size = M2 * (1 + pick(units)); break;
	case 2:	size = 4096 * (1 + pick(1000)); break;
	case 3:	size = G1; break;
	default: size = pick(4) ? M2 * (1 + pick(32)) : 0; break;
	}
	if (with_align)
		align = aligns[pick(3)];
	fmt_num(a, sizeof(a), start);
	fmt_num(b, sizeof(b), size);
	fmt_num(c, sizeof(c), align);
	snprintf(val, sizeof(val), "%s %s%s%s\n", a, b, with_align ? " " : "",
		 with_align ? c : "");

	unit = align > M2 ? align : M2;
	id = lowest_free_id();
	if (!size || start + size < start)
		want = EINVAL;
	else if (start % unit || size % unit)
		want = EINVAL;
	else if (start < region_start || start + size > region_start + region_size)
		want = ENXIO;
	else if (id < 0)
		want = ENOSPC;
	else if (overlaps(start, size))
		want = EBUSY;
	else
		want = 0;
	got = put(BUS "/new_device", val);
	expect(got, want, "new_device", val);
	if (got)
		return;
	for (i = 0; devs[i].used; i++)
		;
	devs[i] = (struct mdev){ true, id, start, size, align, LIVE, false };
	nr_created++;
	check_dev(&devs[i]);
}

static void op_delete_device(void)
{
	struct mdev *d = random_dev();
	char val[40];

	if (!d || pick(4) == 0) {
		snprintf(val, sizeof(val), pick(2) ? "pmemdax%d" : "nope%d", 200 + (int)pick(56));
		expect(put(BUS "/delete_device", val), ENODEV, "delete_device", val);
		return;
	}
	snprintf(val, sizeof(val), "pmemdax%d%s", d->id, pick(2) ? "\n" : "");
	expect(put(BUS "/delete_device", val), 0, "delete_device", val);
	d->used = false;
	nr_deleted++;
}

static void op_align(struct mdev *d)
{
	static const char *const valid[] = { "4096", "4K", "0x1000", "2M", "2097152",
					     "0x200000", "1G", "1073741824", "2m\n" };
	static const uint64_t values[] = { 4096, 4096, 4096, M2, M2, M2, G1, G1, M2 };
	static const char *const invalid[] = { "3M", "0", "8K", "1", "4M", "2G",
					       "-4K", "4K4", " ", "0x", "1T" };
	char path[128], val[48];
	int k;

	attr_path(path, sizeof(path), d, "align");
	if (pick(3)) {
		k = pick(sizeof(valid) / sizeof(valid[0]));
		if (d->start % values[k] || d->size % values[k]) {
			expect(put(path, valid[k]), EINVAL, "align (range not aligned)", valid[k]);
		} else {
			expect(put(path, valid[k]), 0, "align", valid[k]);
			d->align = values[k];
		}
	} else if (pick(2)) {
		k = pick(sizeof(invalid) / sizeof(invalid[0]));
		expect(put(path, invalid[k]), EINVAL, "align", invalid[k]);
	} else {
		garbage(val, 16);
		expect(put(path, val), EINVAL, "align", val);
	}
}

static void op_pin_mode(struct mdev *d)
{
	static const char *const invalid[] = { "", " ", "VMA", "i", "ioo", "vma io", "1" };
	char path[128];
	int k;

	attr_path(path, sizeof(path), d, "pin_mode");
	if (pick(2)) {
		d->io = pick(2);
		expect(put(path, d->io ? "io\n" : "vma"), 0, "pin_mode", d->io ? "io" : "vma");
	} else {
		k = pick(sizeof(invalid) / sizeof(invalid[0]));
		if (!*invalid[k])
			return;	/* an empty write never reaches the driver */
		expect(put(path, invalid[k]), EINVAL, "pin_mode", invalid[k]);
	}
}

static void op_trigger(struct mdev *d)
{
	static const char *const names[] = { "quiesce", "unquiesce", "revoke" };
	static const char *const invalid[] = { "0", "2", "y", "on", "1x", " 1", "11" };
	int which = pick(3), want = 0;
	char path[128];
	const char *val;

	attr_path(path, sizeof(path), d, names[which]);
	if (pick(4) == 0) {
		val = invalid[pick(sizeof(invalid) / sizeof(invalid[0]))];
		expect(put(path, val), EINVAL, names[which], val);
		return;
	}
	val = pick(2) ? "1" : "1\n";
	if (d->state == DISABLED)
		want = ENXIO;
	expect(put(path, val), want, names[which], val);
	if (want)
		return;
	if (which == 0 && d->state == LIVE)
		d->state = QUIESCED;
	else if (which == 1)
		d->state = LIVE;
	else if (which == 2)
		d->state = REVOKED;
}

static void op_bind(struct mdev *d)
{
	char val[32];
	bool unbind = pick(2);

	snprintf(val, sizeof(val), "pmemdax%d", d->id);
	if (unbind) {
		expect(put(BUS "/drivers/pmemdax/unbind", val),
		       d->state == DISABLED ? ENODEV : 0, "unbind", val);
		d->state = DISABLED;
	} else {
		expect(put(BUS "/drivers/pmemdax/bind", val),
		       d->state == DISABLED ? 0 : EBUSY, "bind", val);
		if (d->state == DISABLED)
			d->state = LIVE;
	}
}

static void op_readonly(struct mdev *d)
{
	static const char *const ro[] = { "size", "resource", "state", "mappings",
					  "pinned_pages", "faults_pte", "target_node" };
	char path[128];
	const char *attr = ro[pick(sizeof(ro) / sizeof(ro[0]))];

	attr_path(path, sizeof(path), d, attr);
	expect(put(path, "1"), EACCES, attr, "1");
}

int main(int argc, char **argv)
{
	unsigned long inputs;
	struct mdev *d;
	int i;

	if (argc != 5) {
		fprintf(stderr, "usage: daxfuzz REGION_START REGION_SIZE INPUTS SEED\n");
		return 2;
	}
	region_start = strtoull(argv[1], NULL, 0);
	region_size = strtoull(argv[2], NULL, 0);
	inputs = strtoul(argv[3], NULL, 0);
	seed = first_seed = strtoull(argv[4], NULL, 0);
	printf("daxfuzz: region %#" PRIx64 "+%#" PRIx64 ", %lu inputs, seed %s\n",
	       region_start, region_size, inputs, argv[4]);

	while (nr_inputs < inputs) {
		unsigned int op = pick(100);

		d = random_dev();
		if (op < 12 || !d)
			op_new_device();
		else if (op < 18)
			op_delete_device();
		else if (op < 38)
			op_align(d);
		else if (op < 55)
			op_pin_mode(d);
		else if (op < 80)
			op_trigger(d);
		else if (op < 88)
			op_bind(d);
		else
			op_readonly(d);
		if (d && d->used)
			check_dev(d);
	}
	for (i = 0; i < MAX_DEVS; i++) {
		char val[32];

		if (!devs[i].used)
			continue;
		snprintf(val, sizeof(val), "pmemdax%d", devs[i].id);
		expect(put(BUS "/delete_device", val), 0, "final delete_device", val);
	}
	printf("daxfuzz: %lu inputs, %lu devices created, %lu deleted, model held\n",
	       nr_inputs, nr_created, nr_deleted);
	return 0;
}
