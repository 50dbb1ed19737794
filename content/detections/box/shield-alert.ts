import { defineRule, type BoxEventEvent } from 'caracal/sdk'
import { actor, asObject } from '../helpers/box.js'

/** `additional_details.shield_alert`: Box Shield's verdict (rule, priority, risk score). */
function shieldAlert(event: BoxEventEvent) {
  const alert = asObject(asObject(event.additional_details)?.shield_alert)
  const text = (key: string) => {
    const value = alert?.[key]
    return typeof value === 'string' ? value : ''
  }
  const score = alert?.risk_score
  return {
    ruleName: text('rule_name'),
    ruleCategory: text('rule_category'),
    priority: text('priority').toLowerCase(),
    riskScore: typeof score === 'number' ? score : null,
    user: asObject(asObject(alert?.alert_summary)?.user)?.email ?? null,
  }
}

/** Panther's Box.Shield.Suspicious.Alert: Box Shield flagged a session, location or download. */
export default defineRule({
  id: 'Box.ShieldSuspiciousAlert',
  name: 'Box Shield Suspicious Activity Alert',
  logTypes: ['Box.Event'],
  severity: 'MEDIUM',
  description:
    'Box Shield raised a threat-detection alert: a suspicious session, a sign-in from an ' +
    'unusual location, or an anomalous download volume. These are Box’s own behavioural ' +
    'detections of account takeover and data theft.',
  reference: 'https://support.box.com/hc/en-us/articles/360044196773-Threat-Detection',
  runbook:
    'Read the alert summary (rule, user, IPs, files). Confirm the activity with the user. If ' +
    'unrecognised: end the user’s sessions, reset their password and MFA, and list what was ' +
    'downloaded or shared during the flagged period.',
  tags: ['Box', 'Collection', 'Box Shield'],
  reports: { 'MITRE ATT&CK': ['TA0009:T1530'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.event_type === 'SHIELD_ALERT'
  },

  // Box Shield's own priority decides how urgent the alert is.
  dynamicSeverity(event) {
    const priority = shieldAlert(event).priority
    if (priority === 'high') return 'HIGH'
    if (priority === 'low') return 'LOW'
    return 'DEFAULT'
  },

  title(event) {
    const alert = shieldAlert(event)
    const who = typeof alert.user === 'string' ? alert.user : actor(event)
    return `Box Shield: ${alert.ruleCategory || 'alert'} [${alert.ruleName || 'unnamed rule'}] for ${who}`
  },

  dedup(event) {
    const alert = shieldAlert(event)
    return `box-shield:${alert.ruleName}:${typeof alert.user === 'string' ? alert.user : actor(event)}`
  },

  alertContext(event) {
    return { ...shieldAlert(event), ipAddress: event.ip_address ?? null }
  },

  tests: [
    {
      name: 'Suspicious session, high priority',
      expect: true,
      event: {
        type: 'event',
        event_id: '5e6f7a8b-9c0d-4e1f-2a3b-4c5d6e7f8a9b',
        event_type: 'SHIELD_ALERT',
        created_at: '2024-05-02 09:14:03.000',
        created_by: { type: 'user', id: '2', name: 'Unknown User', login: '' },
        source: null,
        additional_details: {
          shield_alert: {
            rule_category: 'Suspicious Sessions',
            risk_score: 77,
            alert_summary: {
              user: { id: '22558844', email: 'bob@example.com', name: 'Bob' },
              description: 'Significant increase in download content week over week',
            },
            priority: 'high',
            rule_name: 'Suspicious sessions rule',
          },
        },
        p_log_type: 'Box.Event',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Ordinary login',
      expect: false,
      event: {
        type: 'event',
        event_id: '6f7a8b9c-0d1e-4f2a-3b4c-5d6e7f8a9b0c',
        event_type: 'LOGIN',
        created_at: '2024-05-02 09:00:00.000',
        created_by: { type: 'user', id: '22558844', login: 'bob@example.com' },
        ip_address: '198.51.100.40',
        p_log_type: 'Box.Event',
        p_event_time: '2024-05-02 09:00:00.000',
      },
    },
  ],
})
