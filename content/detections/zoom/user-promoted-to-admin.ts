import { defineRule, type ZoomOperationEvent } from 'caracal/sdk'

/** "Change Role  - user@example.com: from Member to Admin" (Zoom's operation log wording). */
const ROLE_CHANGE = /Change Role\s*-\s*(\S+?):\s*from (.+?) to (Admin|Owner)\b/i

function change(event: ZoomOperationEvent): { user: string; from: string; to: string } | undefined {
  const match = ROLE_CHANGE.exec(event.operation_detail ?? '')
  if (match === null) return undefined
  return { user: match[1] ?? '?', from: match[2] ?? '?', to: match[3] ?? '?' }
}

/** Panther's Zoom.User.Promoted.to.Privileged.Role: a Zoom user became Admin or Owner. */
export default defineRule({
  id: 'Zoom.UserPromotedToPrivilegedRole',
  name: 'Zoom User Promoted to Admin or Owner',
  logTypes: ['Zoom.Operation'],
  severity: 'MEDIUM',
  description:
    'A Zoom user’s role was changed to Admin or Owner. Privileged roles manage users, ' +
    'recordings and account-wide security settings.',
  reference: 'https://support.zoom.com/hc/en/article?id=zm_kb&sysparm_article=KB0064983',
  runbook:
    'Confirm the promotion with the operator and the Zoom account owner. If unexpected: revert ' +
    'the role, review the operation log for changes made by the promoted user, and check the ' +
    'operator’s account for compromise.',
  tags: ['Zoom', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.category_type === 'User' && event.action === 'Update' && change(event) !== undefined
    )
  },

  dynamicSeverity(event) {
    return change(event)?.to.toLowerCase() === 'owner' ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    const c = change(event)
    return `Zoom: ${c?.user ?? 'unknown'} promoted from ${c?.from ?? '?'} to ${c?.to ?? '?'} by ${event.operator}`
  },

  dedup(event) {
    return `zoom-role:${change(event)?.user ?? 'unknown'}`
  },

  alertContext(event) {
    const c = change(event)
    return {
      operator: event.operator,
      user: c?.user ?? null,
      fromRole: c?.from ?? null,
      toRole: c?.to ?? null,
      operationDetail: event.operation_detail ?? null,
    }
  },

  tests: [
    {
      name: 'Member promoted to Admin',
      expect: true,
      event: {
        time: '2024-05-05 05:05:05.000',
        operator: 'admin@example.com',
        category_type: 'User',
        action: 'Update',
        operation_detail: 'Change Role  - contractor@example.com: from Member to Admin',
        p_log_type: 'Zoom.Operation',
        p_event_time: '2024-05-05 05:05:05.000',
      },
    },
    {
      name: 'Admin demoted to Member',
      expect: false,
      event: {
        time: '2024-05-05 05:10:00.000',
        operator: 'admin@example.com',
        category_type: 'User',
        action: 'Update',
        operation_detail: 'Change Role  - contractor@example.com: from Admin to Member',
        p_log_type: 'Zoom.Operation',
        p_event_time: '2024-05-05 05:10:00.000',
      },
    },
  ],
})
