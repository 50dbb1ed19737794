import { describe, expect, it } from 'vitest'
import { builtinLogTypes } from '../../registry.js'
import { corpusFiles, corpusMissing } from '../fixtures/corpus.js'
import { failureOf, parseOne } from './vendor-cases.js'

/** Zeek's JSON logs (LogAscii::use_json): one log type per Zeek log, classified by its fields. */

const zeekJson = ['Conn', 'DNS', 'HTTP', 'SSL', 'Files', 'Notice', 'X509', 'SSH'].map(
  (name) => `Zeek.${name}`,
)

describe.skipIf(corpusMissing)('Zeek JSON logs against the shared corpus', () => {
  const registry = builtinLogTypes()

  it.each(['Conn', 'DNS', 'HTTP', 'SSL'])(
    'every JSON line of Zeek.%s parses as that log type and as no other Zeek JSON type',
    (name) => {
      const own = `Zeek.${name}`
      let parsed = 0
      for (const { file, records } of corpusFiles(own, own)) {
        if (file.includes('-tsv/')) continue
        for (const record of records) {
          for (const other of zeekJson) {
            const outcome = registry.find(other).parse(record)
            if (other === own) {
              expect({ file, failures: outcome.failures }).toEqual({ file, failures: [] })
              parsed += outcome.events.length
            } else expect(outcome.events, `${file} as ${other}`).toEqual([])
          }
        }
      }
      expect(parsed).toBeGreaterThan(50)
    },
  )
})

describe('Zeek JSON logs', () => {
  const conn = {
    ts: 1591367999.305988,
    uid: 'CMdzit1AMNsmfAIiQc',
    'id.orig_h': '192.168.4.76',
    'id.orig_p': 36844,
    'id.resp_h': '192.168.4.1',
    'id.resp_p': 53,
    proto: 'udp',
    service: 'dns',
    duration: 0.06685185432434082,
    orig_bytes: 62,
    resp_bytes: 141,
    conn_state: 'SF',
    missed_bytes: 0,
    history: 'Dd',
    orig_pkts: 2,
    orig_ip_bytes: 118,
    resp_pkts: 2,
    resp_ip_bytes: 197,
  }

  it('reads a conn.log line: epoch time, ports, both addresses as indicators', () => {
    expect(parseOne('Zeek.Conn', conn)).toMatchObject({
      'id.resp_p': 53,
      conn_state: 'SF',
      p_event_time: '2020-06-05 14:39:59.305',
      p_any_ip_addresses: ['192.168.4.76', '192.168.4.1'],
    })
  })

  it('reads ISO 8601 times (LogAscii::json_timestamps) and keeps fields from policy scripts', () => {
    const event = parseOne('Zeek.Conn', {
      ...conn,
      ts: '2020-06-05T14:39:59.305988Z',
      orig_l2_addr: '00:0d:3a:13:e3:69',
      tunnel_parents: [],
    })
    expect(event).toMatchObject({
      p_event_time: '2020-06-05 14:39:59.305',
      orig_l2_addr: '00:0d:3a:13:e3:69',
      p_extra_fields: { orig_l2_addr: '00:0d:3a:13:e3:69' },
    })
  })

  it('reads the "_" scope separator (id_orig_h) into the dotted fields', () => {
    const { 'id.orig_h': a, 'id.orig_p': b, 'id.resp_h': c, 'id.resp_p': d, ...rest } = conn
    const event = parseOne('Zeek.Conn', {
      ...rest,
      id_orig_h: a,
      id_orig_p: b,
      id_resp_h: c,
      id_resp_p: d,
    })
    expect(event).toMatchObject({ 'id.orig_h': a, 'id.resp_p': d })
    expect(event.p_extra_fields).toBeUndefined()
  })

  it('needs the fields Zeek always writes, so a conn line is not taken for DNS', () => {
    expect(failureOf('Zeek.DNS', conn)).toBe('missing required field rejected')
    expect(failureOf('Zeek.Conn', { ...conn, proto: undefined })).toBe(
      'missing required field proto',
    )
  })

  it('reads a dns.log line with answers and TTLs, and one without a reply', () => {
    const answered = parseOne('Zeek.DNS', {
      ts: 1591367999.306059,
      uid: 'CMdzit1AMNsmfAIiQc',
      'id.orig_h': '192.168.4.76',
      'id.orig_p': 36844,
      'id.resp_h': '192.168.4.1',
      'id.resp_p': 53,
      proto: 'udp',
      trans_id: 8555,
      rtt: 0.04851818084716797,
      query: 'testmyids.com',
      qclass: 1,
      qclass_name: 'C_INTERNET',
      qtype: 1,
      qtype_name: 'A',
      rcode: 0,
      rcode_name: 'NOERROR',
      AA: false,
      TC: false,
      RD: true,
      RA: true,
      Z: 0,
      answers: ['31.3.245.133'],
      TTLs: [3600.0],
      rejected: false,
    })
    expect(answered).toMatchObject({ TTLs: [3600], RD: true })
    expect(answered.p_any_domain_names).toEqual(['testmyids.com'])
    const unanswered = parseOne('Zeek.DNS', {
      ts: 1591367999.306059,
      uid: 'C2',
      'id.orig_h': '192.168.4.76',
      'id.orig_p': 36845,
      'id.resp_h': '192.168.4.1',
      'id.resp_p': 53,
      proto: 'udp',
      query: 'wpad.example.net',
      rejected: false,
    })
    expect([unanswered.answers, unanswered.rcode_name]).toEqual([undefined, undefined])
  })

  it('reads a files.log line with its hashes', () => {
    const event = parseOne('Zeek.Files', {
      ts: 1596820191.969902,
      fuid: 'FBbQxG1GXLXgmWhbk9',
      uid: 'CzoFRWTQ6YIzfFXHk',
      'id.orig_h': '192.168.4.37',
      'id.orig_p': 58264,
      'id.resp_h': '23.195.64.241',
      'id.resp_p': 80,
      source: 'HTTP',
      depth: 0,
      analyzers: ['EXTRACT', 'PE'],
      mime_type: 'application/x-dosexec',
      duration: 0.015498876571655273,
      is_orig: false,
      seen_bytes: 179272,
      total_bytes: 179272,
      missing_bytes: 0,
      overflow_bytes: 0,
      timedout: false,
      md5: '2bbb1b3fe0d1e1ed2eb4e5b1a0a5e3c7',
      sha1: 'a6c9b7e5d7bcbe1d5ac3aefd6d0bf0e0e1d2a8f4',
      extracted: 'HTTP-FBbQxG1GXLXgmWhbk9.exe',
      extracted_cutoff: false,
    })
    expect(event).toMatchObject({
      seen_bytes: 179272,
      analyzers: ['EXTRACT', 'PE'],
      p_any_md5_hashes: ['2bbb1b3fe0d1e1ed2eb4e5b1a0a5e3c7'],
      p_any_sha1_hashes: ['a6c9b7e5d7bcbe1d5ac3aefd6d0bf0e0e1d2a8f4'],
      p_any_ip_addresses: ['192.168.4.37', '23.195.64.241'],
    })
  })

  it('reads a notice.log line, which has no connection when raised by a script', () => {
    const event = parseOne('Zeek.Notice', {
      ts: 1596820233.154326,
      uid: 'CVbHqk3MBO6rcjxvAj',
      'id.orig_h': '192.168.4.49',
      'id.orig_p': 52917,
      'id.resp_h': '23.21.120.118',
      'id.resp_p': 443,
      proto: 'tcp',
      note: 'SSL::Invalid_Server_Cert',
      msg: 'SSL certificate validation failed with (unable to get local issuer certificate)',
      sub: 'CN=www.example.com,O=Example Inc,C=US',
      src: '192.168.4.49',
      dst: '23.21.120.118',
      p: 443,
      actions: ['Notice::ACTION_LOG'],
      email_dest: [],
      suppress_for: 3600.0,
    })
    expect(event).toMatchObject({ note: 'SSL::Invalid_Server_Cert', p: 443 })
    expect(event.p_any_ip_addresses).toEqual(['192.168.4.49', '23.21.120.118'])
    expect(
      parseOne('Zeek.Notice', { ts: 1596820233.1, note: 'Scan::Port_Scan', msg: 'scan' }).note,
    ).toBe('Scan::Port_Scan')
  })

  it('reads an x509.log line with its dotted certificate fields', () => {
    const event = parseOne('Zeek.X509', {
      ts: 1596820233.0,
      fingerprint: '9f1e0b6f5a5ccaf6b83a1a4b5cb5e1e7a3f7d2f0a1c1e8c0e6f5b1c7f0a2d3e4',
      'certificate.version': 3,
      'certificate.serial': '0A4E3F1E5AE5BB51E0D0D8BB7C2B63B5',
      'certificate.subject': 'CN=www.example.com,O=Example Inc,C=US',
      'certificate.issuer': 'CN=Example CA,O=Example Inc,C=US',
      'certificate.not_valid_before': 1577836800.0,
      'certificate.not_valid_after': 1609459199.0,
      'certificate.key_alg': 'rsaEncryption',
      'certificate.sig_alg': 'sha256WithRSAEncryption',
      'certificate.key_type': 'rsa',
      'certificate.key_length': 2048,
      'certificate.exponent': '65537',
      'san.dns': ['www.example.com', 'example.com'],
      'basic_constraints.ca': false,
      host_cert: true,
      client_cert: false,
    })
    expect(event).toMatchObject({
      'certificate.key_length': 2048,
      'certificate.not_valid_after': '2020-12-31 23:59:59.000',
      p_any_domain_names: ['www.example.com', 'example.com'],
    })
  })

  it('reads an ssh.log line; an SSL line is not SSH (no auth_attempts)', () => {
    const event = parseOne('Zeek.SSH', {
      ts: 1596820191.969902,
      uid: 'CyiYWa3TSHsRvh4Vq2',
      'id.orig_h': '192.168.4.49',
      'id.orig_p': 56718,
      'id.resp_h': '192.168.4.1',
      'id.resp_p': 22,
      version: 2,
      auth_success: false,
      auth_attempts: 3,
      direction: 'INBOUND',
      client: 'SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.1',
      server: 'SSH-2.0-OpenSSH_7.4',
      cipher_alg: 'chacha20-poly1305@openssh.com',
      mac_alg: 'umac-64-etm@openssh.com',
      compression_alg: 'none',
      kex_alg: 'curve25519-sha256',
      host_key_alg: 'ecdsa-sha2-nistp256',
      host_key: '86:71:ac:9c:35:6e:4c:ce:0d:64:83:3e:8e:0e:3e:31',
    })
    expect(event).toMatchObject({ auth_attempts: 3, auth_success: false })
    expect(
      failureOf('Zeek.SSH', {
        ts: 1,
        uid: 'C1',
        'id.orig_h': '10.0.0.1',
        'id.orig_p': 1,
        'id.resp_h': '10.0.0.2',
        'id.resp_p': 443,
        version: 'TLSv12',
        established: true,
      }),
    ).toBe('missing required field auth_attempts')
  })
})
