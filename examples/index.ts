/** Every example, by name: each adds its charts to an App. */
import { App } from 'cdk8s';
import { articleGateway } from './article-gateway';
import { canary } from './canary';
import { httpsOnly } from './https-only';
import { tlsPassthrough } from './tls-passthrough';

/** The examples `npm run synth` writes to dist/. */
export const EXAMPLES: Record<string, (app: App) => void> = {
  'article-gateway': articleGateway,
  'canary': canary,
  'https-only': httpsOnly,
  'tls-passthrough': tlsPassthrough,
};
