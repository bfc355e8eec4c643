/**
 * `logicalNames`: the Pulumi logical name of each synthesized object, `<component>/<construct path>` with a last
 * `Resource` or `Default` segment left out, one per path and in order; two paths giving one name are refused.
 */
import { logicalNames } from '../../src/pulumi/logical-names';

describe('logicalNames', () => {
  test('prefixes each construct path with the component\'s name, in order', () => {
    expect(logicalNames('ingress', ['article-ingress/default-gateway/deployment', 'article-apps/counter', 'article-apps/mysql'])).toEqual([
      'ingress/article-ingress/default-gateway/deployment',
      'ingress/article-apps/counter',
      'ingress/article-apps/mysql',
    ]);
  });

  test.each([
    ['apps/counter-service/Resource', 'ingress/apps/counter-service'],
    ['apps/counter-service/Default', 'ingress/apps/counter-service'],
    ['apps/Resource/service', 'ingress/apps/Resource/service'],
    ['apps/Default/service', 'ingress/apps/Default/service'],
    ['apps/service/Resource/Resource', 'ingress/apps/service/Resource'],
    ['apps/service/Default/Resource', 'ingress/apps/service/Default'],
    ['apps/service/resource', 'ingress/apps/service/resource'],
    ['apps/service/ResourceX', 'ingress/apps/service/ResourceX'],
  ])('%s is named %s', (path, name) => {
    expect(logicalNames('ingress', [path])).toEqual([name]);
  });

  test('a path of one segment keeps it, even Resource or Default', () => {
    expect(logicalNames('ingress', ['Resource', 'Default', 'chart'])).toEqual(['ingress/Resource', 'ingress/Default', 'ingress/chart']);
  });

  test('empty segments are left out', () => {
    expect(logicalNames('ingress', ['/apps//counter/', 'apps/service//Resource/'])).toEqual(['ingress/apps/counter', 'ingress/apps/service']);
  });

  test('an empty path is named after the component', () => {
    expect(logicalNames('ingress', [''])).toEqual(['ingress']);
  });

  test('no paths give no names', () => {
    expect(logicalNames('ingress', [])).toEqual([]);
  });

  test('the component\'s name is used as given', () => {
    expect(logicalNames('prod/ingress', ['apps/counter/Resource'])).toEqual(['prod/ingress/apps/counter']);
  });

  test('a name depends only on its own path: adding, removing or renaming others renames nothing', () => {
    const before = logicalNames('ingress', ['apps/a/Resource', 'apps/b', 'apps/c/Default']);
    const after = logicalNames('ingress', ['apps/new/Resource', 'apps/c/Default', 'apps/a/Resource']);
    expect(after[2]).toBe(before[0]);
    expect(after[1]).toBe(before[2]);
  });

  test('the same paths under another component give other names', () => {
    const paths = ['apps/a/Resource', 'apps/b'];
    const ours = logicalNames('blue', paths);
    const theirs = logicalNames('green', paths);
    ours.forEach((name, i) => expect(name).not.toBe(theirs[i]));
  });

  test.each([
    ['a construct and the object it wraps', ['apps/counter', 'apps/counter/Resource'], 'ingress/apps/counter'],
    ['Resource and Default under one construct', ['apps/counter/Default', 'apps/counter/Resource'], 'ingress/apps/counter'],
    ['one path twice', ['apps/a', 'apps/b', 'apps/a'], 'ingress/apps/a'],
    ['paths differing by empty segments', ['apps/a', 'apps//a/'], 'ingress/apps/a'],
  ])('throws when two paths give one name: %s', (_case, paths, name) => {
    const [first, second] = paths.filter((p) => p !== 'apps/b');
    expect(() => logicalNames('ingress', paths)).toThrow(
      `the objects at ${first} and ${second} would both be named '${name}'; give one of their constructs another id`);
  });

  test('names that differ only in case are distinct', () => {
    expect(logicalNames('ingress', ['apps/Counter', 'apps/counter'])).toEqual(['ingress/apps/Counter', 'ingress/apps/counter']);
  });
});
