import { defineRule } from 'caracal/sdk'

const PROCESS_EVENTS = new Set(['ProcessRollup2', 'SyntheticProcessRollup2'])

/** -EncodedCommand and its accepted abbreviations (-e, -en, -enc, -ec …). */
const ENCODED =
  /\s[-/]e(c|n|nc|nco|ncod|ncode|ncoded|ncodedc|ncodedcommand)?\s+[A-Za-z0-9+/=]{40,}/i

/** Decodes the UTF-16LE base64 payload PowerShell expects, for the analyst. */
function decoded(commandLine: string): string {
  const m = /\s[-/]e\w*\s+([A-Za-z0-9+/=]{40,})/i.exec(commandLine)
  if (m?.[1] === undefined) return ''
  return Buffer.from(m[1], 'base64').toString('utf16le').slice(0, 2000)
}

/** FDR: PowerShell started with a base64-encoded command. */
export default defineRule({
  id: 'Crowdstrike.FDR.EncodedPowerShell',
  name: 'CrowdStrike FDR Encoded PowerShell Command',
  logTypes: ['Crowdstrike.FDREvent'],
  severity: 'MEDIUM',
  description:
    'powershell.exe or pwsh.exe started with -EncodedCommand (or an abbreviation) and a long ' +
    'base64 payload. Malware droppers, Cobalt Strike and phishing macros hide their scripts ' +
    'this way; legitimate software rarely does.',
  reference: 'https://attack.mitre.org/techniques/T1059/001/',
  runbook:
    'Read the decoded command in the alert context. Download cradles (IEX, ' +
    'Net.WebClient, DownloadString), AMSI bypasses or reflective loading are malicious: ' +
    'contain the host and look at the parent process (Office, wscript, a service). Known ' +
    'management tools (SCCM, Intune) can be allowlisted by parent and payload hash.',
  tags: ['CrowdStrike', 'EDR', 'Execution', 'PowerShell'],
  reports: { 'MITRE ATT&CK': ['TA0002:T1059.001', 'TA0005:T1027.010'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const image = (event.ImageFileName ?? '').toLowerCase()
    return (
      PROCESS_EVENTS.has(event.event_simpleName ?? '') &&
      /\\(powershell|pwsh)\.exe$/.test(image) &&
      ENCODED.test(event.CommandLine ?? '')
    )
  },

  // Spawned by an Office application: the classic malicious macro chain.
  dynamicSeverity(event) {
    return /^(winword|excel|powerpnt|outlook|mshta|wscript|cscript)\.exe$/i.test(
      event.ParentBaseFileName ?? '',
    )
      ? 'HIGH'
      : 'DEFAULT'
  },

  title(event) {
    return `Encoded PowerShell on ${event.ComputerName ?? event.aid ?? 'unknown'} (parent ${event.ParentBaseFileName ?? '?'})`
  },

  dedup(event) {
    return `cs-encps:${event.aid ?? event.ComputerName ?? ''}:${event.ParentBaseFileName ?? ''}`
  },

  alertContext(event) {
    return {
      aid: event.aid ?? null,
      computerName: event.ComputerName ?? null,
      userName: event.UserName ?? null,
      parent: event.ParentBaseFileName ?? null,
      commandLine: event.CommandLine ?? null,
      decodedCommand: decoded(event.CommandLine ?? ''),
      sha256: event.SHA256HashData ?? null,
    }
  },

  tests: [
    {
      name: 'Word spawns PowerShell -enc download cradle',
      expect: true,
      event: {
        event_simpleName: 'ProcessRollup2',
        aid: '8c1e3b2f4a5d4e6f9a0b1c2d3e4f5a6b',
        event_platform: 'Win',
        timestamp: '2024-06-13 08:00:00.000',
        ComputerName: 'FIN-WS-042',
        ImageFileName:
          '\\Device\\HarddiskVolume3\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        CommandLine:
          'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA',
        ParentBaseFileName: 'WINWORD.EXE',
        UserName: 'jdoe',
        p_log_type: 'Crowdstrike.FDREvent',
      },
    },
    {
      name: 'Plain PowerShell script',
      expect: false,
      event: {
        event_simpleName: 'ProcessRollup2',
        aid: '8c1e3b2f4a5d4e6f9a0b1c2d3e4f5a6b',
        event_platform: 'Win',
        timestamp: '2024-06-13 08:01:00.000',
        ComputerName: 'FIN-WS-042',
        ImageFileName:
          '\\Device\\HarddiskVolume3\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        CommandLine: 'powershell.exe -ExecutionPolicy Bypass -File C:\\scripts\\inventory.ps1',
        ParentBaseFileName: 'svchost.exe',
        UserName: 'SYSTEM',
        p_log_type: 'Crowdstrike.FDREvent',
      },
    },
  ],
})
