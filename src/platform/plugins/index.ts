export { buildComponents, type ComponentEntry } from './build-components.js'
