import { defineRule, type JsonValue, type SlackAuditLogsEvent } from 'caracal/sdk'

function fileName(event: SlackAuditLogsEvent): string {
  const file: JsonValue | undefined = event.entity?.file
  if (file === null || file === undefined || typeof file !== 'object' || Array.isArray(file))
    return 'unknown'
  return typeof file.name === 'string' ? file.name : 'unknown'
}

/** Panther's Slack.AuditLogs.PotentiallyMaliciousFileShared: Slack flagged an uploaded file. */
export default defineRule({
  id: 'Slack.AuditLogs.PotentiallyMaliciousFileShared',
  name: 'Slack Potentially Malicious File Shared',
  logTypes: ['Slack.AuditLogs'],
  severity: 'HIGH',
  description:
    'Slack detected malicious content in a file shared in the workspace. Attackers use ' +
    'shared channels and compromised accounts to deliver malware to colleagues who trust ' +
    'internal messages.',
  reference: 'https://slack.com/help/articles/360000446446-Manage-malicious-file-detection',
  runbook:
    'Identify who shared the file, in which channel, and who downloaded it. Delete the file, ' +
    'check the uploader’s account for compromise (recent logins, new sessions), and have ' +
    'endpoint security scan the machines of users who opened it.',
  tags: ['Slack', 'Initial Access', 'Malware'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1566.001', 'TA0008:T1534'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.action === 'file_malicious_content_detected'
  },

  title(event) {
    return `Slack: malicious content detected in file [${fileName(event)}]`
  },

  dedup(event) {
    return `slack-malicious-file:${fileName(event)}`
  },

  alertContext(event) {
    return {
      actor: event.actor?.user?.email ?? null,
      file: fileName(event),
      ipAddress: event.context?.ip_address ?? null,
      location: event.context?.location?.domain ?? null,
    }
  },

  tests: [
    {
      name: 'Malicious file detected',
      expect: true,
      event: {
        id: 'a123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6nh',
        date_create: '2024-10-10 10:10:10.000',
        action: 'file_malicious_content_detected',
        actor: {
          type: 'user',
          user: {
            id: 'W0888YYYYYY',
            name: 'vendor-guest',
            email: 'guest@partner.example',
            team: 'T01234N56GB',
          },
        },
        entity: {
          type: 'file',
          file: {
            id: 'F012ABCDEFG',
            name: 'Invoice_0923.html',
            filetype: 'html',
            title: 'Invoice_0923.html',
          },
        },
        context: {
          location: { type: 'workspace', id: 'T01234N56GB', name: 'example', domain: 'example' },
          ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0',
          ip_address: '45.142.122.9',
        },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-10-10 10:10:10.000',
      },
    },
    {
      name: 'Ordinary file download',
      expect: false,
      event: {
        id: 'b123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6ni',
        date_create: '2024-10-10 10:15:00.000',
        action: 'file_downloaded',
        actor: { type: 'user', user: { id: 'W012J3FEWAV', email: 'alice@example.com' } },
        entity: { type: 'file', file: { id: 'F012ABCDEFH', name: 'roadmap.pdf' } },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-10-10 10:15:00.000',
      },
    },
  ],
})
