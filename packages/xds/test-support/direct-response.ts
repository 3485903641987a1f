/** Re-export of the direct_response filter config for tests (its generated name, `Config`, is too generic). */
export { Config as DirectResponseConfig } from '../src/generated/envoy/extensions/filters/network/direct_response/v3/config.js';
