import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of the GitHub REST endpoints Dossier uses to propose an entry, on loopback, shaped after GitHub's
 * OpenAPI description (github/rest-api-description): `repos/get`, `git/get-ref`, `git/create-ref`,
 * `repos/get-content`, `repos/create-or-update-file-contents`, `pulls/list`, `pulls/create`. It keeps
 * branches, files per branch and pull requests, records every request, and answers like GitHub does
 * when the token is wrong (401 Bad credentials), may not write (403), the file moved (409) or a
 * reference or pull request already exists (422).
 *
 *   const github = await startFakeGitHub({ owner: 'coalition', repo: 'knowledge', token: 't' });
 *   GITHUB_API_URL=github.url; github.branches; github.files.get('kb/x')?.get('knowledge/x.md'); github.pulls
 *   github.token = 'revoked' (next calls 401); github.readOnly = true (writes 403); github.script(409)
 */
export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  html_url: string;
}

export interface FakeGitHub {
  url: string;
  token: string;
  readOnly: boolean;
  readonly branches: Map<string, string>;
  /** branch → path → text */
  readonly files: Map<string, Map<string, string>>;
  readonly pulls: FakePull[];
  readonly requests: { method: string; path: string; status: number; body: unknown }[];
  /** The next write (PUT contents) answers this status once. */
  script(status: 409 | 500): void;
  stop(): Promise<void>;
}

const sha = (text: string) => createHash('sha1').update(text).digest('hex');

export async function startFakeGitHub(options: {
  owner: string;
  repo: string;
  token: string;
  defaultBranch?: string;
  files?: Record<string, string>;
}): Promise<FakeGitHub> {
  const { owner, repo } = options;
  const base = options.defaultBranch ?? 'main';
  const branches = new Map<string, string>([[base, sha('initial')]]);
  const files = new Map<string, Map<string, string>>([[base, new Map(Object.entries(options.files ?? {}))]]);
  const pulls: FakePull[] = [];
  const requests: FakeGitHub['requests'] = [];
  let scripted: number | undefined;
  let port = 0;
  const api = () => `http://127.0.0.1:${port}`;
  const doc = 'https://docs.github.com/rest';

  const state: FakeGitHub = {
    url: '',
    token: options.token,
    readOnly: false,
    branches,
    files,
    pulls,
    requests,
    script(status) {
      scripted = status;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const refObject = (branch: string) => ({
    ref: `refs/heads/${branch}`,
    node_id: `REF_${branch}`,
    url: `${api()}/repos/${owner}/${repo}/git/refs/heads/${branch}`,
    object: {
      sha: branches.get(branch),
      type: 'commit',
      url: `${api()}/repos/${owner}/${repo}/git/commits/${branches.get(branch)}`,
    },
  });
  const contentObject = (path: string, text: string) => ({
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(text),
    name: path.split('/').pop(),
    path,
    // GitHub wraps the base64 at 60 characters.
    content: (
      Buffer.from(text)
        .toString('base64')
        .match(/.{1,60}/g) ?? []
    ).join('\n'),
    sha: sha(`blob ${text}`),
    url: `${api()}/repos/${owner}/${repo}/contents/${path}`,
    git_url: `${api()}/repos/${owner}/${repo}/git/blobs/${sha(`blob ${text}`)}`,
    html_url: `https://github.com/${owner}/${repo}/blob/main/${path}`,
    download_url: `https://raw.githubusercontent.com/${owner}/${repo}/main/${path}`,
    _links: { self: `${api()}/repos/${owner}/${repo}/contents/${path}`, git: null, html: null },
  });
  const pullObject = (p: FakePull) => ({
    url: `${api()}/repos/${owner}/${repo}/pulls/${p.number}`,
    id: 1000 + p.number,
    number: p.number,
    state: p.state,
    title: p.title,
    body: p.body,
    html_url: p.html_url,
    head: { label: `${owner}:${p.head}`, ref: p.head, sha: branches.get(p.head) },
    base: { label: `${owner}:${p.base}`, ref: p.base, sha: branches.get(p.base) },
    user: { login: 'dossier-bot' },
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    const record = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), status: 0, body };
    requests.push(record);
    const reply = (status: number, json: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(json));
    };
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${state.token}` && auth !== `Bearer ${state.token}`)
      return reply(401, { message: 'Bad credentials', documentation_url: doc, status: '401' });
    const prefix = `/repos/${owner}/${repo}`;
    const path = decodeURIComponent(url.pathname);
    if (!path.startsWith(prefix))
      return reply(404, { message: 'Not Found', documentation_url: doc, status: '404' });
    const route = path.slice(prefix.length);
    const write = req.method !== 'GET';
    if (write && state.readOnly)
      return reply(403, {
        message: 'Resource not accessible by personal access token',
        documentation_url: doc,
        status: '403',
      });

    if (req.method === 'GET' && route === '')
      return reply(200, {
        id: 1,
        name: repo,
        full_name: `${owner}/${repo}`,
        owner: { login: owner },
        private: false,
        default_branch: base,
        html_url: `https://github.com/${owner}/${repo}`,
      });
    const getRef = /^\/git\/ref\/heads\/(.+)$/.exec(route);
    if (req.method === 'GET' && getRef) {
      const branch = getRef[1] ?? '';
      return branches.has(branch)
        ? reply(200, refObject(branch))
        : reply(404, { message: 'Not Found', documentation_url: doc, status: '404' });
    }
    if (req.method === 'POST' && route === '/git/refs') {
      const ref = String(body?.ref ?? '');
      const branch = ref.replace(/^refs\/heads\//, '');
      if (!ref.startsWith('refs/heads/') || typeof body?.sha !== 'string')
        return reply(422, { message: 'Invalid request.', documentation_url: doc, status: '422' });
      if (branches.has(branch))
        return reply(422, { message: 'Reference already exists', documentation_url: doc, status: '422' });
      const from = [...branches].find(([, s]) => s === body.sha)?.[0];
      if (!from)
        return reply(422, { message: 'Object does not exist', documentation_url: doc, status: '422' });
      branches.set(branch, String(body.sha));
      files.set(branch, new Map(files.get(from)));
      return reply(201, refObject(branch));
    }
    const contents = /^\/contents\/(.+)$/.exec(route);
    if (contents) {
      const file = contents[1] ?? '';
      const branch =
        (req.method === 'GET' ? url.searchParams.get('ref') : (body?.branch as string | undefined)) ?? base;
      const tree = files.get(branch);
      if (!tree)
        return reply(404, {
          message: `No commit found for the ref ${branch}`,
          documentation_url: doc,
          status: '404',
        });
      const current = tree.get(file);
      if (req.method === 'GET')
        return current === undefined
          ? reply(404, { message: 'Not Found', documentation_url: doc, status: '404' })
          : reply(200, contentObject(file, current));
      if (req.method === 'PUT') {
        if (scripted) {
          const status = scripted;
          scripted = undefined;
          return reply(status, {
            message: status === 409 ? `${file} does not match ${sha('other')}` : 'Server Error',
            documentation_url: doc,
            status: String(status),
          });
        }
        if (typeof body?.message !== 'string' || typeof body.content !== 'string')
          return reply(422, {
            message: 'Invalid request.\n\n"message" and "content" are required.',
            documentation_url: doc,
            status: '422',
          });
        if (current !== undefined && body.sha === undefined)
          return reply(422, {
            message: 'Invalid request.\n\n"sha" wasn\'t supplied.',
            documentation_url: doc,
            status: '422',
          });
        if (current !== undefined && body.sha !== sha(`blob ${current}`))
          return reply(409, {
            message: `${file} does not match ${String(body.sha)}`,
            documentation_url: doc,
            status: '409',
          });
        const next = Buffer.from(body.content, 'base64').toString('utf8');
        tree.set(file, next);
        const commit = sha(`${branch}${file}${next}${Date.now()}`);
        branches.set(branch, commit);
        return reply(current === undefined ? 201 : 200, {
          content: contentObject(file, next),
          commit: {
            sha: commit,
            message: body.message,
            html_url: `https://github.com/${owner}/${repo}/commit/${commit}`,
          },
        });
      }
    }
    if (route === '/pulls' && req.method === 'GET') {
      const head = url.searchParams.get('head');
      const wanted = url.searchParams.get('state') ?? 'open';
      return reply(
        200,
        pulls
          .filter((p) => (!head || `${owner}:${p.head}` === head) && (wanted === 'all' || p.state === wanted))
          .map(pullObject),
      );
    }
    if (route === '/pulls' && req.method === 'POST') {
      const head = String(body?.head ?? '');
      const into = String(body?.base ?? '');
      if (!branches.has(head) || !branches.has(into))
        return reply(422, {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
          documentation_url: doc,
          status: '422',
        });
      if (pulls.some((p) => p.head === head && p.state === 'open'))
        return reply(422, {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${owner}:${head}.`,
            },
          ],
          documentation_url: doc,
          status: '422',
        });
      const number = pulls.length + 1;
      const pull: FakePull = {
        number,
        title: String(body?.title ?? ''),
        body: String(body?.body ?? ''),
        head,
        base: into,
        state: 'open',
        html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
      };
      pulls.push(pull);
      return reply(201, pullObject(pull));
    }
    return reply(404, { message: 'Not Found', documentation_url: doc, status: '404' });
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  state.url = api();
  return state;
}
