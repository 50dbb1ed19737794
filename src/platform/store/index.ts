export { openStore, type Store, type StoreOptions } from './store.js'
export type * from './schema.js'
