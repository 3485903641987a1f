/**
 * @kumiko/events — Event unions, subjects and their escaping, stream and consumer definitions.
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export {};
