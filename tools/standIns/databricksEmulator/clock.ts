/** The emulator's sense of time: Date.now by default, a hand-wound clock in tests. */
export type Clock = () => number;

export interface ManualClock {
    /** Pass as EmulatorOptions.now. */
    now: Clock;
    advance(ms: number): void;
    set(ms: number): void;
}

/**
 * A clock that moves only when told, so a test can step a run through its phases without sleeping.
 * It starts at the real time, so tokens minted with mintTestToken() stay valid for an hour of it.
 */
export function manualClock(startMs = Date.now()): ManualClock {
    let current = startMs;
    return {
        now: () => current,
        advance(ms: number) {
            current += ms;
        },
        set(ms: number) {
            current = ms;
        },
    };
}
