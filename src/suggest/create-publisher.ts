import type { Config } from '../config.js';
import type { Publisher } from './publish.js';
import { createFilePublisher } from './publish-files.js';
import { createGitHubPublisher } from './publish-github.js';

/** The publisher PUBLISH_MODE names: files under the knowledge folder (default), or GitHub pull requests. */
export function createPublisher(
  config: Pick<Config, 'publish' | 'knowledgeDir'>,
  reload: () => Promise<{ version: string; problems: string[] }>,
): Publisher {
  if (config.publish.mode === 'github') return createGitHubPublisher(config.publish);
  return createFilePublisher({ knowledgeDir: config.knowledgeDir, reload });
}
