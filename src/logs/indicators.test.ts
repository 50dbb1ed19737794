import { describe, expect, it } from 'vitest'
import { IndicatorSet } from './indicators.js'

describe('IndicatorSet', () => {
  it('sorts host-like values into IPs and domains, from URLs too', () => {
    const set = new IndicatorSet()
    set.addHost('203.0.113.5')
    set.addHost('Athena.AmazonAWS.com')
    set.addHost('not a host')
    set.addUrl('https://user@[2001:db8::1]:8443/x')
    set.addUrl('http://example.org/path?q=1')
    set.addHost('203.0.113.5')
    expect(set.ip).toEqual(['203.0.113.5', '2001:db8::1'])
    expect(set.domain).toEqual(['athena.amazonaws.com', 'example.org'])
  })

  it('takes account and instance ids out of ARNs', () => {
    const set = new IndicatorSet()
    set.addArn('arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc123def4567890')
    set.addArn('arn:aws:iam::aws:policy/ReadOnlyAccess')
    set.addArn('not-an-arn')
    expect(set.aws_arn).toEqual([
      'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc123def4567890',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ])
    expect(set.aws_account_id).toEqual(['111122223333'])
    expect(set.aws_instance_id).toEqual(['i-0abc123def4567890'])
  })

  it('keeps only well-formed hashes and emails, lower-cased', () => {
    const set = new IndicatorSet()
    set.addMd5('D41D8CD98F00B204E9800998ECF8427E')
    set.addMd5('xyz')
    set.addSha1('da39a3ee5e6b4b0d3255bfef95601890afd80709')
    set.addSha256('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    set.addEmail('Ann@Example.COM')
    set.addEmail('nobody')
    expect([set.md5, set.sha1?.length, set.sha256?.length, set.email]).toEqual([
      ['d41d8cd98f00b204e9800998ecf8427e'],
      1,
      1,
      ['ann@example.com'],
    ])
  })

  it('scans free-form values for strings of a recognizable shape only', () => {
    const set = new IndicatorSet()
    set.scan(
      ['aws_instance_id', 'aws_arn', 'ip', 'username'],
      {
        instancesSet: { items: [{ instanceId: 'i-0123456789abcdef0' }] },
        note: 'i-nope',
        ip: '10.1.2.3',
      },
      0,
    )
    expect(set.aws_instance_id).toEqual(['i-0123456789abcdef0'])
    expect(set.ip).toEqual(['10.1.2.3'])
    expect(set.username).toBeUndefined()
  })
})
