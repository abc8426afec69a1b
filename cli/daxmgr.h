/* SPDX-License-Identifier: GPL-2.0 */
/* Shared bits of the daxmgr CLI's commands. */
#ifndef DAXMGR_CLI_H
#define DAXMGR_CLI_H

#include <stdbool.h>
#include <json-c/json.h>

#include "libdaxmgr.h"

struct daxmgr_ctx;

/*
 * A command returns 0 or a negative errno; main() turns that into the
 * exit status (the positive errno).  Usage errors are -EINVAL, reported
 * by cli_usage_error() before anything has been changed.
 */
struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage;
};

extern const struct cli_cmd cli_cmds[];
extern const char *cli_cmd_name;

int cmd_list(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_set_pin_mode(int argc, char **argv);
int cmd_unbind(int argc, char **argv);
int cmd_bind(int argc, char **argv);
int cmd_autobind(int argc, char **argv);

/* util.c */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_error(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool cli_is_help(int argc, char **argv);
int cli_help(const char *cmd);
int cli_open(struct daxmgr_ctx **ctx);
int cli_open_dev(const char *name, struct daxmgr_ctx **ctx,
		 struct daxmgr_dev **dev);
int cli_parse_seconds(const char *s, unsigned int *ms);
#define CLI_DEFAULT_WAIT_MS	10000
int cli_parse_unbind_args(int argc, char **argv, bool destroy,
			  unsigned int *wait_ms, unsigned int *flags,
			  const char **name);
void cli_print_holders(const struct daxmgr_busy *busy);
void cli_report_busy(const char *name, const struct daxmgr_busy *busy,
		     unsigned int waited_ms);

/* json.c */
#define CLI_HUMAN	(1u << 0)
struct json_object *cli_dev_to_json(const struct daxmgr_dev *dev,
				    unsigned int flags);
void cli_print_dev(const struct daxmgr_dev *dev, unsigned int flags);
void cli_print_json(struct json_object *obj);

#endif
