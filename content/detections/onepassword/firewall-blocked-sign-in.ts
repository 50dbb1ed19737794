import { defineRule, type OnePasswordSignInAttemptEvent } from 'caracal/sdk'

function user(event: OnePasswordSignInAttemptEvent): string {
  return event.target_user?.email ?? event.target_user?.uuid ?? 'unknown'
}

/**
 * Sign-ins from a country or network the account's firewall rules deny: blocked
 * (`firewall_failed`) or only reported because the rules are in report mode.
 */
export default defineRule({
  id: 'OnePassword.SignInFromDeniedLocation',
  name: '1Password Sign-In from a Location Denied by Firewall Rules',
  logTypes: ['OnePassword.SignInAttempt'],
  severity: 'MEDIUM',
  description:
    'A 1Password sign-in came from a country, IP range or anonymizer that the account’s ' +
    'firewall rules deny. When the rule is in report mode the sign-in succeeded anyway.',
  reference: 'https://support.1password.com/firewall-rules/',
  runbook:
    'Check the country and IP in the alert and ask the user whether they were travelling or on ' +
    'a VPN. A reported (not blocked) success from an unexpected place means the session is ' +
    'live: sign the user out of all devices, change the account password and review item ' +
    'usage since. Consider switching the firewall rules from report to block.',
  tags: ['1Password', 'Initial Access'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.category === 'firewall_failed' || event.category === 'firewall_reported_success'
  },

  // A report-mode "success" was let in: the attempt worked.
  dynamicSeverity(event) {
    return event.category === 'firewall_reported_success' ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    const country = event.location?.country ?? event.country ?? 'unknown'
    return `1Password: sign-in for ${user(event)} from denied location ${country} (${event.category})`
  },

  dedup(event) {
    return `1password-firewall:${user(event)}:${event.location?.country ?? event.country ?? ''}`
  },

  alertContext(event) {
    return {
      user: user(event),
      category: event.category,
      ipAddress: event.client?.ip_address ?? null,
      country: event.location?.country ?? event.country ?? null,
      city: event.location?.city ?? null,
      client: event.client?.app_name ?? null,
    }
  },

  tests: [
    {
      name: 'Reported success from a denied country',
      expect: true,
      event: {
        uuid: '76YE2TYN2VFYRLNSHKPW5NVT5G',
        session_uuid: 'B5K6COGVRVEJXJW3XQZGS7VAMN',
        timestamp: '2024-06-06 02:30:00.000',
        category: 'firewall_reported_success',
        type: 'continent_blocked',
        country: 'KP',
        target_user: {
          uuid: 'IR7VJHJ36JHINBFAD7V2T5MP3E',
          name: 'Bob Builder',
          email: 'bob@example.com',
        },
        client: {
          app_name: '1Password for Web',
          app_version: '1705',
          platform_name: 'Firefox',
          os_name: 'Windows',
          ip_address: '175.45.176.10',
        },
        location: { country: 'KP', city: 'Pyongyang', latitude: 39.03, longitude: 125.75 },
        p_log_type: 'OnePassword.SignInAttempt',
        p_event_time: '2024-06-06 02:30:00.000',
      },
    },
    {
      name: 'Outdated client refused',
      expect: false,
      event: {
        uuid: '86YE2TYN2VFYRLNSHKPW5NVT5H',
        timestamp: '2024-06-06 03:00:00.000',
        category: 'modern_version_failed',
        target_user: { email: 'bob@example.com' },
        client: { app_name: '1Password 7', ip_address: '198.51.100.23' },
        p_log_type: 'OnePassword.SignInAttempt',
        p_event_time: '2024-06-06 03:00:00.000',
      },
    },
  ],
})
