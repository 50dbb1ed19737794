import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './vendor-cases.js'

/** Zscaler Internet Access admin audit logs from an NSS feed. */

describe('Zscaler.ZIA.AdminAuditLog', () => {
  const entry = {
    sourcetype: 'zscalernss-audit',
    event: {
      time: 'Mon Oct 16 22:55:48 2023',
      recordid: '1234',
      action: 'UPDATE',
      category: 'ADMINISTRATOR_MANAGEMENT',
      subcategory: 'ADMINISTRATOR_ADMIN_USER',
      resource: 'ops@example.com',
      interface: 'UI',
      adminid: 'admin@example.com',
      clientip: '198.51.100.44',
      result: 'SUCCESS',
      errorcode: 'None',
      auditlogtype: 'ZIA',
      preaction: { role: { name: 'Read Only' } },
      postaction: { role: { name: 'Super Admin' } },
    },
  }

  it('parses an admin change, its time in the NSS layout', () => {
    expect(parseOne('Zscaler.ZIA.AdminAuditLog', entry)).toMatchObject({
      event: { action: 'UPDATE', postaction: { role: { name: 'Super Admin' } } },
      p_event_time: '2023-10-16 22:55:48.000',
      p_any_ip_addresses: ['198.51.100.44'],
      p_any_emails: ['admin@example.com'],
    })
  })

  it('prefers the epoch intlogtime when the feed includes it', () => {
    const withEpoch = { ...entry, event: { ...entry.event, intlogtime: 1697497000 } }
    expect(parseOne('Zscaler.ZIA.AdminAuditLog', withEpoch).p_event_time).toBe(
      '2023-10-16 22:56:40.000',
    )
  })

  it('refuses a record that is not an NSS audit entry', () => {
    expect(failureOf('Zscaler.ZIA.AdminAuditLog', { sourcetype: 'zscalernss-web' })).toBe(
      'missing required field event',
    )
  })
})
