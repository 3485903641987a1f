import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSettings, SettingsError } from '@kumiko/api';
import { zoneCpSettings } from '../zone-cp-settings.js';

describe('DP server authentication settings', () => {
  it('given nothing set, then proxies need tokens (Kuma’s defaults) and the DP server speaks TLS only', () => {
    const config = loadSettings(zoneCpSettings, {});
    assert.deepEqual([config.dpServerAuthnDpProxyType, config.dpServerAuthnZoneProxyType], ['dpToken', 'zoneToken']);
    assert.equal(config.dpServerTlsEnabled, true);
  });

  it('given none, chosen explicitly, then it is taken', () => {
    const config = loadSettings(zoneCpSettings, {
      KUMA_DP_SERVER_AUTHN_DP_PROXY_TYPE: 'none',
      KUMA_DP_SERVER_AUTHN_ZONE_PROXY_TYPE: 'none',
    });
    assert.deepEqual([config.dpServerAuthnDpProxyType, config.dpServerAuthnZoneProxyType], ['none', 'none']);
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
