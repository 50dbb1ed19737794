import { defineRule, type KubernetesAuditEvent } from 'caracal/sdk'
import { asObject, text } from '../helpers/kubernetes.js'

function roleRefName(event: KubernetesAuditEvent): string {
  const name = asObject(asObject(event.requestObject)?.roleRef)?.name
  return typeof name === 'string' ? name : ''
}

/** `Kind:name` of each subject the binding grants the role to. */
function subjects(event: KubernetesAuditEvent): string[] {
  const list = asObject(event.requestObject)?.subjects
  if (!Array.isArray(list)) return []
  return list.map((s) => {
    const subject = asObject(s)
    return `${text(subject?.kind)}:${text(subject?.name)}`
  })
}

const BINDINGS = new Set(['clusterrolebindings', 'rolebindings'])
const WRITES = new Set(['create', 'update', 'patch'])

/** Panther's Kubernetes.ClusterAdminRoleBinding: someone was bound to cluster-admin. */
export default defineRule({
  id: 'Kubernetes.ClusterAdminRoleBinding',
  name: 'Kubernetes cluster-admin Role Binding Created',
  logTypes: ['Kubernetes.Audit'],
  severity: 'HIGH',
  description:
    'A (cluster) role binding to the cluster-admin role was created or changed. cluster-admin ' +
    'is full control of the cluster: every secret, every workload, every node.',
  reference: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
  runbook:
    'Check the subjects of the binding and who created it. cluster-admin should be bound only ' +
    'to a small break-glass group. If unexpected: delete the binding, revoke the subjects’ ' +
    'credentials, and review their API calls since (secrets read, workloads created).',
  tags: ['Kubernetes', 'Privilege Escalation', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098', 'TA0004:T1078.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      WRITES.has(event.verb ?? '') &&
      BINDINGS.has(event.objectRef?.resource ?? '') &&
      roleRefName(event) === 'cluster-admin'
    )
  },

  title(event) {
    return (
      `Kubernetes: cluster-admin bound to [${subjects(event).join(', ')}] by ` +
      (event.user?.username ?? 'unknown')
    )
  },

  dedup(event) {
    return `k8s-cluster-admin:${event.objectRef?.name ?? subjects(event).join(',')}`
  },

  alertContext(event) {
    return {
      username: event.user?.username ?? null,
      binding: event.objectRef?.name ?? null,
      resource: event.objectRef?.resource ?? null,
      subjects: subjects(event),
      sourceIPs: event.sourceIPs ?? [],
      userAgent: event.userAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Service account bound to cluster-admin',
      expect: true,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'RequestResponse',
        auditID: 'd3e4f5a6-b7c8-4d9e-0f1a-2b3c4d5e6f70',
        stage: 'ResponseComplete',
        requestURI:
          '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?fieldManager=kubectl-create',
        verb: 'create',
        user: { username: 'jane@example.com', groups: ['developers', 'system:authenticated'] },
        sourceIPs: ['198.51.100.23'],
        userAgent: 'kubectl/v1.30.1 (darwin/arm64) kubernetes/6911225',
        objectRef: {
          resource: 'clusterrolebindings',
          name: 'backdoor-admin',
          apiGroup: 'rbac.authorization.k8s.io',
          apiVersion: 'v1',
        },
        requestObject: {
          kind: 'ClusterRoleBinding',
          apiVersion: 'rbac.authorization.k8s.io/v1',
          metadata: { name: 'backdoor-admin' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'cluster-admin',
          },
          subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
        },
        responseStatus: { metadata: {}, code: 201 },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-07-07 07:07:07.000',
      },
    },
    {
      name: 'Binding to the view role',
      expect: false,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'RequestResponse',
        auditID: 'e4f5a6b7-c8d9-4e0f-1a2b-3c4d5e6f7081',
        stage: 'ResponseComplete',
        verb: 'create',
        user: { username: 'jane@example.com' },
        objectRef: { resource: 'rolebindings', namespace: 'payments', name: 'viewers' },
        requestObject: {
          kind: 'RoleBinding',
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subjects: [{ kind: 'Group', name: 'payments-team' }],
        },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-07-07 07:10:00.000',
      },
    },
  ],
})
