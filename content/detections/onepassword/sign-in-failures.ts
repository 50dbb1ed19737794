import { defineRule, type OnePasswordSignInAttemptEvent } from 'caracal/sdk'

/** Failed sign-in categories that mean a wrong secret, not an outdated client or a firewall. */
const FAILURES = new Set(['credentials_failed', 'mfa_failed', 'sso_failed'])

function user(event: OnePasswordSignInAttemptEvent): string {
  return event.target_user?.email ?? event.target_user?.uuid ?? 'unknown'
}

/** A burst of failed 1Password sign-ins against one account. */
export default defineRule({
  id: 'OnePassword.SignInFailures',
  name: '1Password Sign-In Failures Burst',
  logTypes: ['OnePassword.SignInAttempt'],
  severity: 'MEDIUM',
  description:
    'At least 5 failed sign-ins (wrong password, Secret Key, MFA or SSO) to one 1Password ' +
    'account within 30 minutes. The vault holds the keys to everything else, so guessing ' +
    'against it deserves a look even when it fails.',
  reference: 'https://developer.1password.com/docs/events-api/reference/#sign-in-attempt-object',
  runbook:
    'Check the source IPs, countries and clients of the attempts, and whether a successful ' +
    'sign-in followed. Ask the user whether they were struggling to sign in. If not them: make ' +
    'sure 2FA is on, consider regenerating the Secret Key and changing the account password, ' +
    'and review item usage for the account.',
  tags: ['1Password', 'Credential Access', 'Brute Force'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1110'] },
  dedupPeriodMinutes: 30,
  threshold: 5,

  rule(event) {
    return FAILURES.has(event.category)
  },

  title(event) {
    return `1Password: repeated failed sign-ins to ${user(event)}`
  },

  dedup(event) {
    return `1password-signin-failures:${user(event)}`
  },

  alertContext(event) {
    return {
      user: user(event),
      category: event.category,
      type: event.type ?? null,
      ipAddress: event.client?.ip_address ?? null,
      country: event.location?.country ?? event.country ?? null,
      client: event.client?.app_name ?? null,
    }
  },

  tests: [
    {
      name: 'Wrong password',
      expect: true,
      event: {
        uuid: '56YE2TYN2VFYRLNSHKPW5NVT5E',
        session_uuid: 'A5K6COGVRVEJXJW3XQZGS7VAMM',
        timestamp: '2024-05-02 09:14:03.000',
        category: 'credentials_failed',
        type: 'password_secret_bad',
        country: 'DE',
        target_user: {
          uuid: 'IR7VJHJ36JHINBFAD7V2T5MP3E',
          name: 'Bob Builder',
          email: 'bob@example.com',
        },
        client: {
          app_name: '1Password Browser Extension',
          app_version: '81092',
          platform_name: 'Chrome',
          platform_version: '124.0',
          os_name: 'Linux',
          os_version: '6.5',
          ip_address: '185.220.101.4',
        },
        location: {
          country: 'DE',
          region: 'Hesse',
          city: 'Frankfurt',
          latitude: 50.11,
          longitude: 8.68,
        },
        p_log_type: 'OnePassword.SignInAttempt',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Successful sign-in',
      expect: false,
      event: {
        uuid: '66YE2TYN2VFYRLNSHKPW5NVT5F',
        timestamp: '2024-05-02 09:20:00.000',
        category: 'success',
        type: 'credentials_ok',
        target_user: { uuid: 'IR7VJHJ36JHINBFAD7V2T5MP3E', email: 'bob@example.com' },
        client: { app_name: '1Password for Mac', ip_address: '198.51.100.23' },
        p_log_type: 'OnePassword.SignInAttempt',
        p_event_time: '2024-05-02 09:20:00.000',
      },
    },
  ],
})
