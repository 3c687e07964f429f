// Errors in OpenAI's shape (`{ error: { message, type, param, code } }`), so OpenAI-compatible
// clients show them as they show OpenAI's own, with the status each client acts on.
import type { FailureKind } from '../shared/errorKinds';

export interface GatewayErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    /** Seconds, sent as `Retry-After` (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  body(): GatewayErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const gatewayErrors = {
  unauthorized: () =>
    new GatewayError(401, 'invalid_request_error', 'invalid_api_key', 'Missing or wrong gateway token. Send "Authorization: Bearer <token>"; run "OpenRouter: Copy Gateway URL and Token" in VS Code.'),
  foreignHost: (host: string) =>
    new GatewayError(403, 'invalid_request_error', 'forbidden_host', `The Host header ${JSON.stringify(host)} is not this gateway's loopback address; requests must be sent to 127.0.0.1, localhost or [::1] on the gateway's port.`),
  invalidTarget: () => new GatewayError(400, 'invalid_request_error', 'invalid_url', 'The request URL is not a path on this gateway; send requests to /v1/... or /api/openrouter/....'),
  notFound: (path: string) => new GatewayError(404, 'invalid_request_error', 'not_found', `No route ${path} on this gateway.`),
  methodNotAllowed: (method: string, path: string) => new GatewayError(405, 'invalid_request_error', 'method_not_allowed', `${method} is not allowed on ${path}.`),
  tooLarge: (limit: number) => new GatewayError(413, 'invalid_request_error', 'body_too_large', `The request body is larger than the gateway's limit of ${limit} bytes.`),
  invalidJson: (why: string) => new GatewayError(400, 'invalid_request_error', 'invalid_json', `The request body is not valid JSON: ${why}`),
  invalidField: (param: string, why: string) => new GatewayError(400, 'invalid_request_error', 'invalid_request', `Invalid field ${param}: ${why}`, param),
  unknownModel: (model: string) =>
    new GatewayError(404, 'invalid_request_error', 'model_not_found', `The model ${JSON.stringify(model)} is not enabled in OpenRouter Dual. Use "auto" or one of GET /v1/models.`, 'model'),
  tooManyStreams: (limit: number) =>
    new GatewayError(429, 'rate_limit_error', 'too_many_concurrent_requests', `The gateway already serves ${limit} requests at once; try again when one ends.`, null, 1),
  stopping: () => new GatewayError(503, 'server_error', 'gateway_stopping', 'The gateway is stopping.', null, 5),
};

/** What a route that failed before any output answers with: the status follows the kind. */
export function failureError(kind: FailureKind, message: string, retryAt: number | undefined, now: number): GatewayError {
  const retryAfter = retryAt !== undefined ? Math.max(1, Math.ceil((retryAt - now) / 1000)) : undefined;
  switch (kind) {
    case 'budget_exhausted':
    case 'all_cooling_down':
    case 'rate_limited':
      return new GatewayError(429, 'rate_limit_error', kind, message, null, retryAfter ?? 60);
    // `unsupported`: the request needs a feature (tools, image input) no enabled model takes; the
    // client can ask without it or enable a model that has it, and no upstream failed.
    case 'bad_request':
    case 'unsupported':
      return new GatewayError(400, 'invalid_request_error', kind, message);
    case 'not_free':
      return new GatewayError(400, 'invalid_request_error', kind, message, 'model');
    case 'no_models':
      return new GatewayError(503, 'server_error', kind, message);
    default:
      // Every model tried failed (or the upstream key was refused): the gateway's upstream is at fault.
      return new GatewayError(502, 'upstream_error', kind, message);
  }
}
