// Error bars over seeds for each model × dataset × metric: mean, sample standard deviation (n − 1),
// standard error sd/√n, and the Student t confidence interval mean ± t_{(1+level)/2, n−1}·se.
import Foundation
import RunRecords

/// What an error bar shows (seaborn's `errorbar`): ± one sd, ± one se, or a t confidence interval.
public enum ErrorBar: Sendable, Equatable, Hashable {
    case sd
    case se
    case ci(level: Double)
}

public struct ErrorBarSummary: Sendable, Equatable {
    public var model: String
    public var dataset: String
    public var metric: String
    /// The seeds the values came from, ascending.
    public var seeds: [Int]
    public var mean: Double
    /// Nil with fewer than two seeds (no spread to estimate).
    public var standardDeviation: Double?
    public var standardError: Double?

    public var count: Int { seeds.count }

    /// The half-width of `bar` around the mean; nil with fewer than two seeds.
    public func halfWidth(_ bar: ErrorBar) throws -> Double? {
        guard let sd = standardDeviation, let se = standardError else { return nil }
        switch bar {
        case .sd: return sd
        case .se: return se
        case .ci(let level):
            guard level > 0 && level < 1 else {
                throw StatsError.invalidOption("a confidence level must lie strictly between 0 and 1, got \(level)")
            }
            return GSL.tUpperQuantile((1 - level) / 2, degreesOfFreedom: Double(count - 1)) * se
        }
    }

    /// (mean − half-width, mean + half-width) for `bar`; nil with fewer than two seeds.
    public func interval(_ bar: ErrorBar) throws -> (lower: Double, upper: Double)? {
        guard let h = try halfWidth(bar) else { return nil }
        return (mean - h, mean + h)
    }
}

public enum ErrorBars {
    /// Summaries of the seeded observations, one per (model, dataset, metric), in first-seen order.
    /// Seedless observations are skipped (they are not repeated runs).
    public static func summarize(_ observations: [Observation]) -> [ErrorBarSummary] {
        struct Key: Hashable { var model, dataset, metric: String }
        var order: [Key] = []
        var groups: [Key: [(seed: Int, value: Double)]] = [:]
        for o in observations {
            guard let seed = o.seed else { continue }
            let key = Key(model: o.model, dataset: o.dataset, metric: o.metric)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((seed, o.value))
        }
        return order.map { key in
            let list = groups[key]!.sorted { $0.seed < $1.seed }
            let n = Double(list.count)
            let mean = list.reduce(0) { $0 + $1.value } / n
            var sd: Double?
            var se: Double?
            if list.count >= 2 {
                let s = (list.reduce(0) { $0 + ($1.value - mean) * ($1.value - mean) } / (n - 1)).squareRoot()
                sd = s
                se = s / n.squareRoot()
            }
            return ErrorBarSummary(
                model: key.model, dataset: key.dataset, metric: key.metric, seeds: list.map(\.seed), mean: mean,
                standardDeviation: sd, standardError: se)
        }
    }
}
