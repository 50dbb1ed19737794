import { defineRule, type GCPAuditLogEvent } from 'caracal/sdk'
import { asObject } from '../helpers/gcp.js'

const METADATA_WRITES = new Set([
  'v1.compute.projects.setCommonInstanceMetadata',
  'beta.compute.projects.setCommonInstanceMetadata',
  'v1.compute.instances.setMetadata',
  'beta.compute.instances.setMetadata',
])

/** Metadata keys added or modified, from the project or instance metadata delta. */
function changedKeys(event: GCPAuditLogEvent): string[] {
  const metadata = asObject(event.protoPayload.metadata)
  const delta =
    asObject(metadata?.projectMetadataDelta) ?? asObject(metadata?.instanceMetadataDelta)
  return [delta?.addedMetadataKeys, delta?.modifiedMetadataKeys].flatMap((keys) =>
    Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [],
  )
}

/** SSH keys in metadata let their holder log in as root-capable users on the VMs. */
const SSH_KEYS = new Set(['ssh-keys', 'sshKeys'])

/** Panther's GCP.Compute.SSHKeyAdded-style rule: SSH keys added to project or VM metadata. */
export default defineRule({
  id: 'GCP.Compute.SSHKeyAddedToMetadata',
  name: 'GCP SSH Key Added to Project or Instance Metadata',
  logTypes: ['GCP.AuditLog'],
  severity: 'MEDIUM',
  description:
    'SSH keys were added or changed in project-wide or instance metadata. A key in ' +
    'project metadata grants SSH access (with sudo) to every VM in the project that does not ' +
    'block project keys: persistence that bypasses IAM and OS Login.',
  reference: 'https://cloud.google.com/compute/docs/connect/add-ssh-keys#metadata',
  runbook:
    'Check which key was added (metadata in the console) and by whom. Prefer OS Login, which ' +
    'ties SSH to IAM. If unexpected: remove the key, check VM auth logs for logins with it, ' +
    'and set enable-oslogin=TRUE at project level.',
  tags: ['GCP', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098.004'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      METADATA_WRITES.has(event.protoPayload.methodName ?? '') &&
      changedKeys(event).some((k) => SSH_KEYS.has(k))
    )
  },

  // Project-wide keys reach every VM.
  dynamicSeverity(event) {
    return (event.protoPayload.methodName ?? '').includes('projects.') ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    return (
      `GCP: SSH keys changed in metadata of ${event.protoPayload.resourceName ?? 'unknown'} by ` +
      (event.protoPayload.authenticationInfo?.principalEmail ?? 'unknown')
    )
  },

  dedup(event) {
    return `gcp-ssh-metadata:${event.protoPayload.resourceName ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      principal: event.protoPayload.authenticationInfo?.principalEmail ?? null,
      resource: event.protoPayload.resourceName ?? null,
      methodName: event.protoPayload.methodName ?? null,
      changedKeys: changedKeys(event),
      callerIp: event.protoPayload.requestMetadata?.callerIp ?? null,
    }
  },

  tests: [
    {
      name: 'Project-wide SSH key added',
      expect: true,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        severity: 'NOTICE',
        insertId: '-zyx987wvu',
        resource: { type: 'gce_project', labels: { project_id: 'example-prod' } },
        timestamp: '2024-09-19 19:19:19.000',
        operation: {
          id: 'operation-1726773559000-xyz',
          producer: 'compute.googleapis.com',
          first: true,
          last: true,
        },
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          serviceName: 'compute.googleapis.com',
          methodName: 'v1.compute.projects.setCommonInstanceMetadata',
          resourceName: 'projects/example-prod',
          authenticationInfo: { principalEmail: 'mallory@example.com' },
          requestMetadata: {
            callerIp: '203.0.113.88',
            callerSuppliedUserAgent:
              'google-cloud-sdk gcloud/475.0.0 command/gcloud.compute.project-info.add-metadata',
          },
          request: { '@type': 'type.googleapis.com/compute.projects.setCommonInstanceMetadata' },
          metadata: {
            '@type': 'type.googleapis.com/google.cloud.audit.GceProjectAuditMetadata',
            projectMetadataDelta: { addedMetadataKeys: ['ssh-keys'] },
          },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-09-19 19:19:19.000',
      },
    },
    {
      name: 'Startup script metadata changed',
      expect: false,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        timestamp: '2024-09-19 19:30:00.000',
        protoPayload: {
          serviceName: 'compute.googleapis.com',
          methodName: 'v1.compute.instances.setMetadata',
          resourceName: 'projects/example-prod/zones/us-central1-a/instances/web-1',
          authenticationInfo: { principalEmail: 'alice@example.com' },
          metadata: { instanceMetadataDelta: { modifiedMetadataKeys: ['startup-script'] } },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-09-19 19:30:00.000',
      },
    },
  ],
})
