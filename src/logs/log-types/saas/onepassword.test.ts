import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { corpusDir, corpusMissing } from '../fixtures/corpus.js'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

/** The raw Events API records of a corpus file: Elastic's test wrapper or one JSON per line. */
function corpusRecords(file: string): string[] {
  const text = readFileSync(join(corpusDir, 'OnePassword', file), 'utf8').trim()
  if (text.startsWith('{\n') || text.startsWith('{\r\n')) {
    const wrapper = JSON.parse(text) as { events: { message: string }[] }
    return wrapper.events.map((e) => e.message)
  }
  return text.split(/\r?\n/).filter((line) => line.trim() !== '')
}

const signIn = {
  uuid: 'HGIF4OEWXDTVWKEQDIWTKV26HU',
  session_uuid: 'UED4KFZ5BH37IQWTJ7LG4VPWK7',
  timestamp: '2026-08-11T14:28:03Z',
  country: 'CA',
  category: 'firewall_failed',
  type: 'continent_blocked',
  details: { value: 'Europe' },
  target_user: { uuid: 'OJQG', name: 'Wendy Appleseed', email: 'wendy@example.com' },
  client: {
    app_name: '1Password Browser Extension',
    app_version: '20195',
    platform_name: 'Chrome',
    platform_version: '122.0',
    os_name: 'MacOSX',
    os_version: '14.3',
    ip_address: '192.0.2.10',
  },
  location: {
    country: 'Canada',
    region: 'Ontario',
    city: 'Toronto',
    latitude: 43.64,
    longitude: -79.43,
  },
}

describe('OnePassword.SignInAttempt', () => {
  it('parses a sign-in attempt with its time and indicators', () => {
    const event = parseOne('OnePassword.SignInAttempt', signIn)
    expect(event.p_event_time).toBe('2026-08-11 14:28:03.000')
    expect(event.p_any_ip_addresses).toEqual(['192.0.2.10'])
    expect(event.p_any_emails).toEqual(['wendy@example.com'])
    expect(event.p_any_usernames).toEqual(['Wendy Appleseed'])
    expect(event.details).toEqual({ value: 'Europe' })
  })

  it('reads the Events API page envelope', () => {
    const page = {
      cursor: 'aGVsbG8',
      has_more: false,
      items: [signIn, { ...signIn, location: undefined }],
    }
    const outcome = parseAll('OnePassword.SignInAttempt', page)
    expect(outcome.failures).toEqual([])
    expect(outcome.events).toHaveLength(2)
  })

  it('refuses an attempt without a category', () => {
    expect(failureOf('OnePassword.SignInAttempt', { ...signIn, category: undefined })).toBe(
      'missing required field category',
    )
  })
})

describe('OnePassword.ItemUsage', () => {
  it('refuses an item usage with a bad time', () => {
    expect(
      failureOf('OnePassword.ItemUsage', { uuid: 'x', timestamp: 'soon', item_uuid: 'y' }),
    ).toBe('field timestamp: expected timestamp (rfc3339), got "soon"')
  })
})

describe.skipIf(corpusMissing)('OnePassword corpus', () => {
  const files = [
    ['elastic-integrations/test-signinattempts.json', 'OnePassword.SignInAttempt', 2],
    ['panther-analysis-tests/OnePassword.SignInAttempt.jsonl', 'OnePassword.SignInAttempt', 5],
    ['elastic-integrations/test-itemusages.json', 'OnePassword.ItemUsage', 2],
    ['panther-analysis-tests/OnePassword.ItemUsage.jsonl', 'OnePassword.ItemUsage', 4],
  ] as const
  for (const [file, logType, count] of files) {
    it(`${file} parses as ${logType}`, () => {
      const records = corpusRecords(file)
      expect(records).toHaveLength(count)
      for (const record of records) {
        const event = parseOne(logType, JSON.parse(record))
        expect(event.p_event_time).toMatch(/^20\d\d-/)
        expect(event.p_any_emails).toHaveLength(1)
      }
    })
  }

  it('reads item usage details from the Elastic samples', () => {
    const [first] = corpusRecords('elastic-integrations/test-itemusages.json')
    const event = parseOne('OnePassword.ItemUsage', JSON.parse(first ?? '{}'))
    expect(event).toMatchObject({
      action: 'reveal',
      used_version: 1,
      p_event_time: '2021-08-30 18:57:42.484',
      p_any_ip_addresses: ['89.160.20.156'],
      p_any_emails: ['email@1password.com'],
      location: { city: 'Toronto', latitude: 43.64 },
    })
  })
})
