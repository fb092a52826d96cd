export * from './types.ts';
export {
  addSubscription,
  deliveryLog,
  listSubscriptions,
  publicSubscription,
  removeSubscription,
  validateSubscription,
  WebhookError,
} from './subscriptions.ts';
export {
  deliverEvent,
  postSigned,
  retryDueDeliveries,
  testDelivery,
  type TestDeliveryResult,
  DELIVERY_HEADER,
  EVENT_HEADER,
} from './deliver.ts';
export {
  publishWorkspaceChanges,
  SNAPSHOT_METRICS,
  type PublishOptions,
  type PublishResult,
} from './publish.ts';
