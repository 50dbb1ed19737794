import { defineRule, type GCPAuditLogEvent } from 'caracal/sdk'
import { asObject } from '../helpers/gcp.js'

/** Basic and IAM-admin roles that amount to control of the project or organization. */
const PRIVILEGED_ROLES = new Set([
  'roles/owner',
  'roles/editor',
  'roles/resourcemanager.organizationAdmin',
  'roles/iam.securityAdmin',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.serviceAccountKeyAdmin',
])

/** `role → member` for each binding delta that ADDs a privileged role. */
function privilegedGrants(event: GCPAuditLogEvent): string[] {
  const deltas = asObject(asObject(event.protoPayload.serviceData)?.policyDelta)?.bindingDeltas
  if (!Array.isArray(deltas)) return []
  return deltas.flatMap((d) => {
    const entry = asObject(d)
    const role = entry?.role
    const member = entry?.member
    return entry?.action === 'ADD' &&
      typeof role === 'string' &&
      typeof member === 'string' &&
      PRIVILEGED_ROLES.has(role)
      ? [`${role} → ${member}`]
      : []
  })
}

/** Panther's GCP.IAM.CustomRoleChanges / Owner-grant rules: a privileged role was granted. */
export default defineRule({
  id: 'GCP.IAM.PrivilegedRoleGranted',
  name: 'GCP Privileged IAM Role Granted',
  logTypes: ['GCP.AuditLog'],
  severity: 'HIGH',
  description:
    'A SetIamPolicy call granted Owner, Editor, Organization Admin, Security Admin or a ' +
    'service-account impersonation role. These grants give broad control of the project or ' +
    'organization and are a common escalation and persistence step.',
  reference: 'https://cloud.google.com/iam/docs/understanding-roles#basic',
  runbook:
    'Confirm the grant with the principal who made it and the grantee’s owner. Prefer ' +
    'predefined least-privilege roles over Owner/Editor. If unexpected: remove the binding, ' +
    'review the grantee’s activity since, and check the granting principal for compromise.',
  tags: ['GCP', 'Privilege Escalation', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      /setiampolicy$/i.test(event.protoPayload.methodName ?? '') &&
      privilegedGrants(event).length > 0
    )
  },

  title(event) {
    return (
      `GCP: ${privilegedGrants(event).join(', ')} on ${event.protoPayload.resourceName ?? 'unknown'} ` +
      `by ${event.protoPayload.authenticationInfo?.principalEmail ?? 'unknown'}`
    )
  },

  dedup(event) {
    return `gcp-privileged-role:${event.protoPayload.resourceName ?? 'unknown'}:${privilegedGrants(event).join(',')}`
  },

  alertContext(event) {
    return {
      principal: event.protoPayload.authenticationInfo?.principalEmail ?? null,
      resource: event.protoPayload.resourceName ?? null,
      grants: privilegedGrants(event),
      callerIp: event.protoPayload.requestMetadata?.callerIp ?? null,
      userAgent: event.protoPayload.requestMetadata?.callerSuppliedUserAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Owner granted to an external Gmail account',
      expect: true,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        severity: 'NOTICE',
        insertId: 'q1w2e3r4t5',
        resource: { type: 'project', labels: { project_id: 'example-prod' } },
        timestamp: '2024-10-10 02:02:02.000',
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          status: {},
          serviceName: 'cloudresourcemanager.googleapis.com',
          methodName: 'SetIamPolicy',
          resourceName: 'projects/example-prod',
          authenticationInfo: { principalEmail: 'deployer@example-prod.iam.gserviceaccount.com' },
          requestMetadata: {
            callerIp: '203.0.113.88',
            callerSuppliedUserAgent: 'google-api-go-client/0.5',
          },
          serviceData: {
            '@type': 'type.googleapis.com/google.iam.v1.logging.AuditData',
            policyDelta: {
              bindingDeltas: [
                { action: 'ADD', role: 'roles/owner', member: 'user:attacker@gmail.com' },
              ],
            },
          },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-10-10 02:02:02.000',
      },
    },
    {
      name: 'Viewer role granted',
      expect: false,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        timestamp: '2024-10-10 09:00:00.000',
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
        p_event_time: '2024-10-10 09:00:00.000',
      },
    },
  ],
})
