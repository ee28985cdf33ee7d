import { describe, expect, it } from 'vitest';
import { connectionProfileSchema } from '../../../shared/settings';
import { takConnectionOf } from './takProfile';

const base = { id: 'p1', name: 'JOC', serverUrl: 'https://ops.example.org' };

describe('the TAK server of a connection profile', () => {
  it('connects to host:port with the profile’s TAK files', () => {
    const profile = connectionProfileSchema.parse({
      ...base,
      takServer: 'tak.example.org:8089',
      takCaFile: '/etc/tak/ca.pem',
      takCertFile: '/etc/tak/joc.pem',
      takKeyFile: '/etc/tak/joc.key',
    });
    expect(takConnectionOf(profile)).toEqual({
      host: 'tak.example.org',
      port: 8089,
      caFile: '/etc/tak/ca.pem',
      certFile: '/etc/tak/joc.pem',
      keyFile: '/etc/tak/joc.key',
    });
  });

  it('has no TAK layer without a server, and refuses an address that is not host:port', () => {
    expect(takConnectionOf(connectionProfileSchema.parse(base))).toBeNull();
    expect(connectionProfileSchema.safeParse({ ...base, takServer: 'https://tak:8089/' }).success).toBe(
      false,
    );
    expect(connectionProfileSchema.safeParse({ ...base, takCertFile: '\\\\share\\joc.pem' }).success).toBe(
      false,
    );
    expect(takConnectionOf({ takServer: 'tak:99999' })).toBeNull();
  });
});
