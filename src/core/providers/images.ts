// Images on user turns: the size limits checked before a request leaves, and the data URL both
// modes put on the wire (OpenRouter takes base64 images as `image_url` data URLs).
import { ProviderError } from './errors';
import type { ChatMessage, ImageInput } from './types';

/**
 * Per image: Anthropic's API refuses a base64 image over 5 MB and Mistral's over 10 MB; OpenRouter
 * passes images on to whichever provider serves the model, so the smallest common limit holds.
 */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/**
 * All images of one request: Gemini takes at most 20 MB of inline data per request, and base64 makes
 * 12 MB of images about 16 MB, which leaves room for the conversation's text.
 */
export const MAX_IMAGES_TOTAL_BYTES = 12 * 1024 * 1024;

/** The image types OpenRouter documents for `image_url` inputs. */
export const IMAGE_MIME_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/** Bytes an image decodes to, from the length of its base64 text. */
export function imageBytes(image: ImageInput): number {
  const b64 = image.base64;
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - padding);
}

export function imageDataUrl(image: ImageInput): string {
  return `data:${image.mimeType};base64,${image.base64}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The first rule (type, size) the request's images break, as an error part's error; nothing when they fit. */
export function imageLimitError(messages: readonly ChatMessage[], model: string): ProviderError | undefined {
  let total = 0;
  for (const m of messages) {
    if (m.role !== 'user') continue;
    for (const image of m.images ?? []) {
      if (!IMAGE_MIME_TYPES.includes(image.mimeType.toLowerCase())) {
        return new ProviderError({
          kind: 'bad_request',
          message: `The request was not sent: an image of type ${image.mimeType} is not among ${IMAGE_MIME_TYPES.join(', ')}.`,
          model,
          notSent: true,
          detail: 'image_type',
        });
      }
      const bytes = imageBytes(image);
      if (bytes > MAX_IMAGE_BYTES) {
        return new ProviderError({
          kind: 'bad_request',
          message: `The request was not sent: an image of ${megabytes(bytes)} is larger than ${megabytes(MAX_IMAGE_BYTES)}.`,
          model,
          notSent: true,
          detail: 'image_too_large',
        });
      }
      total += bytes;
    }
  }
  if (total > MAX_IMAGES_TOTAL_BYTES) {
    return new ProviderError({
      kind: 'bad_request',
      message: `The request was not sent: its images take ${megabytes(total)} together, more than ${megabytes(MAX_IMAGES_TOTAL_BYTES)}.`,
      model,
      notSent: true,
      detail: 'images_too_large',
    });
  }
  return undefined;
}
