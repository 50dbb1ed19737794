import { defineRule, type GCPAuditLogEvent } from 'caracal/sdk'

/** `projects/p/locations/l/keyRings/r/cryptoKeys/k/cryptoKeyVersions/n` → `r/k/n`. */
function keyVersion(event: GCPAuditLogEvent): string {
  const parts = (event.protoPayload.resourceName ?? '').split('/')
  const ring = parts[parts.indexOf('keyRings') + 1] ?? '?'
  const key = parts[parts.indexOf('cryptoKeys') + 1] ?? '?'
  const version = parts[parts.indexOf('cryptoKeyVersions') + 1] ?? '?'
  return `${ring}/${key}/${version}`
}

/** A Cloud KMS key version was scheduled for destruction or disabled. */
export default defineRule({
  id: 'GCP.KMS.KeyVersionDestroyed',
  name: 'GCP KMS Key Version Destroyed or Disabled',
  logTypes: ['GCP.AuditLog'],
  severity: 'HIGH',
  description:
    'A Cloud KMS key version was scheduled for destruction or disabled. Data encrypted with it ' +
    '(disks, buckets, database backups using CMEK) becomes unreadable once it is gone: ' +
    'destroying keys is a ransom and sabotage technique that needs no access to the data.',
  reference: 'https://cloud.google.com/kms/docs/destroy-restore',
  runbook:
    'Confirm the change with the key owner and a change ticket. Until the scheduled ' +
    'destruction date (24 hours by default) the version can be restored: run gcloud kms keys ' +
    'versions restore, then enable it. Review the principal’s other recent actions.',
  tags: ['GCP', 'Impact', 'Encryption'],
  reports: { 'MITRE ATT&CK': ['TA0040:T1485'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const method = event.protoPayload.methodName ?? ''
    const request = event.protoPayload.request
    const disabled =
      method === 'UpdateCryptoKeyVersion' && JSON.stringify(request ?? {}).includes('"DISABLED"')
    return (
      event.protoPayload.serviceName === 'cloudkms.googleapis.com' &&
      (method === 'DestroyCryptoKeyVersion' || disabled) &&
      (event.protoPayload.status?.code ?? 0) === 0
    )
  },

  title(event) {
    const action =
      event.protoPayload.methodName === 'DestroyCryptoKeyVersion' ? 'destroyed' : 'disabled'
    return (
      `GCP: KMS key version ${keyVersion(event)} ${action} by ` +
      (event.protoPayload.authenticationInfo?.principalEmail ?? 'unknown')
    )
  },

  dedup(event) {
    return `gcp-kms-destroy:${keyVersion(event)}`
  },

  alertContext(event) {
    return {
      principal: event.protoPayload.authenticationInfo?.principalEmail ?? null,
      method: event.protoPayload.methodName ?? null,
      keyVersion: event.protoPayload.resourceName ?? null,
      callerIp: event.protoPayload.requestMetadata?.callerIp ?? null,
      project: event.logName.split('/')[1] ?? null,
    }
  },

  tests: [
    {
      name: 'Key version scheduled for destruction',
      expect: true,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        severity: 'NOTICE',
        insertId: 'kms1a2b3c4d',
        resource: {
          type: 'cloudkms_cryptokeyversion',
          labels: {
            project_id: 'example-prod',
            location: 'europe-west1',
            key_ring_id: 'prod-ring',
            crypto_key_id: 'db-backups',
            crypto_key_version_id: '3',
          },
        },
        timestamp: '2024-05-02 09:14:03.123',
        receiveTimestamp: '2024-05-02 09:14:04.001',
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          status: {},
          authenticationInfo: { principalEmail: 'ops@example.com' },
          requestMetadata: {
            callerIp: '203.0.113.66',
            callerSuppliedUserAgent: 'google-cloud-sdk gcloud/471.0.0',
          },
          serviceName: 'cloudkms.googleapis.com',
          methodName: 'DestroyCryptoKeyVersion',
          resourceName:
            'projects/example-prod/locations/europe-west1/keyRings/prod-ring/cryptoKeys/db-backups/cryptoKeyVersions/3',
          request: {
            name: 'projects/example-prod/locations/europe-west1/keyRings/prod-ring/cryptoKeys/db-backups/cryptoKeyVersions/3',
            '@type': 'type.googleapis.com/google.cloud.kms.v1.DestroyCryptoKeyVersionRequest',
          },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-05-02 09:14:03.123',
      },
    },
    {
      name: 'Key version disabled',
      expect: true,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        insertId: 'kms3c4d5e6f',
        resource: { type: 'cloudkms_cryptokeyversion', labels: { project_id: 'example-prod' } },
        timestamp: '2024-05-02 09:18:00.000',
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          status: {},
          authenticationInfo: { principalEmail: 'intruder@example.com' },
          serviceName: 'cloudkms.googleapis.com',
          methodName: 'UpdateCryptoKeyVersion',
          resourceName:
            'projects/example-prod/locations/europe-west1/keyRings/prod-ring/cryptoKeys/db-backups/cryptoKeyVersions/3',
          request: { cryptoKeyVersion: { state: 'DISABLED' }, updateMask: 'state' },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-05-02 09:18:00.000',
      },
    },
    {
      name: 'Key version enabled',
      expect: false,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        insertId: 'kms2b3c4d5e',
        resource: { type: 'cloudkms_cryptokeyversion', labels: { project_id: 'example-prod' } },
        timestamp: '2024-05-02 09:20:00.000',
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          status: {},
          authenticationInfo: { principalEmail: 'ops@example.com' },
          serviceName: 'cloudkms.googleapis.com',
          methodName: 'UpdateCryptoKeyVersion',
          resourceName:
            'projects/example-prod/locations/europe-west1/keyRings/prod-ring/cryptoKeys/db-backups/cryptoKeyVersions/3',
          request: { cryptoKeyVersion: { state: 'ENABLED' }, updateMask: 'state' },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-05-02 09:20:00.000',
      },
    },
  ],
})
