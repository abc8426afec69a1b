/* SPDX-License-Identifier: GPL-2.0 */
/* Copyright (C) 2026 The daxmgr developers */
/* Shared bits of the daxmgr CLI's commands. */
#ifndef DAXMGR_CLI_H
#define DAXMGR_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

#include "libdaxmgr.h"

/*
 * Exit status: 0; CLI_EXIT_USAGE for a usage error (nothing was changed);
 * 128 + N when signal N ended a wait; else the errno of the failure, as
 * the kernel or the library returned it (16 EBUSY, 19 ENODEV, 22 EINVAL).
 * Commands return 0 or a negative errno; -CLI_EUSAGE is a usage error,
 * -(CLI_ESIGNAL + N) an interrupted wait.
 */
#define CLI_EXIT_USAGE	64	/* sysexits.h EX_USAGE */
#define CLI_EUSAGE	4096
#define CLI_ESIGNAL	8192

/*
 * One option of a command: what --help prints and getopt parses.  Each
 * command's table sits next to its code, ends with { 0 }, and has no size
 * limit (cli_getopt() sizes getopt's tables to it).
 */
struct cli_option {
	int short_name;		/* 'd' */
	const char *long_name;	/* "dev" */
	const char *arg;	/* "DEV", NULL for a flag */
	const char *help;	/* one line */
};

/* The options several commands share, with the same words. */
#define CLI_VERBOSE_OPT	{ 'v', "verbose", NULL, \
	"say more: wait progress, and libndctl, libdaxctl and libkmod messages" }
#define CLI_HELP_OPT	{ 'h', "help", NULL, \
	"show this help (daxmgr help CMD opens the man page)" }
#define CLI_WAIT_OPT	{ 'w', "wait", "SECONDS", \
	"give up after SECONDS (default 10, at most 86400), the device put back" }
#define CLI_FORCE_OPT	{ 'f', "force", NULL, \
	"vma policy too: revoke the mappings (SIGBUS for their users)" }

struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;	/* positional arguments, for the usage line */
	const char *brief;	/* one line, for daxmgr --help */
	const char *summary;
	const struct cli_option *opts;	/* ends with { 0 } */
	bool root;		/* changes the system: refused unless root */
};

extern const struct cli_cmd cli_cmds[];
extern const struct cli_cmd *cli_cmd;
extern int cli_verbose;

/* The commands and their options, for cli_cmds. */
/* cmd-list.c */
int cmd_list(int argc, char **argv);
extern const struct cli_option cli_list_opts[];
/* cmd-create.c */
int cmd_create(int argc, char **argv);
extern const struct cli_option cli_create_opts[];
/* cmd-device.c: the commands on existing devices */
int cmd_destroy(int argc, char **argv);
int cmd_set_pin_mode(int argc, char **argv);
int cmd_unbind(int argc, char **argv);
int cmd_bind(int argc, char **argv);
extern const struct cli_option cli_destroy_opts[], cli_set_pin_mode_opts[],
	cli_unbind_opts[], cli_bind_opts[];
/* cmd-autobind.c */
int cmd_autobind(int argc, char **argv);
extern const struct cli_option cli_autobind_opts[];
/* cmd-records.c */
int cmd_list_records(int argc, char **argv);
int cmd_remove_record(int argc, char **argv);
extern const struct cli_option cli_list_records_opts[], cli_remove_record_opts[];

/* options.c: getopt over the command's table: the short name, -1 at the end, '?' */
int cli_getopt(int argc, char **argv);
void cli_print_help(const struct cli_cmd *cmd);
int cli_man(const char *page);

/* util.c */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_error(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * The library's LOG_ERR messages since cli_open() (or the last of these
 * two calls) are the reasons of a failure: cli_lib_error() prints them,
 * or FMT: strerror if there are none, and returns @rc.
 */
int cli_lib_error(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_forget_reasons(void);
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_open(struct daxmgr_ctx **ctx);
int cli_open_dev(const char *name, struct daxmgr_ctx **ctx,
		 struct daxmgr_dev **dev);
bool cli_real_roots(void);
bool cli_dev_name_valid(const char *name);
int cli_parse_seconds(const char *s, unsigned int *ms);
#define CLI_DEFAULT_WAIT_MS	10000
void cli_print_holders(const struct daxmgr_busy *busy);
void cli_catch_signals(void);
int cli_wait_progress(struct daxmgr_dev *dev, enum daxmgr_wait_for what,
		      long left, unsigned int left_ms, void *userdata);
extern volatile int cli_signal;

/* parse.c */
int cli_parse_size(const char *s, uint64_t *val);
int cli_parse_align(const char *s, uint64_t *align);
int cli_parse_map(const char *s, enum daxmgr_map *map);

/* json.c */
#define CLI_HUMAN	(1u << 0)
#define CLI_HOLDERS	(1u << 1)
#define CLI_PINNED	(1u << 2)	/* count pinned pages (costs time) */
struct json_object *cli_dev_to_json(struct daxmgr_dev *dev, unsigned int flags);
void cli_print_dev(struct daxmgr_dev *dev, unsigned int flags);
void cli_display_array(struct json_object *arr, unsigned int flags);
struct json_object *cli_record_to_json(struct daxmgr_ctx *ctx,
				       const struct daxmgr_records *recs,
				       unsigned int i, struct daxmgr_dev *dev);

#endif
