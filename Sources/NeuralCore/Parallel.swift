// Element-wise work split over threads in fixed contiguous chunks (DispatchQueue.concurrentPerform).
// The split depends only on the count and `Parallel.threads`, so results are deterministic.
import Dispatch

public enum Parallel {
    /// Threads used for element-wise work (set together with `BLAS.setThreads` by the caller).
    nonisolated(unsafe) public static var threads = 1

    /// Calls `body` on disjoint ranges covering 0..<count, in parallel when the work is large enough.
    /// `grain` is the smallest range worth a thread. Each index is visited once, by exactly one call.
    @inlinable
    public static func forRanges(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
        let tasks = min(threads, max(1, count / max(grain, 1)))
        if tasks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: tasks) { t in
            let lo = count * t / tasks, hi = count * (t + 1) / tasks
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Calls `body(i)` for each i in 0..<count, split over threads; `cost` is the work per index in
    /// elements, used to skip threading for small jobs.
    @inlinable
    public static func forEach(_ count: Int, cost: Int = 1, _ body: (Int) -> Void) {
        let grain = max(1, 32_768 / max(cost, 1))
        forRanges(count, grain: grain) { r in for i in r { body(i) } }
    }
}
