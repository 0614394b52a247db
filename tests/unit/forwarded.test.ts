/** Which forwarding headers the server believes (src/lib/server/forwarded.ts, applied by scripts/serve.mjs). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTrustedProxies, normalizeAddress, trustedProxies } from '../../src/lib/server/forwarded.ts';

const spoofed = () => ({
  host: 'hoclieuso.example.vn',
  'x-forwarded-for': '10.0.0.99',
  'x-forwarded-host': 'hoclieuso.example.vn',
  'x-forwarded-proto': 'https',
  'x-forwarded-port': '443',
  forwarded: 'for=10.0.0.99;proto=https',
});

describe('trustedProxies', () => {
  test('defaults to the loopback addresses, and an empty value trusts nobody', () => {
    assert.deepEqual([...trustedProxies(undefined)], ['127.0.0.1', '::1']);
    assert.equal(trustedProxies('').size, 0);
    assert.deepEqual([...trustedProxies(' 10.1.2.3 , [::1],')], ['10.1.2.3', '::1']);
  });

  test('compares IPv4-mapped IPv6 addresses as IPv4', () => {
    assert.equal(normalizeAddress('::FFFF:127.0.0.1'), '127.0.0.1');
    assert.equal(normalizeAddress('[2001:db8::1]'), '2001:db8::1');
  });
});

describe('applyTrustedProxies', () => {
  test('from an untrusted peer every forwarding header is dropped: a spoofed client address is not believed', () => {
    const headers: Record<string, string | undefined> = spoofed();
    const client = applyTrustedProxies(headers, '203.0.113.7', trustedProxies(undefined));
    assert.equal(client, '203.0.113.7');
    assert.deepEqual(headers, { host: 'hoclieuso.example.vn' });
  });

  test('the control: the same headers from the trusted proxy are kept', () => {
    const headers: Record<string, string | undefined> = spoofed();
    applyTrustedProxies(headers, '::ffff:127.0.0.1', trustedProxies(undefined));
    assert.equal(headers['x-forwarded-proto'], 'https');
    assert.equal(headers['x-forwarded-host'], 'hoclieuso.example.vn');
    assert.equal(headers['x-forwarded-for'], '10.0.0.99');
  });

  test('with TRUSTED_PROXIES empty even the loopback peer is not trusted', () => {
    const headers: Record<string, string | undefined> = spoofed();
    applyTrustedProxies(headers, '127.0.0.1', trustedProxies(''));
    assert.equal(headers['x-forwarded-for'], undefined);
    assert.equal(headers['x-forwarded-proto'], undefined);
  });

  test('through trusted proxies the right-most untrusted address is the client, whatever the client prepended', () => {
    // The client claimed 1.1.1.1; the edge proxy saw 198.51.100.4 and passed it to the local Caddy (10.0.0.2).
    const headers: Record<string, string | undefined> = { 'x-forwarded-for': '1.1.1.1, 198.51.100.4, 10.0.0.2' };
    const client = applyTrustedProxies(headers, '127.0.0.1', trustedProxies('127.0.0.1,10.0.0.2'));
    assert.equal(client, '198.51.100.4');
    assert.equal(headers['x-forwarded-for'], '198.51.100.4');
  });

  test('repeated X-Forwarded-For headers count as one chain', () => {
    const headers: Record<string, string | string[] | undefined> = { 'x-forwarded-for': ['6.6.6.6', '198.51.100.4'] };
    assert.equal(applyTrustedProxies(headers, '127.0.0.1', trustedProxies(undefined)), '198.51.100.4');
  });

  test('a chain of trusted addresses only (a client on the proxy machine) gives its left-most one', () => {
    const headers: Record<string, string | undefined> = { 'x-forwarded-for': '::1, 127.0.0.1' };
    assert.equal(applyTrustedProxies(headers, '127.0.0.1', trustedProxies(undefined)), '::1');
  });

  test('no X-Forwarded-For from a trusted peer: the peer is the client', () => {
    const headers: Record<string, string | undefined> = { 'x-forwarded-for': ' , ' };
    assert.equal(applyTrustedProxies(headers, '127.0.0.1', trustedProxies(undefined)), '127.0.0.1');
    assert.equal('x-forwarded-for' in headers, false);
  });
});
