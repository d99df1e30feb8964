/** Time on the current item, counted only while the widget is focused and on screen. */

export class ItemClock {
  private since: number | null = null; // start of the running stretch, null while paused
  private spent = 0; // ms of earlier stretches on this item
  private active = false;

  constructor(private now: () => number = () => performance.now()) {}

  /** A new item is on screen: from zero, running at once only if the widget is active. */
  restart(): void {
    this.spent = 0;
    this.since = this.active ? this.now() : null;
  }

  /** The widget gained or lost the focus (or went off screen): the clock runs only while active. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) {
      this.since = this.now();
    } else if (this.since !== null) {
      this.spent += this.now() - this.since;
      this.since = null;
    }
  }

  /** Seconds spent on the item so far: what a label stores as `seconds`. */
  seconds(): number {
    return (this.spent + (this.since === null ? 0 : this.now() - this.since)) / 1000;
  }
}
