import { defineRule } from 'caracal/sdk'

/** OneLogin event type 3: "<actor> assumed user <user>". */
const USER_ASSUMED = 3

/** Panther's OneLogin.UserAssumption: an admin signed in as another user. */
export default defineRule({
  id: 'OneLogin.UserAssumption',
  name: 'OneLogin User Assumed by Another User',
  logTypes: ['OneLogin.Events'],
  severity: 'LOW',
  description:
    'A OneLogin administrator assumed another user: for the session they act as that user in ' +
    'every connected application, without the user’s password or MFA. Legitimate for support, ' +
    'and a quiet way for a compromised admin to reach other people’s data.',
  reference:
    'https://onelogin.service-now.com/support?id=kb_article&sys_id=62fb1a4bdbca8d90ca1c400e0b9619ae',
  runbook:
    'Ask the acting admin for the support ticket. Check which applications were opened during ' +
    'the assumed session. If unjustified, disable user assumption for that admin’s role and ' +
    'review the admin account for takeover.',
  tags: ['OneLogin', 'Privilege Escalation', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1134'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.event_type_id === USER_ASSUMED &&
      (event.actor_user_id ?? null) !== null &&
      event.actor_user_id !== event.user_id
    )
  },

  title(event) {
    return (
      `OneLogin: ${event.actor_user_name ?? 'unknown'} assumed the identity of ` +
      (event.user_name ?? 'unknown')
    )
  },

  dedup(event) {
    return `onelogin-assume:${String(event.actor_user_id)}:${String(event.user_id)}`
  },

  alertContext(event) {
    return {
      actor: event.actor_user_name ?? null,
      actorUserId: event.actor_user_id ?? null,
      user: event.user_name ?? null,
      userId: event.user_id ?? null,
      ipAddress: event.ipaddr ?? null,
      userAgent: event.user_agent ?? null,
    }
  },

  tests: [
    {
      name: 'Admin assumes a user',
      expect: true,
      event: {
        id: 123456789,
        created_at: '2024-05-02 09:14:03.000',
        event_type_id: 3,
        account_id: 98765,
        ipaddr: '198.51.100.23',
        user_id: 44444444,
        user_name: 'Bob Builder',
        actor_user_id: 11111111,
        actor_user_name: 'Ada Admin',
        notes: 'Ada Admin assumed user Bob Builder',
        user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/124.0',
        p_log_type: 'OneLogin.Events',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'User logs in',
      expect: false,
      event: {
        id: 123456790,
        created_at: '2024-05-02 09:10:00.000',
        event_type_id: 5,
        ipaddr: '198.51.100.40',
        user_id: 44444444,
        user_name: 'Bob Builder',
        actor_user_id: 44444444,
        actor_user_name: 'Bob Builder',
        p_log_type: 'OneLogin.Events',
        p_event_time: '2024-05-02 09:10:00.000',
      },
    },
  ],
})
