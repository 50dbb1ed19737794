import { describe, expect, it } from 'vitest'
import { parseOne } from './parse-helpers.js'
import { builtinLogTypes } from '../../registry.js'

// Shaped after the member and push payload examples of GitHub's webhook documentation.
const memberAdded = {
  action: 'added',
  member: { login: 'octocat', id: 583231, type: 'User', site_admin: false },
  changes: { permission: { to: 'admin' } },
  repository: {
    id: 1296269,
    name: 'Hello-World',
    full_name: 'octo-org/Hello-World',
    private: true,
    owner: { login: 'octo-org', id: 9919, type: 'Organization' },
    html_url: 'https://github.com/octo-org/Hello-World',
  },
  organization: { login: 'octo-org', id: 9919 },
  sender: {
    login: 'hubot',
    id: 1,
    type: 'User',
    site_admin: false,
    html_url: 'https://github.com/hubot',
  },
}
const push = {
  ref: 'refs/heads/main',
  before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
  after: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
  created: false,
  deleted: false,
  forced: true,
  compare: 'https://github.com/octo-org/Hello-World/compare/6113728f27ae...0d1a26e67d8f',
  pusher: { name: 'hubot', email: 'hubot@example.com' },
  commits: [
    {
      id: '0d1a26e6',
      message: 'Update README',
      author: { name: 'hubot', email: 'hubot@example.com' },
    },
  ],
  repository: { ...memberAdded.repository, pushed_at: 1772600767 },
  sender: memberAdded.sender,
}

describe('GitHub.Webhook', () => {
  it('parses a member event with its indicators', () => {
    const event = parseOne('GitHub.Webhook', memberAdded)
    expect(event.action).toBe('added')
    expect(event.p_any_usernames).toEqual(['hubot', 'octo-org'])
    expect(event.p_any_domain_names).toEqual(['github.com'])
    expect(event.member).toEqual(memberAdded.member)
  })

  it('parses a push event, which has no action', () => {
    const event = parseOne('GitHub.Webhook', push)
    expect(event.forced).toBe(true)
    expect(event.p_any_emails).toEqual(['hubot@example.com'])
    expect(event.repository).toMatchObject({ pushed_at: 1772600767 })
  })

  it('refuses a delivery that is not a JSON object', () => {
    const outcome = builtinLogTypes().find('GitHub.Webhook').parse('["ping"]')
    expect(outcome.failures[0]?.reason).toBe('expected a JSON object')
  })
})
