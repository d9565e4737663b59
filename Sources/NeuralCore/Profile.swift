// Optional wall-clock accounting by operation class, to see where a training step's time goes.
// Off by default (one branch per operation); the benchmark turns it on. Called on the caller's thread
// only (around whole operations, never inside parallel chunks).
import Foundation

public enum Profile {
    public enum Category: String, CaseIterable, Sendable {
        case convolutionForward, convolutionBackward
        // Thread CPU time inside convolutions (summed over threads):
        case threadIm2col, threadGemmForward, threadGemmWeightGradient, threadGemmInputGradient, threadCol2im
        case batchNorm, batchNormBackward, elementwiseBackward, pooling, loss, gradientZeroing, optimizer
    }
    nonisolated(unsafe) public static var enabled = false
    nonisolated(unsafe) private static var totals = [Double](repeating: 0, count: Category.allCases.count)
    private static let indices = Dictionary(uniqueKeysWithValues: Category.allCases.enumerated().map { ($1, $0) })

    @inline(__always) public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Runs `body`, adding its duration to `category` when profiling is on.
    @inline(__always) public static func time<T>(_ category: Category, _ body: () -> T) -> T {
        guard enabled else { return body() }
        let start = now()
        let result = body()
        totals[indices[category]!] += now() - start
        return result
    }

    /// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID): unlike wall time it does not grow
    /// while other processes hold the cores.
    @inline(__always) public static func threadCPUTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// CPU time of the whole process, user + system (getrusage RUSAGE_SELF).
    public static func processCPUTime() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6
    }

    /// Adds `seconds` to `category` (for time measured by hand, e.g. per thread then summed).
    public static func add(_ category: Category, _ seconds: Double) { totals[indices[category]!] += seconds }

    public static func reset() { totals = [Double](repeating: 0, count: Category.allCases.count) }

    public static func secondsPerStep(steps: Int) -> [String: Double] {
        var out: [String: Double] = [:]
        for (i, c) in Category.allCases.enumerated() where totals[i] > 0 { out[c.rawValue] = totals[i] / Double(steps) }
        return out
    }
}
