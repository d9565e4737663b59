// Finite-difference gradient check (central differences, loss accumulated in Double): for a scalar
// L = Σ r·f(inputs, θ) with fixed random r, compare tape backward's ∂L/∂input and ∂L/∂θ with
// (L(v + ε) − L(v − ε))/2ε for every input element and every parameter.
import Testing
@testable import NeuralCore

struct GradientCheck {
    var epsilon: Float = 1e-2
    var absoluteTolerance: Double = 5e-4
    var relativeTolerance: Double = 5e-3
    /// The tape's `columnBudget` (nil: the default; 0: convolutions rebuild their columns in backward).
    var columnBudget: Int? = nil

    /// Random values in [−1, 1) for a tensor of `shape` that requires gradients.
    static func input(_ shape: Shape, seed: UInt64, awayFromZero: Bool = false) -> Tensor {
        var g = RandomGenerator(seed: seed)
        let values = (0..<shape.count).map { _ -> Float in
            let u = g.uniform(-1, 1)
            return awayFromZero ? (u < 0 ? u - 0.1 : u + 0.1) : u
        }
        return Tensor(nchw: values, shape: shape, requiresGradient: true)
    }

    /// Runs the check; returns the largest violation ratio (error / allowed), which must be ≤ 1.
    @discardableResult
    func run(inputs: [Tensor], store: ParameterStore?, sourceLocation: SourceLocation = #_sourceLocation,
             _ f: (Tape) -> Tensor) -> Double {
        let tape = Tape(mode: .training)
        if let columnBudget { tape.columnBudget = columnBudget }
        let probe = f(tape)
        var g = RandomGenerator(seed: 99)
        let r = (0..<probe.shape.count).map { _ in g.uniform(-1, 1) }
        store?.zeroGradients()
        tape.backward(from: probe, seed: r)
        // Analytic gradients in storage order.
        let analyticInputs = inputs.map { t -> [Float] in
            guard let gp = t.gradient else { return [Float](repeating: 0, count: t.shape.count) }
            return Array(UnsafeBufferPointer(start: gp, count: t.shape.count))
        }
        let analyticParameters = store.map { Array(UnsafeBufferPointer(start: $0.gradients, count: $0.count)) } ?? []
        tape.reset()

        func loss() -> Double {
            let out = f(tape).nchw()
            tape.reset()
            var acc = 0.0
            for i in 0..<out.count { acc += Double(r[i]) * Double(out[i]) }
            return acc
        }
        func numeric(_ p: UnsafeMutablePointer<Float>) -> Double {
            let saved = p.pointee
            p.pointee = saved + epsilon
            let plus = loss()
            p.pointee = saved - epsilon
            let minus = loss()
            p.pointee = saved
            return (plus - minus) / (2 * Double(epsilon))
        }
        var worst = 0.0, worstWhat = ""
        func compare(_ a: Float, _ n: Double, _ what: String) {
            let allowed = absoluteTolerance + relativeTolerance * max(abs(Double(a)), abs(n))
            let ratio = abs(Double(a) - n) / allowed
            if ratio > worst { worst = ratio; worstWhat = "\(what): analytic \(a), numeric \(n)" }
        }
        for (k, t) in inputs.enumerated() {
            for i in 0..<t.shape.count { compare(analyticInputs[k][i], numeric(t.data + i), "input \(k)[\(i)]") }
        }
        if let store {
            for v in store.parameters {
                for i in 0..<v.count { compare(analyticParameters[v.offset + i], numeric(store.value(v) + i), "\(v.name)[\(i)]") }
            }
        }
        #expect(worst <= 1, "worst gradient mismatch \(worstWhat)", sourceLocation: sourceLocation)
        return worst
    }
}

/// Tests share the process: every test sets the same thread count, so the parallel paths run.
func useTwoThreads() {
    Parallel.configure(threads: 2)
}
