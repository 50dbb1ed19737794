/**
 * Lets `tsc -p tsconfig.json` type-check shipped detections: `caracal/sdk` resolves through the
 * package's `exports` to `dist/`, which does not exist before a build. At load time the loader
 * points the import at the running Caracal's SDK instead. Users get the real types from the package.
 */
declare module 'caracal/sdk' {
  type Sdk = typeof import('../../src/sdk/index.js')
  export type EventRecord = import('../../src/sdk/index.js').EventRecord
  export type Severity = import('../../src/sdk/index.js').Severity
  export type RuleTest = import('../../src/sdk/index.js').RuleTest
  export type RuleDefinition<E extends EventRecord = EventRecord> =
    import('../../src/sdk/index.js').RuleDefinition<E>
  export const defineRule: Sdk['defineRule']
}
