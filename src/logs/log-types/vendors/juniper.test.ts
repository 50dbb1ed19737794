import { describe, expect, it } from 'vitest'
import { builtinLogTypes } from '../../registry.js'
import { parseOne } from './vendor-cases.js'

/**
 * Juniper WebApp Secure (Mykonos) text logs, with the sample lines of Panther's own parser tests.
 * The syslog-style time has no year: it is read in the current year.
 */

const registry = builtinLogTypes()
const year = new Date().getUTCFullYear()
const juniper = ['Access', 'Audit', 'Firewall', 'MWS', 'Postgres', 'Security'].map(
  (name) => `Juniper.${name}`,
)

const lines: Record<string, string> = {
  'Juniper.Access':
    'Mar 19 21:11:47 webappsecure [INFO][mws-access][se-request-6] key:da5a23dd-8367-476e-97ca-d734ab56244d, PHASE_REQUEST_PRE_PROCESS, 127.0.0.1, http://zach-vm.jwas.jsec.net:80/genericelectronics',
  'Juniper.Audit':
    'Jan 22 16:14:23 my-jwas [mws-audit][INFO] [mykonos] [10.10.0.117] Logged in successfully',
  'Juniper.Firewall':
    'Mar 19 18:49:32 myjwas kernel: IPTABLES Dropped: IN=eth0 OUT= MAC=00:0c:29:cf:4d:c8:2c:21:72:c6:99:08:08:00 SRC=10.10.0.117 DST=10.20.0.53 LEN=40 TOS=0x00 PREC=0x00 TTL=63 ID=51749 DF PROTO=TCP SPT=51093 DPT=5000 WINDOW=0 RES=0x00 RST URGP=0',
  'Juniper.MWS':
    'Mar 19 18:42:38 my-jwas-instance [INFO][mws-cluster-services][db-cleanup] Database cleanup completed. Removed record count: 0',
  'Juniper.Postgres':
    'Feb 24 14:58:08 webappsecure postgres[7694]: [10-1] 42701 530b5e00.1e0e ERROR: column "requests" of relation "sessiongroup" already exists',
  'Juniper.Security':
    'Oct 13 16:33:13 jwas1 [INFO][mws-security-alert][traffic-info] MKS_Category="Security Incident" MKS_Type="Apache Configuration Requested" MKS_Severity="2" MKS_ProfileName="Brett 8356" MKS_SrcIP="10.10.0.117" MKS_pubkey="el4urlypSXuRHOM3IoLT" MKS_useragent="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36" MKS_url="http://jwas1.jsec.net:80/.htaccess" MKS_count="1" MKS_fakeresponse="true"',
}

describe('Juniper WebApp Secure logs', () => {
  it('each sample line belongs to its own log type only', () => {
    for (const [own, line] of Object.entries(lines)) {
      const accepted = juniper.filter((name) => registry.find(name).parse(line).events.length > 0)
      expect(accepted, own).toEqual([own])
    }
  })

  it('Juniper.Access: the first line of a request, with its key, phase and URL', () => {
    expect(parseOne('Juniper.Access', lines['Juniper.Access'])).toMatchObject({
      p_event_time: `${year}-03-19 21:11:47.000`,
      log_level: 'INFO',
      thread: 'se-request-6',
      unique_request_key: 'da5a23dd-8367-476e-97ca-d734ab56244d',
      type: 'REQUEST',
      stage: 'PRE',
      proxy_client_ip: '127.0.0.1',
      p_any_ip_addresses: ['127.0.0.1'],
    })
  })

  it('Juniper.Audit: a login with its address, an API key, and a user right after the level', () => {
    expect(parseOne('Juniper.Audit', lines['Juniper.Audit'])).toMatchObject({
      username: 'mykonos',
      login_ip: '10.10.0.117',
      message: 'Logged in successfully',
      p_any_ip_addresses: ['10.10.0.117'],
    })
    const key = parseOne(
      'Juniper.Audit',
      'Jan 23 19:16:22 my-jwas [mws-audit][INFO] [ea77722a8516b0d1135abb19b1982852] Deactivate response 1832840420318015488',
    )
    expect([key.api_key, key.username]).toEqual(['ea77722a8516b0d1135abb19b1982852', undefined])
    expect(
      parseOne(
        'Juniper.Audit',
        'Feb 14 19:02:54 my-jwas [mws-audit][INFO][mykonos] Changed configuration parameters: services.spotlight.enabled',
      ),
    ).toMatchObject({ username: 'mykonos', message: expect.stringMatching(/^Changed/) as unknown })
  })

  it('Juniper.Firewall: iptables pairs, flags as booleans, an empty OUT left out', () => {
    const event = parseOne('Juniper.Firewall', lines['Juniper.Firewall'])
    expect(event).toMatchObject({
      hostname: 'myjwas',
      event: 'Dropped',
      IN: 'eth0',
      SPT: 51093,
      DPT: 5000,
      TTL: 63,
      ID: 51749,
      DF: true,
      RST: true,
      PROTO: 'TCP',
      p_any_ip_addresses: ['10.10.0.117', '10.20.0.53'],
    })
    expect([event.OUT, event.SYN]).toEqual([undefined, undefined])
    // Keys iptables writes in other setups (bridged interfaces) are kept, not dropped.
    const bridged = parseOne('Juniper.Firewall', `${lines['Juniper.Firewall'] ?? ''} PHYSIN=eth1`)
    expect(bridged.p_extra_fields).toEqual({ PHYSIN: 'eth1' })
  })

  it('Juniper.MWS: with and without level and component; other services refused', () => {
    expect(parseOne('Juniper.MWS', lines['Juniper.MWS'])).toMatchObject({
      service_name: 'mws-cluster-services',
      service_component: 'db-cleanup',
      log_message: 'Database cleanup completed. Removed record count: 0',
    })
    const ui = parseOne(
      'Juniper.MWS',
      'Mar 19 19:42:16 my-jwas-instance [mws-ui]: spawned uWSGI worker 1 (pid: 11209, cores: 1)',
    )
    expect([ui.log_level, ui.service_name, ui.log_message]).toEqual([
      undefined,
      'mws-ui',
      'spawned uWSGI worker 1 (pid: 11209, cores: 1)',
    ])
    expect(
      registry.find('Juniper.MWS').parse(lines['Juniper.Security'] ?? '').failures[0]?.reason,
    ).toMatch(/"mws-security-alert" is a denied value$/)
  })

  it('Juniper.Postgres: the process, group and SQL state of a database error', () => {
    expect(parseOne('Juniper.Postgres', lines['Juniper.Postgres'])).toMatchObject({
      pid: 7694,
      group_id_major: 10,
      group_id_minor: 1,
      sql_error_code: '42701',
      session_id: '530b5e00.1e0e',
      message_type: 'ERROR',
      message: 'column "requests" of relation "sessiongroup" already exists',
    })
  })

  it('Juniper.Security: an incident, a new profile and a counter response', () => {
    expect(parseOne('Juniper.Security', lines['Juniper.Security'])).toMatchObject({
      service: 'traffic-info',
      MKS_Category: 'Security Incident',
      MKS_Severity: 2,
      MKS_PubKey: 'el4urlypSXuRHOM3IoLT',
      MKS_count: 1,
      MKS_fakeresponse: true,
      p_any_ip_addresses: ['10.10.0.117'],
      p_any_domain_names: ['jwas1.jsec.net'],
    })
    const response = parseOne(
      'Juniper.Security',
      'Oct 13 16:33:55 jwas1 [INFO][mws-security-alert][auto-response] MKS_Category="New Counter Response" MKS_ResponseCode="BL" MKS_ResponseName="Block User" MKS_ProfileId="3811" MKS_ProfileName="Brett 8356" MKS_ResponseCreated="2014-10-13 16:33:54.0" MKS_ResponseDelayed="2014-10-13 16:33:54.0" MKS_ResponseExpires="null" MKS_ResponseConfig="<config />" MKS_SilentRunning="true"',
    )
    expect(response).toMatchObject({
      MKS_ResponseCreated: '2014-10-13 16:33:54.000',
      MKS_SilentRunning: true,
      MKS_ResponseConfig: '<config />',
    })
    expect(response.MKS_ResponseExpires).toBeUndefined()
    expect(
      registry
        .find('Juniper.Security')
        .parse(lines['Juniper.Security']?.replace('Security Incident', 'Other') ?? '').failures[0]
        ?.reason,
    ).toMatch(/"Other" is not an allowed value$/)
  })
})
