import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import { DefaultRestOptions, type ResponseLike } from 'discord.js';
import { type Dispatcher, getGlobalDispatcher, Headers, type RequestInit } from 'undici';

/**
 * The HTTP call under discord.js's REST client (its `makeRequest` option): what its default does, through
 * undici's dispatcher instead of `undici.request`. The default wraps each response in a stream and a
 * fetch Headers object parsed from a header record, and costs about 15 µs more of the bot's thread per
 * reply; every reply and autocomplete answer pays it. discord.js's rate limits, retries, timeouts and
 * errors sit above this function and are unchanged. Bodies other than text or bytes (file uploads), and
 * headers other than a plain record (discord.js always sends one), go through the default as they are.
 */
export function makeRequest(url: string, init: RequestInit): Promise<ResponseLike> {
  const { body, headers } = init;
  if (
    (body !== null && body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) ||
    (headers !== null && headers !== undefined && Object.getPrototypeOf(headers) !== Object.prototype)
  )
    return DefaultRestOptions.makeRequest(url, init);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let rawHeaders: Buffer[] = [];
    let onAbort: (() => void) | undefined;
    const settle = () => {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    };
    const handler: Dispatcher.DispatchHandlers = {
      onConnect(abort) {
        if (!signal) return;
        if (signal.aborted) abort(signal.reason);
        else {
          onAbort = () => abort(signal.reason);
          signal.addEventListener('abort', onAbort, { once: true });
        }
      },
      onHeaders(statusCode, raw) {
        status = statusCode;
        rawHeaders = raw;
        return true;
      },
      onData(chunk) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        settle();
        resolve(response(status, rawHeaders, chunks));
      },
      onError(error) {
        settle();
        reject(error);
      },
    };
    try {
      const { origin, pathname, search } = new URL(url);
      const dispatcher = (init.dispatcher as Dispatcher | undefined) ?? getGlobalDispatcher();
      dispatcher.dispatch(
        {
          origin,
          path: pathname + search,
          method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
          headers: (headers ?? null) as Record<string, string> | null,
          body: body ?? null,
        },
        handler,
      );
    } catch (error) {
      settle();
      reject(error as Error);
    }
  });
}

/** A complete response as discord.js's REST reads it: status, headers, and the body read once. */
function response(status: number, rawHeaders: readonly Buffer[], chunks: readonly Buffer[]): ResponseLike {
  const data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    headers.append(
      (rawHeaders[i] as Buffer).toString('latin1'),
      (rawHeaders[i + 1] as Buffer).toString('latin1'),
    );
  let used = false;
  let stream: Readable | undefined;
  const take = () => {
    if (used) throw new TypeError('Body is unusable: Body has already been read');
    used = true;
    return data;
  };
  return {
    get body() {
      stream ??= Readable.from([data]);
      return stream;
    },
    async arrayBuffer() {
      const d = take();
      return d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer;
    },
    async json() {
      return JSON.parse(take().toString('utf8')) as unknown;
    },
    async text() {
      return take().toString('utf8');
    },
    get bodyUsed() {
      return used;
    },
    headers: headers as unknown as ResponseLike['headers'],
    status,
    statusText: STATUS_CODES[status] as string,
    ok: status >= 200 && status < 300,
  };
}
