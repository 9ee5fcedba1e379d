import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake OpenAI-compatible server on loopback, so tests drive the real `openai` client over real HTTP.
 * Each test scripts the replies it wants, in order; every request is recorded for assertions.
 */
export type ScriptedReply =
  /** A structured answer (JSON content, as a json_schema-honouring server sends). */
  | { kind: 'answer'; sentences: { text: string; citations: number[] }[]; covered?: boolean }
  /** Any assistant text, verbatim: plain `[n]`-marked prose, or broken JSON. */
  | { kind: 'text'; content: string }
  /** The model's own refusal field (OpenAI's `message.refusal`). */
  | { kind: 'refusal'; refusal: string }
  /** Accept the request and never answer (until the server closes). */
  | { kind: 'hang' }
  /** An HTTP error status with an OpenAI-style error body. */
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string> }
  /** A 200 whose body is not JSON at all. */
  | { kind: 'raw'; body: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** Whether the request asked for structured output. */
  structured: boolean;
}

export interface FakeOpenAi {
  /** Pass as the client's baseURL. */
  baseUrl: string;
  requests: RecordedRequest[];
  enqueue(...replies: ScriptedReply[]): void;
  /** Replies scripted but not yet consumed. */
  pending(): number;
  close(): Promise<void>;
}

export interface FakeOpenAiOptions {
  /** False: reject any request carrying response_format with a 400, as many local servers do. */
  structuredOutput?: boolean;
  /** Usage reported with every completion. */
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const usage = options.usage ?? { prompt_tokens: 120, completion_tokens: 40 };

  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Recorded as empty: the real client always sends JSON.
    }
    const structured = body.response_format !== undefined;
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, structured });

    if (req.url !== '/v1/chat/completions') return sendError(res, 404, `fake: no route ${req.url}`);
    if (structured && options.structuredOutput === false)
      return sendError(res, 400, "response_format 'json_schema' is not supported by this server");
    const reply = queue.shift();
    if (!reply) return sendError(res, 500, 'fake: no scripted reply left');
    switch (reply.kind) {
      case 'hang':
        return; // never answered; closeAllConnections() ends it
      case 'status':
        return sendError(res, reply.status, reply.message ?? `status ${reply.status}`, reply.headers);
      case 'raw':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(reply.body);
      case 'refusal':
        return sendCompletion(res, body, { content: null, refusal: reply.refusal }, usage);
      case 'text':
        return sendCompletion(res, body, { content: reply.content, refusal: null }, usage);
      case 'answer':
        return sendCompletion(
          res,
          body,
          {
            content: JSON.stringify({ covered: reply.covered ?? true, sentences: reply.sentences }),
            refusal: null,
          },
          usage,
        );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    pending: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type: 'invalid_request_error', code: null, param: null } }));
}

function sendCompletion(
  res: ServerResponse,
  request: Record<string, unknown>,
  message: { content: string | null; refusal: string | null },
  usage: { prompt_tokens: number; completion_tokens: number },
) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: typeof request.model === 'string' ? request.model : 'fake',
      choices: [
        { index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', ...message } },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    }),
  );
}
