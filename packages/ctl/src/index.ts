/**
 * @kumiko/ctl — kumikoctl: validate resources, query the control planes.
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export {};
