import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadLogTypes } from './registry.js'
import { findSchemaTestFiles, runSchemaTests } from './schema-tests.js'

const dir = mkdtempSync(join(tmpdir(), 'caracal-schema-tests-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const schema = `schema: Custom.Login
fields:
  - name: time
    type: timestamp
    timeFormat: rfc3339
    isEventTime: true
  - name: user
    type: string
    indicators: [username]
  - name: client
    type: object
    fields:
      - name: ip
        type: string
        indicators: [ip]
      - name: port
        type: int
`

const tests = `name: a login
input: '{"time":"2026-01-01T10:00:00Z","user":"alice","client":{"ip":"192.0.2.1","port":1}}'
result:
  user: alice
  client: {ip: 192.0.2.1}
  p_event_time: ignored
  p_any_ip_addresses: [192.0.2.1]
---
name: JSON text result, two indicators in any order
input: '{"user":"bob","client":{"ip":"192.0.2.9"}}'
result: |
  {"user": "bob", "p_any_usernames": ["bob"]}
---
name: wrong value
input: '{"user":"carol"}'
result: {user: dave, client: {port: 2}}
---
name: expected failure
input: 'not json'
error: invalid JSON
---
name: unexpected failure
input: 'not json'
result: {}
---
name: built-in log type by name
logType: AWS.CloudTrail
input: '{"eventName":"Login","eventSource":"signin.amazonaws.com","eventTime":"2026-01-01T00:00:00Z"}'
result: {eventName: Login}
`

describe('runSchemaTests', () => {
  mkdirSync(join(dir, 'nested'))
  writeFileSync(join(dir, 'nested', 'login.yml'), schema)
  writeFileSync(join(dir, 'nested', 'login.tests.yml'), tests)
  writeFileSync(join(dir, 'orphan.tests.yaml'), 'input: "{}"\nresult: {}\n')

  it('finds test files beside schemas, and the loader leaves them alone', () => {
    expect(findSchemaTestFiles([dir]).map((f) => f.slice(dir.length))).toEqual([
      '/nested/login.tests.yml',
      '/orphan.tests.yaml',
    ])
    const registry = loadLogTypes([dir], { builtin: false })
    expect(registry.errors).toEqual([])
    expect(registry.list().map((t) => t.name)).toEqual(['Custom.Login'])
  })

  it('compares subsets, ignores p_* but p_any_*, and explains each failure', () => {
    const builtin = loadLogTypes([])
    const report = runSchemaTests(findSchemaTestFiles([dir]), (name) => builtin.get(name))
    expect(report.results.map((r) => [r.name, r.passed, r.reason])).toEqual([
      ['a login', true, ''],
      ['JSON text result, two indicators in any order', true, ''],
      [
        'wrong value',
        false,
        'user: expected "dave", got "carol"; client: expected {"port":2}, got nothing',
      ],
      ['expected failure', true, ''],
      [
        'unexpected failure',
        false,
        expect.stringMatching(/^failed to parse: invalid JSON/) as unknown,
      ],
      ['built-in log type by name', true, ''],
      ['#1', false, 'no logType, and no schema beside the test file'],
    ])
    expect([report.passed, report.failed]).toEqual([4, 3])
  })
})
