// SPDX-License-Identifier: GPL-2.0
/* daxmgr: manage dax devices served by the daxmgr driver, in the manner of daxctl. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "daxmgr.h"

#ifndef DAXMGR_VERSION
#define DAXMGR_VERSION "0.1"
#endif

const struct cli_cmd cli_cmds[] = {
	{ "list", cmd_list,
	  "List daxmgr's dax devices (--all: every dax device) as a JSON array.",
	  "[-d DEV]... [--all] [-u]" },
	{ "create", cmd_create,
	  "Put a raw namespace into devdax mode and hand its dax device to\n"
	  "daxmgr, or take an existing devdax device from device_dax.",
	  "{--namespace NS [--align 4K|2M|1G] [--map mem|dev] [--force] | --device DEV} [--pin-mode vma|io] [-u]" },
	{ "destroy", cmd_destroy,
	  "Unbind a device safely and give it back to device_dax (--raw: its\n"
	  "namespace back to raw mode); forget its persistence record.",
	  "DEV [--wait SECONDS] [--force] [--raw]" },
	{ "set-pin-mode", cmd_set_pin_mode,
	  "Set the pinning policy of a device with nothing mapped.",
	  "DEV vma|io" },
	{ "unbind", cmd_unbind,
	  "Unbind a device safely: quiesce, wait for vmas (vma) or revoke\n"
	  "them and wait for in-flight I/O (io, --force), then unbind.",
	  "DEV [--wait SECONDS] [--force]" },
	{ "bind", cmd_bind, "Bind an unbound device to daxmgr again.", "DEV" },
	{ "autobind", cmd_autobind,
	  "Boot time (udev): hand a device whose namespace has a persistence\n"
	  "record to daxmgr, with its recorded pin mode.",
	  "DEV | --all" },
	{ },
};

static void usage(FILE *f)
{
	const struct cli_cmd *cmd;

	fprintf(f, "usage: daxmgr [--version] [--help] COMMAND [ARGS]\n\ncommands:\n");
	for (cmd = cli_cmds; cmd->name; cmd++)
		fprintf(f, "  %-13s %s\n", cmd->name, cmd->usage);
	fprintf(f, "\n'daxmgr COMMAND --help' and daxmgr(8) say more.\n");
}

/* Exit status: 0, or the errno of the failure (EINVAL for bad usage). */
static int cli_exit(int rc)
{
	rc = -rc;
	return rc > 0 && rc < 126 ? rc : rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	const struct cli_cmd *cmd;

	opterr = 1;
	if (argc < 2) {
		fprintf(stderr, "daxmgr: no command given (see daxmgr --help)\n");
		return cli_exit(-EINVAL);
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-v")) {
		printf("%s\n", DAXMGR_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "help"))
		return argc > 2 ? cli_exit(cli_help(argv[2])) : (usage(stdout), 0);

	for (cmd = cli_cmds; cmd->name; cmd++) {
		static char progname[64];

		if (strcmp(cmd->name, argv[1]))
			continue;
		cli_cmd_name = cmd->name;
		/* getopt's own messages then start with "daxmgr CMD:" */
		snprintf(progname, sizeof(progname), "daxmgr %s", cmd->name);
		argv[1] = progname;
		if (cli_is_help(argc - 1, argv + 1))
			return cli_exit(cli_help(cmd->name));
		return cli_exit(cmd->fn(argc - 1, argv + 1));
	}
	fprintf(stderr, "daxmgr: unknown command '%s' (see daxmgr --help)\n", argv[1]);
	return cli_exit(-EINVAL);
}
