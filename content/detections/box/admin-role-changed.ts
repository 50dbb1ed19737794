import { defineRule } from 'caracal/sdk'
import { actor, sourceName } from '../helpers/box.js'

/** Panther's Box.User.Permission.Updates: a user's admin role changed. */
export default defineRule({
  id: 'Box.AdminRoleChanged',
  name: 'Box User Admin Role Changed',
  logTypes: ['Box.Event'],
  severity: 'MEDIUM',
  description:
    'A Box user was made co-admin or admin, or had their admin permissions changed. Admins ' +
    'can read every user’s content and change enterprise security settings; an unexpected grant ' +
    'is privilege escalation or persistence.',
  reference: 'https://developer.box.com/guides/events/enterprise-events/for-enterprise/',
  runbook:
    'Confirm the change with the acting admin and an access request. If unexpected, revert the ' +
    'role, reset both accounts’ sessions, and review what the grantee did since (downloads, ' +
    'collaboration and setting changes).',
  tags: ['Box', 'Privilege Escalation', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.event_type === 'CHANGE_ADMIN_ROLE'
  },

  title(event) {
    return `Box: ${actor(event)} changed the admin role of ${sourceName(event)}`
  },

  dedup(event) {
    return `box-admin-role:${sourceName(event)}`
  },

  alertContext(event) {
    return {
      actor: actor(event),
      user: sourceName(event),
      ipAddress: event.ip_address ?? null,
      details: event.additional_details ?? null,
    }
  },

  tests: [
    {
      name: 'User promoted to co-admin',
      expect: true,
      event: {
        type: 'event',
        event_id: '3c4d5e6f-7a8b-4c9d-0e1f-2a3b4c5d6e7f',
        event_type: 'CHANGE_ADMIN_ROLE',
        created_at: '2024-05-02 09:14:03.000',
        created_by: { type: 'user', id: '11446498', name: 'Ada', login: 'admin@example.com' },
        ip_address: '198.51.100.23',
        source: { type: 'user', id: '22558844', name: 'Mallory', login: 'mallory@example.com' },
        additional_details: { role: 'coadmin' },
        p_log_type: 'Box.Event',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'User created',
      expect: false,
      event: {
        type: 'event',
        event_id: '4d5e6f7a-8b9c-4d0e-1f2a-3b4c5d6e7f8a',
        event_type: 'NEW_USER',
        created_at: '2024-05-02 09:00:00.000',
        created_by: { type: 'user', id: '11446498', login: 'admin@example.com' },
        source: { type: 'user', id: '22558844', name: 'Mallory', login: 'mallory@example.com' },
        p_log_type: 'Box.Event',
        p_event_time: '2024-05-02 09:00:00.000',
      },
    },
  ],
})
