import { defineRule } from 'caracal/sdk'

const PROCESS_EVENTS = new Set(['ProcessRollup2', 'SyntheticProcessRollup2'])

/** Recovery inhibition commands run by ransomware just before encryption. */
const INHIBIT_RECOVERY =
  /\bvssadmin(\.exe)?\s+(delete\s+shadows|resize\s+shadowstorage)|\bwmic(\.exe)?\s+shadowcopy\s+delete|\bwbadmin(\.exe)?\s+delete\s+(catalog|systemstatebackup|backup)|\bbcdedit(\.exe)?\s+\/set\s+\{?default\}?\s+(recoveryenabled\s+no|bootstatuspolicy\s+ignoreallfailures)|Win32_ShadowCopy.*\.Delete\(|Get-WmiObject\s+Win32_Shadowcopy\s*\|\s*Remove-WmiObject/i

/** FDR: shadow copies or backups deleted from the command line (ransomware precursor). */
export default defineRule({
  id: 'Crowdstrike.FDR.ShadowCopyDeletion',
  name: 'CrowdStrike FDR Shadow Copy or Backup Deletion',
  logTypes: ['Crowdstrike.FDREvent'],
  severity: 'HIGH',
  description:
    'A process ran a command that deletes Volume Shadow Copies or Windows backups, or ' +
    'disables boot recovery (vssadmin delete shadows, wmic shadowcopy delete, wbadmin delete ' +
    'catalog, bcdedit recoveryenabled no). Nearly every ransomware family does this minutes ' +
    'before encrypting.',
  reference: 'https://attack.mitre.org/techniques/T1490/',
  runbook:
    'Treat as a likely ransomware in progress: network-contain the host now, then check ' +
    'other hosts for the same command line or parent process in the last hour. Identify the ' +
    'account used (often a domain admin pushed via PsExec/GPO) and disable it. Verify that ' +
    'offline backups are intact before any recovery.',
  tags: ['CrowdStrike', 'EDR', 'Impact', 'Ransomware'],
  reports: { 'MITRE ATT&CK': ['TA0040:T1490'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      PROCESS_EVENTS.has(event.event_simpleName ?? '') &&
      INHIBIT_RECOVERY.test(event.CommandLine ?? '')
    )
  },

  title(event) {
    return `Shadow copies/backups deleted on ${event.ComputerName ?? event.aid ?? 'unknown'} by ${event.UserName ?? 'unknown'}`
  },

  dedup(event) {
    return `cs-vss-delete:${event.aid ?? event.ComputerName ?? ''}`
  },

  alertContext(event) {
    return {
      aid: event.aid ?? null,
      computerName: event.ComputerName ?? null,
      userName: event.UserName ?? null,
      commandLine: event.CommandLine ?? null,
      imageFileName: event.ImageFileName ?? null,
      parent: event.ParentBaseFileName ?? null,
      grandParent: event.GrandParentBaseFileName ?? null,
      sha256: event.SHA256HashData ?? null,
    }
  },

  tests: [
    {
      name: 'vssadmin delete shadows',
      expect: true,
      event: {
        event_simpleName: 'ProcessRollup2',
        aid: '5d6e7f8091a2b3c4d5e6f708192a3b4c',
        cid: '0c2d1e3f4a5b6c7d8e9f0a1b2c3d4e5f',
        event_platform: 'Win',
        timestamp: '2024-06-13 01:02:03.000',
        ComputerName: 'FS-01',
        ImageFileName: '\\Device\\HarddiskVolume2\\Windows\\System32\\vssadmin.exe',
        CommandLine: 'vssadmin.exe Delete Shadows /All /Quiet',
        ParentBaseFileName: 'cmd.exe',
        GrandParentBaseFileName: 'svchost.exe',
        UserName: 'svc_backup',
        p_log_type: 'Crowdstrike.FDREvent',
      },
    },
    {
      name: 'vssadmin list shadows',
      expect: false,
      event: {
        event_simpleName: 'ProcessRollup2',
        aid: '5d6e7f8091a2b3c4d5e6f708192a3b4c',
        event_platform: 'Win',
        timestamp: '2024-06-13 01:00:00.000',
        ComputerName: 'FS-01',
        ImageFileName: '\\Device\\HarddiskVolume2\\Windows\\System32\\vssadmin.exe',
        CommandLine: 'vssadmin.exe list shadows',
        UserName: 'admin',
        p_log_type: 'Crowdstrike.FDREvent',
      },
    },
  ],
})
