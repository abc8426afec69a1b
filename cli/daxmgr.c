// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/* daxmgr: manage dax devices served by the daxmgr driver, in the manner of daxctl. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daxmgr.h"

/* the package's one version: dkms.conf's, passed in by the Makefile */
#ifndef DAXMGR_VERSION
#error "DAXMGR_VERSION is not defined: build with the top-level Makefile"
#endif

const struct cli_cmd cli_cmds[] = {
	{
		.name = "list", .fn = cmd_list, .opts = cli_list_opts, .args = "",
		.brief = "list daxmgr's devices (and unbound ones) as JSON",
		.summary = "List daxmgr's dax devices (and unbound ones) as JSON, as daxctl list does.",
	},
	{
		.name = "create", .fn = cmd_create, .opts = cli_create_opts, .args = "",
		.root = true,
		.brief = "hand a namespace or a devdax device to daxmgr",
		.summary = "Put a raw namespace into devdax mode and hand its dax device to daxmgr,\n"
			   "or take an existing devdax device from device_dax; record it so that it\n"
			   "comes back bound to daxmgr after a reboot.",
	},
	{
		.name = "destroy", .fn = cmd_destroy, .opts = cli_destroy_opts,
		.args = "DEV...|all", .root = true,
		.brief = "unbind a device safely and give it back to device_dax",
		.summary = "Unbind DEV safely and give it back to device_dax (--raw: its namespace\n"
			   "back to raw mode); forget its persistence record.",
	},
	{
		.name = "set-pin-mode", .fn = cmd_set_pin_mode, .opts = cli_set_pin_mode_opts,
		.args = "DEV...|all vma|io", .root = true,
		.brief = "set what an unbind of a device waits for",
		.summary = "Set the pinning policy of DEV; only while nothing maps it.",
	},
	{
		.name = "unbind", .fn = cmd_unbind, .opts = cli_unbind_opts,
		.args = "DEV...|all", .root = true,
		.brief = "detach a device from daxmgr, safely",
		.summary = "Unbind DEV safely: stop new opens, then wait for its mappings to close\n"
			   "(vma policy) or revoke them and wait for pinned pages (io policy,\n"
			   "--force), then unbind.  Interrupted or timed out, DEV is put back live.",
	},
	{
		.name = "bind", .fn = cmd_bind, .opts = cli_bind_opts,
		.args = "DEV...|all", .root = true,
		.brief = "bind a device to daxmgr again, or make it live",
		.summary = "Bind DEV, unbound, to daxmgr again; or make live a daxmgr device that an\n"
			   "interrupted unbind left quiesced or revoked.",
	},
	{
		.name = "autobind", .fn = cmd_autobind, .opts = cli_autobind_opts,
		.args = "DEV", .root = true,
		.brief = "boot time: hand recorded devices to daxmgr",
		.summary = "Boot time (udev): hand a device whose namespace has a persistence\n"
			   "record to daxmgr, with its recorded pin mode.",
	},
	{
		.name = "list-records", .fn = cmd_list_records, .opts = cli_list_records_opts,
		.args = "",
		.brief = "list the persistence records autobind applies at boot",
		.summary = "List the persistence records (DAXMGR_CONF_DIR) as JSON: uuid, pin mode,\n"
			   "file, the device that carries the uuid now, and any daxctl claim on it.",
	},
	{
		.name = "remove-record", .fn = cmd_remove_record, .opts = cli_remove_record_opts,
		.args = "DEV|UUID", .root = true,
		.brief = "forget a device's persistence record, unbinding nothing",
		.summary = "Remove the persistence record of DEV (or of UUID): the next boot leaves\n"
			   "the device with device_dax.  Nothing is unbound now.",
	},
	{ },
};

static void usage(FILE *f)
{
	const struct cli_cmd *cmd;

	fprintf(f, "usage: daxmgr [-v] COMMAND [OPTIONS] [ARGS]\n"
		"       daxmgr --version | --help | help COMMAND\n\ncommands:\n");
	for (cmd = cli_cmds; cmd->name; cmd++)
		fprintf(f, "  %-13s %s\n", cmd->name, cmd->brief);
	fprintf(f, "\n'daxmgr COMMAND --help' lists its options; 'daxmgr help COMMAND'\n"
		"opens its man page; daxmgr(8) explains the pinning policies.\n");
}

/* 0; 64 for bad usage; 128+N for signal N; else the errno. */
static int cli_exit(int rc)
{
	rc = -rc;
	if (rc == CLI_EUSAGE)
		return CLI_EXIT_USAGE;
	if (rc > CLI_ESIGNAL)
		return 128 + rc - CLI_ESIGNAL;
	if (rc == CLI_EXIT_USAGE)	/* ENONET, never ours: keep 64 unambiguous */
		return 1;
	return rc > 0 && rc < 126 ? rc : rc ? 1 : 0;
}

static const struct cli_cmd *cli_find(const char *name)
{
	const struct cli_cmd *cmd;

	for (cmd = cli_cmds; cmd->name; cmd++)
		if (!strcmp(cmd->name, name))
			return cmd;
	return NULL;
}

static bool cli_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

static int cli_help_cmd(int argc, char **argv)
{
	const struct cli_cmd *cmd;
	char page[64];

	if (argc < 2) {
		if (cli_man("daxmgr") == -ENOENT)
			usage(stdout);
		return 0;
	}
	cmd = cli_find(argv[1]);
	if (!cmd || argc > 2)
		return cli_usage_error("help: unknown command '%s' (see daxmgr --help)", argv[1]);
	snprintf(page, sizeof(page), "daxmgr-%s", cmd->name);
	/* no man pages installed (make with no install): the --help text */
	if (cli_man(page) == -ENOENT)
		cli_print_help(cmd);
	return 0;
}

/*
 * What was printed must have reached stdout: `daxmgr list > full-disk`
 * is a failure, not exit 0 (the errno of the write, as for other errors).
 */
static int cli_close_stdout(int rc)
{
	if (fclose(stdout) == 0)
		return rc;
	rc = -errno;
	cli_error(rc, "write error on stdout");
	return rc ? rc : -EIO;
}

int main(int argc, char **argv)
{
	static char progname[64];

	opterr = 1;
	while (argc > 1 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--verbose"))) {
		cli_verbose++;
		argv++;
		argc--;
	}
	if (argc < 2)
		return cli_exit(cli_usage_error("no command given (see daxmgr --help)"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return cli_exit(cli_close_stdout(0));
	}
	if (!strcmp(argv[1], "--version")) {
		printf("%s\n", DAXMGR_VERSION);
		return cli_exit(cli_close_stdout(0));
	}
	if (!strcmp(argv[1], "help"))
		return cli_exit(cli_close_stdout(cli_help_cmd(argc - 1, argv + 1)));

	cli_cmd = cli_find(argv[1]);
	if (!cli_cmd)
		return cli_exit(cli_usage_error("unknown command '%s' (see daxmgr --help)", argv[1]));
	/* getopt's own messages then start with "daxmgr CMD:" */
	snprintf(progname, sizeof(progname), "daxmgr %s", cli_cmd->name);
	argv[1] = progname;
	if (cli_wants_help(argc - 1, argv + 1)) {
		cli_print_help(cli_cmd);
		return cli_exit(cli_close_stdout(0));
	}
	/* the root check is cli_open()'s, after the arguments are parsed */
	return cli_exit(cli_close_stdout(cli_cmd->fn(argc - 1, argv + 1)));
}
