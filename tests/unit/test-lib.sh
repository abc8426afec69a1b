#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copyright (C) 2026 The daxmgr developers
# libdaxmgr against fake trees, built with ASan and UBSan.
top=$(cd "$(dirname "$0")/../.." && pwd)
exec "$top/build/asan/test_lib"
