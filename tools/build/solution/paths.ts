import { join } from "node:path";

/** Where the build puts things and the packer takes them from, relative to the repository root. */
export const DEFAULT_PATHS = {
    control: join("out", "controls", "TriggerControl"),
    connector: "connector",
    source: join("solution", "src"),
    out: join("solution", "bin"),
} as const;
