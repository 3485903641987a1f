/**
 * @kumiko/zone-cp — Zone control plane: REST, bootstrap, lifecycle, publisher, global replica, xDS wiring.
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export {};
