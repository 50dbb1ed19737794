import { defineRule, type KubernetesAuditEvent } from 'caracal/sdk'

/** Kubernetes' own namespaces, where operators legitimately exec for maintenance. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease'])

function podRef(event: KubernetesAuditEvent): string {
  return `${event.objectRef?.namespace ?? '?'}/${event.objectRef?.name ?? '?'}`
}

/** Panther's Kubernetes.PodExec (Amazon.EKS.Audit.PodExec): a shell or command run in a pod. */
export default defineRule({
  id: 'Kubernetes.PodExec',
  name: 'Kubernetes Exec or Attach into a Pod',
  logTypes: ['Kubernetes.Audit'],
  severity: 'MEDIUM',
  description:
    'A user ran `kubectl exec` or `kubectl attach` against a pod. Interactive access to a ' +
    'running container bypasses the deployment pipeline and is how attackers read mounted ' +
    'secrets and service account tokens or move laterally.',
  reference:
    'https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/',
  runbook:
    'Check who exec’d (user.username, groups) and into what: a production workload? Look at ' +
    'the command in requestURI. Confirm with the user that it was break-glass debugging. If ' +
    'unexpected: revoke the user’s credentials or RBAC binding, and review the pod for ' +
    'tampering (replace it from its image) and for tokens or secrets it could read.',
  tags: ['Kubernetes', 'Execution'],
  reports: { 'MITRE ATT&CK': ['TA0002:T1609'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const ref = event.objectRef
    return (
      event.verb === 'create' &&
      ref?.resource === 'pods' &&
      (ref.subresource === 'exec' || ref.subresource === 'attach') &&
      event.stage === 'ResponseStarted' &&
      !SYSTEM_NAMESPACES.has(ref.namespace ?? '')
    )
  },

  title(event) {
    return `Kubernetes: ${event.user?.username ?? 'unknown'} ran ${event.objectRef?.subresource ?? 'exec'} in pod ${podRef(event)}`
  },

  dedup(event) {
    return `k8s-pod-exec:${event.user?.username ?? 'unknown'}:${podRef(event)}`
  },

  alertContext(event) {
    return {
      username: event.user?.username ?? null,
      groups: event.user?.groups ?? [],
      sourceIPs: event.sourceIPs ?? [],
      pod: podRef(event),
      requestURI: event.requestURI ?? null,
      userAgent: event.userAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Interactive shell in a production pod',
      expect: true,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Request',
        auditID: '9f3c2b1a-0d4e-4f5a-8b6c-7d8e9f0a1b2c',
        stage: 'ResponseStarted',
        requestURI:
          '/api/v1/namespaces/payments/pods/api-7d9f8c6b5-x2k4q/exec?command=%2Fbin%2Fsh&container=api&stdin=true&stdout=true&tty=true',
        verb: 'create',
        user: {
          username: 'jane@example.com',
          groups: ['developers', 'system:authenticated'],
        },
        sourceIPs: ['198.51.100.23'],
        userAgent: 'kubectl/v1.30.1 (darwin/arm64) kubernetes/6911225',
        objectRef: {
          resource: 'pods',
          namespace: 'payments',
          name: 'api-7d9f8c6b5-x2k4q',
          apiVersion: 'v1',
          subresource: 'exec',
        },
        responseStatus: { metadata: {}, code: 101 },
        requestReceivedTimestamp: '2024-05-02 09:14:03.101',
        stageTimestamp: '2024-05-02 09:14:03.188',
        annotations: {
          'authorization.k8s.io/decision': 'allow',
          'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "dev-exec"',
        },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-05-02 09:14:03.101',
      },
    },
    {
      name: 'Reading pod logs',
      expect: false,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
        stage: 'ResponseComplete',
        requestURI: '/api/v1/namespaces/payments/pods/api-7d9f8c6b5-x2k4q/log?container=api',
        verb: 'get',
        user: { username: 'jane@example.com', groups: ['developers'] },
        sourceIPs: ['198.51.100.23'],
        objectRef: {
          resource: 'pods',
          namespace: 'payments',
          name: 'api-7d9f8c6b5-x2k4q',
          subresource: 'log',
        },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-05-02 09:20:00.000',
      },
    },
  ],
})
