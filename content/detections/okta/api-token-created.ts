import { defineRule, type OktaSystemLogEvent } from 'caracal/sdk'

function tokenName(event: OktaSystemLogEvent): string {
  const token = (event.target ?? []).find((t) => t?.type === 'Token')
  return token?.displayName ?? 'unknown'
}

/** Panther's Okta.APIKeyCreated: a new Okta API token was created. */
export default defineRule({
  id: 'Okta.APIKeyCreated',
  name: 'Okta API Token Created',
  logTypes: ['Okta.SystemLog'],
  severity: 'MEDIUM',
  description:
    'An Okta API token was created. A token carries the privileges of the admin who created ' +
    'it, does not need MFA and lives until it is unused for 30 days: attackers mint one to keep ' +
    'access after the stolen session is revoked.',
  reference: 'https://developer.okta.com/docs/guides/create-an-api-token/main/',
  runbook:
    'Confirm with the creator what the token is for (an integration with an owner and a ticket). ' +
    'Check the network zone restriction on the token and where the creation came from. If ' +
    'unexpected: revoke the token (Security > API > Tokens), clear the creator’s sessions and ' +
    'review every System Log event with the token’s id as actor.',
  tags: ['Okta', 'Persistence', 'Credential Access'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.eventType === 'system.api_token.create' && event.outcome?.result === 'SUCCESS'
  },

  title(event) {
    return `Okta: ${event.actor?.alternateId ?? 'unknown'} created API token [${tokenName(event)}]`
  },

  dedup(event) {
    return `okta-api-token:${event.actor?.alternateId ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      actor: event.actor?.alternateId ?? null,
      tokenName: tokenName(event),
      tokenId: (event.target ?? []).find((t) => t?.type === 'Token')?.id ?? null,
      ipAddress: event.client?.ipAddress ?? null,
      userAgent: event.client?.userAgent?.rawUserAgent ?? null,
      country: event.client?.geographicalContext?.country ?? null,
    }
  },

  tests: [
    {
      name: 'Admin creates an API token',
      expect: true,
      event: {
        uuid: 'a1d3e5f7-1234-11ef-8f00-0242ac120002',
        published: '2024-03-18 22:41:07.519',
        eventType: 'system.api_token.create',
        version: '0',
        severity: 'INFO',
        legacyEventType: 'api.token.create',
        displayMessage: 'Create API token',
        actor: {
          id: '00u1qw1mqitPHM8AJ0g7',
          type: 'User',
          alternateId: 'admin@example.com',
          displayName: 'Ada Admin',
        },
        client: {
          userAgent: { rawUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/124.0' },
          ipAddress: '192.0.2.77',
          geographicalContext: { city: 'Lagos', country: 'Nigeria' },
        },
        outcome: { result: 'SUCCESS' },
        target: [{ id: '00Tabcdefghij0123456', type: 'Token', displayName: 'sync-backup' }],
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-03-18 22:41:07.519',
      },
    },
    {
      name: 'Token revoked',
      expect: false,
      event: {
        uuid: 'b2e4f608-1234-11ef-8f00-0242ac120003',
        published: '2024-03-19 08:00:00.000',
        eventType: 'system.api_token.revoke',
        actor: { id: '00u1qw1mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@example.com' },
        outcome: { result: 'SUCCESS' },
        target: [{ id: '00Tabcdefghij0123456', type: 'Token', displayName: 'sync-backup' }],
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-03-19 08:00:00.000',
      },
    },
  ],
})
