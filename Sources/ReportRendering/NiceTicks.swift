// "Nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, after Heckbert, "Nice numbers for
// graph labels" (Graphics Gems, 1990), with Wilkinson's (The Grammar of Graphics) preference for a tick
// count near the target: every candidate step is scored by how far its count is from the target.
import Foundation

public struct NiceTicks: Sendable, Equatable {
    /// Axis limits: multiples of `step` enclosing the data.
    public var lower: Double
    public var upper: Double
    public var step: Double
    /// Tick positions from `lower` to `upper` inclusive.
    public var values: [Double]
    /// Decimals needed to print every tick exactly (0 for whole steps).
    public var decimals: Int

    /// Ticks for data in [min, max] aiming at about `target` ticks (at least 2 ticks always).
    /// `integerOnly` restricts steps to whole numbers (ranks).
    public init(min lo: Double, max hi: Double, target: Int = 5, integerOnly: Bool = false) {
        precondition(lo.isFinite && hi.isFinite && lo <= hi, "NiceTicks expected finite min ≤ max, got \(lo), \(hi)")
        precondition(target >= 2, "NiceTicks expected a target of at least 2 ticks, got \(target)")
        var lo = lo, hi = hi
        if lo == hi {
            // One point: an integer axis (epochs, ranks) widens by whole units, so it has a whole step.
            let pad = integerOnly || lo == 0 ? 1 : abs(lo) * 0.05
            lo -= pad
            hi += pad
        }
        let rough = (hi - lo) / Double(target - 1)
        let magnitude = pow(10, floor(log10(rough)))
        var best: (score: Double, step: Double, lower: Double, upper: Double)? = nil
        // An integer axis always has step 1 as a candidate, however narrow the data.
        let bases = [-1.0, 0, 1].map { magnitude * pow(10, $0) } + (integerOnly ? [1] : [])
        for base in bases {
            for mantissa in [1.0, 2, 2.5, 5] {
                let step = mantissa * base
                if integerOnly && step < 1 { continue }
                if integerOnly && step.rounded() != step { continue }
                let lower = floor(lo / step + 1e-9) * step
                let upper = ceil(hi / step - 1e-9) * step
                let count = Int(((upper - lower) / step).rounded()) + 1
                // Distance from the target count, then wasted axis range, then mantissa simplicity.
                let coverage = (hi - lo) / (upper - lower)
                let simplicity = mantissa == 2.5 ? 0.25 : 0
                let score = Double(abs(count - target)) + 2 * (1 - coverage) + simplicity
                if best == nil || score < best!.score { best = (score, step, lower, upper) }
            }
        }
        let chosen = best!
        step = chosen.step
        lower = chosen.lower
        upper = chosen.upper
        let count = Int(((chosen.upper - chosen.lower) / chosen.step).rounded()) + 1
        values = (0..<count).map { i in
            let v = chosen.lower + Double(i) * chosen.step
            // Snap away floating-point dust (0.30000000000000004 → 0.3).
            return (v / chosen.step).rounded() * chosen.step
        }
        decimals = NiceTicks.decimals(for: chosen.step)
    }

    /// Decimals needed to print multiples of `step` exactly.
    public static func decimals(for step: Double) -> Int {
        var d = 0
        while d < 10 && abs(step * pow(10, Double(d)) - (step * pow(10, Double(d))).rounded()) > 1e-9 { d += 1 }
        return d
    }

    /// A tick value printed with the axis's decimals.
    public func label(_ value: Double) -> String {
        String(format: "%.\(decimals)f", value == 0 ? 0 : value)
    }
}
