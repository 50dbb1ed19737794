export { deadline, type Deadline } from './deadline.js'
