/**
 * The GRUB script gp embeds in its EFI loaders and writes for BIOS and CD boots. It follows
 * genpack's boot contract (genpack-boot.md §1.3), so images built for genpack boot unchanged:
 * find the partition GRUB started from and its UUID, loop-mount `system.img` (or the data
 * partition's `system`), hand over to the image's own grub.cfg if it has one, read `system.cfg`,
 * and boot `/boot/kernel` with `/boot/initramfs` from inside the image with
 * `root=systemimg:<UUID>`. Two things go further than genpack's: should `system.img` be missing
 * (an update cut short by hand), the previous image is booted instead of rebooting in a loop,
 * and the previous image has its own menu entry.
 */
export function grubConfig(): string {
  return `# Written by gp. Boots the genpack system image on the partition GRUB was started from.
if serial --unit=0 --speed=115200; then
  terminal_input --append serial
  terminal_output --append serial
fi

# The partition of $cmdpath when it names a file (UEFI: "(hd0,gpt1)/efi/boot"); else $root, which
# a BIOS core image sets from its prefix while its $cmdpath is only the disk.
set BOOT_PARTITION="($root)"
regexp --set=1:BOOT_PARTITION '^(\\([^)]+\\))/' "$cmdpath"
probe --set=BOOT_PARTITION_UUID -u $BOOT_PARTITION
export BOOT_PARTITION
export BOOT_PARTITION_UUID

# Started from an ISO's El Torito EFI image (or its appended partition on a USB stick), GRUB's
# partition is not the one with the image: the whole disk's ISO 9660 file system is.
if [ ! -f "$BOOT_PARTITION/system.img" ]; then
  if regexp --set=1:BOOT_DISK '^\\(([^,)]+)' "$BOOT_PARTITION"; then
    if [ -f "($BOOT_DISK)/system.img" ]; then
      set BOOT_PARTITION="($BOOT_DISK)"
      probe --set=BOOT_PARTITION_UUID -u $BOOT_PARTITION
    fi
  fi
fi

set SYSTEM_IMG=""
for name in system.img system.old; do
  if [ -z "$SYSTEM_IMG" -a -f "$BOOT_PARTITION/$name" ]; then set SYSTEM_IMG="$BOOT_PARTITION/$name"; fi
done
if [ -z "$SYSTEM_IMG" ]; then
  search --no-floppy --set=DATA_PARTITION --label "data-$BOOT_PARTITION_UUID"
  if [ -z "$DATA_PARTITION" ]; then search --no-floppy --set=DATA_PARTITION --label "d-$BOOT_PARTITION_UUID"; fi
  if [ -n "$DATA_PARTITION" -a -f "($DATA_PARTITION)/system" ]; then set SYSTEM_IMG="($DATA_PARTITION)/system"; fi
fi
if [ -z "$SYSTEM_IMG" ]; then
  echo "No system image (system.img) on $BOOT_PARTITION; rebooting in 10 seconds."
  sleep 10
  reboot
fi

loopback loop "$SYSTEM_IMG"
if [ ! -f (loop)/boot/kernel ]; then
  echo "$SYSTEM_IMG is not a bootable system image; rebooting in 10 seconds."
  sleep 10
  reboot
fi
set root=loop

if [ -f (loop)/boot/grub/grub.cfg ]; then
  configfile (loop)/boot/grub/grub.cfg
fi

if [ -f "$BOOT_PARTITION/boottime.txt" ]; then set timeout=10; else set timeout=1; fi
set default=0
if [ -f "$BOOT_PARTITION/system.cfg" ]; then source "$BOOT_PARTITION/system.cfg"; fi
if ! regexp 'panic=' "$LINUX_ARGS"; then set LINUX_ARGS="panic=30 $LINUX_ARGS"; fi
if [ "$grub_cpu" = "x86_64" -o "$grub_cpu" = "i386" ]; then
  if ! regexp 'console=' "$LINUX_ARGS"; then set LINUX_ARGS="console=ttyS0,115200n8r console=tty0 $LINUX_ARGS"; fi
fi
export LINUX_ARGS

menuentry "normal" {
  linux (loop)/boot/kernel root=systemimg:$BOOT_PARTITION_UUID $LINUX_ARGS systemd.firstboot=0
  initrd (loop)/boot/initramfs
}
menuentry "transient (changes are not kept)" {
  linux (loop)/boot/kernel root=systemimg:$BOOT_PARTITION_UUID genpack.transient=1 $LINUX_ARGS systemd.firstboot=0
  initrd (loop)/boot/initramfs
}
if [ "$SYSTEM_IMG" != "$BOOT_PARTITION/system.old" -a -f "$BOOT_PARTITION/system.old" ]; then
  menuentry "previous image (system.old)" {
    loopback -d loop
    loopback loop "$BOOT_PARTITION/system.old"
    linux (loop)/boot/kernel root=systemimg:$BOOT_PARTITION_UUID $LINUX_ARGS systemd.firstboot=0
    initrd (loop)/boot/initramfs
  }
fi
`;
}

/** The GRUB modules a BIOS core image or a CD boot image needs for {@link grubConfig}. */
export const GRUB_MODULES = [
  "part_msdos", "part_gpt", "fat", "iso9660", "btrfs", "xfs", "ext2", "squash4", "loopback",
  "normal", "configfile", "linux", "echo", "test", "regexp", "probe", "search", "search_label",
  "search_fs_uuid", "sleep", "reboot", "serial", "terminal", "cat", "halt",
] as const;
