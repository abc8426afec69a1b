// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * daxrdma: a real long-term pin of a DAX mapping, as RDMA users make it
 * (librpma, SPDK, replication): an ibv_reg_mr() over the mapping, which
 * the kernel pins with FOLL_LONGTERM for as long as the MR lives.
 *
 *   daxrdma mr DEV LEN SEED READY GO [unmap]
 *
 * Maps LEN bytes of DEV from offset 0, zeroes them, registers an MR over
 * the mapping, connects two RC QPs of the soft-RoCE device (rxe, bound to
 * lo by the test: the RoCE v2 GID ::ffff:127.0.0.1, so nothing leaves the
 * guest) to each other and RDMA WRITEs LEN bytes of daxtest's fill pattern
 * SEED from a DRAM MR into the DAX MR, then checks them through the
 * mapping.  With "unmap" it then unmaps the range and closes DEV (the MR
 * keeps the pages pinned).  It creates READY and waits for GO; then, if
 * the range is still mapped, touches every page of it ("ok", or "sigbus"
 * when the mapping was revoked), and deregisters the MR ("dereg=0").
 * Progress lines on stdout; exit 1 with a FAIL line on any failure.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <infiniband/verbs.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1u << 20)	/* bytes per RDMA WRITE work request */

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "daxrdma: FAIL: ");
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

/* daxtest's fill pattern: the word at byte offset @off of seed @seed */
static uint64_t pattern(uint64_t seed, uint64_t off)
{
	uint64_t z = seed ^ (off * 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
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

static sigjmp_buf sigbus_jmp;

static void on_sigbus(int sig)
{
	siglongjmp(sigbus_jmp, 1);
}

/* Read every page of @len bytes at @p: 1 if that raised SIGBUS. */
static int __attribute__((noinline)) touch_all(volatile uint64_t *p, uint64_t len)
{
	uint64_t i;

	signal(SIGBUS, on_sigbus);
	if (sigsetjmp(sigbus_jmp, 1))
		return 1;
	for (i = 0; i < len / 8; i += 512)
		(void)p[i];
	return 0;
}

/* The rxe device and the GID index of ::ffff:127.0.0.1 on its port 1. */
static struct ibv_context *open_rxe(int *gid_index)
{
	struct ibv_device **list = ibv_get_device_list(NULL);
	struct ibv_context *ctx = NULL;
	struct ibv_port_attr pa;
	union ibv_gid gid, lo;
	int i;

	if (!list || !list[0])
		die("no RDMA device (is rxe0 on lo?): %s", strerror(errno));
	for (i = 0; list[i] && !ctx; i++)
		if (!strncmp(ibv_get_device_name(list[i]), "rxe", 3))
			ctx = ibv_open_device(list[i]);
	if (!ctx)
		die("no rxe device could be opened");
	say("device=%s", ibv_get_device_name(ctx->device));
	ibv_free_device_list(list);
	if (ibv_query_port(ctx, 1, &pa))
		die("ibv_query_port: %s", strerror(errno));
	if (pa.state != IBV_PORT_ACTIVE)
		die("port 1 of the rxe device is not active (state %d)", pa.state);
	memset(&lo, 0, sizeof(lo));
	lo.raw[10] = lo.raw[11] = 0xff;
	inet_pton(AF_INET, "127.0.0.1", &lo.raw[12]);
	for (i = 0; i < pa.gid_tbl_len; i++) {
		if (ibv_query_gid(ctx, 1, i, &gid))
			continue;
		if (!memcmp(&gid, &lo, sizeof(gid))) {
			*gid_index = i;
			say("gid_index=%d", i);
			return ctx;
		}
	}
	die("no GID ::ffff:127.0.0.1 on the rxe device (is it bound to lo, and lo up?)");
}

static struct ibv_qp *make_qp(struct ibv_pd *pd, struct ibv_cq *cq)
{
	struct ibv_qp_init_attr ia = {
		.send_cq = cq, .recv_cq = cq, .qp_type = IBV_QPT_RC,
		.cap = { .max_send_wr = 4, .max_recv_wr = 4, .max_send_sge = 1, .max_recv_sge = 1 },
	};
	struct ibv_qp *qp = ibv_create_qp(pd, &ia);

	if (!qp)
		die("ibv_create_qp: %s", strerror(errno));
	return qp;
}

/* INIT, RTR and RTS, with @remote_qpn as the peer, over GRH (RoCE v2). */
static void connect_qp(struct ibv_qp *qp, uint32_t remote_qpn, int gid_index,
		       const union ibv_gid *gid)
{
	struct ibv_qp_attr a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_INIT;
	a.port_num = 1;
	a.qp_access_flags = IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ;
	rc = ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX | IBV_QP_PORT |
			   IBV_QP_ACCESS_FLAGS);
	if (rc)
		die("QP %u to INIT: %s", qp->qp_num, strerror(rc));

	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTR;
	a.path_mtu = IBV_MTU_1024;
	a.dest_qp_num = remote_qpn;
	a.rq_psn = 0;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.is_global = 1;
	a.ah_attr.grh.dgid = *gid;
	a.ah_attr.grh.sgid_index = gid_index;
	a.ah_attr.grh.hop_limit = 1;
	a.ah_attr.port_num = 1;
	rc = ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU |
			   IBV_QP_DEST_QPN | IBV_QP_RQ_PSN | IBV_QP_MAX_DEST_RD_ATOMIC |
			   IBV_QP_MIN_RNR_TIMER);
	if (rc)
		die("QP %u to RTR: %s", qp->qp_num, strerror(rc));

	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTS;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.sq_psn = 0;
	a.max_rd_atomic = 1;
	rc = ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT |
			   IBV_QP_RNR_RETRY | IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC);
	if (rc)
		die("QP %u to RTS: %s", qp->qp_num, strerror(rc));
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One signalled RDMA WRITE of @len bytes, and its completion (60 s). */
static void rdma_write(struct ibv_qp *qp, struct ibv_cq *cq, struct ibv_mr *src,
		       uint64_t src_off, uint64_t dst_addr, uint32_t rkey, uint32_t len)
{
	struct ibv_sge sge = {
		.addr = (uintptr_t)src->addr + src_off, .length = len, .lkey = src->lkey,
	};
	struct ibv_send_wr wr = {
		.wr_id = src_off, .sg_list = &sge, .num_sge = 1,
		.opcode = IBV_WR_RDMA_WRITE, .send_flags = IBV_SEND_SIGNALED,
		.wr.rdma = { .remote_addr = dst_addr, .rkey = rkey },
	}, *bad;
	struct ibv_wc wc;
	double deadline = now() + 60;
	int n, rc;

	rc = ibv_post_send(qp, &wr, &bad);
	if (rc)
		die("ibv_post_send: %s", strerror(rc));
	while (!(n = ibv_poll_cq(cq, 1, &wc))) {
		if (now() > deadline)
			die("no completion of the RDMA WRITE at %#" PRIx64 " in 60 s", src_off);
		usleep(1000);
	}
	if (n < 0)
		die("ibv_poll_cq: %d", n);
	if (wc.status != IBV_WC_SUCCESS)
		die("RDMA WRITE at %#" PRIx64 ": %s", src_off, ibv_wc_status_str(wc.status));
}

static int cmd_mr(int argc, char **argv)
{
	const char *dev = argv[1];
	uint64_t len = num(argv[2]), seed = num(argv[3]), off;
	int unmap = argc > 6 && !strcmp(argv[6], "unmap");
	int fd, gid_index = -1, rc;
	struct ibv_context *ctx;
	struct ibv_pd *pd;
	struct ibv_cq *cq;
	struct ibv_mr *dax_mr, *dram_mr;
	struct ibv_qp *qa, *qb;
	union ibv_gid gid;
	uint64_t *map, *dram;
	double t0;

	if (argc > 6 && !unmap)
		die("the last argument is 'unmap' or nothing");
	if (!len || len % 4096)
		die("LEN must be a non-zero multiple of 4K");
	fd = open(dev, O_RDWR);
	if (fd < 0)
		die("open %s: %s", dev, strerror(errno));
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die("mmap %s: %s", dev, strerror(errno));
	memset(map, 0, len);
	dram = aligned_alloc(4096, len);
	if (!dram)
		die("no memory for %" PRIu64 " bytes", len);
	for (off = 0; off < len; off += 8)
		dram[off / 8] = pattern(seed, off);

	ctx = open_rxe(&gid_index);
	pd = ibv_alloc_pd(ctx);
	if (!pd)
		die("ibv_alloc_pd: %s", strerror(errno));
	t0 = now();
	dax_mr = ibv_reg_mr(pd, map, len, IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE |
			    IBV_ACCESS_REMOTE_READ);
	if (!dax_mr)
		die("ibv_reg_mr over the mapping of %s: %s", dev, strerror(errno));
	say("reg_mr=%" PRIu64 " bytes of %s in %.0f ms (rkey %#x)", len, dev,
	    (now() - t0) * 1000, dax_mr->rkey);
	dram_mr = ibv_reg_mr(pd, dram, len, IBV_ACCESS_LOCAL_WRITE);
	if (!dram_mr)
		die("ibv_reg_mr over DRAM: %s", strerror(errno));
	cq = ibv_create_cq(ctx, 16, NULL, NULL, 0);
	if (!cq)
		die("ibv_create_cq: %s", strerror(errno));
	qa = make_qp(pd, cq);
	qb = make_qp(pd, cq);
	if (ibv_query_gid(ctx, 1, gid_index, &gid))
		die("ibv_query_gid: %s", strerror(errno));
	connect_qp(qa, qb->qp_num, gid_index, &gid);
	connect_qp(qb, qa->qp_num, gid_index, &gid);
	say("qps=%u,%u connected", qa->qp_num, qb->qp_num);

	t0 = now();
	for (off = 0; off < len; off += CHUNK)
		rdma_write(qa, cq, dram_mr, off, (uintptr_t)map + off, dax_mr->rkey,
			   len - off < CHUNK ? (uint32_t)(len - off) : CHUNK);
	say("written=%" PRIu64 " in %.0f ms", len, (now() - t0) * 1000);
	for (off = 0; off < len; off += 8)
		if (map[off / 8] != pattern(seed, off))
			die("through the mapping at %#" PRIx64 ": %#" PRIx64 " != %#" PRIx64,
			    off, map[off / 8], pattern(seed, off));
	say("verified");

	/* the QPs and the DRAM side are done; the DAX MR stays */
	if (ibv_destroy_qp(qa) || ibv_destroy_qp(qb) || ibv_destroy_cq(cq) ||
	    ibv_dereg_mr(dram_mr))
		die("tearing down the QPs: %s", strerror(errno));
	free(dram);
	if (unmap) {
		if (munmap(map, len))
			die("munmap: %s", strerror(errno));
		close(fd);
		map = NULL;
		say("unmapped");
	}
	touch_file(argv[4]);
	wait_for_file(argv[5]);

	if (map)
		say(touch_all(map, len) ? "sigbus" : "ok");
	t0 = now();
	rc = ibv_dereg_mr(dax_mr);
	say("dereg=%d in %.0f ms", rc, (now() - t0) * 1000);
	if (rc)
		die("ibv_dereg_mr: %s", strerror(rc));
	ibv_dealloc_pd(pd);
	ibv_close_device(ctx);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 7 && argc <= 8 && !strcmp(argv[1], "mr"))
		return cmd_mr(argc - 1, argv + 1);
	fprintf(stderr, "usage: daxrdma mr DEV LEN SEED READY_FILE GO_FILE [unmap]\n");
	return 2;
}
