import { describe, expect, it } from 'vitest';
import { addressRange } from './network-address';

describe('addressRange', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['not an address', 'reserved'],
  ])('%s is %s', (address, range) => {
    expect(addressRange(address)).toBe(range);
  });

  it('judges IPv6 forms that carry an IPv4 address by that address', () => {
    expect(addressRange('::ffff:127.0.0.1')).toBe('loopback');
    expect(addressRange('::ffff:7f00:1')).toBe('loopback');
    expect(addressRange('::ffff:169.254.169.254')).toBe('link-local');
    expect(addressRange('::ffff:93.184.216.34')).toBe('public');
    expect(addressRange('64:ff9b::10.0.0.1')).toBe('private'); // NAT64
    expect(addressRange('2002:a9fe:a9fe::1')).toBe('link-local'); // 6to4 of 169.254.169.254
    expect(addressRange('::10.0.0.1')).toBe('reserved'); // deprecated IPv4-compatible
    expect(addressRange('[::1]')).toBe('loopback'); // as URL.hostname gives it
  });

  it('does not take public neighbours of private ranges for private', () => {
    expect(addressRange('172.15.255.255')).toBe('public');
    expect(addressRange('172.32.0.0')).toBe('public');
    expect(addressRange('100.63.255.255')).toBe('public');
    expect(addressRange('100.128.0.0')).toBe('public');
    expect(addressRange('fbff::1')).toBe('public');
    expect(addressRange('fec0::1')).toBe('reserved');
  });
});
