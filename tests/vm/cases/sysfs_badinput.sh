# Every writable attribute refuses bad values with EINVAL and changes
# nothing; read-only attributes cannot be opened for writing.
dm_create 2M
d=$DM_DEVS/$DEV
before=$(dm_snapshot $DEV)
for v in " " abc 0 1 3M 4097 2M2 -2M 0x "2M 4K" 99999999999999999999G 8G; do
	daxtest write $d/align "$v" EINVAL || fail "align '$v'"
done
for v in " " foo vmaa VMA "vma io" 1; do
	daxtest write $d/pin_mode "$v" EINVAL || fail "pin_mode '$v'"
done
for a in quiesce unquiesce revoke; do
	for v in " " 0 2 no x 1x yes y on 11 " 1"; do
		daxtest write $d/$a "$v" EINVAL || fail "$a '$v'"
	done
done
for a in size resource state mappings pinned_pages target_node numa_node faults_pte faults_pmd faults_pud; do
	daxtest write $d/$a 1 EACCES || fail "read-only $a"
done
expect_eq "$(dm_snapshot $DEV)" "$before" "attributes after refused writes"
# and a good value is still taken (the refusals were not blanket)
echo 4K > $d/align || fail "align 4K"
expect_eq "$(dm_attr $DEV align)" 4096 align
echo io > $d/pin_mode || fail "pin_mode io"
expect_eq "$(dm_attr $DEV pin_mode)" io pin_mode
