import { isIP } from 'node:net'
import { indicatorFields, type EventRecord, type IndicatorKind } from '../core/index.js'

/** Collects indicator values of one event, de-duplicated per kind, then stores them as `p_any_*`. */
export class IndicatorSet {
  private readonly values = new Map<IndicatorKind, Set<string>>()

  add(kind: IndicatorKind, value: unknown): void {
    if (typeof value !== 'string' || value === '') return
    let set = this.values.get(kind)
    if (set === undefined) {
      set = new Set()
      this.values.set(kind, set)
    }
    set.add(value)
  }

  /** An address-like value: an IP goes to `ip`, a host name to `domain`, anything else is ignored. */
  addHost(value: unknown): void {
    if (typeof value !== 'string') return
    if (isIP(value) !== 0) this.add('ip', value)
    else if (hostName.test(value)) this.add('domain', value.toLowerCase())
  }

  writeTo(event: EventRecord): void {
    for (const [kind, set] of this.values) event[indicatorFields[kind]] = [...set]
  }
}

const hostName = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i
