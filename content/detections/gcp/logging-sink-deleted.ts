import { defineRule, type GCPAuditLogEvent } from 'caracal/sdk'

/** Methods that stop logs reaching their exported destination or drop them outright. */
const LOG_TAMPERING = new Set([
  'google.logging.v2.ConfigServiceV2.DeleteSink',
  'google.logging.v2.ConfigServiceV2.DeleteBucket',
  'google.logging.v2.ConfigServiceV2.CreateExclusion',
  'google.logging.v2.ConfigServiceV2.UpdateExclusion',
  'google.logging.v2.LoggingServiceV2.DeleteLog',
])

function principal(event: GCPAuditLogEvent): string {
  return event.protoPayload.authenticationInfo?.principalEmail ?? 'unknown'
}

/** Panther's GCP.Logging.Sink.Modified / GCP.Log.Bucket.Or.Sink.Deleted, as one rule. */
export default defineRule({
  id: 'GCP.Logging.SinkOrLogDeleted',
  name: 'GCP Logging Sink, Bucket or Log Deleted or Excluded',
  logTypes: ['GCP.AuditLog'],
  severity: 'HIGH',
  description:
    'A Cloud Logging sink or log bucket was deleted, an exclusion was added or changed, or a ' +
    'log was deleted. Each stops logs reaching the SIEM or destroys them, a standard step ' +
    'to hide an intrusion.',
  reference: 'https://cloud.google.com/logging/docs/export/configure_export_v2',
  runbook:
    'Identify the sink, bucket or exclusion (resourceName) and confirm the change with the ' +
    'principal and a ticket. If unexpected: recreate the sink, remove the exclusion, and look ' +
    'at what the principal did just before and after, using the logs still available (the ' +
    'Admin Activity log cannot be excluded).',
  tags: ['GCP', 'Defense Evasion', 'Logging'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.008'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      LOG_TAMPERING.has(event.protoPayload.methodName ?? '') &&
      (event.protoPayload.status?.code ?? 0) === 0
    )
  },

  title(event) {
    const method = (event.protoPayload.methodName ?? '').split('.').pop() ?? ''
    return `GCP: ${method} on ${event.protoPayload.resourceName ?? 'unknown'} by ${principal(event)}`
  },

  dedup(event) {
    return `gcp-logging:${event.protoPayload.resourceName ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      principal: principal(event),
      methodName: event.protoPayload.methodName ?? null,
      resource: event.protoPayload.resourceName ?? null,
      callerIp: event.protoPayload.requestMetadata?.callerIp ?? null,
      userAgent: event.protoPayload.requestMetadata?.callerSuppliedUserAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Sink to the SIEM deleted',
      expect: true,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        severity: 'NOTICE',
        insertId: 'k9l8m7n6o5',
        resource: {
          type: 'logging_sink',
          labels: { project_id: 'example-prod', name: 'siem-export', destination: '' },
        },
        timestamp: '2024-07-07 03:03:03.000',
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          status: {},
          serviceName: 'logging.googleapis.com',
          methodName: 'google.logging.v2.ConfigServiceV2.DeleteSink',
          resourceName: 'projects/example-prod/sinks/siem-export',
          authenticationInfo: { principalEmail: 'deployer@example-prod.iam.gserviceaccount.com' },
          requestMetadata: {
            callerIp: '203.0.113.88',
            callerSuppliedUserAgent:
              'google-cloud-sdk gcloud/475.0.0 command/gcloud.logging.sinks.delete',
          },
          request: {
            '@type': 'type.googleapis.com/google.logging.v2.DeleteSinkRequest',
            sinkName: 'projects/example-prod/sinks/siem-export',
          },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-07-07 03:03:03.000',
      },
    },
    {
      name: 'Sink created',
      expect: false,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        timestamp: '2024-07-07 03:10:00.000',
        protoPayload: {
          serviceName: 'logging.googleapis.com',
          methodName: 'google.logging.v2.ConfigServiceV2.CreateSink',
          resourceName: 'projects/example-prod/sinks/siem-export-2',
          authenticationInfo: { principalEmail: 'alice@example.com' },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-07-07 03:10:00.000',
      },
    },
  ],
})
