#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libdaxmgr against fake trees, built with ASan and UBSan.
top=$(cd "$(dirname "$0")/../.." && pwd)
exec "$top/build/asan/test_lib"
