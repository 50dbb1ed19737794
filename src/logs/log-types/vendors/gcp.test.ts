import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** Google Cloud log types beyond GCP.AuditLog. */

describe('GCP.HTTPLoadBalancer', () => {
  // A request log entry as the Application Load Balancer logging page shows it.
  const entry = {
    insertId: '1oek5rg3l3fxj7',
    jsonPayload: {
      '@type': 'type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry',
      statusDetails: 'response_sent_by_backend',
      backendTargetProjectNumber: 'projects/123456789012',
      enforcedSecurityPolicy: {
        name: 'edge-policy',
        priority: 1000,
        outcome: 'DENY',
        configuredAction: 'DENY',
      },
      cacheDecision: ['RESPONSE_HAS_CONTENT_TYPE', 'CACHE_MODE_USE_ORIGIN_HEADERS'],
    },
    httpRequest: {
      requestMethod: 'GET',
      requestUrl: 'https://www.example.com/login?next=%2F',
      requestSize: '412',
      status: 403,
      responseSize: '1202',
      userAgent: 'curl/8.4.0',
      remoteIp: '198.51.100.61',
      serverIp: '10.128.0.5',
      latency: '0.012345s',
      protocol: 'HTTP/1.1',
    },
    resource: {
      type: 'http_load_balancer',
      labels: {
        project_id: 'my-project',
        forwarding_rule_name: 'web-fr',
        url_map_name: 'web-map',
        backend_service_name: 'web-backend',
        zone: 'global',
      },
    },
    timestamp: '2024-02-29T23:59:58.123456Z',
    severity: 'WARNING',
    logName: 'projects/my-project/logs/requests',
    trace: 'projects/my-project/traces/0b6f9c0c7e0b4e5f8a1d2c3b4a5f6e7d',
    receiveTimestamp: '2024-02-29T23:59:59.201234Z',
  }

  it('parses a request denied by Cloud Armor', () => {
    expect(parseOne('GCP.HTTPLoadBalancer', entry)).toMatchObject({
      httpRequest: { status: 403, requestSize: 412, remoteIp: '198.51.100.61' },
      jsonPayload: { statusDetails: 'response_sent_by_backend' },
      p_event_time: '2024-02-29 23:59:58.123',
      p_any_ip_addresses: ['198.51.100.61', '10.128.0.5'],
      p_any_domain_names: ['www.example.com'],
    })
  })

  it('refuses an entry without its request', () => {
    expect(failureOf('GCP.HTTPLoadBalancer', without(entry, 'httpRequest'))).toBe(
      'missing required field httpRequest',
    )
  })
})
