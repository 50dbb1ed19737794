import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** Orca Security alerts. */

describe('Orca.Alert', () => {
  const alert = {
    type: 'aws_s3_bucket_public_read',
    type_string: 'S3 bucket allows public read',
    category: 'Data at risk',
    description: 'The bucket grants read access to everyone.',
    recommendation: 'Remove the public grant.',
    asset_name: 'public-assets',
    asset_type: 's3_bucket',
    cloud_provider: 'aws',
    cloud_provider_id: '111122223333',
    state: {
      alert_id: 'orca-1234',
      status: 'open',
      severity: 'imminent compromise',
      score: 3.9,
      risk_level: 'high',
      created_at: '2024-05-01T08:09:10.000000+00:00',
      last_updated: '2024-05-02T08:09:10+00:00',
    },
    tags_info_list: [],
  }

  it('parses an alert, its time from state.created_at', () => {
    expect(parseOne('Orca.Alert', alert)).toMatchObject({
      state: { score: 3.9, risk_level: 'high' },
      p_event_time: '2024-05-01 08:09:10.000',
      p_any_aws_account_ids: ['111122223333'],
    })
  })

  it('refuses an alert without its state', () => {
    expect(failureOf('Orca.Alert', without(alert, 'state'))).toBe('missing required field state')
  })
})
