# new_device and delete_device refuse every bad request with the right
# errno and change nothing: no device, no iomem claim.
start=$(($(region_start)))
size=$(($(region_size)))
end=$((start + size))
M2=2097152
G1=1073741824
iomem_before=$(cat /proc/iomem | md5sum)

ndevs=0
refuse() { # INPUT ERRNO
	daxtest write $DM_BUS/new_device "$1" "$2" || fail "new_device '$1'"
	expect_eq "$(dm_count)" $ndevs "devices after new_device '$1'"
}

# enabled namespace owns the range
refuse "$start $size" EBUSY

ns_disable
iomem_before=$(cat /proc/iomem | md5sum)
# malformed input
refuse " " EINVAL
refuse "garbage" EINVAL
refuse "$start" EINVAL
refuse "$start $size 2M extra" EINVAL
refuse "$start $size 3M" EINVAL
refuse "$start $size 0" EINVAL
refuse "$start -1" EINVAL
refuse "$start 12Q" EINVAL
refuse "$start 0" EINVAL
refuse "0xfffffffffff00000 0x400000" EINVAL
refuse "99999999999999999999999 $M2" EINVAL
# misaligned for memory hotplug or for the fault size
refuse "$((start + 4096)) $M2" EINVAL
refuse "$start $((M2 + 4096))" EINVAL
refuse "$((start + M2)) $M2 1G" EINVAL
refuse "$start $((G1 - M2)) 1G" EINVAL
# not persistent memory
refuse "0x1000000 $M2" ENXIO
refuse "$end $M2" ENXIO
refuse "$((end - M2)) $((2 * M2))" ENXIO
refuse "0 $M2" ENXIO
expect_eq "$(cat /proc/iomem | md5sum)" "$iomem_before" "iomem after refused creates"

# overlapping an existing device
dm_create 2M "$start" $((64 * M2))
ndevs=1
refuse "$start $M2" EBUSY
refuse "$((start + 32 * M2)) $((64 * M2))" EBUSY
expect_eq "$(dm_count)" 1 "devices"
# a disjoint neighbour is fine, in any supported notation
echo "$((start + 64 * M2)) 128M 4K" > $DM_BUS/new_device || fail "neighbour refused"
expect_eq "$(dm_count)" 2 "devices"

daxtest write $DM_BUS/delete_device "pmemdax99" ENODEV || fail "delete unknown"
daxtest write $DM_BUS/delete_device " " ENODEV || fail "delete empty"
daxtest write $DM_BUS/delete_device "region0" ENODEV || fail "delete non-daxmgr"
expect_eq "$(dm_count)" 2 "devices after refused deletes"
