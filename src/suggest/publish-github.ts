import { Octokit } from '@octokit/rest';
import { type EntryChange, PublishError, type Publisher, type PublishResult } from './publish.js';

export interface GitHubSettings {
  token: string;
  owner: string;
  repo: string;
  /** https://api.github.com, a GitHub Enterprise API, or a fake in tests. */
  apiUrl: string;
  /** The branch pull requests target; the repository's default branch when unset. */
  baseBranch?: string | undefined;
  /** The knowledge folder's path inside the repository ("knowledge"). */
  knowledgePath: string;
}

/**
 * PUBLISH_MODE=github: a pull request on the coalition's knowledge repository, on a branch named after the
 * entry, with the new or changed file and the suggestion and curator's note in its description. Each step
 * first looks for its own earlier result (branch, identical file, open pull request), so publishing again
 * after a restart adds nothing twice. The knowledge base changes only when a maintainer merges and the
 * bot's checkout is pulled (KNOWLEDGE_GIT_PULL_MINUTES).
 */
export function createGitHubPublisher(
  settings: GitHubSettings,
  options: { fetch?: typeof fetch } = {},
): Publisher {
  const octokit = new Octokit({
    auth: settings.token,
    baseUrl: settings.apiUrl.replace(/\/+$/, ''),
    userAgent: 'dossier-bot',
    // 404s are how this module asks "does it exist yet?": not worth a console line each.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
  });
  const { owner, repo } = settings;

  async function publish(change: EntryChange): Promise<PublishResult> {
    const path = `${settings.knowledgePath ? `${settings.knowledgePath}/` : ''}${change.path}`;
    const branch = `kb/${change.entryId}-${change.suggestionId}`;
    const base = settings.baseBranch ?? (await octokit.rest.repos.get({ owner, repo })).data.default_branch;

    let created = false;
    const existingBranch = await optional(() =>
      octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }),
    );
    if (!existingBranch) {
      const baseRef = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${base}` });
      await octokit.rest.git.createRef({
        owner,
        repo,
        ref: `refs/heads/${branch}`,
        sha: baseRef.data.object.sha,
      });
      created = true;
    }

    const file = await optional(() => octokit.rest.repos.getContent({ owner, repo, path, ref: branch }));
    const current = file && !Array.isArray(file.data) && file.data.type === 'file' ? file.data : undefined;
    const currentText =
      current && 'content' in current ? Buffer.from(current.content, 'base64').toString('utf8') : undefined;
    let wrote = false;
    if (currentText !== change.text) {
      // On a branch this bot made earlier for the same suggestion, the file is the previous draft: replace it.
      if (change.kind === 'new' && currentText !== undefined && created)
        throw new PublishError(
          `GitHub: ${path} already exists on ${base}: edit the draft's id and publish again`,
        );
      await octokit.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path,
        branch,
        message: `${change.kind === 'new' ? 'Add' : 'Update'} ${change.entryId} (member suggestion ${change.suggestionId})`,
        content: Buffer.from(change.text, 'utf8').toString('base64'),
        ...(current?.sha ? { sha: current.sha } : {}),
      });
      wrote = true;
    }

    const open = await octokit.rest.pulls.list({ owner, repo, head: `${owner}:${branch}`, state: 'open' });
    const existingPr = open.data[0];
    if (existingPr)
      return { mode: 'github', path, branch, url: existingPr.html_url, already: !wrote && !created };
    const pr = await octokit.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base,
      title: `${change.kind === 'new' ? 'New entry' : 'New source for'}: ${change.entryId}`,
      body: describeChange(change),
    });
    return { mode: 'github', path, branch, url: pr.data.html_url, already: false };
  }

  return {
    mode: 'github',
    async publish(change) {
      try {
        return await publish(change);
      } catch (error) {
        throw explain(error);
      }
    },
  };
}

function describeChange(change: EntryChange): string {
  const quote = (text: string) =>
    text
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
  return [
    `Suggested by a member in Discord (suggestion \`${change.suggestionId}\`), accepted by curator ${change.curator}.`,
    '',
    `**Link:** ${change.url}`,
    '',
    '**What the member said:**',
    quote(change.memberNote),
    ...(change.curatorNote ? ['', "**Curator's note:**", quote(change.curatorNote)] : []),
    '',
    `The entry passed \`kb check\` when the bot made this pull request. The bot reloads the knowledge base after the merge.`,
  ].join('\n');
}

/** The call's result, or undefined when GitHub answers 404. */
async function optional<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

const statusOf = (error: unknown) => (error as { status?: unknown } | null)?.status;

/** GitHub's refusals in words a curator can act on. */
function explain(error: unknown): Error {
  if (error instanceof PublishError) return error;
  const status = statusOf(error);
  const message =
    ((error as { response?: { data?: { message?: unknown } } }).response?.data?.message as
      string | undefined) ?? (error instanceof Error ? error.message : String(error));
  switch (status) {
    case 401:
      return new PublishError(`GitHub refused the token (401 ${message}): check GITHUB_TOKEN`);
    case 403:
      return new PublishError(`GitHub refused: the token may not write to this repository (403 ${message})`);
    case 404:
      return new PublishError(
        `GitHub: the repository or branch was not found, or the token cannot see it (404 ${message})`,
      );
    case 409:
      return new PublishError(`GitHub: conflict (409 ${message}); try again`);
    case 422:
      return new PublishError(`GitHub refused the change (422 ${message})`);
    default:
      return new PublishError(
        status
          ? `GitHub answered ${String(status)} (${message})`
          : `GitHub could not be reached (${message})`,
      );
  }
}
