# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# timeout: 600
# kmemleak (issue 22; debug kernel only): after every other case and the
# module's unload, nothing that daxmgr allocated, itself or through the
# kernel functions it called, is left unreferenced.  After the unload, so
# that what the module's exit should have freed is judged too: kmemleak
# then prints our frames as bare addresses, which leak_scan names from
# the symbols module_unload kept (/run/daxmgr.text).  The kernel's own
# boot-time reports are counted and left alone.
leak_scan "every case and the module's unload" /run/daxmgr.text
