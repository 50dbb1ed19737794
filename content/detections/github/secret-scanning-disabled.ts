import { defineRule } from 'caracal/sdk'

/** Secret scanning or push protection switched off at repository or enterprise level. */
const SECRET_SCANNING_DISABLED = new Set([
  'repository_secret_scanning.disable',
  'repository_secret_scanning_push_protection.disable',
  'business_secret_scanning.disable',
  'business_secret_scanning_push_protection.disable',
])

/** Panther's GitHub.Secret.Scanning.Alert-adjacent rule: secret scanning was disabled. */
export default defineRule({
  id: 'GitHub.SecretScanning.Disabled',
  name: 'GitHub Secret Scanning Disabled',
  logTypes: ['GitHub.Audit'],
  severity: 'MEDIUM',
  description:
    'Secret scanning or secret scanning push protection was disabled for a repository or the ' +
    'enterprise. Turning it off lets credentials be committed (or an attacker’s planted ' +
    'secrets go unnoticed) without an alert.',
  reference:
    'https://docs.github.com/en/code-security/secret-scanning/enabling-secret-scanning-features/enabling-secret-scanning-for-your-repository',
  runbook:
    'Ask the actor why scanning was disabled. Re-enable it, then review pushes made while it was ' +
    'off and run a scan of the history. Consider enforcing secret scanning through a security ' +
    'configuration so repository admins cannot turn it off.',
  tags: ['GitHub', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return SECRET_SCANNING_DISABLED.has(event.action)
  },

  title(event) {
    const scope = event.repo ?? event.business ?? 'unknown'
    return `GitHub: ${event.action} on ${scope} by ${event.actor ?? 'unknown'}`
  },

  dedup(event) {
    return `github-secret-scanning:${event.repo ?? event.business ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      action: event.action,
      actor: event.actor ?? null,
      actorIp: event.actor_ip ?? null,
      repo: event.repo ?? null,
      org: event.org ?? null,
      business: event.business ?? null,
    }
  },

  tests: [
    {
      name: 'Push protection disabled on a repository',
      expect: true,
      event: {
        action: 'repository_secret_scanning_push_protection.disable',
        '@timestamp': '2024-07-30 09:01:12.500',
        _document_id: 'Zx1Cv2Bn3Mm4Ll5Kk6Jj7H',
        actor: 'dev-lead',
        actor_id: 7001234,
        actor_ip: '198.51.100.61',
        org: 'example-corp',
        repo: 'example-corp/infra-terraform',
        repo_id: 612340001,
        operation_type: 'modify',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-07-30 09:01:12.500',
      },
    },
    {
      name: 'Secret scanning enabled',
      expect: false,
      event: {
        action: 'repository_secret_scanning.enable',
        '@timestamp': '2024-07-30 09:05:00.000',
        actor: 'dev-lead',
        org: 'example-corp',
        repo: 'example-corp/infra-terraform',
        operation_type: 'modify',
        p_log_type: 'GitHub.Audit',
        p_event_time: '2024-07-30 09:05:00.000',
      },
    },
  ],
})
