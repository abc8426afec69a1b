// SPDX-License-Identifier: GPL-2.0
/* Copyright (C) 2026 The daxmgr developers */
/*
 * Module glue: the "daxmgr" driver on the kernel's dax bus, a peer of
 * device_dax and kmem.  It binds a dax device only when an admin hands it
 * over (new_id + bind, as daxctl does for kmem).  probe is a list of devm
 * steps, as in drivers/dax/device.c, torn down in reverse order after
 * remove(), which runs the safe unbind protocol.  A private pseudo
 * filesystem hosts each binding's address_space.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dax.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "daxmgr.h"

#define DAXMGR_FS_MAGIC	0x64786d67	/* "dxmg" */

DEFINE_SRCU(daxmgr_srcu);
struct workqueue_struct *daxmgr_wq;

unsigned int daxmgr_drain_timeout = 30;
module_param_named(drain_timeout, daxmgr_drain_timeout, uint, 0644);
MODULE_PARM_DESC(drain_timeout,
		 "Seconds unbind waits for pinned pages before it parks the pagemap (default 30)");

static struct vfsmount *daxmgr_mnt;
static int daxmgr_mnt_count;

static int daxmgr_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, DAXMGR_FS_MAGIC) ? 0 : -ENOMEM;
}

/*
 * No .owner: the module pins this filesystem itself for its whole lifetime,
 * and a module reference from that pin would make rmmod impossible.
 */
static struct file_system_type daxmgr_fs_type = {
	.name		 = "daxmgr",
	.init_fs_context = daxmgr_init_fs_context,
	.kill_sb	 = kill_anon_super,
};

/*
 * The inode whose address_space every open file of one binding shares, so
 * that unmap_mapping_range() on it reaches every mapping of the binding.
 * S_DAX makes vma_is_dax() true, which is what lets the core mm call our
 * PMD/PUD fault handlers; S_IFCHR makes memory_failure() treat the pages
 * like device_dax pages instead of walking a filesystem's DAX xarray.
 * Not the dax core's inode: device_dax rewrites that one's a_ops to its
 * own on every open, and pages we hand out point at this mapping for as
 * long as they are pinned, possibly longer than the binding.
 */
struct inode *daxmgr_alloc_inode(void)
{
	struct inode *inode = alloc_anon_inode(daxmgr_mnt->mnt_sb);

	if (IS_ERR(inode))
		return inode;
	inode->i_mode |= S_IFCHR;
	inode->i_flags |= S_DAX;
	return inode;
}

/*
 * dev_t -> its node: the binding serving it now, and the files open on it.
 * A node is made by the first probe of its dev_t and kept until the module
 * goes: files outlive bindings, and they hold the module.
 */
static DEFINE_XARRAY(daxmgr_nodes);

/* The node of @devt, made if it has none; NULL without memory. */
static struct daxmgr_node *daxmgr_node_get(dev_t devt)
{
	struct daxmgr_node *node = xa_load(&daxmgr_nodes, devt), *old;

	if (node)
		return node;
	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return NULL;
	old = xa_cmpxchg(&daxmgr_nodes, devt, NULL, node, GFP_KERNEL);
	if (xa_is_err(old)) {
		kfree(node);
		return NULL;
	}
	if (old) {
		kfree(node);
		return old;
	}
	return node;
}

static void daxmgr_nodes_free(void)
{
	struct daxmgr_node *node;
	unsigned long devt;

	xa_for_each(&daxmgr_nodes, devt, node)
		kfree(node);
	xa_destroy(&daxmgr_nodes);
}

/* Opens of @ddev's node reach @ddev from now on (probe), or none (unbind). */
static void daxmgr_node_serve(struct daxmgr_binding *ddev)
{
	xa_lock(&daxmgr_nodes);
	ddev->node->binding = ddev;
	xa_unlock(&daxmgr_nodes);
}

static void daxmgr_node_unserve(struct daxmgr_binding *ddev)
{
	xa_lock(&daxmgr_nodes);
	if (ddev->node->binding == ddev)
		ddev->node->binding = NULL;
	xa_unlock(&daxmgr_nodes);
}

/* The binding serving @devt now, with a reference, or NULL. */
struct daxmgr_binding *daxmgr_binding_lookup(dev_t devt)
{
	struct daxmgr_node *node;
	struct daxmgr_binding *ddev;

	xa_lock(&daxmgr_nodes);
	node = xa_load(&daxmgr_nodes, devt);
	ddev = node ? node->binding : NULL;
	if (ddev)
		daxmgr_binding_get(ddev);
	xa_unlock(&daxmgr_nodes);
	return ddev;
}

/*
 * The binding an open of @inode gets, with a reference.  chrdev_open()
 * goes on using the cdev an earlier open cached in the node's inode for as
 * long as any file of it is open, even after that binding went away; such
 * opens are sent to the device's current binding.  With none (unbound, or
 * still probing), the cdev's own binding answers, with ENXIO or EBUSY.
 * cdev_set_parent() in probe made the binding's kobject the cdev's parent.
 */
struct daxmgr_binding *daxmgr_open_binding(struct inode *inode)
{
	struct daxmgr_binding *ddev = daxmgr_binding_lookup(inode->i_rdev);

	/* the open holds the cdev, which holds its parent */
	if (!ddev) {
		ddev = kobj_to_daxmgr_binding(inode->i_cdev->kobj.parent);
		daxmgr_binding_get(ddev);
	}
	return ddev;
}

static void daxmgr_binding_release(struct kobject *kobj)
{
	struct daxmgr_binding *ddev = kobj_to_daxmgr_binding(kobj);

	if (ddev->inode)
		iput(ddev->inode);
	sysfs_put(ddev->kn_state);
	sysfs_put(ddev->kn_vmas);
	put_device(ddev->dev);
	kfree(ddev);
}

static const struct kobj_type daxmgr_binding_ktype = {
	.release = daxmgr_binding_release,
};

/*
 * What probe refuses, first of all: anything that does not look like a
 * dax device, and the dax devices the rest of the driver does not handle
 * (dynamic ones, and more than one range).  One message per reason,
 * "daxmgr: daxX.Y: why".
 */
static int daxmgr_check_dev_dax(struct dev_dax *dev_dax)
{
	struct device *dev = &dev_dax->dev;
	struct resource *res = &dev_dax->region->res;
	unsigned long align = dev_dax->align;
	int region_id = -1, id;
	struct range *range;
	char name[32];

	if (sscanf(dev_name(dev), "dax%d.%d", &region_id, &id) == 2)
		snprintf(name, sizeof(name), "dax%d.%d", region_id, id);
	else
		name[0] = '\0';
	if (strcmp(name, dev_name(dev)) || region_id != dev_dax->region->id) {
		pr_warn("%s: not named daxR.N after its region (region%d): not supported\n",
			dev_name(dev), dev_dax->region->id);
		return -EINVAL;
	}
	if (align != PAGE_SIZE && align != PMD_SIZE &&
	    !(IS_ENABLED(CONFIG_HAVE_ARCH_TRANSPARENT_HUGEPAGE_PUD) &&
	      align == PUD_SIZE)) {
		pr_warn("%s: alignment %#lx: not supported (4K, 2M or, with PUD mappings, 1G)\n",
			dev_name(dev), align);
		return -EINVAL;
	}
	if (dev_dax->nr_range < 1 || !dev_dax->ranges) {
		pr_warn("%s: no range (size 0): nothing to serve\n", dev_name(dev));
		return -ENXIO;
	}
	/*
	 * Static (namespace) devices only: device_dax points a dynamic
	 * device's pgmap at devm memory before it claims the range, so a
	 * bind of device_dax refused by a parked claim of ours would leave
	 * it dangling (and dev_dax_release() would free it again).
	 */
	if (!static_dev_dax(dev_dax)) {
		pr_warn("%s: dynamic dax device (no namespace behind it): not supported, use device_dax\n",
			dev_name(dev));
		return -EOPNOTSUPP;
	}
	/*
	 * A namespace's device is one range at offset 0 with dax_pmem's
	 * pgmap (device_dax refuses more: "static pgmap / multi-range
	 * device conflict"); the pagemap code knows no other.
	 */
	if (dev_dax->nr_range != 1 || dev_dax->ranges[0].pgoff ||
	    !dev_dax->pgmap) {
		pr_warn("%s: static dax device with %d ranges%s: not supported (one range, as a namespace has)\n",
			dev_name(dev), dev_dax->nr_range,
			dev_dax->pgmap ? "" : " and no pgmap");
		return -EINVAL;
	}
	range = &dev_dax->ranges[0].range;
	if (range->start < res->start || range->end > res->end ||
	    range->end < range->start) {
		pr_warn("%s: range %#llx-%#llx outside its region %pR: not supported\n",
			dev_name(dev), range->start, range->end, res);
		return -EINVAL;
	}
	if (!IS_ALIGNED(range->start, align) ||
	    !IS_ALIGNED(range_len(range), align)) {
		pr_warn("%s: range %#llx-%#llx not aligned to its alignment %#lx: not supported\n",
			dev_name(dev), range->start, range->end, align);
		return -EINVAL;
	}
	return 0;
}

static void daxmgr_unbound(void *data)
{
	struct daxmgr_binding *ddev = data;

	daxmgr_node_unserve(ddev);
	mutex_lock(&ddev->lock);
	daxmgr_set_state(ddev, DAXMGR_GONE);
	daxmgr_set_alive(ddev, false);
	mutex_unlock(&ddev->lock);
	daxmgr_binding_put(ddev);
}

static struct daxmgr_binding *daxmgr_binding_alloc(struct dev_dax *dev_dax)
{
	struct daxmgr_binding *ddev;

	ddev = kzalloc(sizeof(*ddev), GFP_KERNEL);
	if (!ddev)
		return ERR_PTR(-ENOMEM);
	kobject_init(&ddev->kobj, &daxmgr_binding_ktype);
	ddev->dev = get_device(&dev_dax->dev);
	ddev->node = daxmgr_node_get(dev_dax->dev.devt);
	if (!ddev->node) {
		daxmgr_binding_put(ddev);
		return ERR_PTR(-ENOMEM);
	}
	ddev->align = dev_dax->align;
	if (ddev->align == PAGE_SIZE)
		ddev->fault_around = DAXMGR_FAULT_AROUND_DEFAULT;
	ddev->size = range_len(&dev_dax->ranges[0].range);	/* one (probe) */
	/*
	 * Quiesced until probe has nothing left that can fail: a file
	 * opened through the new cdev meanwhile gets EBUSY from mmap, so no
	 * vma can hold a pagemap reference when a failed probe tears down.
	 */
	ddev->state = DAXMGR_QUIESCED;
	ddev->probing = true;
	ddev->pin_mode = DAXMGR_PIN_VMA;
	mutex_init(&ddev->unbind_lock);
	mutex_init(&ddev->reconfig_lock);
	mutex_init(&ddev->lock);
	spin_lock_init(&ddev->vma_lock);
	init_waitqueue_head(&ddev->unmapped_wq);

	ddev->inode = daxmgr_alloc_inode();
	if (IS_ERR(ddev->inode)) {
		long rc = PTR_ERR(ddev->inode);

		ddev->inode = NULL;
		daxmgr_binding_put(ddev);
		return ERR_PTR(rc);
	}
	return ddev;
}

static void daxmgr_pagemap_put(void *data)
{
	struct daxmgr_binding *ddev = data;
	struct daxmgr_pagemap *pm = ddev->pm;

	mutex_lock(&ddev->lock);
	ddev->pm = NULL;
	mutex_unlock(&ddev->lock);
	daxmgr_pagemap_release(pm);
}

static void daxmgr_cdev_del(void *cdev)
{
	cdev_del(cdev);
}

static void daxmgr_kill(void *dax_dev)
{
	kill_dax(dax_dev);
}

/*
 * A fresh cdev per binding on the device's own dev_t, so the node stays
 * /dev/daxX.Y with the same major:minor.  Not the dax core's embedded
 * cdev: files opened under an earlier binding still hold a reference on
 * the cdev they were opened through, and re-initialising a cdev that is
 * still referenced would reset its kobject refcount under them.
 */
static int daxmgr_cdev_add(struct daxmgr_binding *ddev)
{
	struct device *dev = ddev->dev;
	struct cdev *cdev;
	int rc;

	cdev = cdev_alloc();
	if (!cdev)
		return -ENOMEM;
	cdev->owner = THIS_MODULE;
	cdev->ops = &daxmgr_fops;
	cdev_set_parent(cdev, &ddev->kobj);
	rc = cdev_add(cdev, dev->devt, 1);
	if (rc) {
		/* cdev_add() took no parent reference; its release would drop one */
		cdev->kobj.parent = NULL;
		kobject_put(&cdev->kobj);
		return rc;
	}
	return devm_add_action_or_reset(dev, daxmgr_cdev_del, cdev);
}

static void daxmgr_module_put(void *unused)
{
	module_put(THIS_MODULE);
}

/*
 * Files still open from device_dax's binding hold the dax core's cdev,
 * which chrdev_open() keeps using for every open of the node until they
 * are closed: device_dax's fops would map our pages behind our back.
 */
static bool daxmgr_dax_cdev_busy(struct dev_dax *dev_dax)
{
	struct inode *inode = dax_inode(dev_dax->dax_dev);

	return inode->i_cdev && kref_read(&inode->i_cdev->kobj.kref);
}

static int daxmgr_probe(struct dev_dax *dev_dax)
{
	struct device *dev = &dev_dax->dev;
	struct daxmgr_pagemap *pm;
	struct daxmgr_binding *ddev;
	int rc;

	rc = daxmgr_check_dev_dax(dev_dax);
	if (rc)
		return rc;	/* it said why */
	if (daxmgr_dax_cdev_busy(dev_dax)) {
		dev_warn(dev, "refused: files opened under device_dax are still open\n");
		return -EBUSY;
	}
	/*
	 * A binding holds the module: unloading unbinds nothing, so that no
	 * pagemap can be parked by a remove() that runs during module exit.
	 */
	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	rc = devm_add_action_or_reset(dev, daxmgr_module_put, NULL);
	if (rc)
		return rc;

	ddev = daxmgr_binding_alloc(dev_dax);
	if (IS_ERR(ddev))
		return PTR_ERR(ddev);
	rc = devm_add_action_or_reset(dev, daxmgr_unbound, ddev);
	if (rc)
		return rc;

	pm = daxmgr_pagemap_create(dev_dax, ddev->inode);
	if (IS_ERR(pm))
		return PTR_ERR(pm);
	ddev->pm = pm;
	rc = devm_add_action_or_reset(dev, daxmgr_pagemap_put, ddev);
	if (rc)
		return rc;

	dev_set_drvdata(dev, ddev);
	rc = daxmgr_cdev_add(ddev);
	if (rc)
		return rc;
	rc = devm_device_add_group(dev, &daxmgr_dev_group);
	if (rc)
		return rc;
	/* held until the binding is freed: a late notify finds a valid node */
	ddev->kn_state = sysfs_get_dirent(dev->kobj.sd, "state");
	ddev->kn_vmas = sysfs_get_dirent(dev->kobj.sd, "vmas");

	run_dax(dev_dax->dax_dev);
	rc = devm_add_action_or_reset(dev, daxmgr_kill, dev_dax->dax_dev);
	if (rc)
		return rc;

	daxmgr_node_serve(ddev);

	mutex_lock(&ddev->lock);
	ddev->probing = false;
	daxmgr_set_state(ddev, DAXMGR_LIVE);
	daxmgr_set_alive(ddev, true);
	mutex_unlock(&ddev->lock);
	dev_info(dev, "serving %llu bytes at align %#lx, pin_mode vma\n",
		 ddev->size, ddev->align);
	return 0;
}

/*
 * Has the dax core killed the device?  It does before it deletes one
 * (namespace disabled, region or dax_pmem unbound): unregister_dev_dax()
 * then waits in device_del() for the device_lock remove() runs under,
 * and on 6.12 holds the global dax_region_rwsem for write meanwhile, so
 * every wait of the unbind polls this and stops at once.
 */
bool daxmgr_dax_deleted(struct daxmgr_binding *ddev)
{
	bool alive;
	int id;

	id = dax_read_lock();
	alive = dax_alive(to_dev_dax(ddev->dev)->dax_dev);
	dax_read_unlock(id);
	return !alive;
}

/*
 * The safe unbind protocol.  Nothing here may oops or free struct pages
 * that someone still holds, and no wait is silent or unbounded unless the
 * admin asked for it and can end it:
 *  1. stop new opens and mmaps;
 *  2. vma policy: wait for every mapping to go away (logged every 10 s;
 *     killing the unbinding task or writing "revoke" ends the wait);
 *  3. revoke: stop faults, zap every PTE/PMD/PUD, wait an RCU grace
 *     period, bump the generation so old files and vmas stay dead;
 *  4. wait at most drain_timeout seconds (killable, logged) until no page
 *     is pinned any more;
 *  5. devm then releases the pagemap, or parks it if pins remain.
 * Steps 1-4 run once per binding, under unbind_lock: from our unbind file
 * before it detaches (daxmgr_unbind_wait(), without the device_lock that
 * the dax core, ndctl's reads of the device and other hand-overs need),
 * else from remove().  Without @wait they only quiesce and revoke.  A
 * device the dax core deletes meanwhile (daxmgr_dax_deleted()) ends every
 * wait at once.
 */
static void daxmgr_unbind_steps(struct daxmgr_binding *ddev, bool wait)
{
	unsigned int timeout = wait ? READ_ONCE(daxmgr_drain_timeout) : 0;
	enum daxmgr_pin_mode mode;
	int rc = 0;

	lockdep_assert_held(&ddev->unbind_lock);
	mutex_lock(&ddev->reconfig_lock);
	mutex_lock(&ddev->lock);
	ddev->unbinding = true;
	if (ddev->state == DAXMGR_LIVE)
		daxmgr_set_state(ddev, DAXMGR_QUIESCED);
	mode = ddev->pin_mode;
	mutex_unlock(&ddev->lock);
	mutex_unlock(&ddev->reconfig_lock);
	daxmgr_notify(ddev->kn_state);

	if (mode == DAXMGR_PIN_VMA && wait)
		rc = daxmgr_wait_unmapped(ddev);
	if (rc == -ENODEV) {
		dev_warn(ddev->dev, "device deleted while unbind waited for its mappings: revoking them without waiting\n");
		timeout = 0;
	}

	mutex_lock(&ddev->reconfig_lock);
	mutex_lock(&ddev->lock);
	daxmgr_revoke_locked(ddev);
	mutex_unlock(&ddev->lock);
	mutex_unlock(&ddev->reconfig_lock);

	rc = daxmgr_pagemap_drain(ddev, timeout);
	if (rc == -EINTR)
		dev_warn(ddev->dev, "unbind killed while pages are pinned\n");
	else if (rc == -ENODEV)
		dev_warn(ddev->dev, "device deleted while unbind waited for pinned pages\n");
	else if (rc && timeout)
		dev_warn(ddev->dev, "pages still pinned after %us (drain_timeout)\n",
			 timeout);
}

/*
 * Our unbind file, before it detaches @ddev: the protocol's waits, with
 * no device_lock held.  Skipped if they ran already (another writer) or
 * the device is being deleted (remove() revokes and parks at once).
 */
void daxmgr_unbind_wait(struct daxmgr_binding *ddev)
{
	if (mutex_lock_killable(&ddev->unbind_lock))
		return;
	if (!ddev->unbinding && READ_ONCE(ddev->state) != DAXMGR_GONE &&
	    !daxmgr_dax_deleted(ddev))
		daxmgr_unbind_steps(ddev, true);
	mutex_unlock(&ddev->unbind_lock);
}

static void daxmgr_remove(struct dev_dax *dev_dax)
{
	struct daxmgr_binding *ddev = dev_get_drvdata(&dev_dax->dev);
	bool deleted;
	long files;

	/* an unbind file's waits end soon once the device is deleted */
	mutex_lock(&ddev->unbind_lock);
	deleted = daxmgr_dax_deleted(ddev);
	if (deleted)
		dev_warn(ddev->dev, "device deleted while served: revoking its mappings without waiting\n");
	else
		daxmgr_id_forget(ddev->dev);
	/* unbinding: our unbind file has waited already */
	daxmgr_unbind_steps(ddev, !deleted && !ddev->unbinding);
	mutex_unlock(&ddev->unbind_lock);

	files = atomic_long_read(&ddev->node->files);
	if (files)
		dev_info(ddev->dev, "%ld file(s) of the node still open: until they are closed, opens of /dev/%s reach daxmgr and fail (ENXIO) whichever driver serves it\n",
			 files, dev_name(ddev->dev));
}

/*
 * Neither DAXDRV_KMEM_TYPE nor DAXDRV_DEVICE_TYPE: 6.12's dax_match_type()
 * then never matches, and only a device named through new_id binds.  On
 * 6.1, match_always stays 0 for the same effect.
 */
#define DAXMGR_DRV_TYPE_ID_ONLY	2

static struct dax_device_driver daxmgr_driver = {
	.drv = {
		/* an error in probe must reach whoever wrote new_id or bind */
		.probe_type	= PROBE_FORCE_SYNCHRONOUS,
		.groups		= daxmgr_drv_groups,
		/* ours instead (bind.c): an unbound device leaves the id list */
		.suppress_bind_attrs = true,
	},
	.probe	= daxmgr_probe,
	.remove	= daxmgr_remove,
#ifdef DAXMGR_DAX_TYPED_MATCH
	.type	= DAXMGR_DRV_TYPE_ID_ONLY,
#endif
};

static int __init daxmgr_init(void)
{
	int rc;

	rc = simple_pin_fs(&daxmgr_fs_type, &daxmgr_mnt, &daxmgr_mnt_count);
	if (rc)
		return rc;
	daxmgr_wq = alloc_workqueue("daxmgr", 0, 0);
	if (!daxmgr_wq) {
		rc = -ENOMEM;
		goto err_wq;
	}
	rc = daxmgr_park_class_init();
	if (rc)
		goto err_class;
	rc = __dax_driver_register(&daxmgr_driver, THIS_MODULE, KBUILD_MODNAME);
	if (rc)
		goto err_driver;
	rc = daxmgr_ids_init(&daxmgr_driver.drv);
	if (rc)
		goto err_ids;
	daxmgr_layout_init();
	return 0;

err_ids:
	dax_driver_unregister(&daxmgr_driver);
err_driver:
	daxmgr_park_class_exit();
err_class:
	destroy_workqueue(daxmgr_wq);
err_wq:
	simple_release_fs(&daxmgr_mnt, &daxmgr_mnt_count);
	return rc;
}

/*
 * Bindings and parked pagemaps hold module references, so this runs only
 * once none is left; destroy_workqueue() waits for the worker that
 * released the last parked one.
 */
static void __exit daxmgr_exit(void)
{
	daxmgr_layout_exit();
	dax_driver_unregister(&daxmgr_driver);
	destroy_workqueue(daxmgr_wq);
	daxmgr_park_class_exit();
	simple_release_fs(&daxmgr_mnt, &daxmgr_mnt_count);
	daxmgr_nodes_free();
}

module_init(daxmgr_init);
module_exit(daxmgr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("dax bus driver: DAX character devices with per-device pinning policies and a safe unbind");
MODULE_VERSION("0.3");
