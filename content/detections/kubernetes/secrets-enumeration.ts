import { defineRule } from 'caracal/sdk'
import { decision } from '../helpers/kubernetes.js'

/**
 * Controllers and node agents read secrets by design; their usernames start with these.
 * Extend with your own operators (e.g. external-secrets) if they list secrets cluster-wide.
 */
const SYSTEM_PREFIXES = ['system:kube-', 'system:node:', 'system:serviceaccount:kube-system:']

/** Panther's Kubernetes.SecretsEnumeration-style rule: a person listed or watched secrets. */
export default defineRule({
  id: 'Kubernetes.SecretsEnumeration',
  name: 'Kubernetes Secrets Listed by a Non-System User',
  logTypes: ['Kubernetes.Audit'],
  severity: 'MEDIUM',
  description:
    'A user or service account outside the control plane listed or watched secrets (a list ' +
    'returns every secret’s data). Dumping secrets is the quickest way from a foothold to ' +
    'database passwords, cloud keys and service account tokens.',
  reference: 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
  runbook:
    'Check who listed secrets and in which namespace (cluster-wide when namespace is empty). ' +
    'Confirm it is an expected operator or a person with a reason. If not: revoke the ' +
    'credentials, tighten the RBAC role that allowed `list secrets`, and rotate the secrets of ' +
    'the namespaces read.',
  tags: ['Kubernetes', 'Credential Access', 'Discovery'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1552.007'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const username = event.user?.username ?? ''
    return (
      (event.verb === 'list' || event.verb === 'watch') &&
      event.objectRef?.resource === 'secrets' &&
      decision(event) === 'allow' &&
      username !== '' &&
      !SYSTEM_PREFIXES.some((p) => username.startsWith(p))
    )
  },

  // Listing across all namespaces reads every secret in the cluster.
  dynamicSeverity(event) {
    return (event.objectRef?.namespace ?? '') === '' ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    const scope = event.objectRef?.namespace ?? 'all namespaces'
    return `Kubernetes: ${event.user?.username ?? 'unknown'} listed secrets in ${scope}`
  },

  dedup(event) {
    return `k8s-secrets-list:${event.user?.username ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      username: event.user?.username ?? null,
      groups: event.user?.groups ?? [],
      namespace: event.objectRef?.namespace ?? null,
      verb: event.verb ?? null,
      sourceIPs: event.sourceIPs ?? [],
      userAgent: event.userAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Developer lists secrets in all namespaces',
      expect: true,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: 'c8d9e0f1-a2b3-4c4d-5e6f-708192a3b4c5',
        stage: 'ResponseComplete',
        requestURI: '/api/v1/secrets?limit=500',
        verb: 'list',
        user: { username: 'jane@example.com', groups: ['developers', 'system:authenticated'] },
        sourceIPs: ['198.51.100.23'],
        userAgent: 'kubectl/v1.30.1 (darwin/arm64) kubernetes/6911225',
        objectRef: { resource: 'secrets', apiVersion: 'v1' },
        responseStatus: { metadata: {}, code: 200 },
        annotations: {
          'authorization.k8s.io/decision': 'allow',
          'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "dev-broad"',
        },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-09-09 09:09:09.000',
      },
    },
    {
      name: 'Controller manager watching secrets',
      expect: false,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: 'd9e0f1a2-b3c4-4d5e-6f70-8192a3b4c5d6',
        stage: 'ResponseComplete',
        requestURI: '/api/v1/secrets?watch=true',
        verb: 'watch',
        user: { username: 'system:kube-controller-manager', groups: ['system:authenticated'] },
        objectRef: { resource: 'secrets', apiVersion: 'v1' },
        annotations: { 'authorization.k8s.io/decision': 'allow' },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-09-09 09:09:10.000',
      },
    },
  ],
})
