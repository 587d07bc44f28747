/** API Gateway quotas for WebSocket APIs: "Idle Connection Timeout" 10 minutes. */
export const WEBSOCKET_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/** API Gateway quotas for WebSocket APIs: "Connection duration for WebSocket API" 2 hours. */
export const WEBSOCKET_MAX_CONNECTION_MS = 2 * 60 * 60 * 1000;

/**
 * API Gateway quotas for WebSocket APIs: "Message payload size" 128 KB (also PostToConnection's
 * Data, max 131072 in the model). A larger message closes the connection with 1009.
 */
export const WEBSOCKET_MAX_MESSAGE_BYTES = 128 * 1024;

/**
 * What the `ws` library buffers at most before closing with 1009 itself (no reason text): messages
 * between this and WEBSOCKET_MAX_MESSAGE_BYTES get API Gateway's own close, 1009 "Message too big".
 */
export const WEBSOCKET_BUFFER_GUARD_BYTES = 4 * WEBSOCKET_MAX_MESSAGE_BYTES;
