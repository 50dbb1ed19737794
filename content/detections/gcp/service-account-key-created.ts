import { defineRule, type GCPAuditLogEvent } from 'caracal/sdk'

/** `projects/-/serviceAccounts/<email>`: the account the key belongs to. */
function serviceAccount(event: GCPAuditLogEvent): string {
  return (event.protoPayload.resourceName ?? '').split('/').pop() || 'unknown'
}

/** Panther's GCP.Service.Account.Key.Created-style rule: a user-managed key was created. */
export default defineRule({
  id: 'GCP.IAM.ServiceAccountKeyCreated',
  name: 'GCP Service Account Key Created',
  logTypes: ['GCP.AuditLog'],
  severity: 'MEDIUM',
  description:
    'A user-managed key was created for a GCP service account. Downloaded keys never expire ' +
    'by default, work from anywhere and carry all the account’s roles; they are the most ' +
    'common way GCP credentials leak and attackers persist.',
  reference: 'https://cloud.google.com/iam/docs/keys-create-delete#creating',
  runbook:
    'Confirm with the principal why a key was needed (workload identity federation or ' +
    'attached service accounts usually make keys unnecessary). Check the service account’s ' +
    'roles. If unexpected: delete the key, review activity authenticated with it ' +
    '(authenticationInfo.serviceAccountKeyName), and enforce the ' +
    'iam.disableServiceAccountKeyCreation organization policy.',
  tags: ['GCP', 'Persistence', 'Credential Access'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.protoPayload.methodName === 'google.iam.admin.v1.CreateServiceAccountKey' &&
      (event.protoPayload.status?.code ?? 0) === 0
    )
  },

  title(event) {
    return (
      `GCP: key created for service account ${serviceAccount(event)} by ` +
      (event.protoPayload.authenticationInfo?.principalEmail ?? 'unknown')
    )
  },

  dedup(event) {
    return `gcp-sa-key:${serviceAccount(event)}`
  },

  alertContext(event) {
    return {
      principal: event.protoPayload.authenticationInfo?.principalEmail ?? null,
      serviceAccount: serviceAccount(event),
      callerIp: event.protoPayload.requestMetadata?.callerIp ?? null,
      userAgent: event.protoPayload.requestMetadata?.callerSuppliedUserAgent ?? null,
      project: event.logName.split('/')[1] ?? null,
    }
  },

  tests: [
    {
      name: 'User creates a key for a service account',
      expect: true,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        severity: 'NOTICE',
        insertId: '1x2y3z4a5b6c',
        resource: {
          type: 'service_account',
          labels: {
            project_id: 'example-prod',
            email_id: 'deployer@example-prod.iam.gserviceaccount.com',
            unique_id: '104512345678901234567',
          },
        },
        timestamp: '2024-05-02 09:14:03.123',
        receiveTimestamp: '2024-05-02 09:14:04.001',
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          status: {},
          serviceName: 'iam.googleapis.com',
          methodName: 'google.iam.admin.v1.CreateServiceAccountKey',
          resourceName: 'projects/-/serviceAccounts/104512345678901234567',
          authenticationInfo: { principalEmail: 'mallory@example.com' },
          authorizationInfo: [
            {
              resource: 'projects/-/serviceAccounts/104512345678901234567',
              permission: 'iam.serviceAccountKeys.create',
              granted: true,
              resourceAttributes: {},
            },
          ],
          requestMetadata: {
            callerIp: '203.0.113.88',
            callerSuppliedUserAgent:
              'google-cloud-sdk gcloud/475.0.0 command/gcloud.iam.service-accounts.keys.create',
            requestAttributes: {},
            destinationAttributes: {},
          },
          request: {
            '@type': 'type.googleapis.com/google.iam.admin.v1.CreateServiceAccountKeyRequest',
            name: 'projects/-/serviceAccounts/deployer@example-prod.iam.gserviceaccount.com',
            private_key_type: 2,
          },
          response: {
            '@type': 'type.googleapis.com/google.iam.admin.v1.ServiceAccountKey',
            name: 'projects/example-prod/serviceAccounts/deployer@example-prod.iam.gserviceaccount.com/keys/0a1b2c3d4e5f',
            key_type: 1,
          },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-05-02 09:14:03.123',
      },
    },
    {
      name: 'Key listing',
      expect: false,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Fdata_access',
        timestamp: '2024-05-02 09:20:00.000',
        protoPayload: {
          serviceName: 'iam.googleapis.com',
          methodName: 'google.iam.admin.v1.ListServiceAccountKeys',
          resourceName: 'projects/-/serviceAccounts/104512345678901234567',
          authenticationInfo: { principalEmail: 'alice@example.com' },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-05-02 09:20:00.000',
      },
    },
  ],
})
