// SPDX-License-Identifier: GPL-2.0
// Copyright (C) 2026 The daxmgr developers
// daxdata write|check DEV SEED LEN: fill the first LEN bytes of a DAX
// device with a pattern from SEED (through mmap: a DAX device has no
// write(2)), or check that they still hold it.  Exit 1 on a mismatch.
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uint64_t x, *p;
	size_t len, i;
	int fd, wr;

	if (argc != 5 || (strcmp(argv[1], "write") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: daxdata write|check DEV SEED LEN\n");
		return 2;
	}
	wr = !strcmp(argv[1], "write");
	x = strtoull(argv[3], NULL, 0) | 1;
	len = strtoull(argv[4], NULL, 0);
	fd = open(argv[2], O_RDWR);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (i = 0; i < len / sizeof(*p); i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (wr) {
			p[i] = x;
		} else if (p[i] != x) {
			fprintf(stderr, "daxdata: %s: word %zu is %#llx, not %#llx\n", argv[2], i,
				(unsigned long long)p[i], (unsigned long long)x);
			return 1;
		}
	}
	/* no msync: a DAX device has no fsync (EINVAL, device_dax's too) */
	munmap(p, len);
	printf("daxdata: %s: %zu bytes %s (seed %s)\n", argv[2], len, wr ? "written" : "intact", argv[3]);
	return 0;
}
