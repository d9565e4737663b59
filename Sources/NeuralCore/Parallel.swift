// Element-wise work split over threads in fixed contiguous chunks (DispatchQueue.concurrentPerform).
// The split depends only on the count and `Parallel.threads`, so results are deterministic.
import Dispatch

public enum Parallel {
    /// Threads used for element-wise work and convolutions (set by `configure(threads:)`).
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

    /// Calls `body(t)` for t in 0..<count, each on its own thread when count > 1.
    @inlinable
    public static func run(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }

    /// Sets the threads of the training core: `threads` for element-wise work and for convolutions
    /// (each thread runs its own single-threaded GEMMs, so OpenBLAS is set to 1 thread), and picks
    /// OpenBLAS's fastest kernels for this CPU (`BLAS.useFastestKernels`). Call once, before training.
    public static func configure(threads count: Int) {
        precondition(count >= 1, "Parallel.configure expected at least 1 thread, got \(count)")
        BLAS.useFastestKernels()   // also one OpenBLAS thread, once per process
        threads = count
    }

    /// Calls `body(i)` for each i in 0..<count, split over threads; `cost` is the work per index in
    /// elements, used to skip threading for small jobs.
    @inlinable
    public static func forEach(_ count: Int, cost: Int = 1, _ body: (Int) -> Void) {
        let grain = max(1, 32_768 / max(cost, 1))
        forRanges(count, grain: grain) { r in for i in r { body(i) } }
    }
}
