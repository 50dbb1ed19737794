import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../test/helpers/vendor-server.js'
import { destinationPlugins } from './registry.js'

// The same checks for every HTTP-based destination (CONVENTIONS: one suite per plugin kind).
// Each entry is a config pointing at the local server, and the secrets it holds.
const secret = 'S3cretValue-'
const fixtures: Record<string, (base: string) => Record<string, unknown>> = {
  webhook: (base) => ({
    url: `${base}/hook`,
    secret: `${secret}hmac`,
    headers: { 'x-key': `${secret}hdr` },
  }),
  slack: (base) => ({ webhookUrl: `${base}/services/T/B/${secret}slack` }),
  pagerduty: (base) => ({ apiUrl: base, routingKey: `${secret}pd`.padEnd(32, 'x') }),
  opsgenie: (base) => ({ apiUrl: base, apiKey: `${secret}genie` }),
  jira: (base) => ({
    baseUrl: base,
    email: 'a@example.com',
    apiToken: `${secret}jira`,
    projectKey: 'SEC',
  }),
  teams: (base) => ({ webhookUrl: `${base}/workflows/x?sig=${secret}teams` }),
  github: (base) => ({ apiUrl: base, token: `${secret}gh`, repository: 'o/r' }),
  asana: (base) => ({ apiUrl: base, token: `${secret}asana`, projects: ['1'] }),
  servicenow: (base) => ({ instanceUrl: base, username: 'u', password: `${secret}snow` }),
  sns: (base) => ({
    endpoint: base,
    topicArn: 'arn:aws:sns:us-east-1:111122223333:t',
    accessKeyId: 'AKID',
    secretAccessKey: `${secret}sns`,
  }),
  sqs: (base) => ({
    endpoint: base,
    queueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/q',
    accessKeyId: 'AKID',
    secretAccessKey: `${secret}sqs`,
  }),
}
// Email speaks SMTP, not HTTP: email-destination.test.ts covers the same points.
const notHttp = new Set(['email'])

describe('every destination', () => {
  it('is covered by this suite', () => {
    const types = destinationPlugins
      .map((plugin) => plugin.type)
      .filter((type) => !notHttp.has(type))
    expect(Object.keys(fixtures).sort()).toEqual(types.sort())
  })

  describe.each(Object.keys(fixtures))('%s', (type) => {
    const plugin = destinationPlugins.find((candidate) => candidate.type === type)!
    let server: VendorServer
    let base: string

    beforeEach(async () => {
      server = new VendorServer()
      base = await server.start()
    })
    afterEach(() => server.close())

    function build() {
      const config = plugin.configSchema.parse(fixtures[type]!(base))
      return plugin.create(config, pluginContext(`c-${type}`))
    }

    it('keeps secrets out of the error, even when the vendor echoes the request', async () => {
      server.respond = (res, request) =>
        res
          .writeHead(400, { 'content-type': 'text/plain' })
          .end(`bad: ${request.url} ${JSON.stringify(request.headers)} ${request.body}`)
      const err = await sendFailure(build())
      expect(err.code).toBe('DESTINATION_REJECTED')
      expect(err.message).toContain(`c-${type}`)
      expect(err.message).not.toContain(secret)
      expect(JSON.stringify(err.details)).not.toContain(secret)
    })

    it('gives up at once when its signal aborts', async () => {
      server.respond = () => undefined
      const controller = new AbortController()
      setTimeout(() => {
        controller.abort()
      }, 50)
      const started = Date.now()
      const err = await sendFailure(build(), sampleNotification(), controller.signal)
      expect(err.code).toBe('DESTINATION_UNAVAILABLE')
      expect(err.message).toContain('aborted')
      expect(Date.now() - started).toBeLessThan(5000)
    })
  })
})
