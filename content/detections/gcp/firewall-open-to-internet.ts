import { defineRule, type GCPAuditLogEvent } from 'caracal/sdk'
import { type JsonObject, asObject } from '../helpers/gcp.js'

const FIREWALL_WRITES = /^(v1|beta)\.compute\.firewalls\.(insert|patch|update)$/

function request(event: GCPAuditLogEvent): JsonObject | undefined {
  return asObject(event.protoPayload.request)
}

/** Allow rules for ingress from anywhere (0.0.0.0/0 or ::/0). */
function opensToInternet(event: GCPAuditLogEvent): boolean {
  const req = request(event)
  if (req === undefined || req.direction === 'EGRESS' || req.disabled === true) return false
  const ranges = req.sourceRanges
  const allows = req.alloweds ?? req.allowed
  return (
    Array.isArray(ranges) &&
    ranges.some((r) => r === '0.0.0.0/0' || r === '::/0') &&
    Array.isArray(allows) &&
    allows.length > 0
  )
}

/** `tcp:22,3389` style summary of the allowed protocols and ports. */
function allowed(event: GCPAuditLogEvent): string[] {
  const req = request(event)
  const allows = req?.alloweds ?? req?.allowed
  if (!Array.isArray(allows)) return []
  return allows.map((a) => {
    const entry = asObject(a)
    const protocol = typeof entry?.IPProtocol === 'string' ? entry.IPProtocol : '?'
    const ports = Array.isArray(entry?.ports)
      ? entry.ports.filter((p) => typeof p === 'string')
      : []
    return ports.length > 0 ? `${protocol}:${ports.join(',')}` : protocol
  })
}

/** Panther's GCP.Firewall.Rule.Created-style rule, for ingress open to the whole internet. */
export default defineRule({
  id: 'GCP.Compute.FirewallOpenToInternet',
  name: 'GCP Firewall Rule Allows Ingress from the Internet',
  logTypes: ['GCP.AuditLog'],
  severity: 'MEDIUM',
  description:
    'A VPC firewall rule was created or changed to allow ingress from 0.0.0.0/0 or ::/0. ' +
    'Exposing SSH, RDP or databases to the internet invites brute force and exploitation; ' +
    'attackers also open rules to reach implants.',
  reference: 'https://cloud.google.com/firewall/docs/firewalls',
  runbook:
    'Check the ports and target tags in the alert. Web ports on a load-balanced tier may be ' +
    'fine; SSH (22), RDP (3389) and database ports are not: use IAP TCP forwarding instead. ' +
    'Confirm with the principal, then restrict sourceRanges or delete the rule.',
  tags: ['GCP', 'Defense Evasion', 'Network Exposure'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.007'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return FIREWALL_WRITES.test(event.protoPayload.methodName ?? '') && opensToInternet(event)
  },

  // Remote administration ports open to the world are the classic entry point.
  dynamicSeverity(event) {
    return allowed(event).some((a) => /\b(22|3389)\b/.test(a) || a === 'all') ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    return (
      `GCP: firewall ${event.protoPayload.resourceName ?? 'unknown'} allows ` +
      `${allowed(event).join(' ')} from the internet`
    )
  },

  dedup(event) {
    return `gcp-firewall-open:${event.protoPayload.resourceName ?? 'unknown'}`
  },

  alertContext(event) {
    const req = request(event)
    return {
      principal: event.protoPayload.authenticationInfo?.principalEmail ?? null,
      firewall: event.protoPayload.resourceName ?? null,
      allowed: allowed(event),
      sourceRanges: req?.sourceRanges ?? null,
      targetTags: req?.targetTags ?? null,
      network: req?.network ?? null,
      callerIp: event.protoPayload.requestMetadata?.callerIp ?? null,
    }
  },

  tests: [
    {
      name: 'SSH opened to 0.0.0.0/0',
      expect: true,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        severity: 'NOTICE',
        insertId: '-abcd1234efgh',
        resource: {
          type: 'gce_firewall_rule',
          labels: { project_id: 'example-prod', firewall_rule_id: '4567890123456789' },
        },
        timestamp: '2024-11-11 01:01:01.000',
        operation: {
          id: 'operation-1731286861000-abc',
          producer: 'compute.googleapis.com',
          first: true,
        },
        protoPayload: {
          '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
          serviceName: 'compute.googleapis.com',
          methodName: 'v1.compute.firewalls.insert',
          resourceName: 'projects/example-prod/global/firewalls/allow-ssh-any',
          authenticationInfo: { principalEmail: 'bob@example.com' },
          requestMetadata: {
            callerIp: '198.51.100.23',
            callerSuppliedUserAgent:
              'google-cloud-sdk gcloud/475.0.0 command/gcloud.compute.firewall-rules.create',
          },
          request: {
            '@type': 'type.googleapis.com/compute.firewalls.insert',
            name: 'allow-ssh-any',
            network:
              'https://www.googleapis.com/compute/v1/projects/example-prod/global/networks/default',
            direction: 'INGRESS',
            priority: '1000',
            sourceRanges: ['0.0.0.0/0'],
            alloweds: [{ IPProtocol: 'tcp', ports: ['22'] }],
          },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-11-11 01:01:01.000',
      },
    },
    {
      name: 'SSH from the IAP range only',
      expect: false,
      event: {
        logName: 'projects/example-prod/logs/cloudaudit.googleapis.com%2Factivity',
        timestamp: '2024-11-11 01:05:00.000',
        protoPayload: {
          serviceName: 'compute.googleapis.com',
          methodName: 'v1.compute.firewalls.insert',
          resourceName: 'projects/example-prod/global/firewalls/allow-ssh-iap',
          authenticationInfo: { principalEmail: 'bob@example.com' },
          request: {
            name: 'allow-ssh-iap',
            direction: 'INGRESS',
            sourceRanges: ['35.235.240.0/20'],
            alloweds: [{ IPProtocol: 'tcp', ports: ['22'] }],
          },
        },
        p_log_type: 'GCP.AuditLog',
        p_event_time: '2024-11-11 01:05:00.000',
      },
    },
  ],
})
