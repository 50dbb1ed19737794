import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../../platform/store/index.js'
import { StoreDetectionState } from './store-state.js'

describe('StoreDetectionState', () => {
  let dir: string
  let store: Store
  let now: number
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caracal-state-'))
    store = await openStore({ kind: 'sqlite', path: join(dir, 'caracal.db') })
    now = 1000
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps counters until they expire, and across a reopening of the store', async () => {
    const state = new StoreDetectionState(store.db, () => now)
    expect(await state.apply('get_counter', ['k'])).toBe(0)
    expect(await state.apply('increment_counter', ['k', 2])).toBe(2)
    expect(await state.apply('increment_counter', ['k', 1])).toBe(3)
    await state.apply('set_expiration', ['k', 1005])
    await store.close()
    store = await openStore({ kind: 'sqlite', path: join(dir, 'caracal.db') })
    const reopened = new StoreDetectionState(store.db, () => now)
    expect(await reopened.apply('get_counter', ['k'])).toBe(3)
    expect(await reopened.apply('increment_counter', ['k', 1])).toBe(4)
    now = 1005
    expect(await reopened.apply('get_counter', ['k'])).toBe(0)
    // An expired counter restarts, without its old expiry.
    expect(await reopened.apply('increment_counter', ['k', 1])).toBe(1)
    now = 5000
    expect(await reopened.apply('get_counter', ['k'])).toBe(1)
    await reopened.apply('reset', ['k'])
    expect(await reopened.apply('get_counter', ['k'])).toBe(0)
  })

  it('keeps string sets and dictionaries, with expiry on put, and purges expired rows', async () => {
    const state = new StoreDetectionState(store.db, () => now)
    expect(await state.apply('add_to_string_set', ['s', ['b', 'a']])).toEqual(['a', 'b'])
    expect(await state.apply('remove_from_string_set', ['s', ['a']])).toEqual(['b'])
    await state.apply('put_string_set', ['t', ['x'], 1010])
    await state.apply('put_dictionary', ['d', { a: { b: 1 } }, null])
    expect(await state.apply('get_string_set', ['t'])).toEqual(['x'])
    // Adding keeps the live expiry.
    expect(await state.apply('add_to_string_set', ['t', ['y']])).toEqual(['x', 'y'])
    expect(await state.apply('get_dictionary', ['d'])).toEqual({ a: { b: 1 } })
    // A key of another kind reads as empty.
    expect(await state.apply('get_string_set', ['d'])).toEqual([])
    now = 1010
    expect(await state.apply('get_string_set', ['t'])).toEqual([])
    expect(await state.purge()).toBe(1)
    const keys = await store.db.selectFrom('detection_state').select('key').execute()
    expect(keys.map((k) => k.key).sort()).toEqual(['d', 's'])
    await expect(state.apply('drop_table', ['d'])).rejects.toThrow(/Unknown detection state/)
  })

  it('counts right when two stores (two Caracal processes) increment the same key at once', async () => {
    const other = await openStore({ kind: 'sqlite', path: join(dir, 'caracal.db') })
    try {
      const a = new StoreDetectionState(store.db, () => now)
      const b = new StoreDetectionState(other.db, () => now)
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          (i % 2 === 0 ? a : b).apply('increment_counter', ['shared', 1]),
        ),
      )
      expect(await a.apply('get_counter', ['shared'])).toBe(200)
    } finally {
      await other.close()
    }
  })
})
