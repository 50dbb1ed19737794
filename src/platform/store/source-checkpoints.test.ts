import { afterEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from './store.js'
import { createSourceCheckpoints } from './source-checkpoints.js'

describe('source checkpoints in the store', () => {
  let store: Store
  afterEach(async () => {
    await store.close()
  })

  it('sets, overwrites, lists per source and deletes', async () => {
    store = await openStore({ kind: 'sqlite', path: ':memory:' })
    const checkpoints = createSourceCheckpoints(store.db)
    await checkpoints.set('files', '/var/log/a.log', '{"offset":1}')
    await checkpoints.set('files', '/var/log/a.log', '{"offset":2}')
    await checkpoints.set('files', '/var/log/b.log', '{"offset":3}')
    await checkpoints.set('bucket', 'AWSLogs/', 'AWSLogs/k1')
    expect(await checkpoints.list('files')).toEqual(
      new Map([
        ['/var/log/a.log', '{"offset":2}'],
        ['/var/log/b.log', '{"offset":3}'],
      ]),
    )
    await checkpoints.delete('files', '/var/log/a.log')
    expect([...(await checkpoints.list('files')).keys()]).toEqual(['/var/log/b.log'])
    expect(await checkpoints.list('bucket')).toEqual(new Map([['AWSLogs/', 'AWSLogs/k1']]))
  })
})
