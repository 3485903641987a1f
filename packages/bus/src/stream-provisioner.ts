import { DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager, type StreamConfig } from 'nats';
import type { StreamDefinition } from '@kumiko/events';
import { jsErrorCode, JsErrorCodes } from './nats-errors.js';

export function toStreamConfig(definition: StreamDefinition): Partial<StreamConfig> & { name: string } {
  return {
    name: definition.name,
    subjects: [...definition.subjects],
    storage: definition.storage === 'file' ? StorageType.File : StorageType.Memory,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_msgs_per_subject: definition.maxMsgsPerSubject,
    duplicate_window: nanos(definition.duplicateWindowMs),
    allow_direct: definition.allowDirect,
    num_replicas: 1,
  };
}

function differs(current: StreamConfig, wanted: ReturnType<typeof toStreamConfig>): boolean {
  return (
    JSON.stringify([...(current.subjects ?? [])].sort()) !== JSON.stringify([...(wanted.subjects ?? [])].sort()) ||
    current.max_msgs_per_subject !== wanted.max_msgs_per_subject ||
    current.duplicate_window !== wanted.duplicate_window ||
    current.allow_direct !== wanted.allow_direct
  );
}

/**
 * Creates the stream or brings its settings up to date. Safe when several processes start at once:
 * losing the creation race turns into an update check.
 */
export async function ensureStream(jsm: JetStreamManager, definition: StreamDefinition): Promise<void> {
  const wanted = toStreamConfig(definition);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const info = await jsm.streams.info(definition.name);
      if (differs(info.config, wanted)) await jsm.streams.update(definition.name, wanted);
      return;
    } catch (error) {
      if (jsErrorCode(error) !== JsErrorCodes.streamNotFound) throw error;
    }
    try {
      await jsm.streams.add(wanted);
      return;
    } catch (error) {
      if (jsErrorCode(error) !== JsErrorCodes.streamNameInUse) throw error;
    }
  }
  throw new Error(`stream ${definition.name} could not be created or updated`);
}
