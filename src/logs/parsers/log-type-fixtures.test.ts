import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { compileSchema, type SchemaSpec } from '../schema/index.js'

/** Hand-written edge cases of the text log types in content/log-types, through the compiler. */
function logType(file: string) {
  const url = new URL(`../../../content/log-types/${file}`, import.meta.url)
  return compileSchema(parseYaml(readFileSync(url, 'utf8')) as SchemaSpec)
}

function event(file: string, ...lines: string[]): Record<string, unknown> {
  const type = logType(file)
  let last: Record<string, unknown> | undefined
  for (const line of lines) {
    const out = type.parse(line)
    expect(out.failures).toEqual([])
    last = out.events[0]
  }
  if (last === undefined) throw new Error('no event')
  return last
}

describe('text log types: edge cases', () => {
  it('AWS.ALB: no target, a malformed request line and -1 timings', () => {
    const line =
      'http 2026-11-29T06:00:00.000000Z app/lb/abc 192.0.2.7:5000 - -1 -1 -1 400 - 0 272 "- - - " "-" - - - "-" "-" "-" - 2026-11-29T06:00:00.000000Z "-" "-" "-" "-" "-" "-" "-"'
    const alb = event('aws-alb.yml', line)
    expect(alb).toMatchObject({
      clientIp: '192.0.2.7',
      clientPort: 5000,
      requestProcessingTime: -1,
      elbStatusCode: 400,
      sentBytes: 272,
      p_event_time: '2026-11-29 06:00:00.000',
    })
    expect([alb.targetIp, alb.requestHttpMethod, alb.requestHttpVersion]).toEqual([
      undefined,
      undefined,
      undefined,
    ])
  })

  it('AWS.VPCFlow: NODATA records, then a custom header switching the columns', () => {
    expect(
      event('aws-vpcflow.yml', '2 123456789012 eni-1 - - - - - - - 1700000000 1700000060 - NODATA'),
    ).toMatchObject({
      account: '123456789012',
      status: 'NODATA',
      p_event_time: '2023-11-14 22:13:20.000',
    })
    const custom = event(
      'aws-vpcflow.yml',
      'version vpc-id srcaddr dstaddr tcp-flags start',
      '5 vpc-9 2001:db8::1 10.0.0.1 18 1700000000',
    )
    expect(custom).toMatchObject({
      version: 5,
      vpcId: 'vpc-9',
      srcAddr: '2001:db8::1',
      tcpFlags: 18,
    })
    expect(custom.p_any_ip_addresses).toEqual(['2001:db8::1', '10.0.0.1'])
  })

  it('AWS.S3ServerAccess: a request without request line, referrer or user agent', () => {
    const line =
      'abc bucket [06/Feb/2019:00:00:38 +0100] 192.0.2.3 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT key - 204 - - 1 1 - - - - - SigV4 - - - - -'
    expect(event('aws-s3serveraccess.yml', line)).toMatchObject({
      operation: 'BATCH.DELETE.OBJECT',
      httpstatus: 204,
      p_event_time: '2019-02-05 23:00:38.000',
    })
  })

  it('Apache.AccessCommon: an IPv6 client, no request line and no size', () => {
    expect(
      event('apache-accesscommon.yml', '::1 - - [26/Dec/2016:16:16:48 +0200] "-" 408 -'),
    ).toEqual(expect.objectContaining({ remote_host_ip_address: '::1', response_status: 408 }))
  })

  it('Nginx.Access: an empty request line and the "main" X-Forwarded-For', () => {
    expect(
      event(
        'nginx-access.yml',
        '127.0.0.1 - - [12/Apr/2018:09:48:40 +0200] "" 400 0 "-" "-" "203.0.113.9, 10.0.0.1"',
      ),
    ).toMatchObject({ status: 400, httpXForwardedFor: '203.0.113.9, 10.0.0.1' })
  })

  it('Syslog.RFC5424: every header field NILVALUE but PRI and VERSION', () => {
    expect(event('syslog-rfc5424.yml', '<13>1 - - - - - - minimal')).toMatchObject({
      priority: 13,
      facility: 1,
      severity: 5,
      message: 'minimal',
    })
  })

  it('Zeek.Conn.TSV: bools, sets and unset values after the header', () => {
    const header = [
      '#separator \\x09',
      '#set_separator\t,',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#path\tconn',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tlocal_orig\ttunnel_parents',
      '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tbool\tset[string]',
    ]
    expect(
      event(
        'zeek-conn-tsv.yml',
        ...header,
        '1692161644.5\tC1\t10.0.0.1\t5353\tff02::fb\t5353\tudp\tT\t(empty)',
      ),
    ).toMatchObject({
      'id.resp_h': 'ff02::fb',
      local_orig: true,
      tunnel_parents: [],
      p_event_time: '2023-08-16 04:54:04.500',
    })
  })
})
