import { defineRule, type OktaSystemLogEvent } from 'caracal/sdk'

/** Factor removals an attacker uses to enrol their own device on a taken-over account. */
const FACTOR_REMOVALS = new Set(['user.mfa.factor.reset_all', 'user.mfa.factor.deactivate'])

function targetUser(event: OktaSystemLogEvent): string {
  const user = (event.target ?? []).find((t) => t?.type === 'User')
  return user?.alternateId ?? event.actor?.alternateId ?? 'unknown'
}

/** Panther's Okta.User.MFA.Reset.All / Okta.User.MFA.Factor.Deactivated, in one rule. */
export default defineRule({
  id: 'Okta.User.MFAFactorReset',
  name: 'Okta User MFA Factor Reset or Deactivated',
  logTypes: ['Okta.SystemLog'],
  severity: 'MEDIUM',
  description:
    "A user's MFA factors were reset or a factor was deactivated. Social-engineered help desk " +
    'resets are how Scattered Spider and similar groups take over accounts: the attacker then ' +
    'enrols a factor they control.',
  reference: 'https://help.okta.com/en-us/content/topics/security/mfa/mfa-reset-users.htm',
  runbook:
    'Ask the user out of band (not via the enrolled phone or email) whether they requested the ' +
    'reset. If the actor is a help desk admin, check the ticket and how identity was verified. ' +
    'Look for a new factor enrolment (user.mfa.factor.activate) and a sign-in from a new IP ' +
    'right after. If unexpected: suspend the user, clear sessions, reset factors again under ' +
    'verification, and review the account activity since the reset.',
  tags: ['Okta', 'Identity & Access Management', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1556.006', 'TA0003:T1098.005'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return FACTOR_REMOVALS.has(event.eventType) && event.outcome?.result === 'SUCCESS'
  },

  // A reset of everything is the takeover pattern; a single deactivation is often housekeeping.
  dynamicSeverity(event) {
    return event.eventType === 'user.mfa.factor.reset_all' ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    const what =
      event.eventType === 'user.mfa.factor.reset_all'
        ? 'all MFA factors reset'
        : 'MFA factor deactivated'
    return `Okta: ${what} for ${targetUser(event)} by ${event.actor?.alternateId ?? 'unknown'}`
  },

  dedup(event) {
    return `okta-mfa-reset:${targetUser(event)}`
  },

  alertContext(event) {
    return {
      actor: event.actor?.alternateId ?? null,
      targetUser: targetUser(event),
      eventType: event.eventType,
      reason: event.outcome?.reason ?? null,
      ipAddress: event.client?.ipAddress ?? null,
      userAgent: event.client?.userAgent?.rawUserAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Help desk admin resets all factors of a user',
      expect: true,
      event: {
        uuid: '7e1b9f62-8c1a-11ef-9b2c-1f3d5a7b9c0d',
        published: '2024-06-11 14:02:19.331',
        eventType: 'user.mfa.factor.reset_all',
        version: '0',
        severity: 'INFO',
        displayMessage: 'Reset all factors for user',
        actor: {
          id: '00u2helpdesk0000000',
          type: 'User',
          alternateId: 'helpdesk@example.com',
          displayName: 'Help Desk',
        },
        client: {
          userAgent: { rawUserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/125.0' },
          ipAddress: '203.0.113.40',
          geographicalContext: { city: 'Austin', state: 'Texas', country: 'United States' },
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
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-06-11 14:02:19.331',
      },
    },
    {
      name: 'Factor activation is not a reset',
      expect: false,
      event: {
        uuid: '8f2ca073-8c1a-11ef-9b2c-1f3d5a7b9c0e',
        published: '2024-06-11 14:05:00.000',
        eventType: 'user.mfa.factor.activate',
        actor: { id: '00u6eup97mAJZWYmP0g7', type: 'User', alternateId: 'bob@example.com' },
        outcome: { result: 'SUCCESS' },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-06-11 14:05:00.000',
      },
    },
  ],
})
