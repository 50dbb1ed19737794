import { defineRule, type GitHubAuditEvent, type JsonValue } from 'caracal/sdk'

/**
 * The member's new role. GitHub sends it as a top-level `permission`, which the schema does not
 * declare, so it arrives in `p_extra_fields`; older exports nest it under `data`.
 */
function permission(event: GitHubAuditEvent): string {
  const extra: JsonValue | undefined = event.p_extra_fields?.permission
  if (typeof extra === 'string') return extra
  const data = event.data
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const nested = data.permission
    if (typeof nested === 'string') return nested
  }
  return ''
}

/** A user became an organization owner (added as admin, or promoted from member). */
export default defineRule({
  id: 'GitHub.Org.OwnerAdded',
  name: 'GitHub Organization Owner Added',
  logTypes: ['GitHub.Audit'],
  severity: 'HIGH',
  description:
    'A user was added to an organization as an owner, or an existing member was promoted to ' +
    'owner. Owners control every repository, member, secret and integration of the ' +
    'organization.',
  reference:
    'https://docs.github.com/en/organizations/managing-peoples-access-to-your-organization-with-roles/roles-in-an-organization',
  runbook:
    'Confirm the promotion with the actor and the org’s owners; GitHub recommends at least two ' +
    'and as few as possible. If unexpected: demote the user, review their actions since the ' +
    'change (settings, secrets, app installs, member changes) and check the actor for ' +
    'compromise.',
  tags: ['GitHub', 'Privilege Escalation', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      (event.action === 'org.update_member' || event.action === 'org.add_member') &&
      permission(event) === 'admin'
    )
  },

  title(event) {
    return (
      `GitHub: ${event.user ?? 'unknown'} made an owner of ${event.org ?? 'unknown'} by ` +
      (event.actor ?? 'unknown')
    )
  },

  dedup(event) {
    return `github-org-owner:${event.org ?? 'unknown'}:${event.user ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      action: event.action,
      actor: event.actor ?? null,
      actorIp: event.actor_ip ?? null,
      user: event.user ?? null,
      org: event.org ?? null,
      permission: permission(event),
    }
  },

  tests: [
    {
      name: 'Member promoted to owner',
      expect: true,
      event: {
        action: 'org.update_member',
        '@timestamp': '2024-05-28 20:14:09.871',
        _document_id: 'Aq1Sw2De3Fr4Gt5Hy6Ju7K',
        actor: 'mallory',
        actor_id: 5551234,
        actor_ip: '203.0.113.88',
        org: 'example-corp',
        org_id: 8765432,
        user: 'mallory-alt',
        user_id: 5559999,
        operation_type: 'modify',
        p_extra_fields: { permission: 'admin', old_permission: 'read' },
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-05-28 20:14:09.871',
      },
    },
    {
      name: 'Owner demoted to member',
      expect: false,
      event: {
        action: 'org.update_member',
        '@timestamp': '2024-05-28 20:30:00.000',
        actor: 'alice',
        org: 'example-corp',
        user: 'bob',
        operation_type: 'modify',
        p_extra_fields: { permission: 'read', old_permission: 'admin' },
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-05-28 20:30:00.000',
      },
    },
  ],
})
