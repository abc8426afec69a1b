// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * btfcheck LAYOUT BTF...: check daxmgr's vendored layouts against the
 * running kernel.  LAYOUT is /sys/kernel/debug/daxmgr/layout ("type SIZE"
 * and "type.field OFFSET" lines, in bytes); each BTF file (e.g.
 * /sys/kernel/btf/vmlinux) is read raw: header, type section, strings.
 * Every line must match a struct of that name: its size, and the byte
 * offset of the member of that name.  Prints each check; exits 1 on the
 * first mismatch or if a struct or member is not found.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BTF_MAGIC	0xeB9F
#define KIND(info)	(((info) >> 24) & 0x1f)
#define VLEN(info)	((info) & 0xffff)
#define KFLAG(info)	((info) >> 31)

enum { K_INT = 1, K_PTR, K_ARRAY, K_STRUCT, K_UNION, K_ENUM, K_FWD, K_TYPEDEF,
	K_VOLATILE, K_CONST, K_RESTRICT, K_FUNC, K_FUNC_PROTO, K_VAR, K_DATASEC,
	K_FLOAT, K_DECL_TAG, K_TYPE_TAG, K_ENUM64 };

struct btf_header {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
};

struct btf_type {
	uint32_t name_off, info, size;
};

struct btf_member {
	uint32_t name_off, type, offset;
};

struct btf {
	char *data;
	const char *types, *strs;
	uint32_t type_len, str_len;
};

static void fail(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "btfcheck: FAIL: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	exit(1);
}

static void load(struct btf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 20, len = 0, n;
	const struct btf_header *h;

	if (!f)
		fail("open %s: %s", path, strerror(errno));
	b->data = malloc(cap);
	while (b->data && (n = fread(b->data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			b->data = realloc(b->data, cap *= 2);
	}
	fclose(f);
	if (!b->data || len < sizeof(*h))
		fail("read %s%s", path, "");
	h = (const void *)b->data;
	if (h->magic != BTF_MAGIC || h->hdr_len + h->str_off + h->str_len > len ||
	    h->hdr_len + h->type_off + h->type_len > len)
		fail("%s: not raw BTF%s", path, "");
	b->types = b->data + h->hdr_len + h->type_off;
	b->type_len = h->type_len;
	b->strs = b->data + h->hdr_len + h->str_off;
	b->str_len = h->str_len;
}

/* Bytes that follow a btf_type of this kind. */
static size_t extra(const struct btf_type *t)
{
	uint32_t v = VLEN(t->info);

	switch (KIND(t->info)) {
	case K_INT: case K_VAR: case K_DECL_TAG: return 4;
	case K_ARRAY: return 12;
	case K_STRUCT: case K_UNION: case K_DATASEC: case K_ENUM64: return 12 * v;
	case K_ENUM: case K_FUNC_PROTO: return 8 * v;
	default: return 0;
	}
}

static const char *str(const struct btf *b, uint32_t off)
{
	return off < b->str_len ? b->strs + off : "";
}

/* The struct named @name with members, or NULL. */
static const struct btf_type *find_struct(const struct btf *b, const char *name)
{
	const char *p = b->types, *end = b->types + b->type_len;

	while (p + sizeof(struct btf_type) <= end) {
		const struct btf_type *t = (const void *)p;

		if (KIND(t->info) == K_STRUCT && VLEN(t->info) &&
		    !strcmp(str(b, t->name_off), name))
			return t;
		p += sizeof(*t) + extra(t);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct btf btf[8];
	char line[256], name[128];
	unsigned long value;
	int nbtf = argc - 2, i, checked = 0;
	FILE *f;

	if (argc < 3 || nbtf > 8) {
		fprintf(stderr, "usage: btfcheck LAYOUT BTF...\n");
		return 2;
	}
	for (i = 0; i < nbtf; i++)
		load(&btf[i], argv[i + 2]);
	f = fopen(argv[1], "r");
	if (!f)
		fail("open %s: %s", argv[1], strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		const struct btf_type *t = NULL;
		const struct btf *b = NULL;
		char *field;

		if (sscanf(line, "%127s %lu", name, &value) != 2)
			fail("bad layout line '%s'%s", line, "");
		field = strchr(name, '.');
		if (field)
			*field++ = '\0';
		for (i = 0; i < nbtf && !t; i++) {
			b = &btf[i];
			t = find_struct(b, name);
		}
		if (!t)
			fail("struct %s not in the kernel's BTF%s", name, "");
		if (!field) {
			if (t->size != value)
				fail("sizeof(struct %s) differs (line: %s)", name, line);
			printf("ok %s size %lu\n", name, value);
		} else {
			const struct btf_member *m = (const void *)(t + 1);
			uint32_t n = VLEN(t->info), k;

			for (k = 0; k < n; k++, m++)
				if (!strcmp(str(b, m->name_off), field))
					break;
			if (k == n)
				fail("struct %s has no member %s", name, field);
			/* kind_flag: bitfield size in the top 8 bits, offset below */
			if ((KFLAG(t->info) ? m->offset & 0xffffff : m->offset) != value * 8)
				fail("offset of %s.%s differs from the kernel's", name, field);
			printf("ok %s.%s offset %lu\n", name, field, value);
		}
		checked++;
	}
	fclose(f);
	if (!checked)
		fail("no layout lines in %s%s", argv[1], "");
	printf("%d layout facts match the kernel's BTF\n", checked);
	return 0;
}
