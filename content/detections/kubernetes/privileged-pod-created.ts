import { defineRule, type KubernetesAuditEvent } from 'caracal/sdk'
import { asObject, asArray, text } from '../helpers/kubernetes.js'

/** The names of the pod spec's containers (init containers too) that run privileged. */
function privilegedContainers(event: KubernetesAuditEvent): string[] {
  const spec = asObject(asObject(event.requestObject)?.spec)
  if (spec === undefined) return []
  const containers = [...asArray(spec.containers), ...asArray(spec.initContainers)]
  return containers.flatMap((c) => {
    const container = asObject(c)
    const context = asObject(container?.securityContext)
    return context?.privileged === true ? [text(container?.name)] : []
  })
}

/** Host namespaces shared with the node, which also break container isolation. */
function hostNamespaces(event: KubernetesAuditEvent): string[] {
  const spec = asObject(asObject(event.requestObject)?.spec)
  return ['hostPID', 'hostNetwork', 'hostIPC'].filter((key) => spec?.[key] === true)
}

/** Panther's Kubernetes.PrivilegedPodCreated: a pod that can take over its node. */
export default defineRule({
  id: 'Kubernetes.PrivilegedPodCreated',
  name: 'Kubernetes Privileged Pod Created',
  logTypes: ['Kubernetes.Audit'],
  severity: 'HIGH',
  description:
    'A pod was created with a privileged container or with the node’s PID, network or IPC ' +
    'namespace. Such a pod can escape to the host and from there reach every pod and ' +
    'credential on the node.',
  reference: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#privileged',
  runbook:
    'Identify the workload and its owner. System agents (CNI, CSI, monitoring) in kube-system ' +
    'legitimately need this; anything else needs a justification. If unexpected: delete the ' +
    'pod, check the node for changes, revoke the creator’s access, and enforce the Baseline or ' +
    'Restricted Pod Security Standard on the namespace.',
  tags: ['Kubernetes', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1611', 'TA0002:T1610'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.verb === 'create' &&
      event.objectRef?.resource === 'pods' &&
      (event.objectRef.subresource ?? '') === '' &&
      event.objectRef.namespace !== 'kube-system' &&
      (privilegedContainers(event).length > 0 || hostNamespaces(event).length > 0)
    )
  },

  title(event) {
    const name =
      event.objectRef?.name ?? text(asObject(asObject(event.requestObject)?.metadata)?.generateName)
    return `Kubernetes: privileged pod ${event.objectRef?.namespace ?? '?'}/${name} created by ${event.user?.username ?? 'unknown'}`
  },

  dedup(event) {
    return `k8s-privileged-pod:${event.objectRef?.namespace ?? '?'}:${event.user?.username ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      username: event.user?.username ?? null,
      namespace: event.objectRef?.namespace ?? null,
      pod: event.objectRef?.name ?? null,
      privilegedContainers: privilegedContainers(event),
      hostNamespaces: hostNamespaces(event),
      sourceIPs: event.sourceIPs ?? [],
      userAgent: event.userAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Privileged container with hostPID in default namespace',
      expect: true,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'RequestResponse',
        auditID: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
        stage: 'ResponseComplete',
        requestURI: '/api/v1/namespaces/default/pods?fieldManager=kubectl-run',
        verb: 'create',
        user: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] },
        sourceIPs: ['10.0.12.34'],
        userAgent: 'kubectl/v1.29.4 (linux/amd64) kubernetes/55019c8',
        objectRef: { resource: 'pods', namespace: 'default', name: 'debug', apiVersion: 'v1' },
        requestObject: {
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: { name: 'debug', namespace: 'default' },
          spec: {
            hostPID: true,
            containers: [
              {
                name: 'debug',
                image: 'alpine:3.20',
                command: ['nsenter', '--target', '1', '--mount', '--', 'sh'],
                securityContext: { privileged: true },
              },
            ],
          },
        },
        responseStatus: { metadata: {}, code: 201 },
        requestReceivedTimestamp: '2024-06-03 12:00:00.000',
        stageTimestamp: '2024-06-03 12:00:00.050',
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-06-03 12:00:00.000',
      },
    },
    {
      name: 'Unprivileged pod',
      expect: false,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'RequestResponse',
        auditID: 'c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f',
        stage: 'ResponseComplete',
        verb: 'create',
        user: { username: 'system:serviceaccount:kube-system:replicaset-controller' },
        objectRef: { resource: 'pods', namespace: 'payments', apiVersion: 'v1' },
        requestObject: {
          kind: 'Pod',
          spec: {
            containers: [
              {
                name: 'api',
                image: 'registry.example.com/payments/api:1.4.2',
                securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
              },
            ],
          },
        },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-06-03 12:05:00.000',
      },
    },
  ],
})
