import { defineRule } from 'caracal/sdk'

/** `clientAppUsed` values of legacy protocols, which cannot do MFA or modern conditional access. */
const LEGACY_CLIENTS = new Set([
  'Exchange ActiveSync',
  'IMAP4',
  'POP3',
  'Authenticated SMTP',
  'SMTP',
  'MAPI Over HTTP',
  'Offline Address Book',
  'Exchange Web Services',
  'AutoDiscover',
  'Other clients',
  'Outlook Anywhere (RPC over HTTP)',
  'Exchange Online PowerShell',
])

/** A successful Entra ID sign-in over a legacy authentication protocol. */
export default defineRule({
  id: 'Microsoft.EntraID.LegacyAuthenticationSignIn',
  name: 'Entra ID Sign-In With Legacy Authentication',
  logTypes: ['Microsoft.EntraID.SignIn'],
  severity: 'MEDIUM',
  description:
    'A user signed in successfully with a legacy protocol (IMAP, POP3, SMTP AUTH, ActiveSync, ' +
    'EWS…). Legacy authentication sends only a password, so MFA never applies: it is the ' +
    'preferred target of password spraying against Microsoft 365.',
  reference:
    'https://learn.microsoft.com/en-us/entra/identity/conditional-access/policy-block-legacy-authentication',
  runbook:
    'Check whether the user or a device (printer, old mail client) needs the protocol. If not, ' +
    'reset the password, revoke sessions, and block legacy authentication with a conditional ' +
    'access policy. Look for failed sign-ins from the same IP against other users.',
  tags: ['Microsoft 365', 'Entra ID', 'Initial Access'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078.004'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return LEGACY_CLIENTS.has(event.clientAppUsed ?? '') && (event.status?.errorCode ?? 0) === 0
  },

  title(event) {
    return (
      `Entra ID: legacy ${event.clientAppUsed ?? ''} sign-in by ` +
      `${event.userPrincipalName ?? 'unknown'} from ${event.ipAddress ?? 'unknown'}`
    )
  },

  dedup(event) {
    return `entra-legacy-auth:${event.userPrincipalName ?? 'unknown'}:${event.clientAppUsed ?? ''}`
  },

  alertContext(event) {
    return {
      user: event.userPrincipalName ?? null,
      clientAppUsed: event.clientAppUsed ?? null,
      appDisplayName: event.appDisplayName ?? null,
      ipAddress: event.ipAddress ?? null,
      country: event.location?.countryOrRegion ?? null,
      conditionalAccessStatus: event.conditionalAccessStatus ?? null,
    }
  },

  tests: [
    {
      name: 'IMAP sign-in succeeds',
      expect: true,
      event: {
        id: '8e8a4a3c-1d2b-4f5e-9a7b-6c5d4e3f2a10',
        createdDateTime: '2024-05-02 09:14:03.000',
        userDisplayName: 'Bob Builder',
        userPrincipalName: 'bob@example.com',
        userId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
        appId: '00000002-0000-0ff1-ce00-000000000000',
        appDisplayName: 'Office 365 Exchange Online',
        ipAddress: '203.0.113.66',
        clientAppUsed: 'IMAP4',
        conditionalAccessStatus: 'notApplied',
        isInteractive: false,
        status: { errorCode: 0 },
        location: { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL' },
        p_log_type: 'Microsoft.EntraID.SignIn',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'IMAP sign-in blocked',
      expect: false,
      event: {
        id: '9f9b5b4d-2e3c-4a6f-0b8c-7d6e5f4a3b21',
        createdDateTime: '2024-05-02 09:15:00.000',
        userPrincipalName: 'bob@example.com',
        ipAddress: '203.0.113.66',
        clientAppUsed: 'IMAP4',
        status: {
          errorCode: 53003,
          failureReason: 'Access has been blocked by Conditional Access policies.',
        },
        p_log_type: 'Microsoft.EntraID.SignIn',
        p_event_time: '2024-05-02 09:15:00.000',
      },
    },
    {
      name: 'Browser sign-in',
      expect: false,
      event: {
        id: '0a0c6c5e-3f4d-4b7a-1c9d-8e7f6a5b4c32',
        createdDateTime: '2024-05-02 09:16:00.000',
        userPrincipalName: 'bob@example.com',
        ipAddress: '198.51.100.40',
        clientAppUsed: 'Browser',
        status: { errorCode: 0 },
        p_log_type: 'Microsoft.EntraID.SignIn',
        p_event_time: '2024-05-02 09:16:00.000',
      },
    },
  ],
})
