// SPDX-License-Identifier: GPL-2.0
// Copyright (C) 2026 The daxmgr developers
// holdmap DEV: map the first 2 MiB of a DAX device, touch them, and leave
// a child process holding the mapping (Type=forking service).  Waits up
// to 30 s for the device to be bound to a driver (device_dax).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	volatile char *p;
	pid_t pid;
	int fd = -1, i;

	if (argc != 2) {
		fprintf(stderr, "usage: holdmap DEV\n");
		return 2;
	}
	for (i = 0; i < 300 && fd < 0; i++) {
		fd = open(argv[1], O_RDWR);
		if (fd < 0)
			usleep(100000);
	}
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	p = mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	p[0] = p[0];
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid > 0) {
		printf("holdmap: %s mapped by pid %d\n", argv[1], (int)pid);
		return 0;
	}
	setsid();
	for (;;)
		pause();
}
