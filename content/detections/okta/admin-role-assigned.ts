import { defineRule, type OktaSystemLogEvent } from 'caracal/sdk'

/** The role named in `debugData.privilegeGranted`, e.g. `Super administrator, App admin`. */
function privilegeGranted(event: OktaSystemLogEvent): string {
  const data = event.debugContext?.debugData
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return ''
  const value = data.privilegeGranted
  return typeof value === 'string' ? value : ''
}

/** The user who received the role: the first target of type User. */
function grantee(event: OktaSystemLogEvent): string {
  const user = (event.target ?? []).find((t) => t?.type === 'User')
  return user?.alternateId ?? user?.displayName ?? 'unknown'
}

/** Panther's Okta.AdminRoleAssigned: an administrator role was granted to a user. */
export default defineRule({
  id: 'Okta.AdminRoleAssigned',
  name: 'Okta Admin Role Assigned',
  logTypes: ['Okta.SystemLog'],
  severity: 'MEDIUM',
  description:
    'A user was granted an Okta administrator role. Admin roles control every application and ' +
    'identity behind Okta; an unexpected grant is a classic persistence and privilege ' +
    'escalation step after an account takeover.',
  reference:
    'https://help.okta.com/en-us/content/topics/security/administrators-admin-comparison.htm',
  runbook:
    'Confirm with the actor that the grant was requested (change ticket, onboarding). Check ' +
    "the actor's recent sign-ins for new IPs, devices or MFA resets. If unexpected: revoke the " +
    "role (Security > Administrators), clear both users' sessions, and review what the grantee " +
    'did with it in the System Log (policy, app and factor changes).',
  tags: ['Okta', 'Identity & Access Management', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventType === 'user.account.privilege.grant' &&
      event.outcome?.result === 'SUCCESS' &&
      /admin/i.test(privilegeGranted(event))
    )
  },

  // Super administrator can do anything, including removing the other admins.
  dynamicSeverity(event) {
    return /super admin/i.test(privilegeGranted(event)) ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    return (
      `Okta: ${event.actor?.alternateId ?? 'unknown'} granted ` +
      `[${privilegeGranted(event)}] to ${grantee(event)}`
    )
  },

  dedup(event) {
    return `okta-admin-role:${grantee(event)}`
  },

  alertContext(event) {
    return {
      actor: event.actor?.alternateId ?? null,
      grantee: grantee(event),
      privilegeGranted: privilegeGranted(event),
      ipAddress: event.client?.ipAddress ?? null,
      userAgent: event.client?.userAgent?.rawUserAgent ?? null,
      country: event.client?.geographicalContext?.country ?? null,
    }
  },

  tests: [
    {
      name: 'Super administrator granted',
      expect: true,
      event: {
        uuid: '2a992f80-d1ad-4f62-900e-8c68bb72a21b',
        published: '2024-05-02 09:14:03.112',
        eventType: 'user.account.privilege.grant',
        version: '0',
        severity: 'INFO',
        legacyEventType: 'core.user.admin_privilege.granted',
        displayMessage: 'Grant user privilege',
        actor: {
          id: '00u1qw1mqitPHM8AJ0g7',
          type: 'User',
          alternateId: 'admin@example.com',
          displayName: 'Ada Admin',
        },
        client: {
          userAgent: {
            rawUserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/124.0',
            os: 'Mac OS X',
            browser: 'CHROME',
          },
          zone: 'null',
          device: 'Computer',
          ipAddress: '198.51.100.23',
          geographicalContext: { city: 'Dublin', state: 'Leinster', country: 'Ireland' },
        },
        outcome: { result: 'SUCCESS' },
        target: [
          {
            id: '00u6eup97mAJZWYmP0g7',
            type: 'User',
            alternateId: 'bob@example.com',
            displayName: 'Bob Builder',
          },
        ],
        debugContext: { debugData: { privilegeGranted: 'Super administrator' } },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-05-02 09:14:03.112',
      },
    },
    {
      name: 'Non-admin privilege (help desk) is ignored',
      expect: false,
      event: {
        uuid: '3b0a3f81-e2be-4073-a11f-9d79cc83b32c',
        published: '2024-05-02 09:20:11.004',
        eventType: 'user.account.privilege.grant',
        actor: { id: '00u1qw1mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@example.com' },
        outcome: { result: 'SUCCESS' },
        target: [{ id: '00u6eup97mAJZWYmP0g8', type: 'User', alternateId: 'carol@example.com' }],
        debugContext: { debugData: { privilegeGranted: 'Help Desk Tier 1' } },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-05-02 09:20:11.004',
      },
    },
    {
      name: 'Ordinary sign-in',
      expect: false,
      event: {
        uuid: '4c1b4092-f3cf-4184-b220-ae8add94c43d',
        published: '2024-05-02 09:21:00.000',
        eventType: 'user.session.start',
        actor: { id: '00u6eup97mAJZWYmP0g7', type: 'User', alternateId: 'bob@example.com' },
        outcome: { result: 'SUCCESS' },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-05-02 09:21:00.000',
      },
    },
  ],
})
