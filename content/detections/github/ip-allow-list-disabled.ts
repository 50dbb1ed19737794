import { defineRule } from 'caracal/sdk'

/** The IP allow list was switched off, or an entry was removed from it. */
const ALLOW_LIST_WEAKENED = new Set([
  'ip_allow_list.disable',
  'ip_allow_list.disable_for_installed_apps',
  'ip_allow_list_entry.destroy',
])

/** Panther's GitHub.Org.IpAllowList: the organization's IP allow list was weakened. */
export default defineRule({
  id: 'GitHub.Org.IPAllowListWeakened',
  name: 'GitHub IP Allow List Disabled or Entry Removed',
  logTypes: ['GitHub.Audit'],
  severity: 'MEDIUM',
  description:
    'The organization or enterprise IP allow list was disabled (for users or installed apps), ' +
    'or an allowed range was removed. The allow list keeps stolen tokens from being used ' +
    'outside corporate networks; disabling it reopens the organization to the internet.',
  reference:
    'https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/managing-allowed-ip-addresses-for-your-organization',
  runbook:
    'Confirm with the actor (an owner) and a change ticket. If disabled without approval: ' +
    're-enable it, and review API and git activity from IPs outside the list since the change.',
  tags: ['GitHub', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.007'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return ALLOW_LIST_WEAKENED.has(event.action)
  },

  // Turning the whole list off matters more than removing one range.
  dynamicSeverity(event) {
    return event.action === 'ip_allow_list_entry.destroy' ? 'LOW' : 'DEFAULT'
  },

  title(event) {
    return `GitHub: ${event.action} on ${event.org ?? event.business ?? 'unknown'} by ${event.actor ?? 'unknown'}`
  },

  dedup(event) {
    return `github-ip-allow-list:${event.org ?? event.business ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      action: event.action,
      actor: event.actor ?? null,
      actorIp: event.actor_ip ?? null,
      org: event.org ?? null,
      business: event.business ?? null,
    }
  },

  tests: [
    {
      name: 'IP allow list disabled',
      expect: true,
      event: {
        action: 'ip_allow_list.disable',
        '@timestamp': '2024-11-20 19:19:19.000',
        _document_id: 'Ww1Xx2Yy3Zz4Aa5Bb6Cc7D',
        actor: 'mallory',
        actor_id: 5551234,
        actor_ip: '203.0.113.88',
        org: 'example-corp',
        org_id: 8765432,
        operation_type: 'modify',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-11-20 19:19:19.000',
      },
    },
    {
      name: 'IP allow list entry added',
      expect: false,
      event: {
        action: 'ip_allow_list_entry.create',
        '@timestamp': '2024-11-20 19:30:00.000',
        actor: 'alice',
        org: 'example-corp',
        operation_type: 'create',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-11-20 19:30:00.000',
      },
    },
  ],
})
