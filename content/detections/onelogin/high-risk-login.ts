import { defineRule } from 'caracal/sdk'

/** OneLogin event type 5: a user logged into OneLogin (successfully). */
const USER_LOGGED_IN = 5
/** OneLogin's Adaptive Authentication scores risk 0-100; Panther treats 50 and above as high. */
const HIGH_RISK = 50

/** Panther's OneLogin.HighRiskLogin: a successful sign-in OneLogin itself scored as risky. */
export default defineRule({
  id: 'OneLogin.HighRiskLogin',
  name: 'OneLogin High Risk Login',
  logTypes: ['OneLogin.Events'],
  severity: 'MEDIUM',
  description:
    'A user signed in to OneLogin although Adaptive Authentication scored the attempt as high ' +
    'risk (new device, impossible travel, known-bad IP). The sign-in succeeded, so someone ' +
    'holding the credentials may now be inside.',
  reference:
    'https://onelogin.service-now.com/support?id=kb_article&sys_id=3db3cd03db7398d0d5505eea4b961990',
  runbook:
    'Read risk_reasons. Confirm the sign-in with the user (location, device). If not theirs: ' +
    'suspend the user, reset password and MFA, end sessions, and review application access ' +
    'since the sign-in.',
  tags: ['OneLogin', 'Initial Access', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.event_type_id === USER_LOGGED_IN && (event.risk_score ?? 0) >= HIGH_RISK
  },

  title(event) {
    return (
      `OneLogin: high-risk login (score ${String(event.risk_score)}) by ` +
      (event.user_name ?? 'unknown')
    )
  },

  dedup(event) {
    return `onelogin-high-risk:${String(event.user_id)}`
  },

  alertContext(event) {
    return {
      user: event.user_name ?? null,
      userId: event.user_id ?? null,
      riskScore: event.risk_score ?? null,
      riskReasons: event.risk_reasons ?? null,
      ipAddress: event.ipaddr ?? null,
      userAgent: event.user_agent ?? null,
    }
  },

  tests: [
    {
      name: 'Login scored 82',
      expect: true,
      event: {
        id: 223456789,
        created_at: '2024-05-02 09:14:03.000',
        event_type_id: 5,
        account_id: 98765,
        ipaddr: '203.0.113.66',
        user_id: 44444444,
        user_name: 'Bob Builder',
        actor_user_id: 44444444,
        actor_user_name: 'Bob Builder',
        risk_score: 82,
        risk_reasons: 'User logged in from a new country; IP reputation is poor',
        user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/125.0',
        p_log_type: 'OneLogin.Events',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Low-risk login',
      expect: false,
      event: {
        id: 223456790,
        created_at: '2024-05-02 09:10:00.000',
        event_type_id: 5,
        ipaddr: '198.51.100.40',
        user_id: 44444444,
        user_name: 'Bob Builder',
        risk_score: 5,
        p_log_type: 'OneLogin.Events',
        p_event_time: '2024-05-02 09:10:00.000',
      },
    },
  ],
})
