import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { compileSchema, type SchemaSpec } from '../schema/index.js'

/**
 * Hand-written Zeek TSV logs for the Zeek types the shared corpus has no TSV sample of. Each is a
 * header as Zeek writes it (`#fields`/`#types` from Zeek's documentation) and one record.
 */
function parseZeek(file: string, path: string, columns: [string, string][], record: string[]) {
  const url = new URL(`../../../content/log-types/${file}`, import.meta.url)
  const type = compileSchema(parseYaml(readFileSync(url, 'utf8')) as SchemaSpec)
  const lines = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    `#path\t${path}`,
    `#fields\t${columns.map((c) => c[0]).join('\t')}`,
    `#types\t${columns.map((c) => c[1]).join('\t')}`,
    record.join('\t'),
  ]
  const outcomes = lines.map((line) => type.parse(line))
  expect(outcomes.flatMap((o) => o.failures)).toEqual([])
  const events = outcomes.flatMap((o) => o.events)
  expect(events).toHaveLength(1)
  return events[0] as Record<string, unknown>
}

const conn: [string, string][] = [
  ['ts', 'time'],
  ['uid', 'string'],
  ['id.orig_h', 'addr'],
  ['id.orig_p', 'port'],
  ['id.resp_h', 'addr'],
  ['id.resp_p', 'port'],
]
const connValues = [
  '1700000000.250000',
  'CHhAvVGS1DHFjwGM9',
  '10.0.0.5',
  '51234',
  '93.184.216.34',
  '443',
]

describe('Zeek TSV log types without corpus samples', () => {
  it('Zeek.Files.TSV', () => {
    const event = parseZeek(
      'zeek-files-tsv.yml',
      'files',
      [
        ['ts', 'time'],
        ['fuid', 'string'],
        ['uid', 'string'],
        ['source', 'string'],
        ['analyzers', 'set[string]'],
        ['mime_type', 'string'],
        ['is_orig', 'bool'],
        ['seen_bytes', 'count'],
        ['md5', 'string'],
        ['sha256', 'string'],
      ],
      [
        '1700000000.5',
        'FakDcD2ZZzMuq9bMn1',
        'CHhAvVGS1DHFjwGM9',
        'HTTP',
        'MD5,SHA256',
        'application/x-dosexec',
        'F',
        '4096',
        'd41d8cd98f00b204e9800998ecf8427e',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ],
    )
    expect(event).toMatchObject({ analyzers: ['MD5', 'SHA256'], is_orig: false, seen_bytes: 4096 })
    expect(event.p_any_md5_hashes).toEqual(['d41d8cd98f00b204e9800998ecf8427e'])
  })

  it('Zeek.Notice.TSV', () => {
    const event = parseZeek(
      'zeek-notice-tsv.yml',
      'notice',
      [
        ...conn,
        ['note', 'enum'],
        ['msg', 'string'],
        ['src', 'addr'],
        ['actions', 'set[enum]'],
        ['suppress_for', 'interval'],
      ],
      [
        ...connValues,
        'Scan::Port_Scan',
        '10.0.0.5 scanned at least 15 unique ports',
        '10.0.0.5',
        'Notice::ACTION_LOG',
        '3600.000000',
      ],
    )
    expect(event).toMatchObject({
      note: 'Scan::Port_Scan',
      actions: ['Notice::ACTION_LOG'],
      suppress_for: 3600,
    })
  })

  it('Zeek.X509.TSV', () => {
    const event = parseZeek(
      'zeek-x509-tsv.yml',
      'x509',
      [
        ['ts', 'time'],
        ['fingerprint', 'string'],
        ['certificate.subject', 'string'],
        ['certificate.not_valid_after', 'time'],
        ['certificate.key_length', 'count'],
        ['san.dns', 'vector[string]'],
        ['basic_constraints.ca', 'bool'],
      ],
      [
        '1700000000.0',
        'ab12',
        'CN=www.example.com',
        '1735689600.000000',
        '2048',
        'www.example.com,example.com',
        'F',
      ],
    )
    expect(event).toMatchObject({
      'certificate.not_valid_after': '2025-01-01 00:00:00.000',
      'san.dns': ['www.example.com', 'example.com'],
      'basic_constraints.ca': false,
    })
  })

  it('Zeek.SSH.TSV', () => {
    const event = parseZeek(
      'zeek-ssh-tsv.yml',
      'ssh',
      [
        ...conn,
        ['version', 'count'],
        ['auth_success', 'bool'],
        ['direction', 'enum'],
        ['client', 'string'],
      ],
      [...connValues, '2', 'T', 'OUTBOUND', 'SSH-2.0-OpenSSH_9.6'],
    )
    expect(event).toMatchObject({ version: 2, auth_success: true, client: 'SSH-2.0-OpenSSH_9.6' })
  })

  it('Zeek.Weird.TSV', () => {
    const event = parseZeek(
      'zeek-weird-tsv.yml',
      'weird',
      [...conn, ['name', 'string'], ['addl', 'string'], ['notice', 'bool'], ['peer', 'string']],
      [...connValues, 'bad_TCP_checksum', '-', 'F', 'zeek'],
    )
    expect(event).toMatchObject({ name: 'bad_TCP_checksum', notice: false, peer: 'zeek' })
    expect(event.addl).toBeUndefined()
  })
})
