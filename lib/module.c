// SPDX-License-Identifier: LGPL-2.1
/* Copyright (C) 2026 The daxmgr developers */
/* Loading daxmgr.ko through libkmod. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <libkmod.h>

#include "private.h"

/* libkmod's messages (why the module would not load) go to our log. */
static void dm_kmod_log(void *data, int priority, const char *file, int line,
			const char *fn, const char *format, va_list args)
{
	dm_vlog(data, priority, file, line, fn, format, args);
}

/*
 * Loading the driver binds nothing (daxmgr takes only devices handed to
 * it), so the device list stays valid.  Not logged here: the callers say
 * what was not done for want of the module.
 */
int dm_load_module(struct daxmgr_ctx *ctx)
{
	struct kmod_module *mod;
	struct kmod_ctx *kctx;
	int rc;

	rc = dm_exists(ctx, DM_DRIVER);
	if (rc)
		return rc < 0 ? rc : 0;	/* loaded (or built in) already */
	if (!dm_real_sysfs(ctx))
		return -ENODEV;

	kctx = kmod_new(NULL, NULL);
	if (!kctx)
		return -ENOMEM;
	kmod_set_log_fn(kctx, dm_kmod_log, ctx);
	kmod_set_log_priority(kctx, daxmgr_get_log_priority(ctx));
	rc = kmod_module_new_from_name(kctx, "daxmgr", &mod);
	if (!rc) {
		rc = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
		kmod_module_unref(mod);
	}
	kmod_unref(kctx);
	if (rc > 0)
		rc = -ENOENT;	/* blacklisted or no such module */
	if (rc)
		return rc;
	return dm_exists(ctx, DM_DRIVER) == 1 ? 0 : -ENODEV;
}

DAXMGR_EXPORT int daxmgr_load_module(struct daxmgr_ctx *ctx)
{
	int rc;

	if (!ctx)
		return -EINVAL;
	rc = dm_load_module(ctx);
	if (rc)
		dm_err(ctx, "the daxmgr module does not load: %s\n", strerror(-rc));
	return rc;
}
