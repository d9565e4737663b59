// Optional wall-clock accounting by operation class, to see where a training step's time goes.
// Off by default (one branch per operation); the benchmark turns it on. Called on the caller's thread
// only (around whole operations, never inside parallel chunks).
import Foundation

public enum Profile {
    public enum Category: String, CaseIterable, Sendable {
        case convolutionForward, convolutionBackward
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

    public static func reset() { totals = [Double](repeating: 0, count: Category.allCases.count) }

    public static func secondsPerStep(steps: Int) -> [String: Double] {
        var out: [String: Double] = [:]
        for (i, c) in Category.allCases.enumerated() where totals[i] > 0 { out[c.rawValue] = totals[i] / Double(steps) }
        return out
    }
}
