/** Node packages compiled by scripts/build-package.mjs, in build order. */
export declare const NODE_PACKAGES: readonly string[];
/** Why `name` needs a build, or undefined when its dist/ is current. */
export declare function staleness(name: string, options?: { types?: boolean }): string | undefined;
/** Builds what is stale; false (after logging why) when a build failed. */
export declare function ensureBuilt(
  log?: (message: string) => void,
  options?: { types?: boolean },
): boolean;
