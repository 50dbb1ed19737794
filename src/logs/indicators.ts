import { isIP } from 'node:net'
import { indicatorFields, type EventRecord, type IndicatorKind } from '../core/index.js'

/**
 * Collects indicator values of one event, de-duplicated per kind, then stores them as `p_any_*`.
 * Plain arrays: an event holds a handful of values, where Sets and Maps cost more than they save.
 */
export class IndicatorSet {
  private readonly values: Partial<Record<IndicatorKind, string[]>> = {}

  add(kind: IndicatorKind, value: unknown): void {
    if (typeof value !== 'string' || value === '') return
    const list = this.values[kind]
    if (list === undefined) this.values[kind] = [value]
    else if (!list.includes(value)) list.push(value)
  }

  /** An address-like value: an IP goes to `ip`, a host name to `domain`, anything else is ignored. */
  addHost(value: unknown): void {
    if (typeof value !== 'string') return
    if (isIP(value) !== 0) this.add('ip', value)
    else if (hostName.test(value)) this.add('domain', value.toLowerCase())
  }

  writeTo(event: EventRecord): void {
    for (const kind in this.values) {
      event[indicatorFields[kind as IndicatorKind]] = this.values[kind as IndicatorKind]
    }
  }
}

const hostName = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i
