import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ZoneSubscriptionRow } from './database-schema.js';
import { closeSubscriptions, isZoneOnline, recordHeartbeat, ZONE_SUBSCRIPTION_LIMIT } from './zone-subscriptions.js';

const at = (second: number) => `2026-11-22T10:00:${String(second).padStart(2, '0')}.000Z`;
const beat = (instanceId: string, second: number, version = '0.1.0', config = '{}') => ({ instanceId, version, config, time: at(second) });

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('zone subscriptions after heartbeats', () => {
  it('given a zone never heard from, when its CP beats, then one open subscription records who and when', () => {
    const subscriptions = recordHeartbeat([], beat('cp-a', 1, '0.1.0', '{"mode":"zone"}'), 'global-1');
    assert.deepEqual(subscriptions, [
      {
        id: `cp-a/${at(1)}`,
        globalInstanceId: 'global-1',
        zoneInstanceId: 'cp-a',
        connectTime: at(1),
        status: { lastUpdateTime: at(1) },
        version: { kumaCp: { version: '0.1.0' } },
        config: '{"mode":"zone"}',
      },
    ]);
    assert.equal(isZoneOnline(subscriptions), true);
  });

  it('given an open subscription, when the same instance beats again, then it is refreshed in place (same id and connect time)', () => {
    const first = recordHeartbeat([], beat('cp-a', 1), 'global-1');
    const second = recordHeartbeat(first, beat('cp-a', 5, '0.2.0', '{"x":1}'), 'global-2');
    assert.equal(second.length, 1);
    assert.deepEqual(second[0], {
      ...first[0],
      status: { lastUpdateTime: at(5) },
      version: { kumaCp: { version: '0.2.0' } },
      config: '{"x":1}',
    });
  });

  it('given an open subscription, when another instance beats, then the old one closes at that time and a new one opens', () => {
    const first = recordHeartbeat([], beat('cp-a', 1), 'global-1');
    const second = recordHeartbeat(first, beat('cp-b', 7), 'global-1');
    assert.deepEqual(
      second.map((s) => [s.zoneInstanceId, s.connectTime, s.disconnectTime]),
      [
        ['cp-a', at(1), at(7)],
        ['cp-b', at(7), undefined],
      ],
    );
  });

  it('given a zone marked offline, when the same instance beats again, then a new subscription opens beside the closed one', () => {
    const offline = closeSubscriptions(recordHeartbeat([], beat('cp-a', 1), 'global-1'), at(40));
    const back = recordHeartbeat(offline, beat('cp-a', 45), 'global-1');
    assert.deepEqual(
      back.map((s) => [s.id, s.disconnectTime]),
      [
        [`cp-a/${at(1)}`, at(40)],
        [`cp-a/${at(45)}`, undefined],
      ],
    );
  });

  it(`given a zone whose CP restarted many times, then only the last ${ZONE_SUBSCRIPTION_LIMIT} subscriptions are kept`, () => {
    let subscriptions: ZoneSubscriptionRow[] = [];
    for (let i = 0; i < ZONE_SUBSCRIPTION_LIMIT + 3; i++) subscriptions = recordHeartbeat(subscriptions, beat(`cp-${i}`, i), 'global-1');
    assert.equal(subscriptions.length, ZONE_SUBSCRIPTION_LIMIT);
    assert.equal(subscriptions[0]?.zoneInstanceId, 'cp-3');
    assert.equal(subscriptions.at(-1)?.zoneInstanceId, `cp-${ZONE_SUBSCRIPTION_LIMIT + 2}`);
    assert.equal(subscriptions.filter((s) => s.disconnectTime === undefined).length, 1, 'exactly one open');
  });

  it('given the caller’s subscriptions, then recording a heartbeat or closing them never mutates the input', () => {
    const input = deepFreeze(recordHeartbeat([], beat('cp-a', 1), 'global-1'));
    assert.doesNotThrow(() => recordHeartbeat(input, beat('cp-a', 2), 'global-1'));
    assert.doesNotThrow(() => recordHeartbeat(input, beat('cp-b', 2), 'global-1'));
    assert.doesNotThrow(() => closeSubscriptions(input, at(3)));
    assert.equal(input[0]?.disconnectTime, undefined);
  });
});

describe('closing subscriptions of a silent zone', () => {
  it('given open and closed subscriptions, then only the open ones get the disconnect time', () => {
    const history = recordHeartbeat(recordHeartbeat([], beat('cp-a', 1), 'g'), beat('cp-b', 2), 'g');
    const closed = closeSubscriptions(history, at(30));
    assert.deepEqual(
      closed.map((s) => s.disconnectTime),
      [at(2), at(30)],
    );
    assert.equal(isZoneOnline(closed), false);
  });
});

describe('zone online', () => {
  const open = {
    id: 'a',
    globalInstanceId: 'g',
    zoneInstanceId: 'a',
    connectTime: at(1),
    status: { lastUpdateTime: at(1) },
    version: { kumaCp: { version: 'v' } },
    config: '{}',
  };
  const closed = { ...open, disconnectTime: at(2) };
  const cases: Array<[string, ZoneSubscriptionRow[], boolean]> = [
    ['no subscriptions', [], false],
    ['only closed subscriptions', [closed, closed], false],
    ['an open subscription after closed ones', [closed, open], true],
  ];
  for (const [name, subscriptions, online] of cases) {
    it(`given ${name}, then the zone is ${online ? 'online' : 'offline'}`, () => assert.equal(isZoneOnline(subscriptions), online));
  }
});
