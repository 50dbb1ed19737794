import { defineRule, type KubernetesAuditEvent } from 'caracal/sdk'

/** Identities with full control of the cluster. */
const PRIVILEGED_GROUPS = new Set(['system:masters'])
const PRIVILEGED_USERS = new Set(['system:admin', 'kubernetes-admin'])

function isPrivileged(event: KubernetesAuditEvent): boolean {
  const target = event.impersonatedUser
  if (target === null || target === undefined) return false
  return (
    PRIVILEGED_USERS.has(target.username ?? '') ||
    (target.groups ?? []).some((g) => PRIVILEGED_GROUPS.has(g ?? ''))
  )
}

/** A request impersonated a cluster-admin identity (`kubectl --as … --as-group system:masters`). */
export default defineRule({
  id: 'Kubernetes.PrivilegedImpersonation',
  name: 'Kubernetes Impersonation of a Privileged Identity',
  logTypes: ['Kubernetes.Audit'],
  severity: 'HIGH',
  description:
    'A user made an API request impersonating system:masters or a cluster admin user. The ' +
    'impersonate permission is often granted loosely; using it to become system:masters ' +
    'bypasses RBAC entirely.',
  reference:
    'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation',
  runbook:
    'Identify the real user (user.username) and what they did as the privileged identity. ' +
    'Confirm it was break-glass work. If not: remove their impersonate permission, revoke ' +
    'their credentials, and review the actions taken under impersonation.',
  tags: ['Kubernetes', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1078.004'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return isPrivileged(event) && event.stage !== 'RequestReceived'
  },

  title(event) {
    return (
      `Kubernetes: ${event.user?.username ?? 'unknown'} impersonated ` +
      `${event.impersonatedUser?.username ?? 'a privileged identity'} (${event.verb ?? '?'} ${event.objectRef?.resource ?? ''})`
    )
  },

  dedup(event) {
    return `k8s-impersonation:${event.user?.username ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      username: event.user?.username ?? null,
      impersonatedUser: event.impersonatedUser?.username ?? null,
      impersonatedGroups: event.impersonatedUser?.groups ?? [],
      verb: event.verb ?? null,
      requestURI: event.requestURI ?? null,
      sourceIPs: event.sourceIPs ?? [],
    }
  },

  tests: [
    {
      name: 'Developer impersonates system:masters',
      expect: true,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: 'a2b3c4d5-e6f7-4081-92a3-b4c5d6e7f809',
        stage: 'ResponseComplete',
        requestURI: '/api/v1/namespaces/kube-system/secrets',
        verb: 'list',
        user: { username: 'jane@example.com', groups: ['developers', 'system:authenticated'] },
        impersonatedUser: { username: 'admin', groups: ['system:masters', 'system:authenticated'] },
        sourceIPs: ['198.51.100.23'],
        userAgent: 'kubectl/v1.30.1 (darwin/arm64) kubernetes/6911225',
        objectRef: { resource: 'secrets', namespace: 'kube-system', apiVersion: 'v1' },
        responseStatus: { metadata: {}, code: 200 },
        annotations: { 'authorization.k8s.io/decision': 'allow' },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-11-05 05:05:05.000',
      },
    },
    {
      name: 'Impersonating a namespace service account',
      expect: false,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: 'b3c4d5e6-f708-4192-a3b4-c5d6e7f8091a',
        stage: 'ResponseComplete',
        requestURI: '/api/v1/namespaces/payments/pods',
        verb: 'list',
        user: { username: 'jane@example.com' },
        impersonatedUser: {
          username: 'system:serviceaccount:payments:api',
          groups: ['system:serviceaccounts', 'system:serviceaccounts:payments'],
        },
        objectRef: { resource: 'pods', namespace: 'payments' },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-11-05 05:06:00.000',
      },
    },
  ],
})
