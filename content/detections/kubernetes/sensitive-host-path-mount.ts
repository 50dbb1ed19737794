import { defineRule, type KubernetesAuditEvent } from 'caracal/sdk'
import { asObject } from '../helpers/kubernetes.js'

/** Host paths that give control of the node or its container runtime. */
const SENSITIVE_PATHS = [
  '/',
  '/etc',
  '/root',
  '/var/run/docker.sock',
  '/var/run/containerd',
  '/run/containerd',
  '/var/run/crio',
  '/var/lib/kubelet',
  '/etc/kubernetes',
  '/proc',
  '/home',
]

/** The sensitive hostPath volumes of a pod (or pod template) being created. */
function sensitiveMounts(event: KubernetesAuditEvent): string[] {
  const object = asObject(event.requestObject)
  const spec = asObject(object?.spec)
  // Workload controllers nest the pod spec under spec.template.spec.
  const podSpec = asObject(asObject(spec?.template)?.spec) ?? spec
  const volumes = podSpec?.volumes
  if (!Array.isArray(volumes)) return []
  return volumes.flatMap((v) => {
    const path = asObject(asObject(v)?.hostPath)?.path
    if (typeof path !== 'string') return []
    const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path
    return SENSITIVE_PATHS.some(
      (p) => normalized === p || (p !== '/' && normalized.startsWith(`${p}/`)),
    )
      ? [normalized]
      : []
  })
}

const WORKLOADS = new Set([
  'pods',
  'deployments',
  'daemonsets',
  'statefulsets',
  'replicasets',
  'jobs',
  'cronjobs',
])

/** Panther's Kubernetes.SensitiveHostPathMounted-style rule. */
export default defineRule({
  id: 'Kubernetes.SensitiveHostPathMount',
  name: 'Kubernetes Workload Mounts a Sensitive Host Path',
  logTypes: ['Kubernetes.Audit'],
  severity: 'HIGH',
  description:
    'A pod or workload was created with a hostPath volume on a sensitive node path (the root ' +
    'filesystem, /etc, the kubelet directory, the container runtime socket). Such a mount lets ' +
    'the container take over the node.',
  reference: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
  runbook:
    'Identify the workload and its owner; node agents (log shippers, CSI drivers, security ' +
    'agents) in system namespaces may need such mounts. Otherwise delete the workload, inspect ' +
    'the nodes it ran on, and restrict hostPath with the Baseline Pod Security Standard.',
  tags: ['Kubernetes', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1611'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.verb === 'create' &&
      WORKLOADS.has(event.objectRef?.resource ?? '') &&
      (event.objectRef?.subresource ?? '') === '' &&
      event.objectRef?.namespace !== 'kube-system' &&
      sensitiveMounts(event).length > 0
    )
  },

  title(event) {
    return (
      `Kubernetes: ${event.objectRef?.resource ?? 'workload'} ${event.objectRef?.namespace ?? '?'}/` +
      `${event.objectRef?.name ?? '?'} mounts host ${sensitiveMounts(event).join(', ')}`
    )
  },

  dedup(event) {
    return `k8s-hostpath:${event.objectRef?.namespace ?? '?'}:${event.objectRef?.name ?? event.user?.username ?? '?'}`
  },

  alertContext(event) {
    return {
      username: event.user?.username ?? null,
      resource: event.objectRef?.resource ?? null,
      namespace: event.objectRef?.namespace ?? null,
      name: event.objectRef?.name ?? null,
      hostPaths: sensitiveMounts(event),
      sourceIPs: event.sourceIPs ?? [],
    }
  },

  tests: [
    {
      name: 'DaemonSet mounting the Docker socket',
      expect: true,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'RequestResponse',
        auditID: 'e0f1a2b3-c4d5-4e6f-7081-92a3b4c5d6e7',
        stage: 'ResponseComplete',
        requestURI: '/apis/apps/v1/namespaces/default/daemonsets',
        verb: 'create',
        user: { username: 'jane@example.com', groups: ['developers', 'system:authenticated'] },
        sourceIPs: ['198.51.100.23'],
        userAgent: 'kubectl/v1.30.1 (darwin/arm64) kubernetes/6911225',
        objectRef: {
          resource: 'daemonsets',
          namespace: 'default',
          name: 'node-helper',
          apiGroup: 'apps',
          apiVersion: 'v1',
        },
        requestObject: {
          kind: 'DaemonSet',
          apiVersion: 'apps/v1',
          metadata: { name: 'node-helper', namespace: 'default' },
          spec: {
            selector: { matchLabels: { app: 'node-helper' } },
            template: {
              metadata: { labels: { app: 'node-helper' } },
              spec: {
                containers: [
                  {
                    name: 'helper',
                    image: 'docker:26-cli',
                    volumeMounts: [{ name: 'docker-sock', mountPath: '/var/run/docker.sock' }],
                  },
                ],
                volumes: [
                  {
                    name: 'docker-sock',
                    hostPath: { path: '/var/run/docker.sock', type: 'Socket' },
                  },
                ],
              },
            },
          },
        },
        responseStatus: { metadata: {}, code: 201 },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-10-01 10:00:00.000',
      },
    },
    {
      name: 'Pod with an emptyDir and a harmless host path',
      expect: false,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'RequestResponse',
        auditID: 'f1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8',
        stage: 'ResponseComplete',
        verb: 'create',
        user: { username: 'jane@example.com' },
        objectRef: { resource: 'pods', namespace: 'default', name: 'cache', apiVersion: 'v1' },
        requestObject: {
          kind: 'Pod',
          spec: {
            containers: [{ name: 'cache', image: 'redis:7' }],
            volumes: [
              { name: 'scratch', emptyDir: {} },
              { name: 'tz', hostPath: { path: '/usr/share/zoneinfo' } },
            ],
          },
        },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-10-01 10:05:00.000',
      },
    },
  ],
})
