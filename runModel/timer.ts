import type { Clock, TimerHandle } from "./clock";

/** One timer slot: waiting or not. Starting it again replaces the wait. */
export interface Timer {
    start(callback: () => void, delayMs: number): void;
    stop(): void;
    isWaiting(): boolean;
}

export function createTimer(clock: Clock): Timer {
    let handle: TimerHandle | undefined;
    const stop = () => {
        if (handle !== undefined) clock.clearTimeout(handle);
        handle = undefined;
    };
    return {
        start(callback, delayMs) {
            stop();
            handle = clock.setTimeout(() => {
                handle = undefined;
                callback();
            }, delayMs);
        },
        stop,
        isWaiting: () => handle !== undefined,
    };
}
