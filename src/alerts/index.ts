export {
  createAlertService,
  type AlertService,
  type AlertServiceOptions,
  type RecordResult,
} from './alert-service.js'
export {
  routeAlert,
  type DestinationRoute,
  type RoutingDecision,
  type RoutingInput,
} from './alert-router.js'
export {
  createDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
} from './delivery-worker.js'
export { sendTestAlert } from './destination-test.js'
export {
  openDestinationCatalog,
  maskedSecret,
  type DestinationCatalog,
  type DestinationView,
} from './destination-catalog.js'
export type { Actor } from './alert-triage.js'
export { listDeliveries, type Delivery, type DeliveryStatus } from './delivery-store.js'
export {
  buildDestinations,
  destinationPlugins,
  type BuiltDestinations,
  type DestinationConfigEntry,
  type DestinationPlugin,
} from './destinations/registry.js'
export { destinationCommonConfig, type DestinationCommonConfig } from './destinations/common.js'
export { webhookDestination, type WebhookPayload } from './destinations/webhook/index.js'
