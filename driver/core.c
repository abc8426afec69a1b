// SPDX-License-Identifier: GPL-2.0
/*
 * Module glue: the "daxmgr" bus whose devices are the created ranges, the
 * "pmemdax" driver that binds them (probe = pagemap + char device, remove =
 * the safe unbind protocol), the "pmemdax" class for the char devices, and
 * the private pseudo filesystem that hosts each device's address_space.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/slab.h>

#include "daxmgr.h"

#define DAXMGR_FS_MAGIC	0x64786d67	/* "dxmg" */

DEFINE_SRCU(daxmgr_srcu);
dev_t daxmgr_devt;

static struct device *daxmgr_root;
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
 * The inode whose address_space every open file of one device shares, so
 * that unmap_mapping_range() on it reaches every mapping of the device.
 * S_DAX makes vma_is_dax() true, which is what lets the core mm call our
 * PMD/PUD fault handlers; S_IFCHR makes memory_failure() treat the pages
 * like device-dax pages instead of walking a filesystem's DAX xarray.
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

static struct daxmgr_dev *daxmgr_dev_from_cdev(struct cdev *cdev)
{
	/* cdev_set_parent() below made the bus device the cdev's parent. */
	return to_daxmgr_dev(kobj_to_dev(cdev->kobj.parent));
}

struct daxmgr_dev *daxmgr_inode_to_dev(struct inode *inode)
{
	return daxmgr_dev_from_cdev(inode->i_cdev);
}

/*
 * A fresh cdev per binding: files opened under an earlier binding still
 * hold the old one (and through it the bus device), so it cannot be reused.
 */
static int daxmgr_chardev_add(struct daxmgr_dev *ddev)
{
	dev_t devt = MKDEV(MAJOR(daxmgr_devt), ddev->id);
	struct device *chardev;
	struct cdev *cdev;
	int rc;

	cdev = cdev_alloc();
	if (!cdev)
		return -ENOMEM;
	cdev->owner = THIS_MODULE;
	cdev->ops = &daxmgr_fops;
	cdev_set_parent(cdev, &ddev->dev.kobj);
	rc = cdev_add(cdev, devt, 1);
	if (rc) {
		/* the release drops the parent reference cdev_add() did not take */
		get_device(&ddev->dev);
		kobject_put(&cdev->kobj);
		return rc;
	}

	chardev = device_create(&daxmgr_class, &ddev->dev, devt, ddev,
				DAXMGR_DEV_PREFIX "%d", ddev->id);
	if (IS_ERR(chardev)) {
		cdev_del(cdev);
		return PTR_ERR(chardev);
	}
	ddev->cdev = cdev;
	ddev->chardev = chardev;
	return 0;
}

static void daxmgr_chardev_del(struct daxmgr_dev *ddev)
{
	if (!ddev->chardev)
		return;
	device_unregister(ddev->chardev);
	cdev_del(ddev->cdev);
	ddev->chardev = NULL;
	ddev->cdev = NULL;
}

static int daxmgr_probe(struct device *dev)
{
	struct daxmgr_dev *ddev = to_daxmgr_dev(dev);
	int rc;

	mutex_lock(&ddev->reconfig_lock);
	mutex_lock(&ddev->lock);
	rc = daxmgr_pagemap_setup(ddev);
	if (!rc) {
		ddev->state = DAXMGR_LIVE;
		WRITE_ONCE(ddev->alive, true);
	}
	mutex_unlock(&ddev->lock);

	if (!rc) {
		rc = daxmgr_chardev_add(ddev);
		if (rc) {
			mutex_lock(&ddev->lock);
			daxmgr_revoke_locked(ddev);
			daxmgr_pagemap_teardown(ddev);
			ddev->state = DAXMGR_DISABLED;
			mutex_unlock(&ddev->lock);
		}
	}
	ddev->probe_err = rc;
	mutex_unlock(&ddev->reconfig_lock);
	return rc;
}

/*
 * The safe unbind protocol.  Nothing here may oops or free struct pages
 * that someone still holds, and nothing may wait silently:
 *  1. stop new opens and mmaps;
 *  2. vma policy: wait for every mapping to go away (logged; a fatal
 *     signal to the unbinding task turns the wait into a revoke);
 *  3. revoke: stop faults, zap every PTE/PMD/PUD of the device, bump the
 *     generation so old files and vmas stay dead;
 *  4. wait until no page is pinned any more (in-flight O_DIRECT), logged;
 *  5. only then release the pagemap.
 */
static void daxmgr_remove(struct device *dev)
{
	struct daxmgr_dev *ddev = to_daxmgr_dev(dev);
	enum daxmgr_pin_mode mode;

	mutex_lock(&ddev->reconfig_lock);
	mutex_lock(&ddev->lock);
	ddev->unbinding = true;
	if (ddev->state == DAXMGR_LIVE)
		ddev->state = DAXMGR_QUIESCED;
	mode = ddev->pin_mode;
	mutex_unlock(&ddev->lock);
	mutex_unlock(&ddev->reconfig_lock);

	daxmgr_chardev_del(ddev);
	if (mode == DAXMGR_PIN_VMA)
		daxmgr_wait_unmapped(ddev);

	mutex_lock(&ddev->reconfig_lock);
	mutex_lock(&ddev->lock);
	daxmgr_revoke_locked(ddev);
	mutex_unlock(&ddev->lock);

	daxmgr_pagemap_drain(ddev);

	mutex_lock(&ddev->lock);
	daxmgr_pagemap_teardown(ddev);
	ddev->state = DAXMGR_DISABLED;
	ddev->unbinding = false;
	mutex_unlock(&ddev->lock);
	mutex_unlock(&ddev->reconfig_lock);
}

struct bus_type daxmgr_bus = {
	.name		= "daxmgr",
	.probe		= daxmgr_probe,
	.remove		= daxmgr_remove,
	.bus_groups	= daxmgr_bus_groups,
	.dev_groups	= daxmgr_dev_groups,
};

static struct device_driver daxmgr_driver = {
	.name	= DAXMGR_DEV_PREFIX,
	.bus	= &daxmgr_bus,
	.owner	= THIS_MODULE,
};

struct class daxmgr_class = {
	.name		= DAXMGR_DEV_PREFIX,
	.dev_groups	= daxmgr_chardev_groups,
};

struct device *daxmgr_root_device(void)
{
	return daxmgr_root;
}

static int __init daxmgr_init(void)
{
	int rc;

	rc = simple_pin_fs(&daxmgr_fs_type, &daxmgr_mnt, &daxmgr_mnt_count);
	if (rc)
		return rc;
	rc = alloc_chrdev_region(&daxmgr_devt, 0, DAXMGR_MAX_DEVICES, "daxmgr");
	if (rc)
		goto err_chrdev;
	rc = class_register(&daxmgr_class);
	if (rc)
		goto err_class;
	daxmgr_root = root_device_register("daxmgr");
	if (IS_ERR(daxmgr_root)) {
		rc = PTR_ERR(daxmgr_root);
		goto err_root;
	}
	rc = bus_register(&daxmgr_bus);
	if (rc)
		goto err_bus;
	rc = driver_register(&daxmgr_driver);
	if (rc)
		goto err_driver;
	return 0;

err_driver:
	bus_unregister(&daxmgr_bus);
err_bus:
	root_device_unregister(daxmgr_root);
err_root:
	class_unregister(&daxmgr_class);
err_class:
	unregister_chrdev_region(daxmgr_devt, DAXMGR_MAX_DEVICES);
err_chrdev:
	simple_release_fs(&daxmgr_mnt, &daxmgr_mnt_count);
	return rc;
}

static void __exit daxmgr_exit(void)
{
	daxmgr_delete_all();
	driver_unregister(&daxmgr_driver);
	bus_unregister(&daxmgr_bus);
	root_device_unregister(daxmgr_root);
	class_unregister(&daxmgr_class);
	unregister_chrdev_region(daxmgr_devt, DAXMGR_MAX_DEVICES);
	simple_release_fs(&daxmgr_mnt, &daxmgr_mnt_count);
}

module_init(daxmgr_init);
module_exit(daxmgr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("DAX character devices over persistent memory, with per-device pinning policies");
MODULE_VERSION("0.1");
