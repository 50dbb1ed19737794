import { AppError } from '../../../core/index.js'

interface Entry {
  kind: 'counter' | 'set' | 'dict'
  value: number | string[] | Record<string, unknown>
  /** Epoch seconds, or undefined for no expiry. */
  expires: number | undefined
}

/**
 * The in-memory state behind `panther_detection_helpers.caching`: counters, string sets and
 * dictionaries with expirations, shared by every Python worker of one engine. `caracal test` uses
 * a fresh one per run (Panther's test mode); the server uses `StoreDetectionState`, which keeps
 * the same semantics in the metadata store. Mirrors `caracal_runtime.state`.
 */
export class DetectionStateStore {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly now: () => number = () => Date.now() / 1000) {}

  /** Runs one operation of the worker protocol and returns its JSON result. */
  apply(op: string, args: readonly unknown[]): unknown {
    const key = String(args[0])
    const entry = this.live(key)
    const expires = entry?.expires
    const of = (kind: Entry['kind']) => (entry?.kind === kind ? entry.value : undefined)
    switch (op) {
      case 'get_counter':
        return of('counter') ?? 0
      case 'increment_counter': {
        const value = ((of('counter') as number | undefined) ?? 0) + Number(args[1])
        this.entries.set(key, { kind: 'counter', value, expires })
        return value
      }
      case 'reset':
        this.entries.delete(key)
        return null
      case 'set_expiration':
        if (entry !== undefined) entry.expires = Number(args[1])
        return null
      case 'get_string_set':
        return of('set') ?? []
      case 'get_dictionary':
        return of('dict') ?? {}
      case 'put_string_set':
      case 'put_dictionary': {
        const kind = op === 'put_string_set' ? 'set' : 'dict'
        const value = args[1] as Entry['value']
        this.entries.set(key, { kind, value, expires: optionalNumber(args[2]) })
        return null
      }
      case 'add_to_string_set':
      case 'remove_from_string_set': {
        const current = new Set((of('set') as string[] | undefined) ?? [])
        for (const item of args[1] as string[]) {
          if (op === 'add_to_string_set') current.add(item)
          else current.delete(item)
        }
        const value = [...current].sort()
        this.entries.set(key, { kind: 'set', value, expires })
        return value
      }
      default:
        throw new AppError('INTERNAL', `Unknown detection state operation '${op}'`)
    }
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key)
    if (entry?.expires !== undefined && entry.expires <= this.now()) {
      this.entries.delete(key)
      return undefined
    }
    return entry
  }
}

function optionalNumber(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value)
}
