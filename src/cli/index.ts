export { createProgram } from './program.js'
export type {
  CliRuntime,
  CliServices,
  CliOutput,
  GlobalOptions,
  ServeOptions,
  RunningServer,
  LogTypeTools,
  LogTypeSummary,
  ParsedRecord,
} from './runtime.js'
