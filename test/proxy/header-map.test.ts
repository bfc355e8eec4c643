/**
 * Headers as Node holds them, read and copied the way the gateway's policies need.
 */
import { appendHeader, copyHeaders, headerValue, MutableHeaderMap } from '../../src/proxy/header-map';

test('a repeated header reads as its values joined with a comma, as Envoy reads it', () => {
  expect(headerValue({ 'x-a': ['1', '2'] }, 'x-a')).toBe('1,2');
  expect(headerValue({ 'content-length': 12 }, 'content-length')).toBe('12');
  expect(headerValue({ 'x-a': undefined }, 'x-a')).toBeUndefined();
  expect(headerValue({}, 'x-a')).toBeUndefined();
});

test('a copy leaves absent entries out, turns numbers into text, and does not share lists', () => {
  const list = ['a', 'b'];
  const copy = copyHeaders({ 'x-list': list, 'content-length': 3, 'x-gone': undefined });
  expect(copy).toEqual({ 'x-list': ['a', 'b'], 'content-length': '3' });
  (copy['x-list'] as string[]).push('c');
  expect(list).toEqual(['a', 'b']);
});

test('appending adds one more occurrence', () => {
  const headers: MutableHeaderMap = {};
  appendHeader(headers, 'x-a', '1');
  expect(headers).toEqual({ 'x-a': '1' });
  appendHeader(headers, 'x-a', '2');
  appendHeader(headers, 'x-a', '3');
  expect(headers).toEqual({ 'x-a': ['1', '2', '3'] });
});
