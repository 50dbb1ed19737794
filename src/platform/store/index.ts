export { openStore, type Store, type StoreOptions } from './store.js'
export { createSourceCheckpoints } from './source-checkpoints.js'
export { writeTransaction } from './write-transaction.js'
export type * from './schema.js'
