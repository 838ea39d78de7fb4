import type { Clock, TimerHandle } from "../runModel/clock";

interface Timer {
    id: number;
    at: number;
    callback: () => void;
}

/** A clock whose time moves only when told to, running due timers in order: hours simulate in milliseconds. */
export class VirtualClock implements Clock {
    private time = 0;
    private nextId = 1;
    private timers: Timer[] = [];

    now(): number {
        return this.time;
    }

    setTimeout(callback: () => void, delayMs: number): TimerHandle {
        const timer = { id: this.nextId++, at: this.time + Math.max(0, delayMs), callback };
        this.timers.push(timer);
        return timer.id;
    }

    clearTimeout(handle: TimerHandle): void {
        this.timers = this.timers.filter((t) => t.id !== handle);
    }

    pendingTimers(): number {
        return this.timers.length;
    }

    /** When the next timer is due; undefined when none is set. */
    nextTimerAt(): number | undefined {
        return this.timers.length === 0 ? undefined : Math.min(...this.timers.map((t) => t.at));
    }

    /** Runs every timer due up to `time`, in time order (ties in creation order), then sets the time. */
    advanceTo(time: number): void {
        for (;;) {
            const due = this.timers.filter((t) => t.at <= time).sort((a, b) => a.at - b.at || a.id - b.id)[0];
            if (!due) break;
            this.timers = this.timers.filter((t) => t !== due);
            this.time = due.at;
            due.callback();
        }
        this.time = time;
    }
}
