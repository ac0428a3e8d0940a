import { defineImage, directory } from "genpack-ts";

// Backup server: BorgBackup and rdiff-backup, with Zabbix, AIDE and gocryptfs. Like the original
// it sets no Portage profile (the bare arch profile) and pulls genpack/paravirt as a package, so
// it does not extend the paravirt profile.
export default defineImage({
  name: "borg",
  packages: [
    "genpack/paravirt",
    "app-backup/borgbackup",
    "net-analyzer/zabbix",
    "mail-mta/nullmailer",
    "net-firewall/geoipsets",
    "app-backup/rdiff-backup",
    "sys-process/iotop",
    "app-forensics/aide",
    "app-crypt/gocryptfs",
  ],
  acceptKeywords: {
    "app-crypt/gocryptfs": null,
  },
  use: {
    "net-analyzer/zabbix": "-postgres curl proxy sqlite",
    "net-analyzer/fping": "suid",
    "app-forensics/aide": "mhash",
  },
  license: {
    "net-analyzer/fping": "fping",
  },
  files: {
    "/root": directory("./files/root"),
  },
});
