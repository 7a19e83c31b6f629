/** HTTP and WebSocket paths of the contract. */
export const PATHS = {
  /** WebSocket paths; existing clients use both, and both behave the same. */
  websocket: ['/ws/monitoring/pipeline-status', '/api/v1/ws/monitoring/pipeline-status'],
  status: '/api/v1/monitoring/pipeline-status',
  sse: '/api/v1/monitoring/pipeline-status/stream',
  health: ['/api/health', '/api/v1/public/health'],
  metrics: '/metrics',
} as const;
