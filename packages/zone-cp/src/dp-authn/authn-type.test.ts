import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSettings, SettingsError } from '@kumiko/api';
import { zoneCpSettings } from '../zone-cp-settings.js';

describe('DP server authentication settings', () => {
  it('given nothing set, then both proxy kinds are unauthenticated (the temporary default)', () => {
    const config = loadSettings(zoneCpSettings, {});
    assert.equal(config.dpServerAuthnDpProxyType, 'none');
    assert.equal(config.dpServerAuthnZoneProxyType, 'none');
  });

  it('given dpToken and zoneToken, then they are taken', () => {
    const config = loadSettings(zoneCpSettings, {
      KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE: 'dpToken',
      KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE: 'zoneToken',
    });
    assert.deepEqual([config.dpServerAuthnDpProxyType, config.dpServerAuthnZoneProxyType], ['dpToken', 'zoneToken']);
  });

  it('given serviceAccountToken or another kind’s token, then the zone CP refuses to start, saying why', () => {
    assert.throws(
      () =>
        loadSettings(zoneCpSettings, {
          KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE: 'serviceAccountToken',
          KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE: 'dpToken',
        }),
      (error: unknown) => {
        assert.ok(error instanceof SettingsError);
        assert.deepEqual(error.problems, [
          'KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE="serviceAccountToken": serviceAccountToken authenticates Kubernetes service account tokens, and Kumiko runs on universal only: use dpToken or none',
          'KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE="dpToken": expected zoneToken or none',
        ]);
        return true;
      },
    );
  });
});
