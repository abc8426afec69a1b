// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * The option machinery: each command declares its options in one table
 * next to its code (struct cli_option, daxmgr.h), which both getopt and
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
