/** An append-only log of received updates in typed arrays (no per-message objects). */
export class ReceiveLog {
  #seq = new Float64Array(1 << 16);
  #receivedAtMs = new Float64Array(1 << 16);
  #stampedAtMs = new Float64Array(1 << 16);
  #length = 0;

  /** Entries since the last {@link drain}. */
  get length(): number {
    return this.#length;
  }

  add(seq: number, receivedAtMs: number, stampedAtMs: number): void {
    if (this.#length === this.#seq.length) this.#grow();
    this.#seq[this.#length] = seq;
    this.#receivedAtMs[this.#length] = receivedAtMs;
    this.#stampedAtMs[this.#length] = stampedAtMs;
    this.#length++;
  }

  /** Returns the entries logged so far and empties the log. */
  drain(): { seq: Float64Array; receivedAtMs: Float64Array; stampedAtMs: Float64Array } {
    const n = this.#length;
    const out = {
      seq: this.#seq.slice(0, n),
      receivedAtMs: this.#receivedAtMs.slice(0, n),
      stampedAtMs: this.#stampedAtMs.slice(0, n),
    };
    this.#length = 0;
    return out;
  }

  #grow(): void {
    const size = this.#seq.length * 2;
    const grow = (from: Float64Array) => {
      const to = new Float64Array(size);
      to.set(from);
      return to;
    };
    this.#seq = grow(this.#seq);
    this.#receivedAtMs = grow(this.#receivedAtMs);
    this.#stampedAtMs = grow(this.#stampedAtMs);
  }
}
