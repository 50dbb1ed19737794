import { describe, expect, it } from 'vitest'
import { sampleNotification } from '../../../test/helpers/sample-alert.js'
import { renderTemplate, templateString } from './template.js'
import { escapeHtml, escapeJiraWiki, escapeSlack, truncate, truncateBytes } from './text-format.js'

describe('renderTemplate', () => {
  const notification = sampleNotification({ logTypes: ['AWS.CloudTrail', 'Okta.SystemLog'] })

  it('replaces alert fields, context keys, link and kind', () => {
    const out = renderTemplate(
      '{{ alert.severity }} {{alert.title}} from {{alert.context.ip}} ({{alert.eventCount}}) ' +
        '[{{alert.logTypes}}] {{kind}} {{link}}',
      notification,
    )
    expect(out).toBe(
      `HIGH Root logged in from <192.0.2.44> & more from 192.0.2.44 (3) ` +
        `[AWS.CloudTrail, Okta.SystemLog] trigger ${notification.link}`,
    )
  })

  it('escapes substituted values only, and renders unknown or inherited paths empty', () => {
    expect(renderTemplate('<b>{{alert.title}}</b>', notification, escapeHtml)).toBe(
      '<b>Root logged in from &lt;192.0.2.44&gt; &amp; more</b>',
    )
    expect(renderTemplate('[{{alert.context.missing}}]', notification)).toBe('[]')
    expect(renderTemplate('[{{alert.constructor}}][{{alert.__proto__}}]', notification)).toBe(
      '[][]',
    )
    expect(renderTemplate('{{alert.context}}', notification)).toBe('{"ip":"192.0.2.44"}')
  })

  it('runs no code: expressions are left as they are', () => {
    expect(renderTemplate('{{ process.exit(1) }} {{alert.title.length}}', notification)).toBe(
      '{{ process.exit(1) }} ',
    )
  })

  it('refuses placeholders that name nothing', () => {
    const schema = templateString('x')
    expect(schema.safeParse('{{alert.context.anything}} {{link}}').success).toBe(true)
    expect(schema.safeParse('{{alert.title.length}}').success).toBe(false)
    expect(schema.safeParse('{{secrets.token}}').success).toBe(false)
  })
})

describe('text helpers', () => {
  it('truncates by characters and bytes without splitting one', () => {
    expect(truncate('abcdef', 4)).toBe('abc…')
    expect(truncate('abc', 3)).toBe('abc')
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…')
    const cut = truncateBytes('é'.repeat(10), 9)
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(9)
    expect(cut).toBe('ééé…')
  })

  it('escapes Slack and Jira markup', () => {
    expect(escapeSlack('<@U123> & <!here>')).toBe('&lt;@U123&gt; &amp; &lt;!here&gt;')
    expect(escapeJiraWiki('*bold* [link|x] {code}')).toBe('\\*bold\\* \\[link\\|x\\] \\{code\\}')
  })
})
