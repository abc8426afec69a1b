// SPDX-License-Identifier: GPL-2.0
/* Errors, help and small parsers shared by the commands. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxmgr.h"

const char *cli_cmd_name = "";

static void cli_vprint(const char *fmt, va_list ap)
{
	fprintf(stderr, "daxmgr%s%s: ", *cli_cmd_name ? " " : "", cli_cmd_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* One line saying what is wrong with the arguments, nothing else. */
int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vprint(fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int cli_error(int rc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "daxmgr%s%s: %s: %s\n", *cli_cmd_name ? " " : "",
		cli_cmd_name, msg, strerror(-rc));
	return rc;
}

void cli_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool cli_is_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

int cli_help(const char *name)
{
	const struct cli_cmd *cmd;

	for (cmd = cli_cmds; cmd->name; cmd++) {
		if (strcmp(cmd->name, name))
			continue;
		printf("usage: daxmgr %s %s\n\n%s\n", cmd->name, cmd->usage,
		       cmd->summary);
		printf("\nSee daxmgr-%s(8).\n", cmd->name);
		return 0;
	}
	return cli_usage_error("unknown command '%s' (see daxmgr --help)", name);
}

/*
 * DAXMGR_SYSFS / DAXMGR_PROC / DAXMGR_DEV point the CLI at another tree,
 * DAXMGR_CONF_DIR at another directory of persistence records; the unit
 * tests use them with fake trees.
 */
int cli_open(struct daxmgr_ctx **ctx)
{
	const char *sysfs = getenv("DAXMGR_SYSFS");
	const char *proc = getenv("DAXMGR_PROC");
	const char *dev = getenv("DAXMGR_DEV");
	const char *conf = getenv("DAXMGR_CONF_DIR");
	int rc;

	rc = daxmgr_new_at(ctx, sysfs ? sysfs : "/sys", proc ? proc : "/proc",
			   dev ? dev : "/dev");
	if (rc)
		return cli_error(rc, "cannot read the devices");
	if (conf && *conf) {
		rc = daxmgr_set_conf_dir(*ctx, conf);
		if (rc) {
			daxmgr_free(*ctx);
			return cli_error(rc, "DAXMGR_CONF_DIR");
		}
	}
	return 0;
}

/* The context and the device called @name; on failure nothing to free. */
int cli_open_dev(const char *name, struct daxmgr_ctx **ctx,
		 struct daxmgr_dev **dev)
{
	int rc = cli_open(ctx);

	if (rc)
		return rc;
	*dev = daxmgr_dev_find(*ctx, name);
	if (!*dev) {
		daxmgr_free(*ctx);
		return cli_error(-ENODEV, "%s", name);
	}
	return 0;
}

/* A non-negative whole number of seconds, at most a day. */
int cli_parse_seconds(const char *s, unsigned int *ms)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 86400)
		return -EINVAL;
	*ms = (unsigned int)v * 1000;
	return 0;
}

/*
 * "DEV [--wait SECONDS] [--force]": the arguments of unbind and destroy;
 * destroy also takes --raw.
 */
int cli_parse_unbind_args(int argc, char **argv, bool destroy,
			  unsigned int *wait_ms, unsigned int *flags,
			  const char **name)
{
	static const struct option opts[] = {
		{ "wait", required_argument, NULL, 'w' },
		{ "force", no_argument, NULL, 'f' },
		{ "raw", no_argument, NULL, 'r' },
		{ },
	};
	int c;

	*wait_ms = CLI_DEFAULT_WAIT_MS;
	*flags = 0;
	while ((c = getopt_long(argc, argv, destroy ? "w:fr" : "w:f", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (cli_parse_seconds(optarg, wait_ms))
				return cli_usage_error("invalid --wait '%s' (seconds)", optarg);
			break;
		case 'f':
			*flags |= DAXMGR_UNBIND_FORCE;
			break;
		case 'r':
			if (!destroy)
				return cli_usage_error("--raw is an option of destroy");
			*flags |= DAXMGR_DESTROY_RAW;
			break;
		default:
			return -EINVAL;
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("expected one device name");
	*name = argv[optind];
	return 0;
}

void cli_print_holders(const struct daxmgr_busy *busy)
{
	size_t i;

	for (i = 0; i < busy->nr_holders; i++)
		fprintf(stderr, "  held by pid %d (%s), %u vma(s)\n",
			(int)busy->holders[i].pid, busy->holders[i].comm,
			busy->holders[i].vmas);
}

void cli_report_busy(const char *name, const struct daxmgr_busy *busy,
		     unsigned int waited_ms)
{
	fprintf(stderr, "daxmgr %s: %s is busy after %us: %ld vma(s), %ld pinned page(s) (in-flight I/O)\n",
		cli_cmd_name, name, waited_ms / 1000, busy->vmas,
		busy->pinned_pages > 0 ? busy->pinned_pages : 0);
	cli_print_holders(busy);
	fprintf(stderr, "  the device is live again; --force revokes the mappings (SIGBUS for their users)\n");
}
