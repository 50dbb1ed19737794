import { defineRule, type OktaSystemLogEvent } from 'caracal/sdk'

/** The activity the user reported: Okta puts its event type in `debugData.suspiciousActivityEventType`. */
function reportedActivity(event: OktaSystemLogEvent): string {
  const data = event.debugContext?.debugData
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return ''
  const value = data.suspiciousActivityEventType
  return typeof value === 'string' ? value : ''
}

/** Panther's Okta.User.Reported.Suspicious.Activity: a user flagged an Okta notification as not them. */
export default defineRule({
  id: 'Okta.UserReportedSuspiciousActivity',
  name: 'Okta User Reported Suspicious Activity',
  logTypes: ['Okta.SystemLog'],
  severity: 'HIGH',
  description:
    'A user clicked “Report suspicious activity” in an Okta end-user notification (new sign-on, ' +
    'factor enrolled or reset, password changed). The user says they did not do it.',
  reference:
    'https://help.okta.com/en-us/content/topics/security/suspicious-activity-reporting.htm',
  runbook:
    'Find the reported event (suspiciousActivityEventType and its time) and its source IP and ' +
    'device. Treat the account as compromised: clear sessions, reset the password and factors, ' +
    'and review what the session did (apps accessed, admin actions).',
  tags: ['Okta', 'Initial Access', 'Account Compromise'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078.004'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.eventType === 'user.account.report_suspicious_activity_by_enduser'
  },

  title(event) {
    const what = reportedActivity(event) || 'activity'
    return `Okta: ${event.actor?.alternateId ?? 'unknown'} reported suspicious ${what}`
  },

  dedup(event) {
    return `okta-user-report:${event.actor?.alternateId ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      user: event.actor?.alternateId ?? null,
      reportedActivity: reportedActivity(event) || null,
      debugData: event.debugContext?.debugData ?? null,
      ipAddress: event.client?.ipAddress ?? null,
    }
  },

  tests: [
    {
      name: 'User reports a sign-on they did not make',
      expect: true,
      event: {
        uuid: 'b2e36f70-b122-11ef-b829-0242ac120013',
        published: '2024-12-04 07:30:00.000',
        eventType: 'user.account.report_suspicious_activity_by_enduser',
        version: '0',
        severity: 'WARN',
        displayMessage: 'User report suspicious activity',
        actor: {
          id: '00u6eup97mAJZWYmP0g7',
          type: 'User',
          alternateId: 'bob@example.com',
          displayName: 'Bob Builder',
        },
        client: { ipAddress: '198.51.100.23' },
        outcome: { result: 'SUCCESS' },
        debugContext: {
          debugData: {
            suspiciousActivityEventType: 'system.email.new_device_notification.sent_message',
            suspiciousActivityBrowser: 'FIREFOX',
            suspiciousActivityOs: 'Windows 10',
            suspiciousActivityEventId: '90c14d5e-b011-11ef-a718-0242ac120011',
            suspiciousActivityTimestamp: '2024-12-03T04:44:44.444Z',
          },
        },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-12-04 07:30:00.000',
      },
    },
    {
      name: 'Password changed by the user',
      expect: false,
      event: {
        uuid: 'c3f47081-b122-11ef-b829-0242ac120014',
        published: '2024-12-04 07:40:00.000',
        eventType: 'user.account.update_password',
        actor: { id: '00u6eup97mAJZWYmP0g7', type: 'User', alternateId: 'bob@example.com' },
        outcome: { result: 'SUCCESS' },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-12-04 07:40:00.000',
      },
    },
  ],
})
