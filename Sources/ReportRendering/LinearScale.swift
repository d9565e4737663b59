// A linear map from a data domain to a range of page coordinates (either direction).
import Foundation

public struct LinearScale: Sendable, Equatable {
    public var domain: (lower: Double, upper: Double)
    public var range: (lower: Double, upper: Double)

    public init(domain: (Double, Double), range: (Double, Double)) {
        precondition(domain.0 != domain.1, "LinearScale needs a non-empty domain, got [\(domain.0), \(domain.1)]")
        self.domain = (domain.0, domain.1)
        self.range = (range.0, range.1)
    }

    public func callAsFunction(_ value: Double) -> Double {
        range.lower + (value - domain.lower) / (domain.upper - domain.lower) * (range.upper - range.lower)
    }

    /// The data value at page coordinate `position`.
    public func invert(_ position: Double) -> Double {
        domain.lower + (position - range.lower) / (range.upper - range.lower) * (domain.upper - domain.lower)
    }

    public static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.domain == b.domain && a.range == b.range
    }
}
