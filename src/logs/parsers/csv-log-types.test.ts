import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { compileSchema, type SchemaSpec } from '../schema/index.js'

/**
 * Hand-written records (shaped after the vendors' documented examples) for the comma-separated
 * log types the shared corpus has no sample of.
 */
function parseOne(file: string, line: string): Record<string, unknown> {
  const url = new URL(`../../../content/log-types/${file}`, import.meta.url)
  const out = compileSchema(parseYaml(readFileSync(url, 'utf8')) as SchemaSpec).parse(line)
  expect(out.failures).toEqual([])
  return out.events[0] as Record<string, unknown>
}

function failureOf(file: string, line: string): string | undefined {
  const url = new URL(`../../../content/log-types/${file}`, import.meta.url)
  return compileSchema(parseYaml(readFileSync(url, 'utf8')) as SchemaSpec).parse(line).failures[0]
    ?.reason
}

describe('comma-separated log types', () => {
  it('CiscoUmbrella.DNS: list columns become arrays; older versions lack the last columns', () => {
    const v4 =
      '"2026-11-28 17:48:41","jdoe","jdoe,HQ Site,Office Network","10.10.1.100","203.0.113.7","Blocked","1 (A)","NOERROR","bad.example.","Malware,Newly Seen Domains","AD Users","AD Users,AD Sites,Networks","Malware"'
    expect(parseOne('ciscoumbrella-dns.yml', v4)).toMatchObject({
      identities: ['jdoe', 'HQ Site', 'Office Network'],
      categories: ['Malware', 'Newly Seen Domains'],
      blockedCategories: ['Malware'],
      p_event_time: '2026-11-28 17:48:41.000',
      p_any_domain_names: ['bad.example.'],
    })
    const v2 = v4.split(',"AD Users"')[0] ?? ''
    expect(parseOne('ciscoumbrella-dns.yml', v2)).toMatchObject({ action: 'Blocked' })
    expect(parseOne('ciscoumbrella-dns.yml', `${v4},"rule-1","extra"`)).toMatchObject({
      domain: 'bad.example.',
    })
    expect(failureOf('ciscoumbrella-dns.yml', '"2026-11-28 17:48:41","only two"')).toContain(
      'expected',
    )
  })

  it('CiscoUmbrella.IP and CiscoUmbrella.CloudFirewall', () => {
    expect(
      parseOne(
        'ciscoumbrella-ip.yml',
        '"2026-11-28 17:48:41","Office Network","10.1.1.1","55000","198.51.100.9","443","Command and Control","Networks"',
      ),
    ).toMatchObject({
      sourcePort: 55000,
      categories: ['Command and Control'],
      identityTypes: ['Networks'],
    })
    expect(
      parseOne(
        'ciscoumbrella-cloudfirewall.yml',
        '"2026-11-28 17:48:41","1234","tunnel-1","CDFW Tunnel Device","OUTBOUND","6","60","10.0.0.9","51000","198.51.100.9","22","dc-ams","77","BLOCK"',
      ),
    ).toMatchObject({ ipProtocol: 6, destinationPort: 22, verdict: 'BLOCK' })
  })

  it('CiscoUmbrella.Proxy', () => {
    const line =
      '"2026-11-28 17:48:41","jdoe","jdoe,Office Network","10.1.1.1","203.0.113.7","198.51.100.9","text/html","BLOCKED","http://bad.example/x","","Mozilla/5.0","403","512","1024","800","e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","Malware","","","Malicious","Trojan.Gen","","AD Users","Malware"'
    expect(parseOne('ciscoumbrella-proxy.yml', line)).toMatchObject({
      statusCode: 403,
      ampDisposition: 'Malicious',
      blockedCategories: ['Malware'],
      p_any_ip_addresses: ['10.1.1.1', '203.0.113.7', '198.51.100.9'],
    })
  })

  it('AWS.AuroraMySQLAudit: a quoted query holding commas, microsecond time', () => {
    expect(
      parseOne(
        'aws-auroramysqlaudit.yml',
        "1700000000123456,db-instance-1,admin,10.0.0.8,16,42,QUERY,shop,'SELECT a, b FROM t',0",
      ),
    ).toMatchObject({
      operation: 'QUERY',
      database: 'shop',
      object: "'SELECT a, b FROM t'",
      retCode: 0,
      p_event_time: '2023-11-14 22:13:20.123',
    })
    expect(
      parseOne(
        'aws-auroramysqlaudit.yml',
        '1700000000123456,db-instance-1,rdsadmin,localhost,7,0,CONNECT,,,0',
      ),
    ).toMatchObject({ operation: 'CONNECT', connectionId: 7 })
  })
})
