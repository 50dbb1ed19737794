import { defineRule, type CrowdstrikeFDREventEvent } from 'caracal/sdk'

const PROCESS_EVENTS = new Set(['ProcessRollup2', 'SyntheticProcessRollup2'])

/** Command-line shapes of LSASS / SAM credential dumping. */
const DUMPING: [string, RegExp][] = [
  ['mimikatz module', /\b(sekurlsa|lsadump|kerberos|crypto|dpapi)::\w+/i],
  ['procdump of lsass', /\bprocdump(64)?(\.exe)?\b.*\s-ma?\b.*\blsass/i],
  ['comsvcs MiniDump', /comsvcs(\.dll)?[",\s]+#?(minidump|24)\b/i],
  ['SAM/SYSTEM hive save', /\breg(\.exe)?\s+save\s+hklm\\(sam|system|security)\b/i],
  ['ntdsutil IFM', /\bntdsutil\b.*\bifm\b/i],
]

/** Binaries that exist only to dump credentials. */
const TOOL_NAMES =
  /\\(mimikatz|mimi(drv|lib)|pypykatz|nanodump|lazagne|safetykatz|dumpert)\S*\.exe$/i

function basename(path: string): string {
  return path.split('\\').pop() ?? path
}

function dumpingReason(event: CrowdstrikeFDREventEvent): string {
  if (!PROCESS_EVENTS.has(event.event_simpleName ?? '')) return ''
  if (TOOL_NAMES.test(event.ImageFileName ?? ''))
    return `tool ${basename(event.ImageFileName ?? '')}`
  const cmd = event.CommandLine ?? ''
  return DUMPING.find(([, re]) => re.test(cmd))?.[0] ?? ''
}

/** FDR process execution of credential dumping tools or techniques (mimikatz, procdump lsass…). */
export default defineRule({
  id: 'Crowdstrike.FDR.CredentialDumpingTool',
  name: 'CrowdStrike FDR Credential Dumping Tool Execution',
  logTypes: ['Crowdstrike.FDREvent'],
  severity: 'CRITICAL',
  description:
    'A process started (ProcessRollup2) that is a known credential dumping tool (mimikatz, ' +
    'pypykatz, nanodump, LaZagne …) or whose command line dumps LSASS or the registry hives: ' +
    'mimikatz modules, procdump -ma lsass, rundll32 comsvcs.dll MiniDump, reg save ' +
    'HKLM\\SAM, ntdsutil IFM.',
  reference: 'https://attack.mitre.org/techniques/T1003/001/',
  runbook:
    'Network-contain the host in Falcon immediately. Identify the user and parent process ' +
    '(ParentBaseFileName, TreeId). Assume every credential cached on the host is exposed: ' +
    'reset passwords of accounts logged on there, especially privileged ones, and look for ' +
    'their use from other hosts (lateral movement). For a domain controller (ntdsutil), plan ' +
    'a krbtgt double reset.',
  tags: ['CrowdStrike', 'EDR', 'Credential Access'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1003.001', 'TA0006:T1003.002', 'TA0006:T1003.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return dumpingReason(event) !== ''
  },

  title(event) {
    return `Credential dumping on ${event.ComputerName ?? event.aid ?? 'unknown'}: ${dumpingReason(event)} (${event.UserName ?? 'unknown user'})`
  },

  dedup(event) {
    return `cs-creddump:${event.aid ?? event.ComputerName ?? ''}:${dumpingReason(event)}`
  },

  alertContext(event) {
    return {
      aid: event.aid ?? null,
      computerName: event.ComputerName ?? null,
      userName: event.UserName ?? null,
      imageFileName: event.ImageFileName ?? null,
      commandLine: event.CommandLine ?? null,
      parent: event.ParentBaseFileName ?? null,
      sha256: event.SHA256HashData ?? null,
      reason: dumpingReason(event),
      treeId: event.TreeId ?? null,
    }
  },

  tests: [
    {
      name: 'procdump against lsass',
      expect: true,
      event: {
        event_simpleName: 'ProcessRollup2',
        name: 'ProcessRollup2V19',
        aid: '8c1e3b2f4a5d4e6f9a0b1c2d3e4f5a6b',
        aip: '203.0.113.20',
        cid: '0c2d1e3f4a5b6c7d8e9f0a1b2c3d4e5f',
        id: 'f1e2d3c4-b5a6-11ef-9a8b-0242ac120002',
        event_platform: 'Win',
        timestamp: '2024-06-12 20:30:00.123',
        ComputerName: 'FIN-WS-042',
        ImageFileName:
          '\\Device\\HarddiskVolume3\\Users\\jdoe\\AppData\\Local\\Temp\\procdump64.exe',
        CommandLine: 'procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass.dmp',
        SHA256HashData: '16f413862efda3aba631d8a7ae2bfff6d84acd9f454a7adaa518c7a8a6f375a5',
        RawProcessId: '7216',
        ParentProcessId: '5532',
        ParentBaseFileName: 'cmd.exe',
        UserName: 'jdoe',
        UserSid: 'S-1-5-21-1004336348-1177238915-682003330-1104',
        p_log_type: 'Crowdstrike.FDREvent',
      },
    },
    {
      name: 'rundll32 comsvcs MiniDump',
      expect: true,
      event: {
        event_simpleName: 'ProcessRollup2',
        aid: '8c1e3b2f4a5d4e6f9a0b1c2d3e4f5a6b',
        event_platform: 'Win',
        timestamp: '2024-06-12 20:31:00.000',
        ComputerName: 'FIN-WS-042',
        ImageFileName: '\\Device\\HarddiskVolume3\\Windows\\System32\\rundll32.exe',
        CommandLine:
          'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 640 C:\\Windows\\Temp\\x.dmp full',
        UserName: 'SYSTEM',
        p_log_type: 'Crowdstrike.FDREvent',
      },
    },
    {
      name: 'procdump of a hung application',
      expect: false,
      event: {
        event_simpleName: 'ProcessRollup2',
        aid: '8c1e3b2f4a5d4e6f9a0b1c2d3e4f5a6b',
        event_platform: 'Win',
        timestamp: '2024-06-12 20:32:00.000',
        ComputerName: 'DEV-WS-007',
        ImageFileName: '\\Device\\HarddiskVolume3\\Tools\\procdump64.exe',
        CommandLine: 'procdump64.exe -accepteula -ma w3wp.exe C:\\dumps\\w3wp.dmp',
        UserName: 'devops',
        p_log_type: 'Crowdstrike.FDREvent',
      },
    },
  ],
})
