// The one finite-difference gradient checker of the test targets (layers in NeuralCoreTests, blocks and
// networks in ModelZooTests). For a scalar L = Σ r·f(inputs, θ) with fixed random r, it compares tape
// backward's ∂L/∂input and ∂L/∂θ with central differences (L(v + ε) − L(v − ε))/2ε, L accumulated in Double.
//
// Strict (the default): every entry must agree. With `maximumKinkShare` > 0, an entry whose one-sided
// slopes (L(v+ε) − L(v))/ε and (L(v) − L(v−ε))/ε disagree sits at a ReLU kink, where no difference
// quotient is the derivative; it is skipped, at most that share of the entries. The skip rule reads only
// L, never the analytic gradient, so it cannot hide a wrong gradient; it only lowers coverage.
import NeuralCore
import Testing

public struct FiniteDifference {
    public var epsilon: Float
    public var absoluteTolerance: Double
    public var relativeTolerance: Double
    /// At most this many entries checked per input tensor and in the parameter store (evenly spread); nil: all.
    public var maximumChecks: Int?
    /// Largest share of entries that may sit at a ReLU kink; 0: none is skipped.
    public var maximumKinkShare: Double
    /// The tape's `columnBudget` (nil: the default; 0: convolutions rebuild their columns in backward).
    public var columnBudget: Int?
    /// Seed of the random weights r of L.
    public var probeSeed: UInt64

    public init(
        epsilon: Float = 1e-2, absoluteTolerance: Double = 5e-4, relativeTolerance: Double = 5e-3, maximumChecks: Int? = nil,
        maximumKinkShare: Double = 0, columnBudget: Int? = nil, probeSeed: UInt64 = 99
    ) {
        self.epsilon = epsilon
        self.absoluteTolerance = absoluteTolerance
        self.relativeTolerance = relativeTolerance
        self.maximumChecks = maximumChecks
        self.maximumKinkShare = maximumKinkShare
        self.columnBudget = columnBudget
        self.probeSeed = probeSeed
    }

    /// Random values in [−1, 1) (shifted 0.1 away from 0 if asked) for a tensor that requires gradients.
    public static func input(_ shape: Shape, seed: UInt64, awayFromZero: Bool = false) -> Tensor {
        var g = RandomGenerator(seed: seed)
        let values = (0..<shape.count).map { _ -> Float in
            let u = g.uniform(-1, 1)
            return awayFromZero ? (u < 0 ? u - 0.1 : u + 0.1) : u
        }
        return Tensor(nchw: values, shape: shape, requiresGradient: true)
    }

    /// Runs the check and records an issue for every entry out of tolerance; returns the largest error /
    /// allowed ratio (≤ 1 when the gradients agree).
    @discardableResult
    public func check(
        inputs: [Tensor], store: ParameterStore?, sourceLocation: SourceLocation = #_sourceLocation, _ f: (Tape) -> Tensor
    ) -> Double {
        let tape = Tape(mode: .training)
        if let columnBudget { tape.columnBudget = columnBudget }
        let probe = f(tape)
        var g = RandomGenerator(seed: probeSeed)
        let r = (0..<probe.shape.count).map { _ in g.uniform(-1, 1) }
        store?.zeroGradients()
        tape.backward(from: probe, seed: r)
        let inputGradients = inputs.map { t -> [Float] in
            guard let gp = t.gradient else { return [Float](repeating: 0, count: t.shape.count) }
            return Array(UnsafeBufferPointer(start: gp, count: t.shape.count))
        }
        let parameterGradients = store.map { Array(UnsafeBufferPointer(start: $0.gradients, count: $0.count)) } ?? []
        tape.reset()

        func loss() -> Double {
            let out = f(tape).nchw()
            tape.reset()
            var acc = 0.0
            for i in 0..<out.count { acc += Double(r[i]) * Double(out[i]) }
            return acc
        }
        let center = maximumKinkShare > 0 ? loss() : 0
        func allowed(_ a: Double, _ b: Double) -> Double { absoluteTolerance + relativeTolerance * max(abs(a), abs(b)) }
        var worst = 0.0, checked = 0, kinks = 0, reported = 0
        func compare(_ p: UnsafeMutablePointer<Float>, _ analytic: Float, _ what: @autoclosure () -> String) {
            let saved = p.pointee
            p.pointee = saved + epsilon
            let plus = loss()
            p.pointee = saved - epsilon
            let minus = loss()
            p.pointee = saved
            checked += 1
            if maximumKinkShare > 0 {
                let right = (plus - center) / Double(epsilon), left = (center - minus) / Double(epsilon)
                if abs(right - left) > allowed(right, left) {
                    kinks += 1
                    return
                }
            }
            let a = Double(analytic), n = (plus - minus) / (2 * Double(epsilon))
            let ratio = abs(a - n) / allowed(a, n)
            worst = max(worst, ratio)
            if ratio > 1 && reported < 10 {
                reported += 1
                Issue.record("\(what()): analytic \(a), numeric \(n)", sourceLocation: sourceLocation)
            }
        }
        func spread(_ count: Int) -> [Int] {
            guard let m = maximumChecks, count > m else { return Array(0..<count) }
            return (0..<m).map { $0 * count / m }
        }
        for (k, t) in inputs.enumerated() {
            for i in spread(t.shape.count) { compare(t.data + i, inputGradients[k][i], "input \(k)[\(i)]") }
        }
        if let store {
            for i in spread(store.count) {
                let name = store.parameters.last { $0.offset <= i }.map { "\($0.name)[\(i - $0.offset)]" } ?? "?"
                compare(store.values + i, parameterGradients[i], "parameter \(name)")
            }
        }
        if maximumKinkShare > 0 {
            #expect(Double(kinks) <= maximumKinkShare * Double(checked), "\(kinks) of \(checked) entries at a kink", sourceLocation: sourceLocation)
        }
        return worst
    }
}
