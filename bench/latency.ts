/** Latencies of one kind of request, in milliseconds, and their percentiles. */
export class LatencyLog {
  private readonly ms: number[] = [];
  private sorted = true;

  add(ms: number): void {
    this.ms.push(ms);
    this.sorted = false;
  }

  get count(): number {
    return this.ms.length;
  }

  percentile(p: number): number {
    if (!this.sorted) {
      this.ms.sort((a, b) => a - b);
      this.sorted = true;
    }
    if (this.ms.length === 0) return 0;
    return this.ms[Math.min(this.ms.length - 1, Math.ceil((p / 100) * this.ms.length) - 1)]!;
  }

  summary(): string {
    const f = (p: number) => this.percentile(p).toFixed(0);
    return `n=${this.count} p50=${f(50)} ms p95=${f(95)} ms p99=${f(99)} ms`;
  }
}
