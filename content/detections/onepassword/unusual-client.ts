import { defineRule } from 'caracal/sdk'

/** 1Password's own apps; Panther's OnePassword.Unusual.Client list, plus Connect servers. */
const KNOWN_CLIENTS = new Set([
  '1Password CLI',
  '1Password for Web',
  '1Password for Mac',
  '1Password for Windows',
  '1Password for Linux',
  '1Password for iOS',
  '1Password for Android',
  '1Password Browser Extension',
  '1Password SCIM Bridge',
  '1Password Connect',
])

/** Panther's OnePassword.Unusual.Client: a vault item was used by an unknown client app. */
export default defineRule({
  id: 'OnePassword.UnusualClient',
  name: '1Password Item Used by an Unusual Client',
  logTypes: ['OnePassword.ItemUsage'],
  severity: 'MEDIUM',
  description:
    'A 1Password vault item was read by a client that is not one of 1Password’s own apps. ' +
    'Scripts and third-party tools using a stolen session or service token show up this way, ' +
    'pulling credentials straight out of the vault.',
  reference: 'https://developer.1password.com/docs/events-api/reference/#item-usage-object',
  runbook:
    'Identify the client (app_name, version, IP) with the user. If it is an approved ' +
    'integration, add it to the known clients. Otherwise sign the user out of all devices, ' +
    'rotate the secrets in the items it read, and review service account tokens.',
  tags: ['1Password', 'Credential Access'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1555.005'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const app = event.client?.app_name ?? ''
    return app !== '' && !KNOWN_CLIENTS.has(app)
  },

  title(event) {
    return (
      `1Password: item used by unusual client [${event.client?.app_name ?? 'unknown'}] ` +
      `as ${event.user?.email ?? 'unknown'}`
    )
  },

  dedup(event) {
    return `1password-client:${event.user?.email ?? 'unknown'}:${event.client?.app_name ?? ''}`
  },

  alertContext(event) {
    return {
      user: event.user?.email ?? null,
      clientApp: event.client?.app_name ?? null,
      clientVersion: event.client?.app_version ?? null,
      ipAddress: event.client?.ip_address ?? null,
      itemUuid: event.item_uuid ?? null,
      vaultUuid: event.vault_uuid ?? null,
      action: event.action ?? null,
    }
  },

  tests: [
    {
      name: 'Item revealed by an unknown tool',
      expect: true,
      event: {
        uuid: '56YE2TYN2VFYRLNSHKPW5NVT5E',
        timestamp: '2024-05-02 09:14:03.000',
        used_version: 2,
        vault_uuid: 'VZSYVT2LGHTBWBQGUJAIZVRABM',
        item_uuid: 'SDGD3I4AJYO6RMHRK8DYVNFIDS',
        action: 'reveal',
        account_uuid: 'GLF6WUEKS5CSNDJ2OG6TCZD3M4',
        user: { uuid: '4HCGRGYCTRQFBMGVEGTABYDU2V', name: 'Bob', email: 'bob@example.com' },
        client: {
          app_name: 'vault-dumper',
          app_version: '0.3.1',
          platform_name: 'python-requests',
          platform_version: '2.31.0',
          os_name: 'Linux',
          os_version: '6.5',
          ip_address: '203.0.113.66',
        },
        location: { country: 'NL', region: 'North Holland', city: 'Amsterdam' },
        p_log_type: 'OnePassword.ItemUsage',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Browser extension fills a login',
      expect: false,
      event: {
        uuid: '67ZF3UZO3WGZSMOTILQX6OWU6F',
        timestamp: '2024-05-02 09:10:00.000',
        vault_uuid: 'VZSYVT2LGHTBWBQGUJAIZVRABM',
        item_uuid: 'SDGD3I4AJYO6RMHRK8DYVNFIDS',
        action: 'fill',
        user: { uuid: '4HCGRGYCTRQFBMGVEGTABYDU2V', name: 'Bob', email: 'bob@example.com' },
        client: {
          app_name: '1Password Browser Extension',
          app_version: '20250',
          ip_address: '198.51.100.40',
        },
        p_log_type: 'OnePassword.ItemUsage',
        p_event_time: '2024-05-02 09:10:00.000',
      },
    },
  ],
})
