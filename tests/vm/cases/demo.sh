# timeout: 120
# The main job: a device over the emulated NVDIMM, fio's dev-dax engine
# writing and verifying through it, and a safe unbind.
dm_create 2M
log "device $DEV: $(dm_attr $DEV size) bytes, align $(dm_attr $DEV align)"
fio --name=write-verify --ioengine=dev-dax --filename=/dev/$DEV --rw=write \
	--bs=2m --size=256m --verify=crc32c --output-format=terse --terse-version=3 \
	> /tmp/fio.out || fail "fio write+verify failed: $(cat /tmp/fio.out)"
grep -q "got signal" /tmp/fio.out && fail "fio got a signal"
fio --name=seqread --ioengine=dev-dax --filename=/dev/$DEV --rw=read \
	--bs=2m --size=1g --time_based --runtime=3 > /tmp/fio.out ||
	fail "fio read failed: $(cat /tmp/fio.out)"
grep -E "READ:" /tmp/fio.out
expect_eq "$(dm_attr $DEV mappings)" 0 "mappings after fio"
dm_unbind $DEV || fail "unbind"
expect_eq "$(dm_attr $DEV state)" disabled "state after unbind"
log "faults: pte $(dm_attr $DEV faults_pte) pmd $(dm_attr $DEV faults_pmd) pud $(dm_attr $DEV faults_pud)"
