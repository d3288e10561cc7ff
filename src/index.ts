// trailkey's public API. The server, CloudTrail checks and log validation join it as they land.
export * from './policy/index.js';
