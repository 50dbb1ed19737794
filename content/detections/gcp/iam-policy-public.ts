import { defineRule, type GCPAuditLogEvent } from 'caracal/sdk'
import { asObject, asArray } from '../helpers/gcp.js'

const PUBLIC_MEMBERS = new Set(['allUsers', 'allAuthenticatedUsers'])

/** `role → member` for each binding delta that ADDs a public principal. */
function publicGrants(event: GCPAuditLogEvent): string[] {
  const delta = asObject(asObject(event.protoPayload.serviceData)?.policyDelta)
  const deltas = asArray(delta?.bindingDeltas)
  const fromMetadata = asArray(
    asObject(asObject(event.protoPayload.metadata)?.datasetChange)?.bindingDeltas,
  )
  return [...deltas, ...fromMetadata].flatMap((d) => {
    const entry = asObject(d)
    const member = entry?.member
    return entry?.action === 'ADD' && typeof member === 'string' && PUBLIC_MEMBERS.has(member)
      ? [`${typeof entry.role === 'string' ? entry.role : '?'} → ${member}`]
      : []
  })
}

/** Panther's GCP.IAM.PublicResource-style rule: a resource was opened to allUsers. */
export default defineRule({
  id: 'GCP.IAM.PolicyGrantedToPublic',
  name: 'GCP IAM Policy Grants Access to allUsers',
  logTypes: ['GCP.AuditLog'],
  severity: 'HIGH',
  description:
    'An IAM policy change granted a role on a resource (bucket, project, dataset, function…) ' +
    'to allUsers or allAuthenticatedUsers, making it reachable by anyone on the internet or ' +
    'with any Google account.',
  reference: 'https://cloud.google.com/iam/docs/principal-identifiers#allUsers',
  runbook:
    'Identify the resource and role in the alert. Unless it is a deliberately public asset ' +
    '(website bucket, public function), remove the binding at once, then check data access ' +
    'logs for reads by unknown principals while it was public. Enforce the ' +
    'iam.allowedPolicyMemberDomains organization policy to prevent it.',
  tags: ['GCP', 'Data Exposure', 'Collection'],
  reports: { 'MITRE ATT&CK': ['TA0009:T1530', 'TA0005:T1222'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      /setiam(policy|permissions)$/i.test(event.protoPayload.methodName ?? '') &&
      publicGrants(event).length > 0
    )
  },

  title(event) {
    return (
      `GCP: ${event.protoPayload.resourceName ?? 'unknown'} made public ` +
      `(${publicGrants(event).join(', ')})`
    )
  },

  dedup(event) {
    return `gcp-public-iam:${event.protoPayload.resourceName ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      principal: event.protoPayload.authenticationInfo?.principalEmail ?? null,
      resource: event.protoPayload.resourceName ?? null,
      service: event.protoPayload.serviceName ?? null,
      grants: publicGrants(event),
      callerIp: event.protoPayload.requestMetadata?.callerIp ?? null,
    }
  },

  tests: [
    {
      name: 'Bucket granted objectViewer to allUsers',
      expect: true,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        severity: 'NOTICE',
        insertId: 'abc123def456',
        resource: {
          type: 'gcs_bucket',
          labels: {
            project_id: 'example-prod',
            bucket_name: 'example-prod-exports',
            location: 'us',
          },
        },
        timestamp: '2024-06-06 06:06:06.000',
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          status: {},
          serviceName: 'storage.googleapis.com',
          methodName: 'storage.setIamPermissions',
          resourceName: 'projects/_/buckets/example-prod-exports',
          authenticationInfo: { principalEmail: 'bob@example.com' },
          requestMetadata: {
            callerIp: '198.51.100.23',
            callerSuppliedUserAgent: 'google-cloud-sdk gcloud/475.0.0',
          },
          serviceData: {
            '@type': 'type.googleapis.com/google.iam.v1.logging.AuditData',
            policyDelta: {
              bindingDeltas: [
                { action: 'ADD', role: 'roles/storage.objectViewer', member: 'allUsers' },
              ],
            },
          },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-06-06 06:06:06.000',
      },
    },
    {
      name: 'Project SetIamPolicy granting a user',
      expect: false,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        timestamp: '2024-06-06 06:10:00.000',
        protoPayload: {
          serviceName: 'cloudresourcemanager.googleapis.com',
          methodName: 'SetIamPolicy',
          resourceName: 'projects/example-prod',
          authenticationInfo: { principalEmail: 'alice@example.com' },
          serviceData: {
            policyDelta: {
              bindingDeltas: [
                { action: 'ADD', role: 'roles/viewer', member: 'user:carol@example.com' },
              ],
            },
          },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-06-06 06:10:00.000',
      },
    },
  ],
})
