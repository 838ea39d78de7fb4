export type TimerHandle = unknown;

/** Time and timers, injected so that tests and the benchmark can run the tracker on a virtual clock. */
export interface Clock {
    now(): number;
    setTimeout(callback: () => void, delayMs: number): TimerHandle;
    clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
    now: () => Date.now(),
    setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
