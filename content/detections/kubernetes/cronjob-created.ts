import { defineRule, type KubernetesAuditEvent } from 'caracal/sdk'
import { asObject, decision } from '../helpers/kubernetes.js'

/** Accounts whose job is to create workloads; their CronJobs are routine. */
const CONTROLLERS = /^system:(serviceaccount:kube-system:|kube-controller-manager$)/

function where(event: KubernetesAuditEvent): string {
  return `${event.objectRef?.namespace ?? 'default'}/${event.objectRef?.name ?? 'unknown'}`
}

/** The code of `responseStatus`, 0 when absent (Metadata-level audit policies). */
function status(event: KubernetesAuditEvent): number {
  const code = asObject(event.responseStatus)?.code
  return typeof code === 'number' ? code : 0
}

/** A CronJob was created or replaced by a person or non-system account. */
export default defineRule({
  id: 'Kubernetes.CronJobCreated',
  name: 'Kubernetes CronJob Created or Modified',
  logTypes: ['Kubernetes.Audit'],
  severity: 'LOW',
  description:
    'A CronJob was created or changed outside the cluster’s own controllers. A CronJob runs a ' +
    'container on a schedule with the namespace’s service account, which makes it a quiet way ' +
    'to keep code running in the cluster after initial access.',
  reference: 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/',
  runbook:
    'Check the CronJob’s image, command and service account (kubectl get cronjob -o yaml). ' +
    'Confirm with the owner of the namespace or the deploy pipeline. If unknown: delete it, ' +
    'inspect the pods it started, and review what the creating identity did.',
  tags: ['Kubernetes', 'Persistence', 'Execution'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1053.007'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const code = status(event)
    return (
      event.objectRef?.resource === 'cronjobs' &&
      ['create', 'update', 'patch'].includes(event.verb ?? '') &&
      (event.objectRef.subresource ?? '') === '' &&
      decision(event) !== 'forbid' &&
      (code === 0 || (code >= 200 && code < 300)) &&
      !CONTROLLERS.test(event.user?.username ?? '')
    )
  },

  title(event) {
    return `Kubernetes: CronJob ${where(event)} ${event.verb ?? ''}d by ${event.user?.username ?? 'unknown'}`
  },

  dedup(event) {
    return `k8s-cronjob:${where(event)}`
  },

  alertContext(event) {
    return {
      user: event.user?.username ?? null,
      verb: event.verb ?? null,
      cronjob: where(event),
      sourceIPs: event.sourceIPs ?? [],
      userAgent: event.userAgent ?? null,
    }
  },

  tests: [
    {
      name: 'User creates a CronJob',
      expect: true,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'RequestResponse',
        auditID: '0c9f3a1e-6f7b-4c1d-9a4e-2b3c4d5e6f70',
        stage: 'ResponseComplete',
        requestURI: '/apis/batch/v1/namespaces/default/cronjobs',
        verb: 'create',
        user: { username: 'dev@example.com', groups: ['system:authenticated'] },
        sourceIPs: ['203.0.113.66'],
        userAgent: 'kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819',
        objectRef: {
          resource: 'cronjobs',
          namespace: 'default',
          name: 'backup-sync',
          apiGroup: 'batch',
          apiVersion: 'v1',
        },
        responseStatus: { metadata: {}, code: 201 },
        requestReceivedTimestamp: '2024-05-02 09:14:03.000',
        stageTimestamp: '2024-05-02 09:14:03.050',
        annotations: { 'authorization.k8s.io/decision': 'allow' },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Controller updates CronJob status',
      expect: false,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: '1d0a4b2f-7a8c-4d2e-0b5f-3c4d5e6f7a81',
        stage: 'ResponseComplete',
        verb: 'update',
        user: { username: 'system:serviceaccount:kube-system:cronjob-controller' },
        objectRef: {
          resource: 'cronjobs',
          namespace: 'default',
          name: 'backup-sync',
          subresource: 'status',
        },
        responseStatus: { code: 200 },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-05-02 09:15:00.000',
      },
    },
    {
      name: 'Forbidden create',
      expect: false,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        auditID: '2e1b5c3a-8b9d-4e3f-1c6a-4d5e6f7a8b92',
        stage: 'ResponseComplete',
        verb: 'create',
        user: { username: 'intern@example.com' },
        objectRef: { resource: 'cronjobs', namespace: 'prod', name: 'miner' },
        responseStatus: { code: 403, reason: 'Forbidden' },
        annotations: { 'authorization.k8s.io/decision': 'forbid' },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-05-02 09:16:00.000',
      },
    },
  ],
})
