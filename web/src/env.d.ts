/// <reference types="vite/client" />
/// <reference types="svelte" />

interface ImportMetaEnv {
  /** The HTTP API's URL in AWS (output HttpApiUrl); unset locally, where the inbox's own server answers. */
  readonly VITE_API_URL?: string;
  /** The WebSocket API's URL in AWS; unset locally, where the inbox's own server answers on /ws. */
  readonly VITE_WEBSOCKET_URL?: string;
  /** Cognito's hosted sign-in (AWS); unset locally, where the local identity provider signs staff in. */
  readonly VITE_COGNITO_DOMAIN?: string;
  readonly VITE_COGNITO_CLIENT_ID?: string;
}
