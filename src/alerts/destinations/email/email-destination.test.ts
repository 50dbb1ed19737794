import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { emailDestination } from './index.js'

const password = 'smtp-Pa55word'

interface Mail {
  from: string
  to: string[]
  raw: string
}

/** Decodes quoted-printable soft breaks and escapes, enough to read the test mails. */
function unfold(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

describe('EmailDestination', () => {
  let server: SMTPServer
  let port: number
  let mails: Mail[]
  let logins: string[]

  async function listen(options: Partial<SMTPServerOptions> = {}) {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        logins.push(auth.username ?? '')
        if (auth.username === 'caracal' && auth.password === password) {
          callback(null, { user: 'caracal' })
        } else callback(new Error('Invalid username or password'))
      },
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('busy@')) {
          callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }))
        } else if (address.address.startsWith('nobody@')) {
          callback(Object.assign(new Error('No such user'), { responseCode: 550 }))
        } else callback()
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          })
          callback()
        })
      },
      ...options,
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.server.address() as AddressInfo).port
  }

  beforeEach(async () => {
    mails = []
    logins = []
    await listen()
  })
  function stop() {
    return new Promise<void>((resolve) => {
      server.close(() => {
        resolve()
      })
    })
  }
  afterEach(stop)

  function destination(extra: Record<string, unknown> = {}) {
    const config = emailDestination.configSchema.parse({
      host: '127.0.0.1',
      port,
      security: 'none',
      username: 'caracal',
      password,
      from: 'caracal@example.com',
      to: ['soc@example.com'],
      timeoutMs: 2000,
      ...extra,
    })
    return emailDestination.create(config, pluginContext('mail'))
  }

  it('logs in and sends a text and HTML mail with escaped values and the link', async () => {
    const notification = sampleNotification()
    await destination({ cc: ['lead@example.com'] }).send(notification, new AbortController().signal)
    expect(logins).toEqual(['caracal'])
    expect(mails).toHaveLength(1)
    const mail = mails[0]!
    expect(mail.from).toBe('caracal@example.com')
    expect(mail.to).toEqual(['soc@example.com', 'lead@example.com'])
    const raw = unfold(mail.raw)
    expect(raw).toContain('Subject: [HIGH] Root logged in from <192.0.2.44> & more')
    expect(raw.toLowerCase()).toContain(
      `x-caracal-alert-id: ${notification.alert.id.toLowerCase()}`,
    )
    expect(raw).toContain('Content-Type: text/plain')
    expect(raw).toContain(`Open in Caracal: ${notification.link}`)
    expect(raw).toContain('Content-Type: text/html')
    expect(raw).toContain('<h2>Root logged in from &lt;192.0.2.44&gt; &amp; more</h2>')
    expect(raw).toContain(`<a href="${notification.link}">Open in Caracal</a>`)
  })

  it('renders the subject template on one line', async () => {
    await destination({ titleTemplate: 'Alert {{alert.id}}\r\nBcc: evil@example.com' }).send(
      sampleNotification(),
      new AbortController().signal,
    )
    const raw = unfold(mails[0]!.raw)
    expect(raw).toContain('Subject: [HIGH] Alert 01HXAMPLE0000000000000000A Bcc: evil@example.com')
    expect(mails[0]!.to).toEqual(['soc@example.com'])
  })

  it('retries a 4xx reply and rejects a 5xx reply', async () => {
    const busy = await sendFailure(destination({ to: ['busy@example.com'] }))
    expect(busy.code).toBe('DESTINATION_UNAVAILABLE')
    expect(busy.details).toMatchObject({ responseCode: 451 })
    const gone = await sendFailure(destination({ to: ['nobody@example.com'] }))
    expect(gone.code).toBe('DESTINATION_REJECTED')
    expect(gone.details).toMatchObject({ responseCode: 550 })
    expect(gone.message).toMatch(/^Email destination mail: EENVELOPE \(SMTP 550\)/)
  })

  it('rejects a failed login without revealing the password', async () => {
    const err = await sendFailure(destination({ password: 'wrong-Pa55word' }))
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.message).toContain('EAUTH')
    expect(err.message).not.toContain('wrong-Pa55word')
  })

  it('reports a server that is gone as retryable', async () => {
    await stop()
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    await listen()
  })

  it('requires username and password together and valid addresses', () => {
    const base = { host: 'smtp.example.com', from: 'a@example.com', to: ['b@example.com'] }
    expect(emailDestination.configSchema.safeParse({ ...base, username: 'u' }).success).toBe(false)
    expect(
      emailDestination.configSchema.safeParse({ ...base, to: ['not-an-address'] }).success,
    ).toBe(false)
    expect(emailDestination.configSchema.parse(base).security).toBe('starttls')
  })
})
