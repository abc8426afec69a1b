// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * Every command's options, in one table per command that both getopt and
 * --help read, so that the help can never miss an option; and `daxmgr
 * help CMD`, which opens the man page.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "daxmgr.h"

#define CLI_VERBOSE_OPT	{ 'v', "verbose", NULL, \
	"say more: wait progress, and libndctl, libdaxctl and libkmod messages" }
#define CLI_HELP_OPT	{ 'h', "help", NULL, \
	"show this help (daxmgr help CMD opens the man page)" }
#define CLI_WAIT_OPT	{ 'w', "wait", "SECONDS", \
	"give up after SECONDS (default 10, at most 86400), the device put back" }
#define CLI_FORCE_OPT	{ 'f', "force", NULL, \
	"vma policy too: revoke the mappings (SIGBUS for their users)" }

const struct cli_option cli_list_opts[] = {
	{ 'd', "dev", "DEV", "only DEV (daxX.Y, X.Y, /dev/daxX.Y or all), whatever its driver; repeatable" },
	{ 'r', "region", "REGION", "only devices of REGION (N, regionN or all)" },
	{ 'n', "namespace", "NS", "only the device of namespace NS (namespaceX.Y or all), whatever its driver" },
	{ 'a', "all", NULL, "every dax device, whatever its driver (default: daxmgr's and unbound ones)" },
	{ 'i', "idle", NULL, "also devices of size 0 (a region's seed), as daxctl list -i" },
	{ 'p', "pinned", NULL, "count each device's pinned pages (time grows with what was touched)" },
	{ 'H', "holders", NULL, "add the processes that map each device: pid, comm, vmas" },
	{ 'u', "human", NULL, "sizes as daxctl -u prints them, resource in hex; one device as an object" },
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

const struct cli_option cli_create_opts[] = {
	{ 'n', "namespace", "NS", "put the raw namespace NS into devdax mode and hand its device to daxmgr" },
	{ 'd', "device", "DEV", "take the devdax device DEV from device_dax instead, as it is" },
	{ 'a', "align", "ALIGN", "with --namespace: the device alignment, 4K, 2M (default) or 1G" },
	{ 'M', "map", "mem|dev", "with --namespace: struct pages in DRAM or in the namespace (default: mem up to 4 GiB)" },
	{ 'p', "pin-mode", "vma|io", "the pinning policy: vma (default, pmem as memory) or io (pmem as storage)" },
	{ 'f', "force", NULL, "with --namespace: take a namespace that is not raw, erasing its personality and info block" },
	{ 'u', "human", NULL, "sizes as daxctl -u prints them" },
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

const struct cli_option cli_unbind_opts[] = {
	CLI_WAIT_OPT, CLI_FORCE_OPT, CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

const struct cli_option cli_destroy_opts[] = {
	CLI_WAIT_OPT,
	{ 'f', "force", NULL, "revoke the mappings (vma policy too) and give the device back even with files open on it" },
	{ 'r', "raw", NULL, "also return the namespace to raw mode (its info block is erased; the device disappears)" },
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

const struct cli_option cli_bind_opts[] = {
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

const struct cli_option cli_set_pin_mode_opts[] = {
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

const struct cli_option cli_autobind_opts[] = {
	{ 'a', "all", NULL, "every dax device (as at boot, for coldplug)" },
	CLI_VERBOSE_OPT, CLI_HELP_OPT, { 0 },
};

/*
 * getopt_long over the current command's table, built once per command
 * and sized to it (no cap on a command's options).  -v is counted here;
 * getopt prints its own one-line complaint for an unknown option.
 */
int cli_getopt(int argc, char **argv)
{
	static struct option *lopts;
	static char *sopts;
	static const struct cli_cmd *built;
	const struct cli_option *o;
	int c, i = 0, n = 0;
	char *s;

	if (built != cli_cmd) {
		for (o = cli_cmd->opts; o->short_name; o++)
			n++;
		free(lopts);
		free(sopts);
		lopts = calloc(n + 1, sizeof(*lopts));
		sopts = calloc(2 * n + 1, 1);
		if (!lopts || !sopts) {
			cli_error(-ENOMEM, "options");
			return '?';
		}
		s = sopts;
		for (o = cli_cmd->opts; o->short_name; o++, i++) {
			lopts[i].name = o->long_name;
			lopts[i].has_arg = o->arg ? required_argument : no_argument;
			lopts[i].val = o->short_name;
			*s++ = (char)o->short_name;
			if (o->arg)
				*s++ = ':';
		}
		built = cli_cmd;
	}
	while ((c = getopt_long(argc, argv, sopts, lopts, NULL)) == 'v')
		cli_verbose++;
	return c;
}

#define CLI_HELP_COLS	80
#define CLI_HELP_INDENT	28	/* "    " + 22 of option + "  " */

/*
 * Print @text from column @col on, wrapped at word boundaries to end by
 * column 80, continuation lines starting at CLI_HELP_INDENT.
 */
static void cli_print_wrapped(const char *text, int col)
{
	const char *word = text, *end;
	int len;

	while (*word) {
		end = strchr(word, ' ');
		len = end ? (int)(end - word) : (int)strlen(word);
		if (col > CLI_HELP_INDENT && col + 1 + len > CLI_HELP_COLS) {
			printf("\n%*s", CLI_HELP_INDENT, "");
			col = CLI_HELP_INDENT;
		} else if (col > CLI_HELP_INDENT) {
			putchar(' ');
			col++;
		}
		printf("%.*s", len, word);
		col += len;
		word += len;
		while (*word == ' ')
			word++;
	}
	putchar('\n');
}

void cli_print_help(const struct cli_cmd *cmd)
{
	const struct cli_option *o;
	char left[64];

	printf("usage: daxmgr %s [OPTIONS]%s%s\n\n%s\n\noptions:\n", cmd->name,
	       *cmd->args ? " " : "", cmd->args, cmd->summary);
	for (o = cmd->opts; o->short_name; o++) {
		snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name,
			 o->long_name, o->arg ? "=" : "", o->arg ? o->arg : "");
		if (strlen(left) > 22)
			printf("    %s\n%*s", left, CLI_HELP_INDENT, "");
		else
			printf("    %-22s  ", left);
		cli_print_wrapped(o->help, CLI_HELP_INDENT);
	}
	printf("\nExit status: 0, %d for a usage error, 128+N if signal N ended a wait,\n"
	       "else the errno of the failure.  See daxmgr-%s(8).\n",
	       CLI_EXIT_USAGE, cmd->name);
}

/* Is there a man page @page(8) that man(1) finds?  (man -w, quietly) */
static bool cli_man_exists(const char *page)
{
	int status, null;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return false;
	if (!pid) {
		null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execlp("man", "man", "-w", "8", page, (char *)NULL);
		_exit(127);
	}
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       !WEXITSTATUS(status);
}

/*
 * Open a man page as git and ndctl do: man(1) is the viewer.  -ENOENT if
 * man has no such page (or no man at all): the caller prints the help.
 */
int cli_man(const char *page)
{
	fflush(stdout);
	if (!cli_man_exists(page))
		return -ENOENT;
	execlp("man", "man", "8", page, (char *)NULL);
	return -ENOENT;
}
