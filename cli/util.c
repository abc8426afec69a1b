// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/* Errors, the library context, signals and wait progress, shared by the commands. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "daxmgr.h"

#ifdef DAXMGR_TEST_ROOTS
#include "private.h"
#endif

const struct cli_cmd *cli_cmd;
int cli_verbose;
volatile int cli_signal;

/*
 * The library's reasons for the current operation: its LOG_ERR messages
 * since cli_open(), one a line, for cli_lib_error() to print.
 */
static char cli_reasons[2048];
static size_t cli_reasons_len;
/* what DAXMGR_LOG set up in the library, which cli_log() passes on to */
static daxmgr_log_fn cli_env_log;
static int cli_env_priority;

static void cli_prefix(void)
{
	fprintf(stderr, "daxmgr%s%s: ", cli_cmd ? " " : "", cli_cmd ? cli_cmd->name : "");
}

/* One line saying what is wrong with the arguments, nothing else. */
int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	cli_prefix();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -CLI_EUSAGE;
}

static void cli_verror(int rc, const char *fmt, va_list ap)
{
	cli_prefix();
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(-rc));
}

int cli_error(int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verror(rc, fmt, ap);
	va_end(ap);
	return rc;
}

void cli_forget_reasons(void)
{
	cli_reasons_len = 0;
}

/*
 * A library call failed with @rc: print the library's reasons, each as
 * "daxmgr CMD: REASON"; only if it gave none, "daxmgr CMD: FMT: strerror".
 * The reasons are forgotten then, for the next operation.
 */
int cli_lib_error(int rc, const char *fmt, ...)
{
	const char *line = cli_reasons, *end;
	va_list ap;

	if (!cli_reasons_len) {
		va_start(ap, fmt);
		cli_verror(rc, fmt, ap);
		va_end(ap);
		return rc;
	}
	while (line < cli_reasons + cli_reasons_len) {
		end = strchr(line, '\n');
		cli_prefix();
		fprintf(stderr, "%.*s\n", (int)(end - line), line);
		line = end + 1;
	}
	cli_forget_reasons();
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

/* Keep a message of libdaxmgr's (not libndctl's...) as a reason, one line. */
static void cli_keep_reason(const char *fn, const char *format, va_list args)
{
	size_t room = sizeof(cli_reasons) - cli_reasons_len;
	char *at = cli_reasons + cli_reasons_len;
	int n;

	if (!fn || (strncmp(fn, "daxmgr_", 7) && strncmp(fn, "dm_", 3)) || room < 2)
		return;
	n = vsnprintf(at, room - 1, format, args);
	if (n < 0)
		return;
	n = (size_t)n < room - 2 ? n : (int)room - 2;	/* truncated */
	while (n && at[n - 1] == '\n')
		n--;
	at[n] = '\n';
	cli_reasons_len += n + 1;
}

/* What -v (LOG_INFO) and -vv (LOG_DEBUG) show of the libraries' messages. */
static int cli_verbose_priority(void)
{
	return cli_verbose > 1 ? LOG_DEBUG : cli_verbose ? LOG_INFO : -1;
}

/*
 * The library's log function: keep its LOG_ERR messages as the reasons of
 * a failure; show what the user asked for, DAXMGR_LOG's messages as the
 * library prints them, -v's (and libndctl's, libdaxctl's, libkmod's) after
 * "daxmgr CMD: FUNCTION: ".
 */
static void cli_log(struct daxmgr_ctx *ctx, int priority, const char *file,
		    int line, const char *fn, const char *format, va_list args)
{
	va_list copy;

	if (priority <= LOG_ERR) {
		va_copy(copy, args);
		cli_keep_reason(fn, format, copy);
		va_end(copy);
	}
	if (cli_env_log && priority <= cli_env_priority) {
		cli_env_log(ctx, priority, file, line, fn, format, args);
	} else if (priority <= cli_verbose_priority()) {
		cli_prefix();
		fprintf(stderr, "%s: ", fn);
		vfprintf(stderr, format, args);
		if (!*format || format[strlen(format) - 1] != '\n')
			fputc('\n', stderr);
	}
}

/*
 * cli_log() for @ctx, fresh for an operation: what DAXMGR_LOG set up is
 * passed on, and the priority is what -v, -vv or DAXMGR_LOG ask for, at
 * least LOG_ERR for the reasons.
 */
static void cli_set_log(struct daxmgr_ctx *ctx)
{
	int priority = cli_verbose ? cli_verbose_priority() : LOG_ERR;

	cli_forget_reasons();
	cli_env_log = daxmgr_get_log_fn(ctx);
	cli_env_priority = daxmgr_get_log_priority(ctx);
	if (cli_env_log && cli_env_priority > priority)
		priority = cli_env_priority;
	daxmgr_set_log_fn(ctx, cli_log);
	daxmgr_set_log_priority(ctx, priority);
}

/*
 * The test build reads fake trees below DAXMGR_SYSFS, DAXMGR_PROC and
 * DAXMGR_DEV (tests/unit); the installed CLI knows only the real ones.
 */
bool cli_real_roots(void)
{
#ifdef DAXMGR_TEST_ROOTS
	const char *sysfs = getenv("DAXMGR_SYSFS");

	return !sysfs || !*sysfs || !strcmp(sysfs, "/sys");
#else
	return true;
#endif
}

static int cli_new(struct daxmgr_ctx **ctx)
{
#ifdef DAXMGR_TEST_ROOTS
	const char *proc = getenv("DAXMGR_PROC");
	const char *dev = getenv("DAXMGR_DEV");

	if (!cli_real_roots())
		return dm_new_at(ctx, getenv("DAXMGR_SYSFS"), proc ? proc : "/proc",
				 dev ? dev : "/dev");
#endif
	return daxmgr_new(ctx);
}

/*
 * DAXMGR_CONF_DIR points at another directory of persistence records,
 * DAXMGR_DAXCTL_CONF_DIR at another daxctl config (tests, chroots).
 * Commands call this once their arguments are parsed: a usage error is
 * one for anyone, and a command that changes the system is refused to a
 * user before anything is read (not an ENXIO or EACCES halfway through).
 */
int cli_open(struct daxmgr_ctx **ctx)
{
	const char *conf = getenv("DAXMGR_CONF_DIR");
	const char *daxctl = getenv("DAXMGR_DAXCTL_CONF_DIR");
	int rc;

	if (cli_cmd && cli_cmd->root && geteuid() != 0 && cli_real_roots())
		return cli_error(-EPERM, "must be root");
	rc = cli_new(ctx);
	if (rc)
		return cli_error(rc, "cannot read the dax devices");
	cli_set_log(*ctx);
	if (conf && *conf) {
		rc = daxmgr_set_conf_dir(*ctx, conf);
		if (rc) {
			daxmgr_unref(*ctx);
			return cli_error(rc, "DAXMGR_CONF_DIR");
		}
	}
	if (daxctl && *daxctl) {
		rc = daxmgr_set_daxctl_conf_dir(*ctx, daxctl);
		if (rc) {
			daxmgr_unref(*ctx);
			return cli_error(rc, "DAXMGR_DAXCTL_CONF_DIR");
		}
	}
	return 0;
}

/* "daxX.Y" or "/dev/daxX.Y": what a dax device can be called */
bool cli_dev_name_valid(const char *name)
{
	unsigned int region, id;
	int end = 0;

	if (!strncmp(name, "/dev/", 5))
		name += 5;
	return sscanf(name, "dax%u.%u%n", &region, &id, &end) == 2 &&
	       !name[end] && name[3] >= '0' && name[3] <= '9';
}

/*
 * The context and the device called @name; on failure nothing to free.
 * A name no dax device can have is a usage error (EX_USAGE), one that
 * could be but is not there ENODEV.
 */
int cli_open_dev(const char *name, struct daxmgr_ctx **ctx,
		 struct daxmgr_dev **dev)
{
	int rc;

	if (!cli_dev_name_valid(name))
		return cli_usage_error("'%s' is not a dax device name (daxX.Y or /dev/daxX.Y)", name);
	rc = cli_open(ctx);
	if (rc)
		return rc;
	*dev = daxmgr_dev_find(*ctx, name);
	if (!*dev) {
		daxmgr_unref(*ctx);
		return cli_error(-ENODEV, "%s", name);
	}
	return 0;
}

/*
 * A non-negative whole number of seconds, at most a day, as "30", "30s",
 * "5m" or "1h" (what systemd and timeout(1) users type).
 */
int cli_parse_seconds(const char *s, unsigned int *ms)
{
	long v, unit = 1;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 's': unit = 1; end++; break;
	case 'm': unit = 60; end++; break;
	case 'h': unit = 3600; end++; break;
	}
	if (*end || v > 86400 / unit)
		return -EINVAL;
	*ms = (unsigned int)(v * unit) * 1000;
	return 0;
}

void cli_print_holders(const struct daxmgr_busy *busy)
{
	unsigned int i;

	unsigned int files;

	for (i = 0; i < daxmgr_busy_nr_holders(busy); i++) {
		fprintf(stderr, "  held by pid %d (%s), ",
			(int)daxmgr_busy_holder_pid(busy, i),
			daxmgr_busy_holder_comm(busy, i));
		files = daxmgr_busy_holder_files(busy, i);
		if (files)
			fprintf(stderr, "%u open file(s), ", files);
		fprintf(stderr, "%u vma(s)\n", daxmgr_busy_holder_vmas(busy, i));
	}
}

static void cli_on_signal(int sig)
{
	cli_signal = sig;
}

/*
 * SIGINT and SIGTERM during a wait end it: the wait function sees
 * cli_signal and the library puts the device back.  No SA_RESTART, so
 * that the library's poll() returns at once.
 */
void cli_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = cli_on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

#define CLI_PROGRESS_MS	2000

/*
 * The wait function of unbind and destroy: stop on a signal, and say what
 * the wait is for every two seconds on a terminal (or with -v): the
 * count, who maps the device, the time left.
 */
int cli_wait_progress(struct daxmgr_dev *dev, enum daxmgr_wait_for what,
		      long left, unsigned int left_ms, void *userdata)
{
	static struct timespec last;
	struct daxmgr_busy *busy;
	struct timespec now;
	unsigned int i;

	if (cli_signal)
		return 1;
	if (!cli_verbose && !isatty(STDERR_FILENO))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last.tv_sec && (now.tv_sec - last.tv_sec) * 1000 +
	    (now.tv_nsec - last.tv_nsec) / 1000000 < CLI_PROGRESS_MS)
		return 0;
	last = now;
	cli_prefix();
	if (what == DAXMGR_WAIT_PINS) {
		fprintf(stderr, "%s: waiting for %ld pinned page(s) (in-flight I/O) to be released, %us left\n",
			daxmgr_dev_name(dev), left, (left_ms + 999) / 1000);
		return 0;
	}
	if (what == DAXMGR_WAIT_PARK) {
		fprintf(stderr, "%s: parked: waiting for %ld page(s) pinned before its unbind to be released, %us left\n",
			daxmgr_dev_name(dev), left, (left_ms + 999) / 1000);
		return 0;
	}
	fprintf(stderr, "%s: waiting for %ld %s to close, %us left",
		daxmgr_dev_name(dev), left,
		what == DAXMGR_WAIT_FILES ? "open file(s)" : "mapping(s)",
		(left_ms + 999) / 1000);
	if (!(what == DAXMGR_WAIT_FILES ? daxmgr_dev_file_holders(dev, &busy) :
	      daxmgr_dev_holders(dev, &busy))) {
		for (i = 0; i < daxmgr_busy_nr_holders(busy); i++)
			fprintf(stderr, "%s pid %d (%s)", i ? "," : "; held by",
				(int)daxmgr_busy_holder_pid(busy, i),
				daxmgr_busy_holder_comm(busy, i));
		daxmgr_busy_free(busy);
	}
	fprintf(stderr, " (Ctrl-C: stop waiting, leave it live)\n");
	return 0;
}
