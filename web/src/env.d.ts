/// <reference types="vite/client" />
/// <reference types="svelte" />

interface ImportMetaEnv {
  /** The WebSocket API's URL in AWS; unset locally, where the inbox's own server answers on /ws. */
  readonly VITE_WEBSOCKET_URL?: string;
}
