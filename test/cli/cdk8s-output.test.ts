import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { ARTICLE_CASES, cli, expectUsageError } from './cli-fixtures';
import { EXAMPLES } from '../../examples';

/** A cdk8s output directory as `cdk8s synth` leaves it when validations are configured: construct-metadata.json included. */
let dist: string;
beforeAll(() => {
  dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-gateway-cli-dist-')), 'dist');
  const app = new App({ outdir: dist, recordConstructMetadata: true });
  EXAMPLES['article-gateway'](app);
  app.synth();
});
afterAll(() => fs.rmSync(path.dirname(dist), { recursive: true, force: true }));

describe('-f on a cdk8s output directory with construct-metadata.json', () => {
  test('the metadata is there, beside the manifests', () => {
    expect(fs.readdirSync(dist)).toContain('construct-metadata.json');
  });

  test('analyze, routes, route and verify read the manifests and skip the metadata', async () => {
    const analyzed = await cli('analyze', '-f', dist);
    expect(analyzed).toMatchObject({ code: 0, stderr: '' });

    const routes = await cli('routes', '-f', `${dist}/`);
    expect(routes).toMatchObject({ code: 0, stderr: '' });
    expect(routes.stdout).toContain('counter.lab.example.com');

    const route = await cli('route', '-f', dist, '--port', '80', '--host', 'counter.lab.example.com', '--json');
    expect(route).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(route.stdout)).toMatchObject({ action: 'route', destinations: [{ host: 'counter.default.svc.cluster.local', port: 80 }] });

    expect(await cli('verify', '-f', dist, '--cases', ARTICLE_CASES)).toMatchObject({ code: 0, stderr: '' });
  });

  test('named explicitly, the metadata is a one-line error saying what it is', async () => {
    const file = path.join(dist, 'construct-metadata.json');
    for (const command of ['analyze', 'routes']) {
      expectUsageError(await cli(command, '-f', file),
        new RegExp(`^cdk8s-istio-gateway: ${file.replace(/[.]/g, '\\.')}: is cdk8s's construct metadata \\(.*\\), not a manifest; load the \\*\\.k8s\\.yaml files, or their directory`));
    }
  });
});
