import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../../test/helpers/vendor-server.js'
import { githubDestination } from './index.js'

const token = 'github_pat_11SECRETSECRET'

describe('GithubDestination', () => {
  let server: VendorServer
  let apiUrl: string

  beforeEach(async () => {
    server = new VendorServer()
    server.answer(201, { id: 1, number: 1347, html_url: 'https://github.com/o/r/issues/1347' })
    apiUrl = await server.start()
  })
  afterEach(() => server.close())

  function destination(extra: Record<string, unknown> = {}) {
    const config = githubDestination.configSchema.parse({
      token,
      repository: 'acme/security-alerts',
      apiUrl,
      ...extra,
    })
    return githubDestination.create(config, pluginContext('gh'))
  }

  it('creates an issue with the documented headers and an escaped markdown body', async () => {
    const notification = sampleNotification()
    await destination({ labels: ['alert'], assignees: ['octocat'] }).send(
      notification,
      new AbortController().signal,
    )
    const { request, json } = server.onlyJson()
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/repos/acme/security-alerts/issues')
    expect(request.headers.authorization).toBe(`Bearer ${token}`)
    expect(request.headers.accept).toBe('application/vnd.github+json')
    expect(request.headers['x-github-api-version']).toBe('2022-11-28')
    expect(request.headers['user-agent']).toMatch(/^caracal\//)
    const issue = json as { title: string; body: string; labels: string[]; assignees: string[] }
    expect(issue.title).toBe('Root logged in from <192.0.2.44> & more')
    expect(issue.body.startsWith('The \\*root\\* user signed in\\.')).toBe(true)
    expect(issue.body).toContain('| Rule | Root login \\(AWS\\.Root\\.Login\\) |')
    expect(issue.body.endsWith(`[Open in Caracal](${notification.link})`)).toBe(true)
    expect(issue.labels).toEqual(['alert'])
    expect(issue.assignees).toEqual(['octocat'])
  })

  it('keeps the body under 65 536 characters with the link intact', async () => {
    const notification = sampleNotification({ description: 'd'.repeat(100_000) })
    await destination().send(notification, new AbortController().signal)
    const issue = server.onlyJson().json as { body: string }
    expect(issue.body.length).toBeLessThanOrEqual(65_536)
    expect(issue.body.endsWith(`[Open in Caracal](${notification.link})`)).toBe(true)
  })

  it('treats a rate-limited 403 as retryable until the reset time', async () => {
    const reset = Math.floor(Date.now() / 1000) + 60
    server.answer(
      403,
      { message: 'API rate limit exceeded' },
      {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset),
      },
    )
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    const { retryAfterMs } = err.details as { retryAfterMs: number }
    expect(retryAfterMs).toBeGreaterThan(50_000)
    expect(retryAfterMs).toBeLessThanOrEqual(60_000)
  })

  it('retries 500; rejects 403, 404 and 422 without the token', async () => {
    server.answer(500, 'oops')
    expect((await sendFailure(destination())).code).toBe('DESTINATION_UNAVAILABLE')
    server.answer(403, { message: 'Resource not accessible by personal access token' })
    expect((await sendFailure(destination())).code).toBe('DESTINATION_REJECTED')
    server.answer(422, { message: `Validation Failed for ${token}` })
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.message).not.toContain(token)
  })

  it('opens no issue on resolve and validates the repository name', async () => {
    await destination().send(
      sampleNotification({ status: 'RESOLVED' }),
      new AbortController().signal,
    )
    expect(server.received).toHaveLength(0)
    const bad = githubDestination.configSchema.safeParse({ token, repository: 'no-slash' })
    expect(bad.success).toBe(false)
  })
})
