/**
 * @kumiko/api — Resource types, decoding, Kuma's validation rules, REST error shapes, tag constants.
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export { BASED_ON_KUMA, KUMIKO_VERSION } from './version.js';
