import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after the envelope-sent example of DocuSign Connect's JSON SIM event model.
const sent = {
  event: 'envelope-sent',
  apiVersion: 'v2.1',
  uri: '/restapi/v2.1/accounts/2bf2.../envelopes/6f1a...',
  retryCount: 0,
  configurationId: 10593142,
  generatedDateTime: '2026-03-04T05:06:07.8900000Z',
  data: {
    accountId: '2bf2a5b0-0000-4000-8000-000000000001',
    userId: '55f08c0f-0000-4000-8000-000000000002',
    envelopeId: '6f1a2b3c-0000-4000-8000-000000000003',
    envelopeSummary: {
      status: 'sent',
      emailSubject: 'Please sign this document',
      sender: { userName: 'Sam Sender', email: 'sam@example.com', accountId: '2bf2' },
      recipients: {
        signers: [{ email: 'signer@client.example', name: 'Sue Signer', status: 'sent' }],
      },
    },
  },
}

describe('Docusign.Connect', () => {
  it('parses a Connect notification with its time and indicators', () => {
    const event = parseOne('Docusign.Connect', sent)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.890')
    expect(event.p_any_emails).toEqual(['sam@example.com', 'signer@client.example'])
  })

  it('keeps a notification without the envelope summary', () => {
    const data = { ...sent.data, envelopeSummary: undefined }
    expect(parseOne('Docusign.Connect', { ...sent, data }).event).toBe('envelope-sent')
  })

  it('refuses a notification without an event', () => {
    expect(failureOf('Docusign.Connect', { ...sent, event: undefined })).toBe(
      'missing required field event',
    )
  })
})
