import { defineRule } from 'caracal/sdk'

/** Falcon detection summary with severity High (4) or Critical (5). */
export default defineRule({
  id: 'Crowdstrike.Detection.HighSeverity',
  name: 'CrowdStrike Falcon High Severity Detection',
  logTypes: ['Crowdstrike.DetectionSummary'],
  severity: 'HIGH',
  description:
    'CrowdStrike Falcon raised a detection with severity High or Critical. Falcon maps each ' +
    'detection to an ATT&CK tactic and technique (Tactic/Technique fields); those of this ' +
    'alert are in its context.',
  reference: 'https://www.crowdstrike.com/blog/tech-center/get-access-falcon-apis/',
  runbook:
    'Open the detection in Falcon (FalconHostLink) and review the process tree, command line ' +
    'and the pattern disposition: was the process killed or only detected? If it was not ' +
    'prevented, network-contain the host from the console, identify the user session and how ' +
    'the process started, and search other hosts for the same SHA256 and IOC.',
  tags: ['CrowdStrike', 'EDR'],
  reports: { 'MITRE ATT&CK': ['TA0002:T1204', 'TA0002:T1059'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (event.Severity ?? 0) >= 4
  },

  // Critical, or High without a prevention action, deserves immediate response.
  dynamicSeverity(event) {
    const prevented = /kill|block|quarantin|prevent/i.test(
      event.PatternDispositionDescription ?? '',
    )
    return (event.Severity ?? 0) >= 5 || !prevented ? 'CRITICAL' : 'DEFAULT'
  },

  title(event) {
    return (
      `CrowdStrike ${event.SeverityName ?? 'High'} detection on ${event.ComputerName ?? 'unknown'}: ` +
      `${event.Tactic ?? ''} / ${event.Technique ?? ''} (${event.FileName ?? 'unknown file'})`
    )
  },

  dedup(event) {
    return `cs-detection:${event.DetectId ?? `${event.ComputerName ?? ''}:${event.SHA256String ?? ''}`}`
  },

  alertContext(event) {
    return {
      detectId: event.DetectId ?? null,
      computerName: event.ComputerName ?? null,
      userName: event.UserName ?? null,
      localIp: event.LocalIP ?? null,
      severityName: event.SeverityName ?? null,
      tactic: event.Tactic ?? null,
      technique: event.Technique ?? null,
      objective: event.Objective ?? null,
      fileName: event.FileName ?? null,
      filePath: event.FilePath ?? null,
      commandLine: event.CommandLine ?? null,
      parentCommandLine: event.ParentCommandLine ?? null,
      sha256: event.SHA256String ?? null,
      disposition: event.PatternDispositionDescription ?? null,
      falconLink: event.FalconHostLink ?? null,
    }
  },

  tests: [
    {
      name: 'Critical credential theft detection, process killed',
      expect: true,
      event: {
        ExternalApiType: 'Event_DetectionSummaryEvent',
        EventType: 'DetectionSummaryEvent',
        UTCTimestamp: '2024-06-12 20:11:09.000',
        DetectId: 'ldt:8c1e3b2f4a5d4e6f9a0b1c2d3e4f5a6b:4295032833',
        CustomerIdString: '0c2d1e3f4a5b6c7d8e9f0a1b2c3d4e5f',
        AgentIdString: '8c1e3b2f4a5d4e6f9a0b1c2d3e4f5a6b',
        ComputerName: 'FIN-WS-042',
        MachineDomain: 'CORP',
        LocalIP: '10.30.2.42',
        UserName: 'jdoe',
        DetectName: 'Credential Dumping',
        DetectDescription:
          'A process accessed credentials in LSASS memory, consistent with Mimikatz.',
        Severity: 5,
        SeverityName: 'Critical',
        Objective: 'Gain Access',
        Tactic: 'Credential Access',
        Technique: 'OS Credential Dumping',
        FileName: 'mimikatz.exe',
        FilePath: '\\Device\\HarddiskVolume3\\Users\\jdoe\\Downloads',
        CommandLine: 'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit',
        ParentImageFileName: '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
        SHA256String: '61c0810a23580cf492a6ba4f7654566108331e7a4134c968c2d6a05261b2d8a1',
        PatternDispositionValue: 2048,
        PatternDispositionDescription: 'Prevention, process killed.',
        FalconHostLink:
          'https://falcon.crowdstrike.com/activity/detections/detail/8c1e3b2f4a5d4e6f9a0b1c2d3e4f5a6b/4295032833',
        p_log_type: 'Crowdstrike.DetectionSummary',
      },
    },
    {
      name: 'Low severity PUP detection',
      expect: false,
      event: {
        ExternalApiType: 'Event_DetectionSummaryEvent',
        UTCTimestamp: '2024-06-12 20:15:00.000',
        DetectId: 'ldt:8c1e3b2f4a5d4e6f9a0b1c2d3e4f5a6b:4295032900',
        ComputerName: 'FIN-WS-042',
        Severity: 2,
        SeverityName: 'Low',
        Tactic: 'Machine Learning',
        Technique: 'Adware/PUP',
        FileName: 'toolbar_setup.exe',
        p_log_type: 'Crowdstrike.DetectionSummary',
      },
    },
  ],
})
