/**
 * @kumiko/dp — kumiko-dp: bootstrap, Envoy supervision, DNS.
 *
 * The package's public door: everything other packages may use is exported here by name.
 */
export {};
