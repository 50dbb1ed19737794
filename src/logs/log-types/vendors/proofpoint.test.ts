import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** Proofpoint TAP SIEM API events. */

describe('Proofpoint.Event', () => {
  // After the messagesDelivered example of the SIEM API documentation.
  const message = {
    GUID: 'c26dbea0-80d5-463b-b93c-4e8b708219ce',
    QID: 'r2FNwRHF004109',
    ccAddresses: ['bruce.wayne@university-of-education.zz'],
    clusterId: 'pharmtech_hosted',
    completelyRewritten: 'true',
    fromAddress: 'badguy@evil.zz',
    headerFrom: '"A. Badguy" <badguy@evil.zz>',
    impostorScore: 0,
    malwareScore: 100,
    messageID: '20160624211145.62086.mail@evil.zz',
    messageParts: [
      {
        contentType: 'text/plain',
        disposition: 'attached',
        filename: 'text.txt',
        md5: '008c5926ca861023c1d2a36653fd88e2',
        sha256: '85738f8f9a7f1b04b5329c590ebcb9e425925c6d0984089c43a022de4f19c281',
        sandboxStatus: 'unsupported',
      },
    ],
    messageSize: 1234,
    messageTime: '2016-06-24T21:18:38.000Z',
    phishScore: 46,
    recipient: ['clark.kent@pharmtech.zz'],
    sender: 'e99d7ed5580193f36a51f597bc2c0210@evil.zz',
    senderIP: '192.0.2.255',
    spamScore: 4,
    subject: 'Please find a totally safe invoice attached.',
    threatsInfoMap: [
      {
        campaignId: '46e01b8a-c899-404d-bcd9-189bb393d1a7',
        classification: 'MALWARE',
        threat: '2fab740f143fc1aa4c1cd0146d334c5593b1428f6d062b2c406e5efe8abe95ca',
        threatStatus: 'active',
        threatType: 'ATTACHMENT',
        threatUrl: 'https://threatinsight.proofpoint.com/43fc1aa4',
      },
    ],
    toAddresses: [],
  }

  it('parses a delivered message', () => {
    const event = parseOne('Proofpoint.Event', message)
    expect(event).toMatchObject({
      completelyRewritten: true,
      malwareScore: 100,
      p_event_time: '2016-06-24 21:18:38.000',
      p_any_ip_addresses: ['192.0.2.255'],
      p_any_md5_hashes: ['008c5926ca861023c1d2a36653fd88e2'],
      p_any_sha256_hashes: ['85738f8f9a7f1b04b5329c590ebcb9e425925c6d0984089c43a022de4f19c281'],
    })
    expect(event.p_any_emails).toEqual(
      expect.arrayContaining(['clark.kent@pharmtech.zz', 'badguy@evil.zz']),
    )
  })

  it('parses a blocked click, its time from clickTime', () => {
    const click = parseOne('Proofpoint.Event', {
      campaignId: '46e01b8a-c899-404d-bcd9-189bb393d1a7',
      classification: 'MALWARE',
      clickIP: '192.0.2.1',
      clickTime: '2016-06-24T19:17:44.000Z',
      GUID: 'b27dbea0-87d5-463b-b93c-4e8b708289ce',
      id: '8c8b4895-a277-449f-r797-547e3c89b25a',
      messageID: '8c6cfedd-3050-4d65-8c09-c5f65c38da81',
      recipient: 'bruce.wayne@pharmtech.zz',
      sender: '9facbf452def2d7efc5b5c48cdb837fa@badguy.zz',
      senderIP: '192.0.2.255',
      threatID: '61f7622167144dba5e3ae4480eeee78b23d66f7dfed970cfc3d086cc0dabdf50',
      threatTime: '2016-06-24T19:17:46.000Z',
      threatURL: 'https://threatinsight.proofpoint.com/a5e3ae44',
      url: 'http://badguy.zz/badness.html',
      userAgent: 'Mozilla/5.0',
    })
    expect(click).toMatchObject({
      p_event_time: '2016-06-24 19:17:44.000',
      p_any_ip_addresses: ['192.0.2.1', '192.0.2.255'],
      p_any_emails: ['9facbf452def2d7efc5b5c48cdb837fa@badguy.zz', 'bruce.wayne@pharmtech.zz'],
    })
  })

  it('refuses an event without GUID', () => {
    expect(failureOf('Proofpoint.Event', without(message, 'GUID'))).toBe(
      'missing required field GUID',
    )
  })
})
