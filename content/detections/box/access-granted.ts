import { defineRule } from 'caracal/sdk'
import { actor } from '../helpers/box.js'

/** Panther's Box.Access.Granted: an admin let Box Support into the enterprise account. */
export default defineRule({
  id: 'Box.AccessGranted',
  name: 'Box Support Access Granted',
  logTypes: ['Box.Event'],
  severity: 'LOW',
  description:
    'An administrator granted Box Support access to the enterprise. While granted, Box staff ' +
    'can sign in as the account and see its content; an attacker holding an admin session can ' +
    'use a fake support case to open the same door.',
  reference: 'https://developer.box.com/guides/events/enterprise-events/for-enterprise/',
  runbook:
    'Confirm an open support case requires the access and that the granting admin opened it. ' +
    'Revoke access (Admin Console > Enterprise Settings > Security) once the case closes, and ' +
    'review events recorded while it was granted.',
  tags: ['Box', 'Initial Access', 'Trusted Relationship'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1199'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.event_type === 'ACCESS_GRANTED'
  },

  title(event) {
    return `Box: ${actor(event)} granted Box Support access to the enterprise`
  },

  dedup(event) {
    return `box-access-granted:${actor(event)}`
  },

  alertContext(event) {
    return {
      actor: actor(event),
      ipAddress: event.ip_address ?? null,
      sessionId: event.session_id ?? null,
      eventType: event.event_type,
    }
  },

  tests: [
    {
      name: 'Admin grants Box Support access',
      expect: true,
      event: {
        type: 'event',
        event_id: 'f4b3c2a1-0d9e-4f8a-b7c6-5d4e3f2a1b0c',
        event_type: 'ACCESS_GRANTED',
        created_at: '2024-05-02 09:14:03.000',
        created_by: {
          type: 'user',
          id: '11446498',
          name: 'Ada Admin',
          login: 'admin@example.com',
        },
        ip_address: '198.51.100.23',
        source: { type: 'user', id: '11446498', name: 'Ada Admin', login: 'admin@example.com' },
        p_log_type: 'Box.Event',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Access revoked',
      expect: false,
      event: {
        type: 'event',
        event_id: '05c4d3b2-1e0f-4a9b-c8d7-6e5f4a3b2c1d',
        event_type: 'ACCESS_REVOKED',
        created_at: '2024-05-03 10:00:00.000',
        created_by: { type: 'user', id: '11446498', login: 'admin@example.com' },
        ip_address: '198.51.100.23',
        p_log_type: 'Box.Event',
        p_event_time: '2024-05-03 10:00:00.000',
      },
    },
  ],
})
