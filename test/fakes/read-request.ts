import type { IncomingMessage } from 'node:http';

/** One `files[n]` part of a multipart request. */
export interface Upload {
  index: number;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A request body as the fake Discord reads it; `malformed` says why a multipart body was refused. */
export interface ReadBody {
  body: unknown;
  uploads: Upload[];
  malformed: string | undefined;
}

/**
 * Reads a request's body as Discord does: JSON, or multipart/form-data with the JSON in a `payload_json`
 * part and each file in a `files[n]` part. A body that is not JSON is kept as text.
 */
export async function readRequestBody(req: IncomingMessage): Promise<ReadBody> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = req.headers['content-type'] ?? '';
  let body: unknown;
  let uploads: Upload[] = [];
  let malformed: string | undefined;
  if (contentType.startsWith('multipart/form-data')) {
    try {
      const form = await new Request('http://fake/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: raw,
      }).formData();
      const json = form.get('payload_json');
      body = typeof json === 'string' ? JSON.parse(json) : {};
      for (const [field, value] of form.entries()) {
        if (field === 'payload_json') continue;
        const index = field.match(/^files\[(\d+)\]$/)?.[1];
        if (index === undefined || typeof value === 'string') {
          malformed = `unexpected form field ${field}`;
          continue;
        }
        uploads.push({
          index: Number(index),
          filename: value.name,
          contentType: value.type,
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    } catch (error) {
      malformed = `multipart body could not be read: ${(error as Error).message}`;
      uploads = [];
    }
  } else {
    const text = raw.toString('utf8');
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
  }
  return { body, uploads, malformed };
}

/** How a route answers: a status, a JSON body (none for 204) and extra headers. */
export type Reply = (status: number, json?: unknown, headers?: Record<string, string>) => void;

/** Discord's error for a body that breaks its limits, listing what broke. */
export const invalidBody = (problems?: string[]) => ({
  message: 'Invalid Form Body',
  code: 50035,
  ...(problems ? { errors: problems } : {}),
});
